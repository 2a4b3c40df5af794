// Hazard I/O: the context a hazard workflow decides with (town, calendar, policy, people), and the
// ledger it writes (the hazard's current row and state, every transition, every deadline computation);
// a lost hazard's workflow resumed from that row.
// Every write is keyed by workflow id + step, so a retried activity records nothing twice.

import { ApplicationFailure } from '@temporalio/activity';
import { resolveCalendar } from '../domain/calendar-data.ts';
import { lastEventNumber } from '../domain/event-keys.ts';
import { hazardWorkflowId, type HazardContext, type HazardResume, type HazardState } from '../domain/hazard.ts';
import type { Transition } from '../domain/hazard-rules.ts';
import { resolvePolicy } from '../domain/policy.ts';
import type { Role } from '../domain/profile.ts';
import { hazardText } from '../domain/text/hazard.ts';
import { localDateOf, yearOf } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import { calendarOverridesOf, loadTown } from './town.ts';

/** Years of calendar a hazard carries: last year (for traces) to four years ahead (long deadlines). */
const CALENDAR_YEARS_BEFORE = 1;
const CALENDAR_YEARS_AFTER = 4;

export interface RecordHazardInput {
  key: string;
  at: number;
  hazard: HazardState;
  event: Transition['event'];
  nextNoticeAt: number | null;
  deadline?: Transition['deadline'];
}

/**
 * A lost hazard's workflow started again from the ledger: the state it last recorded and the count of its
 * events. A closed hazard only while notices it queued are not out yet (lost between 销号 and its emails).
 * Undefined for a hazard unknown, closed with nothing left to send, or whose row was written before the
 * ledger kept the state.
 */
export async function resumeHazardFromLedger(db: Database, hazardId: string): Promise<HazardResume | undefined> {
  const row = await db.prisma.hazard.findUnique({ where: { id: hazardId }, select: { status: true, stateJson: true } });
  if (!row?.stateJson) return undefined;
  const state = JSON.parse(row.stateJson) as HazardState;
  if (row.status === 'closed') {
    const keys = state.outbox.map((n) => `${hazardWorkflowId(hazardId)}:${n.step}`);
    const out = await db.prisma.notice.count({ where: { key: { in: keys }, status: { not: 'pending' } } });
    if (out === keys.length) return undefined;
  }
  const keys = await db.prisma.hazardEvent.findMany({ where: { hazardId }, select: { key: true } });
  return { state, recorded: lastEventNumber(keys.map((k) => k.key)) };
}

export function createHazardActivities({ db }: { db: Database }) {
  const { prisma } = db;

  return {
    async loadHazardContext(input: { enterpriseId: string; at: number; includeInactive?: boolean }): Promise<HazardContext> {
      const town = await loadTown(db);
      const enterprise = await prisma.enterprise.findUnique({ where: { id: input.enterpriseId } });
      if (!enterprise || (!enterprise.active && !input.includeInactive)) {
        throw ApplicationFailure.nonRetryable(hazardText.unknownEnterprise(input.enterpriseId), 'InvalidInput');
      }
      const sector = await prisma.sector.findUnique({ where: { id: enterprise.sectorId } });
      if (!sector) throw ApplicationFailure.nonRetryable(`enterprise ${enterprise.id}: sector ${enterprise.sectorId} missing`, 'InvalidInput');
      const people = await prisma.person.findMany({ where: { active: true }, select: { id: true, name: true, role: true } });
      const year = yearOf(localDateOf(input.at));
      return {
        town: town.name,
        enterprise: { id: enterprise.id, name: enterprise.name, sectorId: enterprise.sectorId, active: enterprise.active },
        sector: { id: sector.id, name: sector.name, leaderId: sector.leaderId, inspectorId: sector.inspectorId },
        people: Object.fromEntries(people.map((p) => [p.id, { name: p.name, role: p.role as Role }])),
        calendar: resolveCalendar({
          fromYear: year - CALENDAR_YEARS_BEFORE,
          toYear: year + CALENDAR_YEARS_AFTER,
          overrides: calendarOverridesOf(town),
        }),
        policy: resolvePolicy(JSON.parse(town.policyJson)).hazard,
        profileVersion: town.profileVersion,
      };
    },

    async recordHazard(input: RecordHazardInput): Promise<void> {
      const h = input.hazard;
      const row = {
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
        nextNoticeAt: input.nextNoticeAt === null ? null : new Date(input.nextNoticeAt),
        stateJson: JSON.stringify(h),
      };
      await prisma.$transaction(async (tx) => {
        if (await tx.hazardEvent.findUnique({ where: { key: input.key }, select: { id: true } })) return;
        await tx.hazard.upsert({ where: { id: h.id }, create: { id: h.id, ...row }, update: row });
        await tx.hazardEvent.create({
          data: {
            key: input.key,
            hazardId: h.id,
            at: new Date(input.at),
            type: input.event.type,
            by: input.event.by ?? null,
            evidence: input.event.evidence ?? null,
            detailJson: JSON.stringify(input.event.detail),
          },
        });
        const d = input.deadline;
        if (d) {
          await tx.deadlineComputation.create({
            data: {
              key: `${input.key}:deadline`,
              subjectType: 'hazard',
              subjectId: h.id,
              formJson: JSON.stringify(d.form),
              fromDate: d.from,
              due: d.due,
              trace: d.trace,
              unconfirmedYears: d.unconfirmedYears.join(','),
              at: new Date(input.at),
            },
          });
        }
      });
    },
  };
}
