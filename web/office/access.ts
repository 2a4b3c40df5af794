// The scope of a signed-in person, read from the town as the database holds it now (a profile reload takes
// effect on the next request). The decision itself is domain/visibility.ts.

import { scopeOf, type Scope } from '../../domain/visibility.ts';
import type { Database } from '../../prisma/client.ts';

export async function loadScope(db: Database, personId: string): Promise<Scope> {
  const { prisma } = db;
  const [person, town, sectors, villages, enterprises] = await Promise.all([
    prisma.person.findUnique({ where: { id: personId }, select: { id: true, role: true, active: true } }),
    prisma.town.findUnique({ where: { id: 1 }, select: { safetyLeaderId: true } }),
    prisma.sector.findMany({ select: { id: true, leaderId: true, inspectorId: true, active: true } }),
    prisma.village.findMany({ select: { id: true, leaderId: true, supervisorId: true, active: true } }),
    prisma.enterprise.findMany({ select: { id: true, sectorId: true, villageId: true } }),
  ]);
  if (!town) return { kind: 'none', personId };
  return scopeOf(person ?? undefined, { safetyLeaderId: town.safetyLeaderId, sectors, villages, enterprises });
}

/**
 * The villages a list's 村 filter offers a person: the town's active ones to the whole town; otherwise those
 * they lead or supervise and those of the enterprises they see (隐患台账 and 工作任务 alike).
 */
export function villagesOffered<V extends { id: string; active: boolean }>(scope: Scope, villages: readonly V[], enterprises: ReadonlyArray<{ id: string; villageId: string | null }>): V[] {
  if (scope.kind === 'town') return villages.filter((v) => v.active);
  if (scope.kind !== 'part') return [];
  const theirs = new Set(enterprises.filter((e) => scope.enterprises.has(e.id)).map((e) => e.villageId));
  return villages.filter((v) => scope.villages.has(v.id) || theirs.has(v.id));
}
