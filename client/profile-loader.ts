// Loading a town profile into the database: validated whole first (nothing is written when any
// problem is found), then applied in one transaction. Reloading keeps hazards and their history:
// people, sectors, villages and enterprises that leave the file are deactivated, never deleted, and
// the open items of people who left are reported so the office can hand them over.

import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { hazardWorkflowId, townChanged } from '../domain/hazard.ts';
import { taskWorkflowId } from '../domain/task.ts';
import { formatProfileProblem, parseProfile, type Profile, type ProfileProblem } from '../domain/profile.ts';
import { cliText } from '../domain/text/cli.ts';
import { profileText } from '../domain/text/profile.ts';
import { statusText } from '../domain/text/status.ts';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_DUTIES } from '../domain/duties/defaults.ts';
import { notifyDutiesChanged, reconcile } from '../worker/reconciler.ts';
import type { Database } from '../prisma/client.ts';
import { UserInputError } from './errors.ts';

export interface EntityChanges {
  added: string[];
  updated: string[];
  deactivated: string[];
}

export interface ProfileLoadReport {
  town: string;
  version: number;
  unchanged: boolean;
  people: EntityChanges;
  sectors: EntityChanges;
  villages: EntityChanges;
  enterprises: EntityChanges;
  /** zh-CN lines: open items of people who left, open hazards of enterprises that left. */
  handover: string[];
  warnings: string[];
}

/** Validates a profile file's text; throws a UserInputError naming every problem with its line. */
export function checkProfile(text: string, file: string): { profile: Profile; warnings: string[] } {
  const result = parseProfile(text);
  if (!result.ok) {
    throw new UserInputError(
      result.problems.map((p: ProfileProblem) => formatProfileProblem(file, p)),
      profileText.notLoaded(file, result.problems.length),
    );
  }
  return { profile: result.profile, warnings: result.warnings.map((w) => formatProfileProblem(file, w)) };
}

interface Row {
  id: string;
  active: boolean;
}

function diff<T extends Row>(existing: T[], incoming: string[], same: (row: T) => boolean): EntityChanges {
  const byId = new Map(existing.map((r) => [r.id, r]));
  const wanted = new Set(incoming);
  return {
    added: incoming.filter((id) => !byId.has(id) || !byId.get(id)!.active),
    updated: incoming.filter((id) => byId.get(id)?.active && !same(byId.get(id)!)),
    deactivated: existing.filter((r) => r.active && !wanted.has(r.id)).map((r) => r.id),
  };
}

export async function loadProfile(
  db: Database,
  options: { text: string; file: string; source?: string; at?: Date; actor?: string },
): Promise<ProfileLoadReport> {
  return applyProfile(db, options, true);
}

/**
 * What loading the text would change (the report loadProfile would give), nothing written: the office's
 * 检查 shows it before 载入. Throws checkProfile's UserInputError on any problem.
 */
export function previewProfile(db: Database, options: { text: string; file: string }): Promise<ProfileLoadReport> {
  return applyProfile(db, options, false);
}

async function applyProfile(
  db: Database,
  options: { text: string; file: string; source?: string; at?: Date; actor?: string },
  write: boolean,
): Promise<ProfileLoadReport> {
  const { profile, warnings } = checkProfile(options.text, options.file);
  const at = options.at ?? new Date();
  const sha256 = createHash('sha256').update(options.text).digest('hex');
  const { prisma } = db;

  const [people, sectors, villages, enterprises, town, latest] = await Promise.all([
    prisma.person.findMany(),
    prisma.sector.findMany(),
    prisma.village.findMany(),
    prisma.enterprise.findMany(),
    prisma.town.findUnique({ where: { id: 1 } }),
    prisma.profileVersion.findFirst({ orderBy: { version: 'desc' } }),
  ]);

  const personFields = (p: Profile['people'][number]) => ({ name: p.name, role: p.role, email: p.email, phone: p.phone ?? null, mobile: p.mobile ?? null, channels: p.channels ?? null, digest: p.digest ?? null, digestAt: p.digestAt ?? null, active: true });
  const sectorFields = (s: Profile['sectors'][number]) => ({ name: s.name, leaderId: s.leader, inspectorId: s.inspector, active: true });
  const villageFields = (v: Profile['villages'][number]) => ({ name: v.name, supervisorId: v.supervisor, leaderId: v.leader, active: true });
  const enterpriseFields = (e: Profile['enterprises'][number]) => ({
    name: e.name,
    sectorId: e.sector,
    class: e.class,
    villageId: e.village ?? null,
    address: e.address ?? null,
    principalName: e.principal.name,
    principalEmail: e.principal.email,
    principalPhone: e.principal.phone ?? null,
    active: true,
  });
  const sameAs = <F extends Record<string, unknown>>(fields: F) => (row: Record<string, unknown>) =>
    Object.entries(fields).every(([k, v]) => row[k] === v);
  const find = <T extends { id: string }>(list: T[], id: string) => list.find((x) => x.id === id)!;

  const report: ProfileLoadReport = {
    town: profile.town,
    version: (latest?.version ?? 0) + 1,
    unchanged: latest?.sha256 === sha256,
    people: diff(people, profile.people.map((p) => p.id), (r) => sameAs(personFields(find(profile.people, r.id)))(r)),
    sectors: diff(sectors, profile.sectors.map((s) => s.id), (r) => sameAs(sectorFields(find(profile.sectors, r.id)))(r)),
    villages: diff(villages, profile.villages.map((v) => v.id), (r) => sameAs(villageFields(find(profile.villages, r.id)))(r)),
    enterprises: diff(enterprises, profile.enterprises.map((e) => e.id), (r) => sameAs(enterpriseFields(find(profile.enterprises, r.id)))(r)),
    handover: [],
    warnings,
  };

  // What the people who leave still have open, judged by the assignments before this reload.
  const openHazards = await prisma.hazard.findMany({ where: { status: { not: 'closed' } }, orderBy: { id: 'asc' } });
  const names = new Map(people.map((p) => [p.id, p.name]));
  const enterpriseNames = new Map(enterprises.map((e) => [e.id, e.name]));
  for (const id of report.people.deactivated) {
    const items: string[] = [];
    for (const h of openHazards) {
      const sector = sectors.find((s) => s.id === h.sectorId);
      const roles: string[] = [];
      if (sector?.inspectorId === id) roles.push(profileText.handoverRole.inspector);
      if (sector?.leaderId === id) roles.push(profileText.handoverRole.leader);
      if (h.reportedBy === id) roles.push(profileText.handoverRole.reporter);
      if (h.status === 'submitted' && h.submittedBy === id) roles.push(profileText.handoverRole.submitter);
      if (roles.length) {
        items.push(profileText.handoverHazard(h.id, enterpriseNames.get(h.enterpriseId) ?? h.enterpriseId, statusText.name(statusText.hazard, h.status), h.due, roles));
      }
    }
    if (items.length) report.handover.push(profileText.handoverPerson(names.get(id) ?? id, id, items));
  }
  for (const id of report.enterprises.deactivated) {
    const open = openHazards.filter((h) => h.enterpriseId === id).map((h) => h.id);
    if (open.length) report.handover.push(profileText.enterpriseRemoved(enterpriseNames.get(id) ?? id, id, open));
  }
  if (!write) return report;

  await prisma.$transaction(async (tx) => {
    for (const p of profile.people) await tx.person.upsert({ where: { id: p.id }, create: { id: p.id, ...personFields(p) }, update: personFields(p) });
    for (const s of profile.sectors) await tx.sector.upsert({ where: { id: s.id }, create: { id: s.id, ...sectorFields(s) }, update: sectorFields(s) });
    for (const v of profile.villages) await tx.village.upsert({ where: { id: v.id }, create: { id: v.id, ...villageFields(v) }, update: villageFields(v) });
    for (const e of profile.enterprises) {
      await tx.enterprise.upsert({ where: { id: e.id }, create: { id: e.id, ...enterpriseFields(e) }, update: enterpriseFields(e) });
    }
    const deactivate = { active: false };
    await tx.person.updateMany({ where: { id: { in: report.people.deactivated } }, data: deactivate });
    await tx.sector.updateMany({ where: { id: { in: report.sectors.deactivated } }, data: deactivate });
    await tx.village.updateMany({ where: { id: { in: report.villages.deactivated } }, data: deactivate });
    await tx.enterprise.updateMany({ where: { id: { in: report.enterprises.deactivated } }, data: deactivate });

    const townFields = {
      name: profile.town,
      safetyLeaderId: profile.safetyLeader,
      calendarJson: JSON.stringify(profile.calendar),
      policyJson: JSON.stringify(profile.policy),
      dutiesJson: JSON.stringify(profile.duties ?? null),
      channelsJson: JSON.stringify(profile.channels ?? []),
      profileVersion: report.version,
      loadedAt: at,
    };
    if (town) await tx.town.update({ where: { id: 1 }, data: townFields });
    else await tx.town.create({ data: { id: 1, ...townFields } });
    const summary = summarize(report);
    await tx.profileVersion.create({
      data: { version: report.version, yaml: options.text, sha256, source: options.source ?? options.file, summary, loadedAt: at },
    });
    await tx.auditLog.create({
      data: { at, actor: options.actor ?? null, action: 'profile.load', target: `profile:${report.version}`, detailJson: JSON.stringify({ file: options.file, summary, handover: report.handover }) },
    });
  });
  return report;
}

/** The engine a load tells of the change, or undefined when it is not running. */
export type EngineOf = () => Promise<{ client: Client; taskQueue: string } | undefined>;

/**
 * `anwei profile load` whole, for the CLI and the office page alike: checks the text, says when it equals
 * the loaded version, else reaches the engine first (one that belongs to another database is refused before
 * anything is loaded), loads, and tells the running workflows — each line of the report given to `out` as
 * it happens (cliText.profile's words).
 */
export async function loadAndTell(
  db: Database,
  options: { text: string; file: string; source: string; actor?: string },
  engine: EngineOf,
  out: (line: string) => void,
): Promise<void> {
  const { text, file } = options;
  checkProfile(text, file); // every problem before touching the database
  const latest = await db.prisma.profileVersion.findFirst({ orderBy: { version: 'desc' } });
  if (latest && latest.sha256 === createHash('sha256').update(text).digest('hex')) {
    out(cliText.profile.unchanged(file, latest.version));
    return;
  }
  const reached = await engine();
  const r = await loadProfile(db, { text, file, source: options.source, ...(options.actor ? { actor: options.actor } : {}) });
  out(cliText.profile.loaded(file, r.town, r.version, summarize(r)));
  for (const w of r.warnings) out(cliText.profile.warning(w));
  for (const line of r.handover) out(cliText.profile.handover(line));
  if (!reached) {
    out(cliText.profile.engineNotRunning);
    return;
  }
  // Open hazards, tasks and the duty calendar follow the new profile from their next step.
  const told = await notifyTownChanged(db, reached.client);
  const { dutiesStarted } = await reconcile({ client: reached.client, db, taskQueue: reached.taskQueue });
  if (told) out(cliText.profile.told(told));
  if (dutiesStarted.length) out(cliText.profile.dutiesStarted(dutiesStarted));
}

export function summarize(report: ProfileLoadReport): string {
  const summary = profileText.summary;
  const part = (kind: keyof typeof profileText.summary.kind) => {
    const c: EntityChanges = report[kind];
    const bits = [c.added.length && summary.added(c.added.length), c.updated.length && summary.updated(c.updated.length), c.deactivated.length && summary.deactivated(c.deactivated.length)];
    const changes = bits.filter((b): b is string => Boolean(b));
    return changes.length ? summary.part(summary.kind[kind], changes) : '';
  };
  const parts = (['people', 'sectors', 'villages', 'enterprises'] as const).map(part).filter(Boolean);
  return parts.length ? summary.join(parts) : summary.unchanged;
}

/**
 * Tells every open hazard's and task's workflow that the town changed, so its next step uses the new
 * calendar, policy and people. Returns how many were told; a workflow already gone is skipped.
 */
export async function notifyTownChanged(db: Database, client: Client): Promise<number> {
  const hazards = await db.prisma.hazard.findMany({ where: { status: { not: 'closed' } }, select: { id: true } });
  const tasks = await db.prisma.task.findMany({ where: { status: { in: ['open', 'overdue'] } }, select: { id: true } });
  const workflowIds = [...hazards.map(({ id }) => hazardWorkflowId(id)), ...tasks.map(({ id }) => taskWorkflowId(id))];
  let told = await notifyDutiesChanged(client, await knownDutyIds(db));
  for (const id of workflowIds) {
    try {
      // Hazards and tasks answer the same signal name (townChanged).
      await client.workflow.getHandle(id).signal(townChanged);
      told++;
    } catch {
      // Closed in the meantime, or not started on this Temporal: nothing to refresh.
    }
  }
  return told;
}

/** Every duty id the town has had: the defaults and any duty a loaded profile named (removed ones too). */
async function knownDutyIds(db: Database): Promise<string[]> {
  const ids = new Set(DEFAULT_DUTIES.map((d) => d.id));
  const versions = await db.prisma.profileVersion.findMany({ select: { yaml: true }, orderBy: { version: 'desc' }, take: 50 });
  for (const { yaml } of versions) {
    try {
      const duties = (parseYaml(yaml) as { duties?: Array<{ id?: unknown }> } | null)?.duties;
      if (Array.isArray(duties)) for (const d of duties) if (d && typeof d.id === 'string') ids.add(d.id);
    } catch {
      // a stored version that no longer parses names no duty
    }
  }
  return [...ids];
}
