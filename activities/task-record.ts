// The task ledger beyond one transition (ledger.ts): many prepared starts written at once; a lost task's
// start resumed from its row; and the context a task decides with. Shared by the task activities and by
// whatever starts tasks with a prepared start (the duty calendar, campaigns, the reconciler).

import { resolveCalendar } from '../domain/calendar-data.ts';
import { lastEventNumber } from '../domain/event-keys.ts';
import { resolvePolicy } from '../domain/policy.ts';
import type { Role } from '../domain/profile.ts';
import type { ObligationStart } from '../domain/obligation.ts';
import type { TaskContext, TaskSpec, TaskState } from '../domain/task.ts';
import type { PreparedTaskEvent } from '../domain/task-rules.ts';
import type { Database } from '../prisma/client.ts';
import { eventRow, taskRow } from './ledger.ts';
import { calendarOverridesOf, loadTown } from './town.ts';

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

/** A task's workflow started again from the ledger. */
export type ResumedTask = Extract<ObligationStart<TaskState>, { type: 'resumed' }>;

/**
 * A lost task's workflow started again from the ledger: the state it last recorded (the spec as last
 * replaced) and the count of events it recorded. Undefined for a row written before the ledger kept the
 * state: that task starts afresh from its spec.
 */
export async function resumeFromLedger(db: Database, taskId: string): Promise<ResumedTask | undefined> {
  const row = await db.prisma.task.findUnique({ where: { id: taskId }, select: { specJson: true, stateJson: true } });
  if (!row?.stateJson) return undefined;
  const state = { ...(JSON.parse(row.stateJson) as Omit<TaskState, 'spec'>), spec: JSON.parse(row.specJson) as TaskSpec };
  // Events are keyed by their number: the next one recorded follows the highest.
  const keys = await db.prisma.taskEvent.findMany({ where: { taskId }, select: { key: true } });
  return { type: 'resumed', state, recorded: lastEventNumber(keys.map((k) => k.key)) };
}

/**
 * Records prepared starts (rules.prepareStart) in one transaction: each task's row as of its last event,
 * and its events. An event already there is skipped, and so is the row of a task that has one — its
 * workflow wrote it, and the workflow's state is never older than its prepared start.
 */
export async function recordPreparedStarts(db: Database, starts: ReadonlyArray<{ events: readonly PreparedTaskEvent[] }>): Promise<void> {
  const events = starts.flatMap((s) => s.events);
  if (events.length === 0) return;
  await db.prisma.$transaction(async (tx) => {
    const ids = [...new Set(events.map((e) => e.state.spec.id))];
    const haveRow = new Set((await tx.task.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((r) => r.id));
    // An event refers to its task's row (a foreign key): without the rows, none of their events can be there.
    const haveEvent = haveRow.size
      ? new Set((await tx.taskEvent.findMany({ where: { key: { in: events.map((e) => e.key) } }, select: { key: true } })).map((r) => r.key))
      : new Set<string>();
    const rows = starts.flatMap(({ events: [first, ...rest] }) => {
      const last = rest.at(-1) ?? first;
      return last && !haveRow.has(last.state.spec.id) ? [{ id: last.state.spec.id, ...taskRow(last.state, last.nextNoticeAt) }] : [];
    });
    if (rows.length) await tx.task.createMany({ data: rows });
    const missing = events.filter((e) => !haveEvent.has(e.key)).map((e) => ({ ...eventRow(e), taskId: e.state.spec.id }));
    if (missing.length) await tx.taskEvent.createMany({ data: missing });
  });
}
