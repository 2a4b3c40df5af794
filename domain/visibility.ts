// Who sees what in the office pages (contract §7 "Office pages"): one decision from a person and the town's
// sectors, villages and enterprises, used by every page, file and export — a list's database filter and an
// item's check say the same thing because both are made here. Pure: the caller reads the town.

import type { Role } from './profile.ts';

/** Roles that see the whole town; the town's safety leader (a deputy head, Town.safetyLeaderId) does too. */
export const WHOLE_TOWN_ROLES: readonly Role[] = ['party_secretary', 'town_head', 'office_head'];

export interface ScopePerson {
  id: string;
  role: string;
  active: boolean;
}

/** The town as the decision needs it: who leads, inspects and supervises what, and where each enterprise is. */
export interface ScopeTown {
  safetyLeaderId: string;
  sectors: ReadonlyArray<{ id: string; leaderId: string; inspectorId: string; active: boolean }>;
  villages: ReadonlyArray<{ id: string; leaderId: string; supervisorId: string; active: boolean }>;
  /** Every enterprise the town has had (one that left still has hazards in its village). */
  enterprises: ReadonlyArray<{ id: string; sectorId: string; villageId: string | null }>;
}

/**
 * What a person sees. `town`: everything. `part`: the hazards and tasks of these sectors, villages and
 * their enterprises, and the tasks assigned to the person. `none`: no office page at all (403).
 */
export type Scope =
  | { kind: 'town'; personId: string }
  | { kind: 'part'; personId: string; sectors: ReadonlySet<string>; villages: ReadonlySet<string>; enterprises: ReadonlySet<string> }
  | { kind: 'none'; personId: string };

/**
 * The scope of a person. Party secretary, town head, office head and the safety leader see the whole town.
 * Anyone else sees what the profile puts them in charge of: the sectors they lead (deputy head) or inspect
 * (inspector), the villages they lead (deputy head, 包村领导) or supervise (village supervisor), and the
 * enterprises in those sectors and villages. In charge of nothing — or no longer in the profile — sees nothing.
 */
export function scopeOf(person: ScopePerson | undefined, town: ScopeTown): Scope {
  if (!person || !person.active) return { kind: 'none', personId: person?.id ?? '' };
  const id = person.id;
  if ((WHOLE_TOWN_ROLES as readonly string[]).includes(person.role) || town.safetyLeaderId === id) return { kind: 'town', personId: id };
  // A sector or village removed from the profile keeps its last leader on record, who no longer leads it.
  const sectors = new Set(town.sectors.filter((s) => s.active && (s.leaderId === id || s.inspectorId === id)).map((s) => s.id));
  const villages = new Set(town.villages.filter((v) => v.active && (v.leaderId === id || v.supervisorId === id)).map((v) => v.id));
  if (sectors.size === 0 && villages.size === 0) return { kind: 'none', personId: id };
  const enterprises = new Set(town.enterprises.filter((e) => sectors.has(e.sectorId) || (e.villageId !== null && villages.has(e.villageId))).map((e) => e.id));
  return { kind: 'part', personId: id, sectors, villages, enterprises };
}

/** Whether a person may open the office pages at all. */
export const mayEnter = (scope: Scope): boolean => scope.kind !== 'none';

/** A hazard is seen by whoever sees its sector (as recorded on the hazard) or its enterprise. */
export function seesHazard(scope: Scope, hazard: { sectorId: string; enterpriseId: string }): boolean {
  if (scope.kind !== 'part') return scope.kind === 'town';
  return scope.sectors.has(hazard.sectorId) || scope.enterprises.has(hazard.enterpriseId);
}

export function seesEnterprise(scope: Scope, enterprise: { id: string; sectorId: string; villageId: string | null }): boolean {
  if (scope.kind !== 'part') return scope.kind === 'town';
  return scope.sectors.has(enterprise.sectorId) || (enterprise.villageId !== null && scope.villages.has(enterprise.villageId)) || scope.enterprises.has(enterprise.id);
}

/**
 * A task is seen by whoever sees its scope (a sector, a village, an enterprise) and by its assignee; an
 * office task (no scope) by the whole-town people and its assignee.
 */
export function seesTask(scope: Scope, task: { scopeKind: string | null; scopeId: string | null; assigneeId: string }): boolean {
  if (scope.kind !== 'part') return scope.kind === 'town';
  if (task.assigneeId === scope.personId) return true;
  switch (task.scopeKind) {
    case 'sector':
      return task.scopeId !== null && scope.sectors.has(task.scopeId);
    case 'village':
      return task.scopeId !== null && scope.villages.has(task.scopeId);
    case 'enterprise':
      return task.scopeId !== null && scope.enterprises.has(task.scopeId);
    default:
      return false;
  }
}

// The same decisions as database filters (Prisma `where`, structurally: domain/ imports no Prisma). A list
// ANDs its own filters with these; `{ id: { in: [] } }` matches nothing.

const NOTHING = { id: { in: [] as string[] } };

export type HazardScopeWhere = Record<string, never> | typeof NOTHING | { OR: Array<{ sectorId: { in: string[] } } | { enterpriseId: { in: string[] } }> };

export function hazardWhere(scope: Scope): HazardScopeWhere {
  if (scope.kind === 'town') return {};
  if (scope.kind === 'none') return NOTHING;
  return { OR: [{ sectorId: { in: [...scope.sectors] } }, { enterpriseId: { in: [...scope.enterprises] } }] };
}

export type TaskScopeWhere =
  | Record<string, never>
  | typeof NOTHING
  | { OR: Array<{ assigneeId: string } | { scopeKind: 'sector' | 'village' | 'enterprise'; scopeId: { in: string[] } }> };

export function taskWhere(scope: Scope): TaskScopeWhere {
  if (scope.kind === 'town') return {};
  if (scope.kind === 'none') return NOTHING;
  return {
    OR: [
      { assigneeId: scope.personId },
      { scopeKind: 'sector', scopeId: { in: [...scope.sectors] } },
      { scopeKind: 'village', scopeId: { in: [...scope.villages] } },
      { scopeKind: 'enterprise', scopeId: { in: [...scope.enterprises] } },
    ],
  };
}
