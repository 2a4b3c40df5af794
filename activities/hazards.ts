// Hazard I/O besides the ledger writer (ledger.ts): the context a hazard workflow decides with (town,
// calendar, policy, people), and a lost hazard's workflow resumed from its ledger row.

import { ApplicationFailure } from '@temporalio/activity';
import { resolveCalendar } from '../domain/calendar-data.ts';
import { lastEventNumber } from '../domain/event-keys.ts';
import { hazardWorkflowId, type HazardContext, type HazardState } from '../domain/hazard.ts';
import type { ObligationStart } from '../domain/obligation.ts';
import { resolvePolicy } from '../domain/policy.ts';
import type { Role } from '../domain/profile.ts';
import { hazardText } from '../domain/text/hazard.ts';
import { localDateOf, yearOf } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import { calendarOverridesOf, loadTown } from './town.ts';

/** Years of calendar a hazard carries: last year (for traces) to four years ahead (long deadlines). */
const CALENDAR_YEARS_BEFORE = 1;
const CALENDAR_YEARS_AFTER = 4;

/**
 * A lost hazard's workflow started again from the ledger: the state it last recorded and the count of its
 * events. A closed hazard only while notices it queued are not out yet (lost between 销号 and its emails).
 * Undefined for a hazard unknown, closed with nothing left to send, or whose row was written before the
 * ledger kept the state.
 */
export async function resumeHazardFromLedger(db: Database, hazardId: string): Promise<Extract<ObligationStart<HazardState>, { type: 'resumed' }> | undefined> {
  const row = await db.prisma.hazard.findUnique({ where: { id: hazardId }, select: { status: true, stateJson: true } });
  if (!row?.stateJson) return undefined;
  const state = JSON.parse(row.stateJson) as HazardState;
  if (row.status === 'closed') {
    const keys = state.outbox.map((n) => `${hazardWorkflowId(hazardId)}:${n.step}`);
    const out = await db.prisma.notice.count({ where: { key: { in: keys }, status: { not: 'pending' } } });
    if (out === keys.length) return undefined;
  }
  const keys = await db.prisma.hazardEvent.findMany({ where: { hazardId }, select: { key: true } });
  return { type: 'resumed', state, recorded: lastEventNumber(keys.map((k) => k.key)) };
}

/**
 * What a hazard decides with: the town, the enterprise and its sector, the active people, the calendar and
 * the policy. An enterprise the town does not have (or no longer has) is there as inactive, so that the rules
 * name it among the other problems of a report (client/act.ts checks reports before sending them).
 */
export async function hazardContext(db: Database, input: { enterpriseId: string; at: number }): Promise<HazardContext> {
  const { prisma } = db;
  const town = await loadTown(db);
  const enterprise = await prisma.enterprise.findUnique({ where: { id: input.enterpriseId } });
  const sector = enterprise ? await prisma.sector.findUnique({ where: { id: enterprise.sectorId } }) : null;
  if (enterprise && !sector) throw ApplicationFailure.nonRetryable(`enterprise ${enterprise.id}: sector ${enterprise.sectorId} missing`, 'InvalidInput');
  const people = await prisma.person.findMany({ where: { active: true }, select: { id: true, name: true, role: true } });
  const year = yearOf(localDateOf(input.at));
  return {
    town: town.name,
    enterprise: enterprise
      ? { id: enterprise.id, name: enterprise.name, sectorId: enterprise.sectorId, active: enterprise.active }
      : { id: input.enterpriseId, name: input.enterpriseId, sectorId: '', active: false },
    sector: sector ? { id: sector.id, name: sector.name, leaderId: sector.leaderId, inspectorId: sector.inspectorId } : { id: '', name: '', leaderId: '', inspectorId: '' },
    people: Object.fromEntries(people.map((p) => [p.id, { name: p.name, role: p.role as Role }])),
    calendar: resolveCalendar({
      fromYear: year - CALENDAR_YEARS_BEFORE,
      toYear: year + CALENDAR_YEARS_AFTER,
      overrides: calendarOverridesOf(town),
    }),
    policy: resolvePolicy(JSON.parse(town.policyJson)).hazard,
    profileVersion: town.profileVersion,
  };
}

export function createHazardActivities({ db }: { db: Database }) {
  return {
    async loadHazardContext(input: { enterpriseId: string; at: number; includeInactive?: boolean }): Promise<HazardContext> {
      const ctx = await hazardContext(db, input);
      // A report names an enterprise the town has; a hazard already reported keeps its enterprise, struck off or not.
      if (!ctx.enterprise.sectorId || (!ctx.enterprise.active && !input.includeInactive)) {
        throw ApplicationFailure.nonRetryable(hazardText.unknownEnterprise(input.enterpriseId), 'InvalidInput');
      }
      return ctx;
    },
  };
}
