// The task ledger's rows: a task's row as of a state (the state itself kept too), its events, and many
// prepared starts written at once; a lost task's start resumed from its row; and the context a task
// decides with. Shared by the task activities and by whatever starts tasks with a prepared start (the
// duty calendar, campaigns, the reconciler).

import { resolveCalendar } from '../domain/calendar-data.ts';
import { lastEventNumber } from '../domain/event-keys.ts';
import { resolvePolicy } from '../domain/policy.ts';
import type { Role } from '../domain/profile.ts';
import type { PreparedTaskStart, TaskContext, TaskSpec, TaskState } from '../domain/task.ts';
import type { PreparedTaskEvent, TaskTransition } from '../domain/task-rules.ts';
import type { Database } from '../prisma/client.ts';
import { calendarOverridesOf, loadTown } from './town.ts';

export interface RecordTaskInput {
  /** Workflow id + step: the event's unique key. */
  key: string;
  at: number;
  task: TaskState;
  event: TaskTransition['event'];
  nextNoticeAt: number | null;
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

/** The state as the ledger keeps it: without its spec, which `specJson` holds. */
export function storedState(task: TaskState): string {
  const { spec: _spec, ...rest } = task;
  return JSON.stringify(rest);
}

/**
 * A lost task's workflow started again from the ledger: the state it last recorded (the spec as last
 * replaced), the count of events it recorded, due to wake at once. Undefined for a row written before the
 * ledger kept the state: that task starts afresh from its spec.
 */
export async function resumeFromLedger(db: Database, taskId: string): Promise<PreparedTaskStart | undefined> {
  const row = await db.prisma.task.findUnique({ where: { id: taskId }, select: { specJson: true, stateJson: true } });
  if (!row?.stateJson) return undefined;
  const state = { ...(JSON.parse(row.stateJson) as Omit<TaskState, 'spec'>), spec: JSON.parse(row.specJson) as TaskSpec };
  // Events are keyed by their number: the next one recorded follows the highest.
  const keys = await db.prisma.taskEvent.findMany({ where: { taskId }, select: { key: true } });
  return { state, recorded: lastEventNumber(keys.map((k) => k.key)), wakeAt: 0 };
}

/** The task's ledger row as of a state. */
export function taskRow(task: TaskState, nextNoticeAt: number | null) {
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
    stateJson: storedState(task),
    escalationLevel: task.escalations.at(-1)?.level ?? 0,
    nextNoticeAt: nextNoticeAt === null ? null : new Date(nextNoticeAt),
  };
}

/** One recorded event and the row as of its state; a key already recorded writes nothing (a retry). */
export async function recordTaskEvent(db: Database, input: RecordTaskInput): Promise<void> {
  const row = taskRow(input.task, input.nextNoticeAt);
  const id = input.task.spec.id;
  await db.prisma.$transaction(async (tx) => {
    if (await tx.taskEvent.findUnique({ where: { key: input.key }, select: { id: true } })) return;
    await tx.task.upsert({ where: { id }, create: { id, ...row }, update: row });
    await tx.taskEvent.create({ data: eventRow(input) });
  });
}

export function eventRow(input: RecordTaskInput) {
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
 * Records prepared starts (rules.prepareStart) in one transaction: each task's row as of its last event,
 * and its events. An event already there is skipped, and so is the row of a task that has one — its
 * workflow wrote it, and the workflow's state is never older than its prepared start.
 */
export async function recordPreparedStarts(db: Database, starts: ReadonlyArray<{ events: readonly PreparedTaskEvent[] }>): Promise<void> {
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
