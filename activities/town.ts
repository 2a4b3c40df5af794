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
  db: Database,
  audience: readonly Audience[],
  scope: AudienceScope,
): Promise<{ recipients: Recipient[]; missing: Audience[]; /** The roles each recipient was found under, in the recipients' order. */ roles: Audience[][] }> {
  const { prisma } = db;
  const byEmail = new Map<string, Recipient>();
  const rolesByEmail = new Map<string, Audience[]>();
  const missing: Audience[] = [];
  const enterprise = scope.enterpriseId ? await prisma.enterprise.findUnique({ where: { id: scope.enterpriseId } }) : null;
  const sectorId = scope.sectorId ?? enterprise?.sectorId;
  const sector = sectorId ? await prisma.sector.findUnique({ where: { id: sectorId } }) : null;
  const village = scope.villageId ? await prisma.village.findUnique({ where: { id: scope.villageId } }) : null;
  const town = await loadTown(db);

  const person = async (id: string | undefined) =>
    id ? prisma.person.findFirst({ where: { id, active: true } }) : null;
  const role = (r: string) => prisma.person.findMany({ where: { role: r, active: true }, orderBy: { id: 'asc' } });

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
