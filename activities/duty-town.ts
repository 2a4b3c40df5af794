// The loaded town as the duty calendar sees it: active people, sectors, villages and enterprises, the
// profile's `duties` section as loaded (checked again: an older version may have loaded it) and the
// calendar overrides. Shared by the duty workflow's activities and `anwei duties preview`.

import { checkDuties } from '../domain/duties/check.ts';
import { effectiveDuties } from '../domain/duties/defaults.ts';
import type { DutyDefinition, DutyEntry } from '../domain/duties/format.ts';
import type { DutyTown } from '../domain/duties/plan.ts';
import { dutyEntrySchema } from '../domain/duties/schema.ts';
import { resolvePolicy } from '../domain/policy.ts';
import type { CalendarOverrides } from '../domain/profile.ts';
import { formatPath, z } from '../domain/schema.ts';
import type { Database } from '../prisma/client.ts';

export interface LoadedDutyTown {
  name: string;
  town: DutyTown;
  /** The profile's `duties` section as written (undefined: none, the defaults apply). */
  entries: DutyEntry[] | undefined;
  calendar: CalendarOverrides;
  /** The time of day scheduled task notices go out (policy.task.noticeTime, 09:00 by default). */
  noticeTime: string;
}

/** The stored `duties` no longer pass the current checks; `problems` name each with its path. */
export class StoredDutiesError extends Error {
  override name = 'StoredDutiesError';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

const byId = <X extends { id: string }>(rows: X[]) => rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** The loaded town, or undefined when no profile was ever loaded. */
export async function loadDutyTown(db: Database): Promise<LoadedDutyTown | undefined> {
  const { prisma } = db;
  const town = await prisma.town.findUnique({ where: { id: 1 } });
  if (!town) return undefined;
  const active = { where: { active: true } };
  const [people, sectors, villages, enterprises] = await Promise.all([
    prisma.person.findMany(active),
    prisma.sector.findMany(active),
    prisma.village.findMany(active),
    prisma.enterprise.findMany(active),
  ]);
  const dutyTown: DutyTown = {
    safetyLeader: town.safetyLeaderId,
    people: byId(people).map((p) => ({ id: p.id, name: p.name, role: p.role })),
    sectors: byId(sectors).map((s) => ({ id: s.id, name: s.name, leader: s.leaderId, inspector: s.inspectorId })),
    villages: byId(villages).map((v) => ({ id: v.id, name: v.name, supervisor: v.supervisorId, leader: v.leaderId })),
    enterprises: byId(enterprises).map((e) => ({ id: e.id, name: e.name, sector: e.sectorId, class: e.class, ...(e.villageId ? { village: e.villageId } : {}) })),
  };
  return { name: town.name, town: dutyTown, entries: storedDuties(town.dutiesJson, dutyTown), calendar: JSON.parse(town.calendarJson) as CalendarOverrides,
    noticeTime: resolvePolicy(JSON.parse(town.policyJson)).task.noticeTime,
  };
}

/** The duties in force for the loaded town (the defaults changed by the profile), disabled ones left out. */
export function dutiesInForce(loaded: LoadedDutyTown): DutyDefinition[] {
  return effectiveDuties({ duties: loaded.entries });
}

function storedDuties(json: string, town: DutyTown): DutyEntry[] | undefined {
  const raw: unknown = JSON.parse(json);
  if (raw === null || raw === undefined) return undefined;
  const parsed = z.array(dutyEntrySchema).safeParse(raw);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${formatPath(['duties', ...i.path])}: ${i.message}`);
  const refs = {
    people: new Map(town.people.map((p) => [p.id, p.role])),
    sectors: town.sectors.map((s) => s.id),
    villages: town.villages.map((v) => v.id),
    enterprises: town.enterprises.map((e) => e.id),
  };
  for (const issue of checkDuties(raw, refs)) problems.push(`${formatPath(issue.path)}: ${issue.message}`);
  if (problems.length || !parsed.success) throw new StoredDutiesError(problems);
  return parsed.data;
}
