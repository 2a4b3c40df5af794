// Reading the hazard ledger for people: lists (what is late and by how much) and one hazard's whole
// story (transitions, deadline computations, notices). Reads the database only.

import { hazardText } from '../domain/text/hazard.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { statusText } from '../domain/text/status.ts';
import { endOfDay, instantAt, isLocalDate, localDateOf, type LocalDate } from '../domain/time.ts';
import type { Database, Prisma } from '../prisma/client.ts';
import { UserInputError } from './errors.ts';
import { checkFilterIds } from './filters.ts';
import { mostOverdueFirst, overdueCounter } from './overdue.ts';
import { actorNames, storyFiles, storyOf, when } from './story.ts';

export interface HazardFilter {
  overdue?: boolean;
  status?: 'open' | 'submitted' | 'closed';
  enterprise?: string;
  sector?: string;
  level?: 'general' | 'major';
  /** A campaign's hazards (Hazard.campaignId). */
  campaign?: string;
  /** 发现时间 from this Shanghai day on, and up to the end of `reportedTo` (both days included). */
  reportedFrom?: LocalDate;
  reportedTo?: LocalDate;
  /** Conditions every row must also meet: who may see it (domain/visibility.ts), a village's enterprises. */
  also?: readonly Prisma.HazardWhereInput[];
}

export interface HazardRow {
  id: string;
  enterprise: string;
  enterpriseName: string;
  sector: string;
  sectorName: string;
  level: 'general' | 'major';
  status: 'open' | 'submitted' | 'closed';
  description: string;
  due: LocalDate;
  /** Calendar days past the due date, for open hazards whose due date has ended. */
  daysOverdue: number;
  workdaysOverdue: number;
  escalationLevel: number;
  nextNoticeAt: string | null;
}

/**
 * What is wrong with a 发现时间 range, each named by how the asker typed it (`--from`, or the page's field):
 * not a day (YYYY-MM-DD), or a start after the end. The CLI and the office pages say the same words.
 */
export function dateRangeProblems(from: string | undefined, to: string | undefined, names: { from: string; to: string }): string[] {
  const problems: string[] = [];
  if (from !== undefined && !isLocalDate(from)) problems.push(ledgerText.filter.badDate(names.from, from));
  if (to !== undefined && !isLocalDate(to)) problems.push(ledgerText.filter.badDate(names.to, to));
  if (!problems.length && from !== undefined && to !== undefined && from > to) problems.push(ledgerText.filter.fromAfterTo(names.from, from, names.to, to));
  return problems;
}

export async function listHazards(db: Database, filter: HazardFilter, now = Date.now()): Promise<HazardRow[]> {
  const { prisma } = db;
  const today = localDateOf(now);
  const dateProblems = dateRangeProblems(filter.reportedFrom, filter.reportedTo, { from: '--from', to: '--to' });
  if (dateProblems.length) throw new UserInputError(dateProblems);
  await checkFilterIds([
    { flag: '--campaign', value: filter.campaign, what: ledgerText.filter.campaign, known: async () => (await prisma.campaign.findMany({ select: { id: true } })).map((c) => c.id) },
    { flag: '--enterprise', value: filter.enterprise, what: ledgerText.filter.enterprise, known: async () => (await prisma.enterprise.findMany({ select: { id: true } })).map((e) => e.id) },
    { flag: '--sector', value: filter.sector, what: ledgerText.filter.sector, known: async () => (await prisma.sector.findMany({ select: { id: true } })).map((s) => s.id) },
  ]);
  const hazards = await prisma.hazard.findMany({
    where: {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.overdue ? { status: 'open', due: { lt: today } } : {}),
      ...(filter.enterprise ? { enterpriseId: filter.enterprise } : {}),
      ...(filter.sector ? { sectorId: filter.sector } : {}),
      ...(filter.level ? { level: filter.level } : {}),
      ...(filter.campaign ? { campaignId: filter.campaign } : {}),
      ...(filter.reportedFrom || filter.reportedTo
        ? {
            reportedAt: {
              ...(filter.reportedFrom ? { gte: new Date(instantAt(filter.reportedFrom)) } : {}),
              ...(filter.reportedTo ? { lt: new Date(endOfDay(filter.reportedTo)) } : {}),
            },
          }
        : {}),
      ...(filter.also?.length ? { AND: [...filter.also] } : {}),
    },
    orderBy: [{ due: 'asc' }, { id: 'asc' }],
    // The columns a row shows: not the workflow's state and the due date's trace, which can be long.
    select: { id: true, enterpriseId: true, sectorId: true, level: true, status: true, description: true, due: true, escalationLevel: true, nextNoticeAt: true },
  });
  const enterprises = new Map((await prisma.enterprise.findMany({ select: { id: true, name: true } })).map((e) => [e.id, e.name]));
  const sectors = new Map((await prisma.sector.findMany({ select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  const overdue = await overdueCounter(db, hazards.map((h) => h.due), today);
  const rows = hazards.map((h) => {
    const { daysOverdue, workdaysOverdue } = overdue(h.due, h.status === 'open');
    return {
      id: h.id,
      enterprise: h.enterpriseId,
      enterpriseName: enterprises.get(h.enterpriseId) ?? h.enterpriseId,
      sector: h.sectorId,
      sectorName: sectors.get(h.sectorId) ?? h.sectorId,
      level: h.level as HazardRow['level'],
      status: h.status as HazardRow['status'],
      description: h.description,
      due: h.due,
      daysOverdue,
      workdaysOverdue,
      escalationLevel: h.escalationLevel,
      nextNoticeAt: when(h.nextNoticeAt),
    };
  });
  return filter.overdue ? mostOverdueFirst(rows) : rows;
}

export async function hazardDetail(db: Database, id: string) {
  const { prisma } = db;
  const hazard = await prisma.hazard.findUnique({ where: { id } });
  if (!hazard) return undefined;
  const [events, deadlines, notices, enterprise] = await Promise.all([
    prisma.hazardEvent.findMany({ where: { hazardId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    prisma.deadlineComputation.findMany({ where: { subjectType: 'hazard', subjectId: id }, orderBy: { id: 'asc' } }),
    prisma.notice.findMany({ where: { ref: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    prisma.enterprise.findUnique({ where: { id: hazard.enterpriseId } }),
  ]);
  const who = await actorNames(db, enterprise?.principalName);
  return {
    id: hazard.id,
    enterprise: { id: hazard.enterpriseId, name: enterprise?.name ?? hazard.enterpriseId },
    sector: hazard.sectorId,
    level: hazard.level,
    levelName: hazardText.levelName[hazard.level as 'general'],
    status: hazard.status,
    statusName: statusText.name(statusText.hazard, hazard.status),
    description: hazard.description,
    location: hazard.location,
    campaign: hazard.campaignId,
    plan: hazard.planJson ? (JSON.parse(hazard.planJson) as Record<string, string>) : null,
    reportedBy: hazard.reportedBy,
    reportedByName: who(hazard.reportedBy)!,
    reportedAt: when(hazard.reportedAt)!,
    round: hazard.round,
    due: hazard.due,
    dueTrace: hazard.dueTrace,
    extensionsUsed: hazard.extensionsUsed,
    escalationLevel: hazard.escalationLevel,
    nextNoticeAt: when(hazard.nextNoticeAt),
    ...storyOf(events, notices, who),
    files: await storyFiles(db, 'hazard', hazard.id, who),
    deadlines: deadlines.map((d) => ({ at: when(d.at)!, from: d.fromDate, due: d.due, trace: d.trace, form: JSON.parse(d.formJson) as unknown })),
  };
}

export type HazardDetail = NonNullable<Awaited<ReturnType<typeof hazardDetail>>>;
