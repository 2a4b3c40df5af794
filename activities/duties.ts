// The duty workflow's activities: where a duty opens next (computed from the town as loaded now), and
// starting the task workflows of an opening — or of every task open today (first start, profile
// reload, resume, trigger) — idempotently by task id. Specs are computed here, never carried through
// the workflow's history, so a town of thousands of enterprises keeps duty histories small.

import { Context, log } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { resolveCalendar } from '../domain/calendar-data.ts';
import { WorkCalendar } from '../domain/calendar.ts';
import type { DutyDefinition } from '../domain/duties/format.ts';
import { dutyCalendarYears, firstNoticeOn, nextOpeningAfter, planDuty, type DutyTaskSpec } from '../domain/duties/plan.ts';
import type { NextDutyOpening, StartDutyTasksResult } from '../domain/duty.ts';
import { cancelTask, replaceTaskSpec, taskWorkflowId, type TaskSpec } from '../domain/task.ts';
import { calendarYearsFor, sameSpec } from '../domain/task-rules.ts';
import { addDays, instantAt, type LocalDate } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import { dutiesInForce, loadDutyTown, type LoadedDutyTown } from './duty-town.ts';
import { loadTaskContextFrom } from './task-record.ts';
import { TaskSpecError, startTaskWorkflow, type PrepareWith, type StartTaskResult } from './task-start.ts';

export interface DutyActivityDeps {
  db: Database;
  temporal?: { client: Client; taskQueue: string };
}

/** How far back a task can have opened and still be open today (a half-year inspection, with margin). */
const LOOKBACK_DAYS = 400;
/** How far ahead a first notice can come before the opening (a meeting's invitation). */
const LOOKAHEAD_DAYS = 31;

function calendarFor(loaded: LoadedDutyTown, from: LocalDate, to: LocalDate): WorkCalendar {
  return new WorkCalendar(resolveCalendar({ ...dutyCalendarYears(from, to), overrides: loaded.calendar }));
}

/**
 * Whether the running task must hear of its spec as computed now. Any field: besides the dates, assignee
 * and meeting, a year's holidays entered since leave the dates as they were but the task no longer
 * unconfirmed (its trace and emails stop saying so). The task's replaceTaskSpec tells only the people a
 * change concerns; an unchanged spec is never sent.
 */
function specChanged(before: TaskSpec, after: TaskSpec): boolean {
  return !sameSpec(before, after);
}

function scopeActive(loaded: LoadedDutyTown, kind: string | null, id: string | null): boolean {
  if (!kind || !id) return true;
  const list = kind === 'sector' ? loaded.town.sectors : kind === 'village' ? loaded.town.villages : loaded.town.enterprises;
  return list.some((x) => x.id === id);
}

export function createDutyActivities({ db, temporal }: DutyActivityDeps) {
  async function duty(dutyId: string): Promise<{ loaded: LoadedDutyTown; duty: DutyDefinition } | undefined> {
    const loaded = await loadDutyTown(db);
    const found = loaded && dutiesInForce(loaded).find((d) => d.id === dutyId);
    return loaded && found ? { loaded, duty: found } : undefined;
  }

  return {
    /** The next day the duty opens tasks strictly after `after`, and the day their first notice is due. */
    async nextDutyOpening(input: { dutyId: string; after: LocalDate }): Promise<NextDutyOpening> {
      const found = await duty(input.dutyId);
      if (!found) return { status: 'removed' };
      const cal = calendarFor(found.loaded, addDays(input.after, -LOOKAHEAD_DAYS), addDays(input.after, 800));
      const next = nextOpeningAfter(found.duty, found.loaded.town, cal, input.after);
      if (next.kind !== 'tasks') return { status: 'none' };
      const startOn = next.tasks.map(firstNoticeOn).reduce((a, b) => (b < a ? b : a));
      const unconfirmedYears = [...new Set(next.tasks.flatMap((t) => t.unconfirmedYears))].sort();
      const noticeAt = instantAt(startOn, found.loaded.noticeTime);
      return { status: 'tasks', opensOn: next.opensOn, startOn, count: next.tasks.length, unconfirmedYears, noticeAt };
    },

    /**
     * Starts task workflows: `opening` — the tasks opening on `day`; `open` — every task open on `day`
     * (opened, not yet due) or whose invitation is due by then, with running tasks told of changed specs
     * and tasks whose scope left the profile cancelled. Already-started tasks are left as they are.
     */
    async startDutyTasks(input: { dutyId: string; mode: 'opening' | 'open'; day: LocalDate; at?: number }): Promise<StartDutyTasksResult> {
      const result: StartDutyTasksResult = { started: 0, existing: 0, replaced: 0, cancelled: 0, refused: 0 };
      const found = await duty(input.dutyId);
      if (!found) return result;
      if (!temporal) throw new Error('startDutyTasks: this worker has no Temporal client to start workflows with');
      const { loaded } = found;
      const { day } = input;
      const rows = await db.prisma.task.findMany({
        where: { dutyId: input.dutyId, status: { in: ['open', 'overdue'] } },
        select: { id: true, specJson: true, scopeKind: true, scopeId: true },
      });
      const openRows = new Map(rows.map((r) => [r.id, r]));
      let tasks: DutyTaskSpec[];
      if (input.mode === 'opening') {
        tasks = planDuty(found.duty, loaded.town, calendarFor(loaded, addDays(day, -LOOKAHEAD_DAYS), addDays(day, 400)), day, day).tasks;
      } else {
        const cal = calendarFor(loaded, addDays(day, -LOOKBACK_DAYS), addDays(day, 400));
        // Not yet due — or past due but still open or overdue in the ledger, which then hears of its spec as
        // computed now (a new assignee, a recomputed due date); one past due that was never created is not started late.
        const opened = planDuty(found.duty, loaded.town, cal, addDays(day, -LOOKBACK_DAYS), day).tasks.filter((t) => t.due >= day || openRows.has(t.id));
        const invited = planDuty(found.duty, loaded.town, cal, addDays(day, 1), addDays(day, LOOKAHEAD_DAYS)).tasks.filter((t) => firstNoticeOn(t) <= day);
        tasks = [...opened, ...invited];
      }

      const starter = { ...temporal, db };
      // With the duty workflow's time, each task's start is taken here with one context for all of them
      // (a task then begins asleep until its first notice, with no activity); without it (a duty workflow
      // from before), each task loads its own.
      let prepare: PrepareWith | undefined;
      if (input.at !== undefined && tasks.length > 0) {
        const years = tasks.map((t) => calendarYearsFor(t, input.at!));
        const context = await loadTaskContextFrom(db, { fromYear: Math.min(...years.map((y) => y.fromYear)), toYear: Math.max(...years.map((y) => y.toYear)) });
        prepare = { at: input.at, context };
      }
      let done = 0;
      for (const spec of tasks) {
        const row = openRows.get(spec.id);
        if (row && input.mode === 'open' && specChanged(JSON.parse(row.specJson) as TaskSpec, spec)) {
          const replaced = await temporal.client.workflow
            .getHandle(taskWorkflowId(spec.id))
            .executeUpdate(replaceTaskSpec, { args: [{ spec, reason: '档案或日历变更，按新规则重新计算' }] })
            .then(() => true, () => false); // not running: started below with the new spec
          if (replaced) result.replaced++;
        }
        let started: StartTaskResult;
        try {
          started = await startTaskWorkflow(starter, spec, prepare);
        } catch (error) {
          // A spec the calendar computed and the task refuses would be refused on every retry, holding up
          // the opening's other tasks and the duty for good: named in the log (the preview names it too).
          if (!(error instanceof TaskSpecError)) throw error;
          log.warn('duty task refused: not started', { taskId: spec.id, problems: error.problems });
          result.refused++;
          continue;
        }
        if (started.started) result.started++;
        else result.existing++;
        if (++done % 50 === 0) Context.current().heartbeat(done);
      }

      if (input.mode === 'open') {
        for (const row of rows) {
          if (scopeActive(loaded, row.scopeKind, row.scopeId)) continue;
          await temporal.client.workflow
            .getHandle(taskWorkflowId(row.id))
            .executeUpdate(cancelTask, { args: [{ reason: '检查对象已从档案中删除' }] })
            .then(() => result.cancelled++)
            .catch(() => {}); // the workflow ended meanwhile: nothing to cancel
        }
      }
      return result;
    },
  };
}
