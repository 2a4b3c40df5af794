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
