// Reading the town as loaded from its profile: the town row, its calendar overrides, and who a
// notice's audience (by role) is right now.

import { ApplicationFailure } from '@temporalio/activity';
import type { Audience, Recipient } from '../domain/notices.ts';
import type { Database } from '../prisma/client.ts';

export type TownRow = NonNullable<Awaited<ReturnType<Database['prisma']['town']['findUnique']>>>;

export async function loadTown(db: Database): Promise<TownRow> {
  const town = await db.prisma.town.findUnique({ where: { id: 1 } });
  if (!town) throw ApplicationFailure.nonRetryable('尚未载入乡镇档案：请先运行 anwei profile load <文件>', 'InvalidInput');
  return town;
}

type PersonRow = NonNullable<Awaited<ReturnType<Database['prisma']['person']['findUnique']>>>;

/**
 * The town and its people as one notice reads them: each read once however many times the notice's
 * audience, views, digest and robot settings ask (a notice used to read the town five times and its people
 * four). Made per notice, never kept: the next notice reads the town as it is then.
 */
export interface TownReads {
  db: Database;
  town(): Promise<TownRow>;
  /** Everyone, the departed included (history names them), by id. */
  people(): Promise<ReadonlyMap<string, PersonRow>>;
  enterprise(id: string): Promise<EnterpriseRow | null>;
  sector(id: string): Promise<SectorRow | null>;
  village(id: string): Promise<VillageRow | null>;
}

type EnterpriseRow = NonNullable<Awaited<ReturnType<Database['prisma']['enterprise']['findUnique']>>>;
type SectorRow = NonNullable<Awaited<ReturnType<Database['prisma']['sector']['findUnique']>>>;
type VillageRow = NonNullable<Awaited<ReturnType<Database['prisma']['village']['findUnique']>>>;

/** A read by id, made once per id. */
function once<T>(read: (id: string) => Promise<T>): (id: string) => Promise<T> {
  const seen = new Map<string, Promise<T>>();
  return (id) => {
    let found = seen.get(id);
    if (!found) seen.set(id, (found = read(id)));
    return found;
  };
}

export function townReads(db: Database): TownReads {
  let town: Promise<TownRow> | undefined;
  let people: Promise<ReadonlyMap<string, PersonRow>> | undefined;
  return {
    db,
    town: () => (town ??= loadTown(db)),
    people: () => (people ??= db.prisma.person.findMany({ orderBy: { id: 'asc' } }).then((rows) => new Map(rows.map((p) => [p.id, p])))),
    enterprise: once((id) => db.prisma.enterprise.findUnique({ where: { id } })),
    sector: once((id) => db.prisma.sector.findUnique({ where: { id } })),
    village: once((id) => db.prisma.village.findUnique({ where: { id } })),
  };
}

export function calendarOverridesOf(town: TownRow): { holidays: string[]; workdays: string[] } {
  const calendar = JSON.parse(town.calendarJson) as { holidays?: string[]; workdays?: string[] };
  return { holidays: calendar.holidays ?? [], workdays: calendar.workdays ?? [] };
}

/** The subject a notice's roles are resolved against. */
export interface AudienceScope {
  enterpriseId?: string;
  sectorId?: string;
  /** A village task: its leader (包村领导). */
  villageId?: string;
  /** A duty task's assignee (a person id). */
  assigneeId?: string;
  /** A meeting's invited people (person ids). */
  attendeeIds?: readonly string[];
}

/**
 * The people an audience means now, deduplicated by e-mail and sorted by it. Roles that resolve to
 * nobody (a sector without an active leader, say) are reported in `missing` so the caller can log it.
 */
export async function resolveAudience(
  from: Database | TownReads,
  audience: readonly Audience[],
  scope: AudienceScope,
): Promise<{ recipients: Recipient[]; missing: Audience[]; /** The roles each recipient was found under, in the recipients' order. */ roles: Audience[][] }> {
  const reads = 'prisma' in from ? townReads(from) : from;
  const { prisma } = reads.db;
  const byEmail = new Map<string, Recipient>();
  const rolesByEmail = new Map<string, Audience[]>();
  const missing: Audience[] = [];
  const enterprise = scope.enterpriseId ? await reads.enterprise(scope.enterpriseId) : null;
  const sectorId = scope.sectorId ?? enterprise?.sectorId;
  const sector = sectorId ? await reads.sector(sectorId) : null;
  const village = scope.villageId ? await reads.village(scope.villageId) : null;
  const town = await reads.town();
  const people = await reads.people();

  const person = async (id: string | undefined) => {
    const p = id ? people.get(id) : undefined;
    return p?.active ? p : null;
  };
  const role = async (r: string) => [...people.values()].filter((p) => p.role === r && p.active);

  for (const who of audience) {
    let found: Recipient[] = [];
    switch (who) {
      case 'principal':
        if (enterprise) found = [{ name: enterprise.principalName, email: enterprise.principalEmail }];
        break;
      case 'sector_inspector':
      case 'sector_leader': {
        const p = await person(who === 'sector_leader' ? sector?.leaderId : sector?.inspectorId);
        if (p) found = [{ personId: p.id, name: p.name, email: p.email }];
        break;
      }
      case 'safety_leader':
      case 'village_leader':
      case 'assignee': {
        const id = who === 'safety_leader' ? town.safetyLeaderId : who === 'village_leader' ? village?.leaderId : scope.assigneeId;
        const p = await person(id);
        if (p) found = [{ personId: p.id, name: p.name, email: p.email }];
        break;
      }
      case 'attendees':
        // Invited by id; people who left the profile since are not invited.
        for (const id of scope.attendeeIds ?? []) {
          const p = await person(id);
          if (p) found.push({ personId: p.id, name: p.name, email: p.email });
        }
        break;
      case 'town_head':
      case 'party_secretary':
      case 'office_head':
        found = (await role(who)).map((p) => ({ personId: p.id, name: p.name, email: p.email }));
        break;
    }
    if (found.length === 0) missing.push(who);
    for (const r of found) {
      const email = r.email.toLowerCase();
      if (!byEmail.has(email)) byEmail.set(email, r);
      const roles = rolesByEmail.get(email) ?? [];
      if (!roles.includes(who)) rolesByEmail.set(email, [...roles, who]);
    }
  }
  const recipients = [...byEmail.values()].sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : 0));
  return { recipients, missing, roles: recipients.map((r) => rolesByEmail.get(r.email.toLowerCase()) ?? []) };
}
