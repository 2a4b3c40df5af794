// Benchmark (issue 13): `anwei profile load` of a district of 50,000 enterprises (tests/support/district.ts,
// deterministic) into a scratch SQLite database, run as the office runs it — a child process
// `node bin/anwei.js profile load <file>` with ANWEI_DATA_DIR naming a scratch folder (its database migrated
// beforehand, so the figure is the load alone) and no engine running (ANWEI_TEMPORAL_PORT names a port
// nothing listens on) — then a reload of the same file with one enterprise's name changed, run the same way.
// Measures each run's wall time and the child's peak RSS (/usr/bin/time's maximum resident set when it is
// there, else the child's VmHWM sampled from /proc).
//
//   npx tsx bench/profile.ts [--enterprises 50000] [--json]      (npm run bench:profile)
//
// Targets on 2 cores: load ≤ 15 s and ≤ 600 MB; the reload changing one enterprise ≤ 3 s. With --json prints
// one object { load_s, load_rss_mb, reload_s, reload_rss_mb, load_cpu_s, reload_cpu_s, enterprises } and its
// progress on stderr (CPU seconds too: on a shared machine the wall time also counts waiting for a core). Runs the
// compiled CLI in dist/, built first (node scripts/setup.mjs, its lines on stderr). Not part of the test suite;
// see docs/profile.md.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { migrateDatabase } from '../prisma/client.ts';
import { districtProfile } from '../tests/support/district.ts';
import { freePort } from '../tests/support/ports.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'anwei.js');
const TIME = '/usr/bin/time';

const { values: opts } = parseArgs({
  options: { enterprises: { type: 'string', default: '50000' }, json: { type: 'boolean', default: false } },
});
const N = Number(opts.enterprises);
if (!Number.isInteger(N) || N < 1 || N > 99_999) throw new Error('--enterprises takes a whole number from 1 to 99999');
const log = (line: string) => (opts.json ? process.stderr : process.stdout).write(`${line}\n`);

interface Run {
  seconds: number;
  rssMb: number;
  /** CPU seconds (user + system) the child used: on a shared machine the wall time also counts waiting for a core. */
  cpuSeconds: number;
  stdout: string;
}

/** CPU seconds (user + system) a live process has used, 0 when it is gone. */
function cpuOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Peak resident memory of a live process in kB (its high-water mark), 0 when it is gone. */
function hwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs `anwei profile load <file>` as a child process; its wall time and peak RSS. */
async function load(file: string, env: NodeJS.ProcessEnv, scratch: string): Promise<Run> {
  const useTime = existsSync(TIME);
  const timeOut = join(scratch, 'time.txt');
  const [command, args] = useTime
    ? [TIME, ['-o', timeOut, '-f', '%M %U %S', process.execPath, BIN, 'profile', 'load', file]]
    : [process.execPath, [BIN, 'profile', 'load', file]];
  const started = performance.now();
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Without /usr/bin/time: the child's high-water mark, sampled until it exits.
  let sampled = 0;
  let cpu = 0;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, hwmKb(child.pid!));
    cpu = Math.max(cpu, cpuOf(child.pid!));
  }, 50);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  if (code !== 0) throw new Error(`anwei profile load exited ${code}:\n${stdout}\n${stderr}`);
  if (!useTime) return { seconds, rssMb: sampled / 1024, cpuSeconds: cpu, stdout };
  const [kb, user, system] = (readFileSync(timeOut, 'utf8').trim().split('\n').pop() ?? '').split(' ').map(Number);
  return { seconds, rssMb: kb! / 1024, cpuSeconds: user! + system!, stdout };
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts', 'setup.mjs')], { stdio: ['ignore', 2, 2] });
  if (build.status !== 0) throw new Error('node scripts/setup.mjs failed');
  const scratch = mkdtempSync(join(tmpdir(), 'anwei-profile-bench-'));
  try {
    const text = districtProfile(N);
    const file = join(scratch, 'district.yaml');
    writeFileSync(file, text);
    // One enterprise in the middle of the file gets another name; everything else stays as loaded.
    const middle = `e${String(Math.floor(N / 2)).padStart(5, '0')}`;
    const changed = text.replace(`name: 企业${middle},`, `name: 企业${middle}（更名）,`);
    if (changed === text) throw new Error(`enterprise ${middle} not found in the generated profile`);
    const changedFile = join(scratch, 'district-renamed.yaml');
    writeFileSync(changedFile, changed);
    log(`profile: ${N.toLocaleString('en')} enterprises, ${(text.length / 1e6).toFixed(1)} M characters (${file})`);

    const dataDir = join(scratch, 'data');
    await migrateDatabase(`file:${join(dataDir, 'anwei.db')}`);
    const env: NodeJS.ProcessEnv = { ...process.env, ANWEI_DATA_DIR: dataDir, ANWEI_TEMPORAL_PORT: String(await freePort()) };
    delete env.DATABASE_URL;
    delete env.TEMPORAL_ADDRESS;

    const first = await load(file, env, scratch);
    log(`load:   ${first.seconds.toFixed(1)} s (CPU ${first.cpuSeconds.toFixed(1)} s), peak RSS ${first.rssMb.toFixed(0)} MB`);
    const again = await load(changedFile, env, scratch);
    log(`reload: ${again.seconds.toFixed(1)} s (CPU ${again.cpuSeconds.toFixed(1)} s), peak RSS ${again.rssMb.toFixed(0)} MB (one enterprise renamed: ${middle})`);
    log(`  ${again.stdout.trim().split('\n')[0]}`);
    const result = {
      enterprises: N,
      load_s: Number(first.seconds.toFixed(2)),
      load_rss_mb: Math.round(first.rssMb),
      reload_s: Number(again.seconds.toFixed(2)),
      reload_rss_mb: Math.round(again.rssMb),
      load_cpu_s: Number(first.cpuSeconds.toFixed(2)),
      reload_cpu_s: Number(again.cpuSeconds.toFixed(2)),
    };
    const met = result.load_s <= 15 && result.load_rss_mb <= 600 && result.reload_s <= 3;
    log(`targets (load ≤ 15 s, ≤ 600 MB; reload ≤ 3 s): ${met ? 'met' : 'NOT met'}`);
    if (opts.json) console.log(JSON.stringify(result));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
