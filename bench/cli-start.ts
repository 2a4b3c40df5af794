// Benchmark: how long the `anwei` command takes to start, measured against node's own start on the same
// machine in the same run. Seeds a scratch data folder — a migrated SQLite database holding the demo town
// (examples/demo-town.yaml) and 1,000 hazards written as the ledger writes them — then runs `node -e 0`,
// `anwei --help` and `anwei hazard list` as whole processes, interleaved, after one warm-up run of each.
// Prints each one's median and range and the ratios of the medians to node's; `--json` prints one object.
//
//   npx tsx bench/cli-start.ts [--runs 10] [--hazards 1000] [--json]      (npm run bench:cli)
//
// Target: both ratios at most 6. Runs the compiled CLI in dist/, built first (node scripts/setup.mjs, its
// lines on stderr), with the node that runs this script. Not part of the test suite; see docs/cli.md.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadProfile } from '../client/profile-loader.ts';
import type { HazardState } from '../domain/hazard.ts';
import { addDays, localDateOf } from '../domain/time.ts';
import { migrateDatabase, openDatabase, type Database } from '../prisma/client.ts';
import { rng } from './rng.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'anwei.js');

const { values: opts } = parseArgs({
  options: { runs: { type: 'string', default: '10' }, hazards: { type: 'string', default: '1000' }, json: { type: 'boolean', default: false } },
});
const RUNS = Number(opts.runs);
const HAZARDS = Number(opts.hazards);
if (!Number.isInteger(RUNS) || RUNS < 1 || !Number.isInteger(HAZARDS) || HAZARDS < 1) throw new Error('--runs and --hazards take a positive whole number');
const log = (line: string) => (opts.json ? process.stderr : process.stdout).write(`${line}\n`);

/** Hazards of the demo town's enterprises, reported over the last 200 days; rows and events as recordHazard writes them. */
async function seedHazards(db: Database, count: number): Promise<void> {
  const { prisma } = db;
  const enterprises = await prisma.enterprise.findMany({ select: { id: true, sectorId: true } });
  const inspectors = new Map((await prisma.sector.findMany({ select: { id: true, inspectorId: true } })).map((s) => [s.id, s.inspectorId]));
  const random = rng(20261202);
  const today = localDateOf(Date.now());
  const hazards = [];
  const events = [];
  for (let i = 1; i <= count; i++) {
    const enterprise = random.pick(enterprises);
    const id = `YH-BENCH-${String(i).padStart(4, '0')}`;
    const reportedOn = addDays(today, -random.int(0, 200));
    const reportedAt = new Date(`${reportedOn}T02:00:00Z`);
    const status = random.weighted({ open: 5, submitted: 2, closed: 3 });
    const by = inspectors.get(enterprise.sectorId)!;
    const days = random.int(5, 60);
    const due = addDays(reportedOn, days);
    const escalationLevel = status === 'open' ? random.int(0, 2) : 0;
    const state: HazardState = {
      id,
      enterpriseId: enterprise.id,
      sectorId: enterprise.sectorId,
      level: random.weighted({ general: 9, major: 1 }),
      description: `消防通道堵塞，疏散指示标志损坏（基准测试 ${i}）`,
      reportedBy: by,
      reportedAt: reportedAt.getTime(),
      status,
      round: 1,
      deadline: { days },
      due,
      dueTrace: `${reportedOn} 上报，期限 ${days} 个日历日：${addDays(reportedOn, days)}，逢休息日顺延至下一个工作日 ${due}`,
      dueSetAt: reportedAt.getTime(),
      extensionsUsed: 0,
      escalations: [1, 2].filter((level) => level <= escalationLevel).map((level) => ({ level: level as 1 | 2, at: reportedAt.getTime(), recipients: [by] })),
      ...(status === 'open' ? {} : { submission: { at: reportedAt.getTime(), by, evidence: '已清理通道并更换指示标志，照片见附件' } }),
      ...(status === 'closed' ? { closedAt: reportedAt.getTime() } : {}),
      done: ['reported', 'reminder'],
      outbox: [],
    };
    hazards.push({
      id,
      enterpriseId: state.enterpriseId,
      sectorId: state.sectorId,
      level: state.level,
      description: state.description,
      location: null,
      campaignId: null,
      reportedBy: by,
      reportedAt,
      planJson: null,
      status,
      round: 1,
      due,
      dueTrace: state.dueTrace,
      extensionsUsed: 0,
      escalationLevel,
      submittedAt: state.submission ? reportedAt : null,
      submittedBy: state.submission?.by ?? null,
      closedAt: state.closedAt !== undefined ? reportedAt : null,
      nextNoticeAt: status === 'closed' ? null : new Date(Date.now() + 86_400_000),
      stateJson: JSON.stringify(state),
    });
    events.push({ key: `hazard:${id}:reported`, hazardId: id, at: reportedAt, type: 'reported', by, evidence: null, detailJson: '{}' });
  }
  await prisma.hazard.createMany({ data: hazards });
  await prisma.hazardEvent.createMany({ data: events });
}

async function seed(dataDir: string): Promise<void> {
  const url = pathToFileURL(join(dataDir, 'anwei.db')).href;
  await migrateDatabase(url);
  const db = await openDatabase(url);
  try {
    const file = join(ROOT, 'examples', 'demo-town.yaml');
    await loadProfile(db, { text: readFileSync(file, 'utf8'), file, source: 'bench' });
    await seedHazards(db, HAZARDS);
  } finally {
    await db.close();
  }
}

interface Case {
  name: 'node' | 'help' | 'list';
  label: string;
  args: string[];
  /** What a successful run prints: a run that printed anything else timed an error. */
  expect: RegExp;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

function timeOnce(c: Case, env: NodeJS.ProcessEnv): number {
  const started = performance.now();
  const run = spawnSync(process.execPath, c.args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (run.status !== 0 || !c.expect.test(run.stdout)) {
    throw new Error(`${c.label} failed (exit ${run.status}):\n${run.stdout.slice(0, 2000)}\n${run.stderr.slice(0, 2000)}`);
  }
  return ms;
}

async function main(): Promise<void> {
  const setup = spawnSync(process.execPath, [join(ROOT, 'scripts', 'setup.mjs')], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (setup.status !== 0) throw new Error('node scripts/setup.mjs failed');
  const dataDir = mkdtempSync(join(tmpdir(), 'anwei-cli-bench-'));
  try {
    const seeding = performance.now();
    await seed(dataDir);
    log(`seeded ${dataDir}: demo town, ${HAZARDS} hazards (${((performance.now() - seeding) / 1000).toFixed(1)} s); node ${process.version}`);
    // Only the data folder: nothing from the developer's shell points the CLI elsewhere.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(ANWEI_|TEMPORAL_|DATABASE_URL$|SMTP_URL$)/.test(k)));
    env.ANWEI_DATA_DIR = dataDir;
    const cases: Case[] = [
      { name: 'node', label: 'node -e 0', args: ['-e', '0'], expect: /^$/ },
      { name: 'help', label: 'anwei --help', args: [BIN, '--help'], expect: /hazard/ },
      { name: 'list', label: `anwei hazard list (${HAZARDS})`, args: [BIN, 'hazard', 'list'], expect: /YH-BENCH-0001/ },
    ];
    for (const c of cases) timeOnce(c, env); // warm-up: the file cache, the compile cache if any
    const times = new Map(cases.map((c) => [c.name, [] as number[]]));
    for (let i = 0; i < RUNS; i++) {
      // A different order each round, so a slow moment of the machine is not always charged to one case.
      for (let k = 0; k < cases.length; k++) {
        const c = cases[(i + k) % cases.length]!;
        times.get(c.name)!.push(timeOnce(c, env));
      }
    }
    const med = (name: Case['name']) => median(times.get(name)!);
    const result = {
      node_ms: Math.round(med('node')),
      help_ms: Math.round(med('help')),
      list_ms: Math.round(med('list')),
      help_ratio: Number((med('help') / med('node')).toFixed(2)),
      list_ratio: Number((med('list') / med('node')).toFixed(2)),
    };
    if (opts.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return;
    }
    log(`${RUNS} runs each, interleaved (median, min–max):`);
    for (const c of cases) {
      const xs = times.get(c.name)!;
      const ratio = c.name === 'node' ? '' : `   ${(med(c.name) / med('node')).toFixed(1)}× node`;
      log(`  ${c.label.padEnd(28)} ${med(c.name).toFixed(0).padStart(6)} ms   ${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)} ms${ratio}`);
    }
    log(`target: anwei --help and anwei hazard list at most 6× node -e 0`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
