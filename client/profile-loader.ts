// Loading a town profile into the database: validated whole first (nothing is written when any
// problem is found), then applied in one transaction. Reloading keeps hazards and their history:
// people, sectors, villages and enterprises that leave the file are deactivated, never deleted, and
// the open items of people who left are reported so the office can hand them over.

import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { join, raw, sqltag as sql } from '@prisma/client/runtime/client';
import { formatProfileProblem, parseProfile, type Profile, type ProfileProblem } from '../domain/profile.ts';
import { cliText } from '../domain/text/cli.ts';
import { profileText } from '../domain/text/profile.ts';
import { statusText } from '../domain/text/status.ts';
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
  const result = withPlainEnv(() => parseProfile(text));
  if (!result.ok) {
    throw new UserInputError(
      result.problems.map((p: ProfileProblem) => formatProfileProblem(file, p)),
      profileText.notLoaded(file, result.problems.length),
    );
  }
  return { profile: result.profile, warnings: result.warnings.map((w) => formatProfileProblem(file, w)) };
}

/**
 * Runs `fn` with process.env a plain copy of itself. The yaml parser reads `process.env.LOG_TOKENS` for every
 * token it meets, and each read of the real process.env asks the C++ environment: a 50,000-enterprise profile
 * (2 million tokens) spent about 2 s of CPU there (bench/profile.ts). Synchronous, so nothing else runs
 * meanwhile; the real object is back before it returns or throws.
 */
function withPlainEnv<T>(fn: () => T): T {
  const env = process.env;
  process.env = { ...env };
  try {
    return fn();
  } finally {
    process.env = env;
  }
}

interface Row {
  id: string;
  active: boolean;
}

/**
 * What changes between the rows in the database and the ones the file gives (by id, each list walked once):
 * the report's lists, in the file's order, and which rows to write — only those that are new or differ.
 */
function diff<T extends Row, F extends Record<string, unknown>>(existing: T[], incoming: Array<{ id: string }>, fields: (index: number) => F) {
  const byId = new Map(existing.map((r) => [r.id, r]));
  const wanted = new Set<string>();
  const changes: EntityChanges = { added: [], updated: [], deactivated: [] };
  const create: Array<F & { id: string }> = [];
  const update: Array<{ id: string; data: F }> = [];
  incoming.forEach(({ id }, i) => {
    wanted.add(id);
    const row = byId.get(id);
    if (row === undefined) {
      changes.added.push(id);
      create.push({ id, ...fields(i) });
      return;
    }
    const data = fields(i);
    const same = Object.entries(data).every(([k, v]) => (row as Record<string, unknown>)[k] === v);
    if (!row.active) changes.added.push(id);
    else if (!same) changes.updated.push(id);
    if (!same) update.push({ id, data });
  });
  for (const r of existing) if (r.active && !wanted.has(r.id)) changes.deactivated.push(r.id);
  return { changes, create, update };
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
  checked: { profile: Profile; warnings: string[] } = checkProfile(options.text, options.file),
): Promise<ProfileLoadReport> {
  const { profile, warnings } = checked;
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
  const diffs = {
    people: diff(people, profile.people, (i) => personFields(profile.people[i]!)),
    sectors: diff(sectors, profile.sectors, (i) => sectorFields(profile.sectors[i]!)),
    villages: diff(villages, profile.villages, (i) => villageFields(profile.villages[i]!)),
    enterprises: diff(enterprises, profile.enterprises, (i) => enterpriseFields(profile.enterprises[i]!)),
  };

  const report: ProfileLoadReport = {
    town: profile.town,
    version: (latest?.version ?? 0) + 1,
    unchanged: latest?.sha256 === sha256,
    people: diffs.people.changes,
    sectors: diffs.sectors.changes,
    villages: diffs.villages.changes,
    enterprises: diffs.enterprises.changes,
    handover: [],
    warnings,
  };

  // What the people who leave still have open, judged by the assignments before this reload.
  const openHazards = await prisma.hazard.findMany({ where: { status: { not: 'closed' } }, orderBy: { id: 'asc' } });
  const names = new Map(people.map((p) => [p.id, p.name]));
  const enterpriseNames = new Map(enterprises.map((e) => [e.id, e.name]));
  const sectorById = new Map(sectors.map((s) => [s.id, s]));
  for (const id of report.people.deactivated) {
    const items: string[] = [];
    for (const h of openHazards) {
      const sector = sectorById.get(h.sectorId);
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
  const openOf = new Map<string, string[]>();
  for (const h of openHazards) {
    const list = openOf.get(h.enterpriseId);
    if (list) list.push(h.id);
    else openOf.set(h.enterpriseId, [h.id]);
  }
  for (const id of report.enterprises.deactivated) {
    const open = openOf.get(id) ?? [];
    if (open.length) report.handover.push(profileText.enterpriseRemoved(enterpriseNames.get(id) ?? id, id, open));
  }
  if (!write) return report;

  // Only the rows that are new or differ are written: new ones in batches, changed ones one by one.
  await prisma.$transaction(async (tx) => {
    const { people: p, sectors: s, villages: v, enterprises: e } = diffs;
    const now = new Date();
    await insertRows(tx, 'Person', p.create, now);
    await insertRows(tx, 'Sector', s.create, now);
    await insertRows(tx, 'Village', v.create, now);
    await insertRows(tx, 'Enterprise', e.create, now);
    for (const { id, data } of p.update) await tx.person.update({ where: { id }, data });
    for (const { id, data } of s.update) await tx.sector.update({ where: { id }, data });
    for (const { id, data } of v.update) await tx.village.update({ where: { id }, data });
    for (const { id, data } of e.update) await tx.enterprise.update({ where: { id }, data });
    const deactivate = { active: false };
    for (const ids of chunks(report.people.deactivated)) await tx.person.updateMany({ where: { id: { in: ids } }, data: deactivate });
    for (const ids of chunks(report.sectors.deactivated)) await tx.sector.updateMany({ where: { id: { in: ids } }, data: deactivate });
    for (const ids of chunks(report.villages.deactivated)) await tx.village.updateMany({ where: { id: { in: ids } }, data: deactivate });
    for (const ids of chunks(report.enterprises.deactivated)) await tx.enterprise.updateMany({ where: { id: { in: ids } }, data: deactivate });

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

/**
 * New rows of one table, 500 to a plain INSERT (SQLite and PostgreSQL alike, the values as parameters, updatedAt
 * as Prisma writes it). Prisma's createMany compiles every row of its data in WebAssembly first: 50,000
 * enterprises took about 15 s of CPU that way, against under 2 s here (bench/profile.ts). All rows of a call
 * have the same keys, the table's own column names.
 */
async function insertRows(tx: Pick<Database['prisma'], '$executeRaw'>, table: 'Person' | 'Sector' | 'Village' | 'Enterprise', rows: Array<Record<string, unknown>>, now: Date): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const names = raw([...columns, 'updatedAt'].map((c) => `"${c}"`).join(', '));
  for (const batch of chunks(rows, 500)) {
    const values = batch.map((row) => sql`(${join(columns.map((c) => row[c]))}, ${now})`);
    await tx.$executeRaw(sql`INSERT INTO ${raw(`"${table}"`)} (${names}) VALUES ${join(values)}`);
  }
}

/** Rows in batches small enough for one statement each (SQLite allows 32,766 parameters). */
function chunks<T>(rows: T[], size = 2000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
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
  const checked = checkProfile(text, file); // every problem before touching the database
  const latest = await db.prisma.profileVersion.findFirst({ orderBy: { version: 'desc' } });
  if (latest && latest.sha256 === createHash('sha256').update(text).digest('hex')) {
    out(cliText.profile.unchanged(file, latest.version));
    return;
  }
  const reached = await engine();
  const r = await applyProfile(db, { text, file, source: options.source, ...(options.actor ? { actor: options.actor } : {}) }, true, checked);
  out(cliText.profile.loaded(file, r.town, r.version, summarize(r)));
  for (const w of r.warnings) out(cliText.profile.warning(w));
  for (const line of r.handover) out(cliText.profile.handover(line));
  if (!reached) {
    out(cliText.profile.engineNotRunning);
    return;
  }
  // Open hazards, tasks and the duty calendar follow the new profile from their next step. Loaded only here:
  // Temporal's client is most of a `profile load`'s start-up, and without an engine it is not needed.
  const { notifyTownChanged } = await import('./town-changed.ts');
  const { reconcile } = await import('../worker/reconciler.ts');
  const told = await notifyTownChanged(db, reached.client);
  const { dutiesStarted } = await reconcile({ client: reached.client, db, taskQueue: reached.taskQueue });
  if (told.told) out(cliText.profile.told(told.told));
  if (told.failed) out(cliText.profile.notTold(told.failed, told.failures));
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
