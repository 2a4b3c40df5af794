// `anwei simulate` (contract §5): the real workflows and activities on Temporal's time-skipping
// server, a scratch SQLite database and the real mail pipeline into a capture, from `start` to
// `until`, with the scenario's actions performed at their simulated times.

import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createMailTransport } from '../activities/mail/transport.ts';
import { calendarWarnings } from '../domain/calendar-data.ts';
import { resolveCalendar } from '../domain/calendar-data.ts';
import { campaignProgress, campaignStartWarnings, campaignWorkflowId } from '../domain/campaign.ts';
import { copyKey, type Delivery, type RecipientLinks } from '../activities/notices.ts';
import { DIGEST_KIND } from '../domain/digest.ts';
import type { LinkAction } from '../domain/links.ts';
import type { Recipient } from '../domain/notices.ts';
import type { TaskSpec } from '../domain/task.ts';
import { scenarioText } from '../domain/text/scenario.ts';
import { formatInstant, localDateOf, yearOf } from '../domain/time.ts';
import { migrateDatabase, openDatabase, type Database } from '../prisma/client.ts';
import { createEngineWorker } from '../worker/index.ts';
import { reconcile } from '../worker/reconciler.ts';
import { UserInputError } from './errors.ts';
import { closeCampaign, listCampaigns, startCampaign, waitForSetup } from './campaigns.ts';
import { act, type Gateway, type HazardAction } from './act.ts';
import { checkProfile, loadProfile } from './profile-loader.ts';
import { actionLines, crossCheckScenario, parseScenario, type Scenario, type ScenarioAction } from './scenario.ts';
import { startTask } from './tasks.ts';
import { advanceSimulatedTime, createTimeSkippingEnvironment } from './temporal.ts';
import { simulatedPosts, type SimulatedPost } from '../activities/robots/queue.ts';

export interface SimulatedNotice {
  at: string;
  kind: string;
  to: string[];
  subject: string;
  ref: string;
  /** Each recipient's buttons (contract §7), by address, without the signed URLs a running engine puts in the email. */
  links: Array<{ to: string; label: string; action: LinkAction }>;
  /**
   * For each address in `to`, the id of the email that carried the notice there (contract §8): notices sent
   * together (one daily digest) share it; null when it never went (its item was closed before the digest).
   */
  emails: Record<string, string | null>;
}

/** One email as it went out: a notice by itself, one recipient's copy of it, or a daily digest. */
export interface SimulatedEmail {
  id: string;
  at: string;
  to: string;
  subject: string;
  /** The notices it carried (their kind and ref, in the digest's order of sending). */
  notices: Array<{ key: string; kind: string; ref: string }>;
}

export interface SimulationResult {
  notifications: SimulatedNotice[];
  /** Every email sent, in the order sent (a notice to three people in three copies is three emails). */
  messages: SimulatedEmail[];
  hazards: Array<{ id: string; status: string; due: string }>;
  tasks: Array<{ id: string; assignee: string; due: string; status: string }>;
  campaigns: Array<{ id: string; status: string; tasks: number; done: number; overdue: number; hazards: number }>;
  /** Group robot posts (contract §8), grouped as the dispatcher would post them; nothing is posted in a simulation. */
  posts: SimulatedPost[];
  warnings: string[];
}

export interface SimulateOptions {
  /** The real present; a scenario may not start before it. */
  now?: number;
  /** Progress lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** A running time-skipping environment to reuse (tests); otherwise one is started and stopped. */
  env?: TestWorkflowEnvironment;
  bundlePath?: string;
  /**
   * Tasks started before the duty calendar (idempotent by id: they win over the calendar's spec of the
   * same id), for a preview of particular tasks.
   */
  startTasks?: readonly TaskSpec[];
}

const MAIL_FROM = 'anwei-simulate@localhost';

const HAZARD_ACTIONS: Record<Exclude<ScenarioAction['do'], 'hazard.report' | 'duty.complete' | 'campaign.start' | 'campaign.close'>, HazardAction> = {
  'hazard.ack': 'ack',
  'hazard.submit': 'submit',
  'hazard.verify': 'verify',
  'hazard.extend': 'extend',
  'hazard.decide_extension': 'decide',
};

/** Which notices a reader asked for (`--ref`, `--kind`, `--to`); every one when none is given. */
export interface SimulationFilter {
  ref?: string;
  /** A kind (`hazard.reminder`), or the part before its dot (`hazard`). */
  kind?: string;
  /** An address, or its part before the @. */
  to?: string;
}

/** The result with only the notices (and the emails and posts carrying them) the filter asks for. */
export function filterSimulation(result: SimulationResult, filter: SimulationFilter): SimulationResult {
  const { ref, kind, to } = filter;
  if (!ref && !kind && !to) return result;
  const address = (a: string) => !to || a.toLowerCase() === to.toLowerCase() || a.toLowerCase().split('@')[0] === to.toLowerCase();
  const wanted = (n: { ref: string; kind: string }) => (!ref || n.ref === ref) && (!kind || n.kind === kind || n.kind.split('.')[0] === kind);
  const keep = (n: SimulatedNotice) => wanted(n) && n.to.some(address);
  return {
    ...result,
    notifications: result.notifications.filter(keep),
    messages: result.messages
      .filter((m) => m.to.split(', ').some(address))
      .map((m) => ({ ...m, notices: m.notices.filter(wanted) }))
      .filter((m) => m.notices.length > 0),
    // Posts go to groups, not to people: `--to` leaves them out.
    posts: to ? [] : result.posts.filter((p) => p.kinds.some((k) => wanted({ ref: p.ref, kind: k }))),
  };
}

/** Reads and checks the scenario and its profile; throws a UserInputError naming every problem. */
export function prepareScenario(
  file: string,
  now: number,
): { scenario: Scenario; profileText: string; lineOf: (index: number) => number | undefined } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new UserInputError([scenarioText.cannotRead(file)]);
  }
  const parsed = parseScenario(text, file, now);
  const where = (p: { path: string; line?: number; message: string }) =>
    `${file}${p.line ? `:${p.line}` : ''} ${p.path ? `${p.path}: ` : ''}${p.message}`;
  const scenario = parsed.ok ? parsed.scenario : parsed.partial;
  const problems = parsed.ok ? [] : parsed.problems.map(where);
  // The profile and the actions' ids are checked even when the scenario itself has problems.
  let profileText: string | undefined;
  if (scenario?.profileFile) {
    try {
      profileText = readFileSync(scenario.profileFile, 'utf8');
    } catch {
      problems.push(scenarioText.cannotReadProfile(file, scenario.profileFile));
    }
  }
  if (scenario && profileText !== undefined) {
    try {
      const { profile } = checkProfile(profileText, scenario.profileFile);
      const reported = parsed.ok ? [] : (parsed.reportedIds ?? []);
      problems.push(...crossCheckScenario(scenario, profile, actionLines(text), reported).map(where));
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length || !parsed.ok || profileText === undefined) {
    // In the order of the file's lines.
    const lineOf = (p: string) => (p.startsWith(`${file}:`) ? Number(/^:(\d+)/.exec(p.slice(file.length))?.[1] ?? 0) : 0);
    problems.sort((a, b) => lineOf(a) - lineOf(b));
    throw new UserInputError(problems, scenarioText.problems(file, problems.length));
  }
  return { scenario: parsed.scenario, profileText, lineOf: actionLines(text) };
}

/** Performs one scripted action as the CLI would; what it warns of (a 安全生产月 started outside June). */
async function perform(g: Gateway & { client: Client }, action: ScenarioAction): Promise<string[]> {
  if (action.do === 'hazard.report') {
    await act(g, 'hazard', undefined, 'report', action.with);
    return [];
  }
  if (action.do === 'campaign.start') {
    const spec = await startCampaign(g, action.with, action.at);
    // The tasks are created before time moves on, as they would be before anyone acts in real life.
    await waitForSetup(g.db, spec.id, spec.expected, () => {}, { intervalMs: 100 });
    await campaignSettled(g, spec.id);
    return campaignStartWarnings(spec);
  }
  if (action.do === 'campaign.close') {
    const { id, ...input } = action.with;
    await closeCampaign(g, String(id), input);
    return [];
  }
  if (action.do === 'duty.complete') {
    const { task, ...input } = action.with;
    await act(g, 'task', String(task), 'complete', input);
    return [];
  }
  const { id, ...input } = action.with;
  await act(g, 'hazard', String(id), HAZARD_ACTIONS[action.do], input);
  return [];
}

/** Waits (real time) until a campaign's fan-out and first emails are over. */
async function campaignSettled(g: Gateway & { client: Client }, id: string): Promise<void> {
  const handle = g.client.workflow.getHandle(campaignWorkflowId(id));
  for (;;) {
    if ((await handle.query(campaignProgress)).phase !== 'starting') return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

type OutboxRow = Awaited<ReturnType<Database['prisma']['notice']['findMany']>>[number];

/**
 * Which email carried each notice to each address, and the emails themselves: a notice's one email to all,
 * each recipient's own copy (activities/notices.ts copyKey), or the daily digest that took the copy (its key).
 */
async function emailsOf(db: Database, rows: readonly OutboxRow[]): Promise<{ byNotice: Map<string, Record<string, string | null>>; messages: SimulatedEmail[] }> {
  const entries = await db.prisma.digestEntry.findMany({ orderBy: { id: 'asc' } });
  const carried = new Map(entries.map((e) => [`${e.noticeKey} ${e.digestKey}`, e.included === true]));
  const digestRows = new Map(rows.filter((r) => r.kind === DIGEST_KIND).map((r) => [r.key, r]));
  const byNotice = new Map<string, Record<string, string | null>>();
  const messages = new Map<string, SimulatedEmail>();
  const message = (id: string, at: number, to: string, subject: string) => {
    if (!messages.has(id)) messages.set(id, { id, at: formatInstant(at), to, subject, notices: [] });
    return messages.get(id)!;
  };
  for (const row of rows) {
    if (row.kind === DIGEST_KIND) continue;
    const recipients = JSON.parse(row.recipientsJson) as Recipient[];
    const copies = row.deliveriesJson ? (JSON.parse(row.deliveriesJson) as Delivery[]) : undefined;
    const emails: Record<string, string | null> = {};
    for (const r of recipients) {
      const copy = copies?.find((c) => c.to.email.toLowerCase() === r.email.toLowerCase());
      let id: string | null = copies ? copyKey(row.key, copies.indexOf(copy!)) : row.key;
      let sent = { at: row.at.getTime(), subject: row.subject };
      if (copy?.robot) id = null;
      else if (copy?.digest) {
        const digest = digestRows.get(copy.digest);
        id = carried.get(`${row.key} ${copy.digest}`) && digest ? copy.digest : null;
        if (digest) sent = { at: digest.at.getTime(), subject: digest.subject };
      }
      emails[r.email] = id;
      const carrier = id ? message(id, sent.at, copies ? r.email : recipients.map((x) => x.email).sort().join(', '), sent.subject) : undefined;
      // One email to all recipients carries the notice once.
      if (carrier && !carrier.notices.some((n) => n.key === row.key)) carrier.notices.push({ key: row.key, kind: row.kind, ref: row.ref });
    }
    byNotice.set(row.key, emails);
  }
  const list = [...messages.values()].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { byNotice, messages: list };
}

async function collect(db: Database, scenario: Scenario, warnings: string[]): Promise<SimulationResult> {
  const rows = await db.prisma.notice.findMany({ where: { status: 'sent' }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  const notices = rows.filter((n) => n.kind !== DIGEST_KIND);
  const { byNotice, messages } = await emailsOf(db, rows);
  const hazards = await db.prisma.hazard.findMany({ orderBy: { id: 'asc' } });
  const tasks = await db.prisma.task.findMany({ orderBy: [{ due: 'asc' }, { id: 'asc' }] });
  return {
    notifications: notices.map((n) => ({
      at: formatInstant(n.at.getTime()),
      kind: n.kind,
      to: (JSON.parse(n.recipientsJson) as Recipient[]).map((r) => r.email).sort(),
      subject: n.subject,
      ref: n.ref,
      links: n.linksJson ? (JSON.parse(n.linksJson) as RecipientLinks[]).flatMap((r) => r.links.map((l) => ({ to: r.to, label: l.label, action: l.action }))) : [],
      emails: byNotice.get(n.key) ?? {},
    })),
    messages,
    hazards: hazards.map((h) => ({ id: h.id, status: h.status, due: h.due })),
    tasks: tasks.map((t) => ({ id: t.id, assignee: t.assigneeId, due: t.due, status: t.status })),
    campaigns: (await listCampaigns(db, scenario.until)).map((c) => ({ id: c.id, status: c.status, tasks: c.tasks, done: c.done, overdue: c.overdue, hazards: c.hazards })),
    posts: await simulatedPosts(db),
    warnings: [...warnings, ...calendarWarningsFor(scenario, JSON.parse((await db.prisma.town.findUniqueOrThrow({ where: { id: 1 } })).calendarJson))],
  };
}

function calendarWarningsFor(scenario: Scenario, overrides: { holidays: string[]; workdays: string[] }): string[] {
  const calendar = resolveCalendar({
    fromYear: yearOf(localDateOf(scenario.start)),
    toYear: yearOf(localDateOf(scenario.until)),
    overrides,
  });
  return calendarWarnings(calendar);
}

export async function simulate(file: string, options: SimulateOptions = {}): Promise<SimulationResult> {
  const log = options.log ?? (() => {});
  const { scenario, profileText, lineOf } = prepareScenario(file, options.now ?? Date.now());

  const scratch = mkdtempSync(join(tmpdir(), 'anwei-simulate-'));
  const url = `file:${join(scratch, 'simulate.db')}`;
  let db: Database | undefined;
  let env = options.env;
  const ownEnv = !env;
  try {
    await migrateDatabase(url);
    db = await openDatabase(url);
    const loaded = await loadProfile(db, { text: profileText, file: scenario.profileFile, source: 'simulate', at: new Date(scenario.start) });
    log(scenarioText.running(loaded.town, formatInstant(scenario.start), formatInstant(scenario.until), scenario.actions.length));

    env ??= await createTimeSkippingEnvironment();
    const taskQueue = `anwei-simulate-${randomUUID()}`;
    const mail = createMailTransport({ type: 'capture', from: MAIL_FROM });
    const worker = await createEngineWorker({
      connection: env.nativeConnection,
      taskQueue,
      db,
      mail,
      mailFrom: MAIL_FROM,
      timeSkipping: true,
      ...(options.bundlePath ? { bundlePath: options.bundlePath } : {}),
    });
    const theEnv = env;
    const gateway = { client: env.client, taskQueue, db, now: () => theEnv.currentTimeMs() };
    const warnings = [...loaded.warnings];
    await worker.runUntil(async () => {
      await advanceSimulatedTime(theEnv, scenario.start);
      // Tasks given by the caller first (they win over the calendar's spec of the same id), then the
      // duty calendar as `anwei start` starts it: one workflow per duty in force.
      for (const spec of options.startTasks ?? []) await startTask(gateway, spec);
      await reconcile({ client: theEnv.client, taskQueue, db: db! });
      for (const action of scenario.actions) {
        await advanceSimulatedTime(theEnv, action.at);
        try {
          warnings.push(...(await perform(gateway, action)));
        } catch (error) {
          if (error instanceof UserInputError) {
            throw new UserInputError(
              error.problems,
              scenarioText.actionRefused(`${file}${lineOf(action.index) ? `:${lineOf(action.index)}` : ''}`, action.index, action.do, formatInstant(action.at)),
            );
          }
          throw error;
        }
        log(`  ${formatInstant(action.at)} ${action.do} ${action.with.id ?? action.with.task ?? ''}`);
      }
      await advanceSimulatedTime(theEnv, scenario.until);
    });
    return await collect(db, scenario, warnings);
  } finally {
    await db?.close();
    if (ownEnv) await env?.teardown();
    rmSync(scratch, { recursive: true, force: true });
  }
}
