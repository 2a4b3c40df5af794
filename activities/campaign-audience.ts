// Who a campaign's notices go to (contract §6): the leaders who hear of the campaign as a whole
// (campaign.started, .closed) and each inspector with their own enterprises (campaign.assigned, .reminder,
// .overdue). The notices' activity sends by it and `campaign start` says by it who was told.

import { groupBy, type CampaignTaskLine } from '../domain/campaign.ts';
import type { Recipient } from '../domain/notices.ts';
import type { Database } from '../prisma/client.ts';

/** The safety leader, then the town head and the party secretary: people of the town still in office. */
export async function campaignLeaders(db: Database): Promise<Recipient[]> {
  const { prisma } = db;
  const town = await prisma.town.findUnique({ where: { id: 1 }, select: { safetyLeaderId: true } });
  const rows = await prisma.person.findMany({
    where: { active: true, OR: [{ role: { in: ['town_head', 'party_secretary'] } }, ...(town ? [{ id: town.safetyLeaderId }] : [])] },
    orderBy: { id: 'asc' },
  });
  const leaderFirst = [...rows.filter((p) => p.id === town?.safetyLeaderId), ...rows.filter((p) => p.id !== town?.safetyLeaderId)];
  return leaderFirst.map((p) => ({ personId: p.id, name: p.name, email: p.email }));
}

export interface InspectorLines {
  /** The inspector's person id, as the lines name it. */
  key: string;
  /** Absent when that person has left office: nobody is told of these lines. */
  inspector?: Recipient;
  lines: CampaignTaskLine[];
}

/** The lines grouped by inspector, in id order, each with the person it goes to. */
export async function linesByInspector(db: Database, lines: readonly CampaignTaskLine[]): Promise<InspectorLines[]> {
  const groups = groupBy(lines, (l) => l.inspectorId);
  const rows = await db.prisma.person.findMany({ where: { id: { in: groups.map((g) => g.key) }, active: true } });
  const people = new Map(rows.map((p) => [p.id, { personId: p.id, name: p.name, email: p.email }]));
  return groups.map((g) => {
    const inspector = people.get(g.key);
    return { key: g.key, ...(inspector ? { inspector } : {}), lines: g.lines };
  });
}
