// Benchmark: a whole season of hazards for the demo town (examples/demo-town.yaml, 60 enterprises) run
// the way `anwei simulate` runs — the real workflows and activities on Temporal's time-skipping server,
// a scratch database and the real mail pipeline into a capture.
//
// It generates a scenario (deterministic for a seed): N hazards (default 100) spread over every
// enterprise and the first ~60 days, general and major (with plans), each with a life cycle drawn from
// a realistic mix — rectified on time, late and escalated (acknowledged or not), rejected once,
// extension approved or denied, verified late, ignored — and writes it to a temporary scenario file.
// By default it then calls client/simulate.ts's `simulate(file)`, exactly what `anwei simulate` does
// (scratch SQLite). With --postgres the same scenario runs through the same steps against a scratch
// PostgreSQL database (simulate() is SQLite-only, so this script repeats its loop).
//
//   npm run bench                          (npx tsx bench/simulate-season.ts)
//   npm run bench -- --seed 7 --hazards 200 --days 120
//   npm run bench -- --postgres            (ANWEI_TEST_PG_URL, default postgresql://postgres@127.0.0.1:5432/postgres)
//   npm run bench -- --keep                keep the generated scenario file and print its path
//
// Prints wall time, workflows, notices, notices/s and workflows/s of wall time, peak RSS and the notice
// count per kind. Not part of the test suite.

import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { stringify } from 'yaml';
import { createMailTransport } from '../activities/mail/transport.ts';
import { act, type HazardAction } from '../client/act.ts';
import { checkProfile, loadProfile } from '../client/profile-loader.ts';
import { prepareScenario, simulate } from '../client/simulate.ts';
import { createTimeSkippingEnvironment } from '../client/temporal.ts';
import { WorkCalendar, computeDeadline, type DeadlineForm } from '../domain/calendar.ts';
import { resolveCalendar } from '../domain/calendar-data.ts';
import { PLAN_PARTS } from '../domain/hazard.ts';
import { HAZARD_NOTICE_KINDS } from '../domain/notices.ts';
import type { Profile } from '../domain/profile.ts';
import { addDays, endOfDay, formatInstant, instantAt, localDateOf, parseInstant, yearOf, type LocalDate } from '../domain/time.ts';
import { migrateDatabase, openDatabase, type Database } from '../prisma/client.ts';
import { buildWorkflowBundle } from '../worker/bundle.ts';
import { createEngineWorker, quietTemporalLogs } from '../worker/index.ts';
import { projectPath } from '../worker/paths.ts';
import { rng } from './rng.ts';
import { sampleRss } from './rss.ts';

const { values: opts } = parseArgs({
  options: {
    seed: { type: 'string', default: '20270301' },
    hazards: { type: 'string', default: '100' },
    days: { type: 'string', default: '90' },
    'report-days': { type: 'string', default: '60' },
    start: { type: 'string', default: '2027-03-01T08:00:00+08:00' },
    profile: { type: 'string', default: projectPath('examples', 'demo-town.yaml') },
    postgres: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    /** Run this scenario file (e.g. examples/demo-scenario.yaml) instead of a generated one. */
    scenario: { type: 'string' },
  },
});

const SEED = Number(opts.seed);
const HAZARDS = Number(opts.hazards);
const DAYS = Number(opts.days);
const REPORT_DAYS = Math.min(Number(opts['report-days']), DAYS);
const START = parseInstant(opts.start) ?? Number.NaN;
if (![SEED, HAZARDS, DAYS, REPORT_DAYS].every(Number.isInteger) || HAZARDS < 1 || DAYS < 1 || !Number.isFinite(START)) {
  console.error('usage: simulate-season.ts [--seed N] [--hazards N] [--days N] [--report-days N] [--start ISO] [--postgres] [--keep]');
  process.exit(2);
}
const UNTIL = START + DAYS * 86_400_000;

// ── the scenario ─────────────────────────────────────────────────────────────────────────────────


/** How a hazard's story goes; weights are the share of hazards. */
const LIFE_CYCLES = {
  prompt: 28, // submitted before the due date, verified within days
  late_acked: 14, // overdue, level 1; the sector leader acknowledges; submitted later (maybe after the resumed level 2)
  late: 10, // overdue, level 1 (and level 2 if slow); submitted late
  rejected: 15, // verification fails with a new deadline; resubmitted; passes
  extension: 20, // an extension is requested, then approved or denied; submitted by the due date in force
  slow_verify: 8, // the inspector verifies after the 10 days allowed (verification overdue)
  ignored: 5, // nothing happens after the report: overdue, level 1, level 2, still open at the end
} as const;
type LifeCycle = keyof typeof LIFE_CYCLES;

interface Action {
  at: number;
  do: string;
  with: Record<string, unknown>;
}

function generate(profile: Profile): { actions: Action[]; cycles: Record<LifeCycle, number>; major: number; enterprises: number } {
  const r = rng(SEED);
  const firstDay = localDateOf(START);
  const lastDay = localDateOf(UNTIL);
  const cal = new WorkCalendar(
    resolveCalendar({ fromYear: yearOf(firstDay) - 1, toYear: yearOf(lastDay) + 1, overrides: profile.calendar }),
  );
  const sectors = new Map(profile.sectors.map((s) => [s.id, s]));
  const workdayAfter = (day: LocalDate, n: number) => (n <= 0 ? cal.firstWorkingDayOnOrAfter(day).date : cal.nthWorkingDayAfter(day, n).date);
  /** A moment in office hours (10:00–16:55) on a day. */
  const officeHours = (day: LocalDate) => instantAt(day, `${String(r.int(10, 16)).padStart(2, '0')}:${String(r.int(0, 11) * 5).padStart(2, '0')}`);
  /** A working day strictly after `after` and no later than `last` (or `after`'s next working day). */
  const dayBetween = (after: LocalDate, last: LocalDate) => {
    const options: LocalDate[] = [];
    for (let d = addDays(after, 1); d <= last; d = addDays(d, 1)) if (cal.isWorkingDay(d)) options.push(d);
    return options.length ? r.pick(options) : workdayAfter(after, 1);
  };

  const enterprises = r.shuffle(profile.enterprises);
  const actions: Action[] = [];
  const cycles = Object.fromEntries(Object.keys(LIFE_CYCLES).map((k) => [k, 0])) as Record<LifeCycle, number>;
  let major = 0;
  for (let i = 0; i < HAZARDS; i++) {
    const id = `YH-${yearOf(firstDay)}-${String(i + 1).padStart(4, '0')}`;
    const enterprise = enterprises[i % enterprises.length]!;
    const sector = sectors.get(enterprise.sector)!;
    const reportDay = cal.firstWorkingDayOnOrAfter(addDays(firstDay, r.int(0, REPORT_DAYS - 1))).date;
    const reportAt = officeHours(reportDay);
    const isMajor = r.next() < 0.2;
    let form: DeadlineForm;
    if (isMajor) form = { date: cal.firstWorkingDayOnOrAfter(addDays(reportDay, r.int(12, 30))).date };
    else form = r.next() < 0.7 ? { workdays: r.int(3, 15) } : { days: r.int(7, 20) };
    let due = computeDeadline(cal, form, reportDay).due;
    const cycle = r.weighted(LIFE_CYCLES);
    cycles[cycle]++;
    if (isMajor) major++;

    const story: Action[] = [];
    const add = (at: number, name: string, input: Record<string, unknown>) => story.push({ at, do: name, with: { id, ...input } });
    story.push({
      at: reportAt,
      do: 'hazard.report',
      with: {
        id,
        enterprise: enterprise.id,
        level: isMajor ? 'major' : 'general',
        description: `${enterprise.name}检查发现的第${i + 1}项隐患`,
        location: r.pick(['生产车间', '仓库', '配电房', '办公区', '储罐区', '作业现场']),
        deadline: form,
        by: sector.inspector,
        ...(isMajor ? { plan: Object.fromEntries(PLAN_PARTS.map((part) => [part, `${part}（第${i + 1}项）`])) } : {}),
      },
    });
    /** Submitted on `day`, verified (pass) 1–3 working days later. */
    const submitAndPass = (day: LocalDate, verifyAfter = r.int(1, 3)) => {
      add(officeHours(day), 'hazard.submit', { evidence: '整改完成，附照片' });
      add(officeHours(workdayAfter(day, verifyAfter)), 'hazard.verify', { by: sector.inspector, result: 'pass' });
    };
    /** When level 1 goes out (contract §3: a general hazard on the next working day, a major one the next day). */
    const firstEscalation = (d: LocalDate) => (isMajor ? addDays(d, 1) : cal.firstWorkingDayAfter(d).date);

    switch (cycle) {
      case 'prompt':
        submitAndPass(dayBetween(reportDay, due));
        break;
      case 'late_acked': {
        const l1 = firstEscalation(due);
        const ackDay = r.next() < 0.5 ? l1 : workdayAfter(l1, 1);
        add(officeHours(ackDay), 'hazard.ack', { by: sector.leader, note: '已督促企业' });
        submitAndPass(workdayAfter(ackDay, r.int(2, 8)));
        break;
      }
      case 'late':
        submitAndPass(workdayAfter(firstEscalation(due), r.int(1, 6)));
        break;
      case 'rejected': {
        const submitDay = dayBetween(reportDay, due);
        add(officeHours(submitDay), 'hazard.submit', { evidence: '整改完成，附照片' });
        const verifyDay = workdayAfter(submitDay, r.int(1, 3));
        const again: DeadlineForm = { workdays: r.int(3, 7) };
        add(officeHours(verifyDay), 'hazard.verify', { by: sector.inspector, result: 'fail', deadline: again, note: '整改不彻底' });
        submitAndPass(dayBetween(verifyDay, computeDeadline(cal, again, verifyDay).due));
        break;
      }
      case 'extension': {
        // Asked before the due day ends; decided by the sector leader a working day or two later.
        const askDay = dayBetween(reportDay, addDays(due, -2));
        const askAt = Math.min(officeHours(askDay <= due ? askDay : reportDay), endOfDay(due) - 3_600_000);
        const wanted: DeadlineForm = isMajor ? { date: cal.firstWorkingDayOnOrAfter(addDays(due, r.int(7, 20))).date } : { days: r.int(7, 20) };
        add(askAt, 'hazard.extend', { reason: '设备到货延迟，申请延期', deadline: wanted });
        const approve = r.next() < 0.65;
        const decideDay = workdayAfter(localDateOf(askAt), r.int(1, 2));
        add(officeHours(decideDay), 'hazard.decide_extension', { by: sector.leader, approve, note: approve ? '同意' : '不同意，按原期限整改' });
        if (approve) due = computeDeadline(cal, wanted, due).due;
        const submitDay = dayBetween(decideDay, due);
        submitAndPass(submitDay > due ? workdayAfter(firstEscalation(due), 1) : submitDay);
        break;
      }
      case 'slow_verify':
        submitAndPass(dayBetween(reportDay, due), r.int(9, 12));
        break;
      case 'ignored':
        break;
    }
    // Actions keep their order; a story cut off by the end of the season just stops there.
    for (let k = 0; k < story.length; k++) {
      if (story[k]!.at > UNTIL || (k > 0 && story[k]!.at <= story[k - 1]!.at)) break;
      actions.push(story[k]!);
    }
  }
  actions.sort((a, b) => a.at - b.at);
  return { actions, cycles, major, enterprises: new Set(actions.filter((a) => a.do === 'hazard.report').map((a) => a.with.enterprise)).size };
}

// ── running ──────────────────────────────────────────────────────────────────────────────────────

interface Outcome {
  notices: Array<{ kind: string; to?: string[]; emails?: Record<string, string | null> }>;
  hazards: Array<{ status: string }>;
  /** The emails as sent (simulate()'s run only). */
  messages?: number;
  posts?: number;
}

const PG_ADMIN = process.env.ANWEI_TEST_PG_URL?.trim() || 'postgresql://postgres@127.0.0.1:5432/postgres';

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** simulate()'s steps with a PostgreSQL database instead of its scratch SQLite file. */
async function simulateOnPostgres(file: string, progress: (line: string) => void): Promise<Outcome> {
  const { scenario, profileText } = prepareScenario(file, Date.now());
  const name = `anwei_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = new URL(PG_ADMIN);
  url.pathname = `/${name}`;
  let db: Database | undefined;
  const env = await createTimeSkippingEnvironment();
  try {
    await migrateDatabase(url.toString());
    db = await openDatabase(url.toString());
    await loadProfile(db, { text: profileText, file: scenario.profileFile, source: 'bench', at: new Date(scenario.start) });
    const taskQueue = `anwei-bench-${randomUUID()}`;
    const from = 'anwei-bench@localhost';
    const worker = await createEngineWorker({ connection: env.nativeConnection, taskQueue, db, mail: createMailTransport({ type: 'capture', from }), mailFrom: from, timeSkipping: true });
    const gateway = { client: env.client, taskQueue, db, now: () => env.currentTimeMs() };
    const advanceTo = async (target: number) => {
      const now = await env.currentTimeMs();
      if (target > now) await env.sleep(target - now);
    };
    const verbs: Record<string, HazardAction> = {
      'hazard.ack': 'ack',
      'hazard.submit': 'submit',
      'hazard.verify': 'verify',
      'hazard.extend': 'extend',
      'hazard.decide_extension': 'decide',
    };
    await worker.runUntil(async () => {
      await advanceTo(scenario.start);
      for (const action of scenario.actions) {
        await advanceTo(action.at);
        if (action.do === 'hazard.report') await act(gateway, 'hazard', undefined, 'report', action.with);
        else {
          const { id, ...input } = action.with;
          await act(gateway, 'hazard', String(id), verbs[action.do]!, input);
        }
        progress(`  ${formatInstant(action.at)} ${action.do} ${action.with.id ?? ''}`);
      }
      await advanceTo(scenario.until);
    });
    const notices = await db.prisma.notice.findMany({ where: { status: 'sent' }, select: { kind: true } });
    const hazards = await db.prisma.hazard.findMany({ select: { status: true } });
    return { notices, hazards };
  } finally {
    await db?.close();
    await env.teardown();
    await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
  }
}

async function main(): Promise<void> {
  quietTemporalLogs('ERROR');
  const profileFile = opts.profile;
  const { profile } = checkProfile(readFileSync(profileFile, 'utf8'), profileFile);
  const { actions, cycles, major, enterprises } = generate(profile);
  const dir = mkdtempSync(join(tmpdir(), 'anwei-bench-'));
  const file = opts.scenario ?? join(dir, 'season.yaml');
  if (!opts.scenario) writeFileSync(
    file,
    `# Generated by bench/simulate-season.ts (seed ${SEED}); not meant to be edited.\n` +
      stringify({
        profile: profileFile,
        start: formatInstant(START),
        until: formatInstant(UNTIL),
        actions: actions.map((a) => ({ at: formatInstant(a.at), do: a.do, with: a.with })),
      }),
  );
  const count = (name: string) => actions.filter((a) => a.do === name).length;
  if (opts.scenario) console.log(`anwei season benchmark — the scenario ${opts.scenario}`);
  else console.log(`anwei season benchmark — ${profile.town}, ${formatInstant(START)} to ${formatInstant(UNTIL)} (${DAYS} days), seed ${SEED}`);
  if (!opts.scenario) console.log(
    `  scenario: ${count('hazard.report')} hazards (${major} major) at ${enterprises} of ${profile.enterprises.length} enterprises, ` +
      `${actions.length} actions (${['hazard.ack', 'hazard.submit', 'hazard.verify', 'hazard.extend', 'hazard.decide_extension'].map((n) => `${n.slice(7)} ${count(n)}`).join(', ')})`,
  );
  if (!opts.scenario) console.log(`  life cycles: ${Object.entries(cycles).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`  database: ${opts.postgres ? 'PostgreSQL (scratch database)' : 'SQLite (scratch file, via simulate())'}`);

  // Bundling is set-up, not simulation: make sure the bundle is current before the clock starts.
  await buildWorkflowBundle();
  let done = 0;
  let firstActionAt = 0;
  let lastActionAt = 0;
  const progress = () => {
    lastActionAt = performance.now();
    if (++done === 1) firstActionAt = lastActionAt;
    if (done % 100 === 0) process.stderr.write(`  … ${done}/${actions.length} actions\n`);
  };
  const rss = sampleRss({ everyMs: 500, descendants: true });
  const started = performance.now();
  let outcome: Outcome;
  try {
    if (opts.postgres) outcome = await simulateOnPostgres(file, progress);
    else {
      const result = await simulate(file, { log: progress });
      outcome = { notices: result.notifications, hazards: result.hazards, messages: result.messages.length, posts: result.posts.length };
    }
  } finally {
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
  const ended = performance.now();
  const seconds = (ended - started) / 1000;
  const phase = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
  const memory = rss.stop();

  const byKind = new Map<string, number>(HAZARD_NOTICE_KINDS.map((k) => [k, 0]));
  for (const n of outcome.notices) byKind.set(n.kind, (byKind.get(n.kind) ?? 0) + 1);
  const byStatus = new Map<string, number>();
  for (const h of outcome.hazards) byStatus.set(h.status, (byStatus.get(h.status) ?? 0) + 1);
  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  console.log('');
  console.log(`  wall time        ${seconds.toFixed(1)} s (set-up, simulation and tear-down)`);
  console.log(
    `                   start to 1st action ${phase(started, firstActionAt)}, actions ${phase(firstActionAt, lastActionAt)}, ` +
      `last action to the end of the season and tear-down ${phase(lastActionAt, ended)}`,
  );
  console.log(`  workflows        ${outcome.hazards.length} (${[...byStatus].map(([s, n]) => `${s} ${n}`).join(', ')})`);
  console.log(`  notices sent     ${outcome.notices.length}`);
  if (outcome.messages !== undefined) {
    // A running engine sends each recipient their own copy (their own links): one email per address and message.
    const copies = new Set(outcome.notices.flatMap((n) => Object.entries(n.emails ?? {}).flatMap(([to, id]) => (id ? [`${to} ${id}`] : []))));
    const withoutDigest = outcome.notices.reduce((sum, n) => sum + (n.to?.length ?? 0), 0);
    console.log(`  emails           ${copies.size} to their recipients (each their own copy; without the daily digest ${withoutDigest}); ${outcome.messages} as simulate sends them`);
    console.log(`  robot posts      ${outcome.posts}`);
  }
  console.log(`  notices/s        ${(outcome.notices.length / seconds).toFixed(1)}`);
  console.log(`  workflows/s      ${(outcome.hazards.length / seconds).toFixed(2)}`);
  console.log(`  actions/s        ${(actions.length / seconds).toFixed(1)}`);
  console.log(`  peak RSS         node ${mb(memory.selfKb)}; with the test server ${mb(memory.totalKb)} (children ${mb(memory.childrenKb)}, sampled)`);
  console.log('  notices by kind');
  for (const [kind, n] of byKind) console.log(`    ${kind.padEnd(32)} ${String(n).padStart(5)}`);
  const missing = [...byKind].filter(([, n]) => n === 0).map(([k]) => k);
  if (missing.length) console.log(`  (no ${missing.join(', ')} this season)`);
  if (opts.keep) console.log(`  scenario kept: ${file}`);
}

await main();
// Temporal's native runtime can keep the event loop alive after everything is closed.
process.exit(0);
