// The ledger writer of hazards and duty tasks: a transition's event under its key, the obligation's row
// as of the state after it (the state itself kept too, for a lost workflow to resume from), and the
// deadline it computed — in one transaction. A key already recorded writes nothing (a retried activity).

import type { HazardState } from '../domain/hazard.ts';
import type { RecordRequest } from '../domain/obligation.ts';
import type { TaskState } from '../domain/task.ts';
import type { Database } from '../prisma/client.ts';

/** What a hazard or task workflow records, and which of the two it is. */
export type LedgerRecord = ({ about: 'hazard' } & RecordRequest<HazardState>) | ({ about: 'task' } & RecordRequest<TaskState>);

type Tx = Parameters<Parameters<Database['prisma']['$transaction']>[0]>[0];

/** The hazard's ledger row as of a state. */
export function hazardRow(h: HazardState, nextNoticeAt: number | null) {
  return {
    enterpriseId: h.enterpriseId,
    sectorId: h.sectorId,
    level: h.level,
    description: h.description,
    location: h.location ?? null,
    campaignId: h.campaignId ?? null,
    reportedBy: h.reportedBy,
    reportedAt: new Date(h.reportedAt),
    planJson: h.plan ? JSON.stringify(h.plan) : null,
    status: h.status,
    round: h.round,
    due: h.due,
    dueTrace: h.dueTrace,
    extensionsUsed: h.extensionsUsed,
    escalationLevel: h.escalations.at(-1)?.level ?? 0,
    submittedAt: h.submission ? new Date(h.submission.at) : null,
    submittedBy: h.submission?.by ?? null,
    closedAt: h.closedAt !== undefined ? new Date(h.closedAt) : null,
    nextNoticeAt: nextNoticeAt === null ? null : new Date(nextNoticeAt),
    stateJson: JSON.stringify(h),
  };
}

/** The state as the task's row keeps it: without its spec, which `specJson` holds. */
export function storedTaskState(task: TaskState): string {
  const { spec: _spec, ...rest } = task;
  return JSON.stringify(rest);
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
    stateJson: storedTaskState(task),
    escalationLevel: task.escalations.at(-1)?.level ?? 0,
    nextNoticeAt: nextNoticeAt === null ? null : new Date(nextNoticeAt),
  };
}

/** The event's row, without the column naming whose it is. */
export function eventRow(r: RecordRequest<unknown>) {
  return {
    key: r.key,
    at: new Date(r.at),
    type: r.event.type,
    by: r.event.by ?? null,
    evidence: r.event.evidence ?? null,
    detailJson: JSON.stringify(r.event.detail),
  };
}

/** Thrown inside the ledger's transaction when the event's key is there already: the transaction then writes nothing. */
class AlreadyRecorded extends Error {}

/** The event's insert, which refuses a key already recorded (its unique index) and so undoes the transaction. */
async function addEvent(insert: Promise<unknown>): Promise<void> {
  try {
    await insert;
  } catch (error) {
    throw (error as { code?: unknown }).code === 'P2002' ? new AlreadyRecorded() : error;
  }
}

async function writeHazard(tx: Tx, r: RecordRequest<HazardState>): Promise<void> {
  const id = r.state.id;
  const row = hazardRow(r.state, r.nextNoticeAt);
  await tx.hazard.upsert({ where: { id }, create: { id, ...row }, update: row, select: { id: true } });
  await addEvent(tx.hazardEvent.create({ data: { ...eventRow(r), hazardId: id }, select: { id: true } }));
}

async function writeTask(tx: Tx, r: RecordRequest<TaskState>): Promise<void> {
  const id = r.state.spec.id;
  const row = taskRow(r.state, r.nextNoticeAt);
  await tx.task.upsert({ where: { id }, create: { id, ...row }, update: row, select: { id: true } });
  await addEvent(tx.taskEvent.create({ data: { ...eventRow(r), taskId: id }, select: { id: true } }));
}

/**
 * Records one transition; a key already recorded writes nothing (and returns false). The row is written first (the event refers
 * to it), then the event: one refused as recorded already undoes the row's write with it — no read first.
 */
export async function recordInLedger(db: Database, r: LedgerRecord): Promise<boolean> {
  try {
    await db.prisma.$transaction(async (tx) => {
      if (r.about === 'hazard') await writeHazard(tx, r);
      else await writeTask(tx, r);
      const d = r.deadline;
      if (!d) return;
      await tx.deadlineComputation.create({
        data: {
          key: `${r.key}:deadline`,
          subjectType: r.about,
          subjectId: r.about === 'hazard' ? r.state.id : r.state.spec.id,
          formJson: JSON.stringify(d.form),
          fromDate: d.from,
          due: d.due,
          trace: d.trace,
          unconfirmedYears: d.unconfirmedYears.join(','),
          at: new Date(r.at),
        },
        select: { id: true },
      });
    });
    return true;
  } catch (error) {
    if (!(error instanceof AlreadyRecorded)) throw error;
    return false;
  }
}

/** What workflows begun before the obligation core hand their ledger activities (docs/versioning.md). */
export type RecordHazardInput = Omit<RecordRequest<HazardState>, 'state'> & { hazard: HazardState };
export type RecordTaskInput = Omit<RecordRequest<TaskState>, 'state'> & { task: TaskState };

export function createLedgerActivities({ db }: { db: Database }) {
  return {
    async recordObligation(r: LedgerRecord): Promise<void> {
      await recordInLedger(db, r);
    },
    /** recordObligation under the name hazard workflows begun before the obligation core call it. */
    async recordHazard({ hazard, ...r }: RecordHazardInput): Promise<void> {
      await recordInLedger(db, { about: 'hazard', ...r, state: hazard });
    },
    /** recordObligation under the name task workflows begun before the obligation core call it. */
    async recordTask({ task, ...r }: RecordTaskInput): Promise<void> {
      await recordInLedger(db, { about: 'task', ...r, state: task });
    },
  };
}
