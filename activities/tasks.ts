// Duty task I/O: the context a task workflow decides with (town, calendar, policy, people), the ledger
// it writes (the task's current row and every transition, keyed so a retry records nothing twice), and
// starting a task's workflow from its spec (for the duty calendar's workflow).

import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { resolveCalendar } from '../domain/calendar-data.ts';
import { resolvePolicy } from '../domain/policy.ts';
import type { Role } from '../domain/profile.ts';
import type { TaskContext, TaskSpec, TaskState } from '../domain/task.ts';
import type { PreparedTaskEvent, TaskTransition } from '../domain/task-rules.ts';
import type { Database } from '../prisma/client.ts';
import { TaskSpecError, startTaskWorkflow, type StartTaskResult } from './task-start.ts';
import { calendarOverridesOf, loadTown } from './town.ts';

export interface RecordTaskInput {
  /** Workflow id + step: the event's unique key. */
  key: string;
  at: number;
  task: TaskState;
  event: TaskTransition['event'];
  nextNoticeAt: number | null;
}

export interface TaskActivityDeps {
  db: Database;
  /** Where task workflows are started (the worker's own connection and queue); without it startTask refuses. */
  temporal?: { client: Client; taskQueue: string };
}

/** What a task workflow decides with: the town, its active people, the calendar for those years, the policy. */
export async function loadTaskContextFrom(db: Database, input: { fromYear: number; toYear: number }): Promise<TaskContext> {
  const town = await loadTown(db);
  const people = await db.prisma.person.findMany({ where: { active: true }, select: { id: true, name: true, role: true } });
  return {
    town: town.name,
    people: Object.fromEntries(people.map((p) => [p.id, { name: p.name, role: p.role as Role }])),
    calendar: resolveCalendar({ fromYear: input.fromYear, toYear: input.toYear, overrides: calendarOverridesOf(town) }),
    policy: resolvePolicy(JSON.parse(town.policyJson)).task,
    profileVersion: town.profileVersion,
  };
}

/** The task's ledger row as of a state. */
function taskRow(task: TaskState, nextNoticeAt: number | null) {
  const { spec, completion } = task;
  return {
    dutyId: spec.dutyId,
    period: spec.period,
    scopeKind: spec.scope?.kind ?? null,
    scopeId: spec.scope?.id ?? null,
    assigneeId: spec.assigneeId,
    title: spec.title,
    opensOn: spec.opensOn,
    due: spec.due,
    dueTrace: spec.dueTrace,
    status: task.status,
    completedAt: completion ? new Date(completion.at) : null,
    completedBy: completion?.by ?? null,
    evidence: completion?.evidence ?? null,
    late: completion?.late ?? false,
    specJson: JSON.stringify(spec),
    escalationLevel: task.escalations.at(-1)?.level ?? 0,
    nextNoticeAt: nextNoticeAt === null ? null : new Date(nextNoticeAt),
  };
}

function eventRow(input: RecordTaskInput) {
  return {
    key: input.key,
    taskId: input.task.spec.id,
    at: new Date(input.at),
    type: input.event.type,
    by: input.event.by ?? null,
    evidence: input.event.evidence ?? null,
    detailJson: JSON.stringify(input.event.detail),
  };
}

/**
 * Records quiet starts (rules.startQuietly) in one transaction: each task's row as of its last event,
 * and its events. An event already there is skipped, and so is the row of a task that has one — its
 * workflow wrote it, and the workflow's state is never older than its prepared start.
 */
export async function recordQuietStarts(db: Database, starts: ReadonlyArray<{ events: readonly PreparedTaskEvent[] }>): Promise<void> {
  const events = starts.flatMap((s) => s.events);
  if (events.length === 0) return;
  await db.prisma.$transaction(async (tx) => {
    const ids = [...new Set(events.map((e) => e.task.spec.id))];
    const haveRow = new Set((await tx.task.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((r) => r.id));
    const haveEvent = new Set((await tx.taskEvent.findMany({ where: { key: { in: events.map((e) => e.key) } }, select: { key: true } })).map((r) => r.key));
    const rows = starts.flatMap(({ events: [first, ...rest] }) => {
      const last = rest.at(-1) ?? first;
      return last && !haveRow.has(last.task.spec.id) ? [{ id: last.task.spec.id, ...taskRow(last.task, last.nextNoticeAt) }] : [];
    });
    if (rows.length) await tx.task.createMany({ data: rows });
    const missing = events.filter((e) => !haveEvent.has(e.key)).map(eventRow);
    if (missing.length) await tx.taskEvent.createMany({ data: missing });
  });
}

export function createTaskActivities({ db, temporal }: TaskActivityDeps) {
  const { prisma } = db;

  return {
    async loadTaskContext(input: { at: number; fromYear: number; toYear: number }): Promise<TaskContext> {
      return loadTaskContextFrom(db, input);
    },

    async recordTask(input: RecordTaskInput): Promise<void> {
      const row = taskRow(input.task, input.nextNoticeAt);
      const id = input.task.spec.id;
      await prisma.$transaction(async (tx) => {
        if (await tx.taskEvent.findUnique({ where: { key: input.key }, select: { id: true } })) return;
        await tx.task.upsert({ where: { id }, create: { id, ...row }, update: row });
        await tx.taskEvent.create({ data: eventRow(input) });
      });
    },

    /** Starts a task's workflow from its spec; one already running or ended is left alone (see task-start.ts). */
    async startTask(spec: TaskSpec): Promise<StartTaskResult> {
      if (!temporal) throw ApplicationFailure.nonRetryable('startTask: this worker has no Temporal client to start workflows with', 'Misconfigured');
      try {
        return await startTaskWorkflow({ ...temporal, db }, spec);
      } catch (error) {
        if (error instanceof TaskSpecError) throw ApplicationFailure.nonRetryable(error.message, 'InvalidInput');
        throw error;
      }
    },
  };
}
