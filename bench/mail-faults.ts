// Fault benchmark (not in `npm test`): `kill -9` of the engine while it sends email, again and again,
// against a real SMTP server; then what arrived, twice, or never. Black-box: the engine runs as an office
// runs it, `node bin/anwei.js start` (dist/, which the npm script builds first), with a scratch data folder
// (SQLite), a Temporal dev server of this script's own (the pinned binary) given by TEMPORAL_ADDRESS — so
// a kill ends only the worker — and SMTP_URL pointing at bench/smtp-recorder.ts.
//
//   npm run bench:mail-faults [-- --kills 20 --reports-per-kill 3 --accept-delay 100 --jitter 200 --seed 1 --json --keep]
//
// Load: after each start of the engine, `--reports-per-kill` hazard reports through the CLI (`anwei hazard
// report --id FT-…`, each sending its report notice at once), and after the first also one campaign start
// (one email per inspector). Kills: after each start, wait for the next send to begin (MAIL FROM at the
// server), then 0–`--jitter` ms more (seeded), SIGKILL the engine, and start it again. The server answers
// a message's data `--accept-delay` ms after it ends, as a remote server does; a message counts as received
// when that answer goes out, whether or not its sender is still alive to hear it.
// The end: the last reports finish, the outbox drains (every Notice row sent or failed and no new row for
// 15 s; at most `--drain-timeout` seconds), the engine stops with SIGINT.
//
// Prints (`--json`: one object with the same fields):
//   notices      rows in the Notice table (the outbox)
//   emails       the emails those rows stand for (sent or pending, with recipients; see missing)
//   messages     messages the SMTP server received
//   duplicates   Message-IDs received more than once, each with its number of copies
//   missing      emails of notices marked sent or pending, with recipients, whose Message-ID never arrived:
//                a notice with personal links (contract §7) is one email per recipient, each with its own
//                Message-ID (`<key>:to:<n>`), the others one email to all; a copy carried by a daily digest
//                or given to a group robot instead is not expected
//   retry delay  for each restart: from the engine being up again (it printed "anwei 已启动") to the first
//                message sent by the restarted engine whose notice was pending in the outbox at the kill
//                (its row written, that copy not yet marked sent: in flight, or waiting for its next attempt); 0 when
//                that message came while the engine was still starting (its worker runs before it prints
//                that it is up). The longest over all restarts; also, per restart, the time until all of
//                them had arrived. A message the killed engine had sent in full is accepted by the server
//                before the restart begins, so it is never taken for a retry.
// Every process it starts (dev server, engine, CLI commands) is ended when it finishes, fails, or gets
// Ctrl-C; the scratch folder is removed unless `--keep`.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startDevServer, type DevServer } from '../client/temporal.ts';
import { copyKey, type Delivery } from '../activities/notices.ts';
import { messageIdFor } from '../activities/mail/compose.ts';
import { openDatabase, type Database } from '../prisma/client.ts';
import { freePort } from '../tests/support/ports.ts';
import { rng } from './rng.ts';
import { startSmtpRecorder, type SmtpRecorder } from './smtp-recorder.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'anwei.js');
const UP_LINE = 'anwei 已启动';
const UP_TIMEOUT_MS = 180_000;
const SEND_WAIT_MS = 60_000;
const CLI_TIMEOUT_MS = 300_000;
const QUIET_MS = 15_000;

const { values: opts } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' },
    'reports-per-kill': { type: 'string', default: '3' },
    'accept-delay': { type: 'string', default: '100' },
    jitter: { type: 'string', default: '200' },
    seed: { type: 'string', default: '1' },
    'drain-timeout': { type: 'string', default: '900' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const wholeNumber = (name: keyof typeof opts) => {
  const value = Number(opts[name]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name}: expected a whole number, got ${String(opts[name])}`);
  return value;
};
const KILLS = wholeNumber('kills');
const REPORTS_PER_KILL = wholeNumber('reports-per-kill');
const ACCEPT_DELAY_MS = wholeNumber('accept-delay');
const JITTER_MS = wholeNumber('jitter');
const DRAIN_TIMEOUT_MS = wholeNumber('drain-timeout') * 1000;
const random = rng(wholeNumber('seed'));

/** Progress goes to stderr, so that `--json` leaves stdout to the result. */
const progress = (line: string) => process.stderr.write(`mail-faults: ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------------------------------------
// The processes this script runs, all ended by stopEverything().

const scratch = mkdtempSync(join(tmpdir(), 'anwei-mail-faults-'));
let devServer: DevServer | undefined;
let smtp: SmtpRecorder | undefined;
let db: Database | undefined;
let engine: Engine | undefined;
const commands = new Set<ChildProcess>();

let stopping: Promise<void> | undefined;
function stopEverything(): Promise<void> {
  return (stopping ??= (async () => {
    for (const child of commands) child.kill('SIGKILL');
    if (engine && engine.child.exitCode === null && engine.child.signalCode === null) engine.child.kill('SIGKILL');
    await db?.close().catch(() => undefined);
    await devServer?.stop().catch(() => undefined);
    await smtp?.close().catch(() => undefined);
    if (opts.keep) progress(`scratch folder kept: ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  })());
}
for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping everything`);
    void stopEverything().finally(() => process.exit(code));
  });
}

/** The environment of the engine and the CLI: this run's servers and data, nothing from the caller's shell. */
function engineEnv(temporalAddress: string, smtpUrl: string): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(([name]) => !/^(ANWEI_|TEMPORAL_|DATABASE_URL$|SMTP_URL$)/.test(name));
  return { ...Object.fromEntries(inherited), ANWEI_DATA_DIR: scratch, TEMPORAL_ADDRESS: temporalAddress, SMTP_URL: smtpUrl };
}

interface Engine {
  child: ChildProcess;
  /** When it printed that it is up (Date.now()). */
  up: Promise<number>;
  exited: Promise<void>;
}

function startEngine(env: NodeJS.ProcessEnv): Engine {
  const child = spawn(process.execPath, [BIN, 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const up = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`anwei start was not up within ${seconds(UP_TIMEOUT_MS)}:\n${output}`)), UP_TIMEOUT_MS);
    const read = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (!output.includes(UP_LINE)) return;
      clearTimeout(timer);
      resolve(Date.now());
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    // Once up, a later exit (the kill) settles nothing.
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`anwei start ended (${child.signalCode ?? `exit ${child.exitCode}`}) before it was up:\n${output}`));
    });
  });
  return { child, up, exited };
}

interface CommandResult {
  args: string[];
  code: number | null;
  stderr: string;
}

/** Runs `anwei <args>` to its end (killed after CLI_TIMEOUT_MS). */
function anwei(args: string[], env: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    commands.add(child);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      commands.delete(child);
      resolve({ args, code, stderr: stderr.trim() });
    });
  });
}

// ---------------------------------------------------------------------------------------------
// The run.

interface Restart {
  killedAt: number;
  /** When the new engine process was started. */
  restartAt: number;
  /** Whether the kill came while a send was under way (else: none began within SEND_WAIT_MS). */
  duringSend: boolean;
  /** Message-IDs of the outbox's emails not yet sent when the engine was dead. */
  pendingAtKill: Set<string>;
  upAt: number;
}

async function main(): Promise<void> {
  smtp = await startSmtpRecorder({ acceptDelayMs: ACCEPT_DELAY_MS });
  devServer = await startDevServer({ dbFile: join(scratch, 'temporal.db'), port: await freePort(), uiPort: await freePort() });
  const env = engineEnv(devServer.address, smtp.url);
  progress(`scratch ${scratch}; Temporal ${devServer.address}; SMTP ${smtp.url}`);

  engine = startEngine(env);
  await engine.up;
  db = await openDatabase(pathToFileURL(join(scratch, 'anwei.db')).href);
  const town = await db.prisma.town.findUniqueOrThrow({ where: { id: 1 } });
  const sectors = new Map((await db.prisma.sector.findMany()).map((s) => [s.id, s.inspectorId]));
  const enterprises = (await db.prisma.enterprise.findMany({ where: { active: true }, orderBy: { id: 'asc' } })).map((e) => ({
    id: e.id,
    inspector: sectors.get(e.sectorId)!,
  }));

  const load = [anwei(['campaign', 'start', '--template', 'safety_month', '--by', town.safetyLeaderId, '--no-wait'], env)];
  let reported = 0;
  function reportSome() {
    for (let i = 0; i < REPORTS_PER_KILL; i++) {
      const n = ++reported;
      const enterprise = random.pick(enterprises);
      // Ids of its own: reports made at once may not get distinct automatic numbers, a fault measured elsewhere.
      const id = `FT-${String(n).padStart(4, '0')}`;
      load.push(
        anwei(['hazard', 'report', '--id', id, '--enterprise', enterprise.id, '--level', 'general', '--description', `故障测试隐患 ${n}`, '--workdays', '5', '--by', enterprise.inspector], env),
      );
    }
  }

  const restarts: Restart[] = [];
  for (let kill = 1; kill <= KILLS; kill++) {
    reportSome();
    const duringSend = await smtp.nextSend(SEND_WAIT_MS);
    await sleep(random.int(0, JITTER_MS));
    engine.child.kill('SIGKILL');
    const killedAt = Date.now();
    await engine.exited;
    // The killed engine's last message, if its data was complete, is accepted by now: it is not a retry.
    await sleep(ACCEPT_DELAY_MS + 200);
    const pending = (await db.prisma.notice.findMany({ where: { status: 'pending' }, select: OUTBOX_COLUMNS })).flatMap((row) => emailsOf(row).filter((e) => !e.sent));
    const restartAt = Date.now();
    engine = startEngine(env);
    const upAt = await engine.up;
    restarts.push({ killedAt, restartAt, duringSend, pendingAtKill: new Set(pending.map((e) => e.messageId)), upAt });
    progress(`kill ${kill}/${KILLS}${duringSend ? ' during a send' : ' (no send under way)'}: ${pending.length} emails pending; up again after ${seconds(upAt - killedAt)}`);
  }
  reportSome();

  progress(`waiting for ${load.length} commands to finish`);
  const results = await Promise.all(load);
  const failed = results.filter((r) => r.code !== 0);

  progress('waiting for the outbox to drain');
  const drainStart = Date.now();
  let drained = false;
  let rows = -1;
  let changedAt = Date.now();
  while (Date.now() - drainStart < DRAIN_TIMEOUT_MS) {
    const [count, pending] = await Promise.all([db.prisma.notice.count(), db.prisma.notice.count({ where: { status: 'pending' } })]);
    if (count !== rows) [rows, changedAt] = [count, Date.now()];
    if (pending === 0 && Date.now() - changedAt >= QUIET_MS) {
      drained = true;
      break;
    }
    await sleep(1000);
  }
  const drainMs = Date.now() - drainStart;
  engine.child.kill('SIGINT');
  await Promise.race([engine.exited, sleep(30_000)]);

  const notices = await db.prisma.notice.findMany({ select: OUTBOX_COLUMNS });
  print(summarize({ notices, received: smtp.received, restarts, failed, reports: reported, drained, drainMs }));
}

// ---------------------------------------------------------------------------------------------
// The figures.

const OUTBOX_COLUMNS = { key: true, messageId: true, status: true, recipientsJson: true, deliveriesJson: true } as const;
type OutboxRow = { key: string; messageId: string; status: string; recipientsJson: string; deliveriesJson: string | null };

/**
 * The emails an outbox row stands for, as the engine sends them (activities/notices.ts): each recipient's own
 * copy under its own Message-ID, or one email to all under the row's; whether each is marked sent. Copies
 * a daily digest carries or a group robot reaches instead are not emails of the row.
 */
function emailsOf(row: OutboxRow): Array<{ messageId: string; sent: boolean }> {
  if (!row.deliveriesJson) return [{ messageId: row.messageId, sent: row.status === 'sent' }];
  // The sender's domain, as the row's own Message-ID carries it.
  const from = `anwei${row.messageId.slice(row.messageId.lastIndexOf('@'), -1)}`;
  return (JSON.parse(row.deliveriesJson) as Delivery[]).flatMap((copy, i) =>
    copy.digest || copy.robot ? [] : [{ messageId: messageIdFor(copyKey(row.key, i), from), sent: copy.sent }],
  );
}

interface Outcome {
  notices: OutboxRow[];
  received: Array<{ messageId: string; at: number }>;
  restarts: Restart[];
  failed: CommandResult[];
  reports: number;
  drained: boolean;
  drainMs: number;
}

function summarize(o: Outcome) {
  const copies = new Map<string, number>();
  for (const m of o.received) copies.set(m.messageId, (copies.get(m.messageId) ?? 0) + 1);
  const duplicates = [...copies].filter(([, n]) => n > 1).map(([messageId, n]) => ({ messageId, copies: n }));
  const expected = o.notices.filter((n) => (n.status === 'sent' || n.status === 'pending') && n.recipientsJson !== '[]');
  const missing = expected.flatMap((n) => emailsOf(n).filter((e) => !copies.has(e.messageId)).map((e) => ({ messageId: e.messageId, status: n.status, notice: n.key })));

  const perRestart = o.restarts.map((r, i) => {
    const firstArrival = new Map<string, number>();
    for (const m of o.received) {
      if (m.at >= r.restartAt && r.pendingAtKill.has(m.messageId) && !firstArrival.has(m.messageId)) firstArrival.set(m.messageId, m.at);
    }
    const arrivals = [...firstArrival.values()].map((at) => Math.max(0, at - r.upAt));
    return {
      restart: i + 1,
      duringSend: r.duringSend,
      pendingAtKill: r.pendingAtKill.size,
      upAfterMs: r.upAt - r.killedAt,
      firstRetryMs: arrivals.length ? Math.min(...arrivals) : null,
      allArrivedMs: arrivals.length && arrivals.length === r.pendingAtKill.size ? Math.max(...arrivals) : null,
    };
  });
  const longest = (key: 'firstRetryMs' | 'allArrivedMs') =>
    perRestart.reduce<{ restart: number; ms: number } | null>((best, r) => {
      const ms = r[key];
      return ms !== null && (!best || ms > best.ms) ? { restart: r.restart, ms } : best;
    }, null);

  return {
    parameters: { kills: KILLS, reportsPerKill: REPORTS_PER_KILL, acceptDelayMs: ACCEPT_DELAY_MS, jitterMs: JITTER_MS, seed: Number(opts.seed) },
    killsDuringSend: o.restarts.filter((r) => r.duringSend).length,
    hazardsReported: o.reports,
    commandsFailed: o.failed.map((f) => ({ command: f.args.slice(0, 4).join(' '), code: f.code, error: f.stderr.split('\n').slice(-3).join(' ') })),
    notices: o.notices.length,
    emails: expected.reduce((sum, n) => sum + emailsOf(n).length, 0),
    messages: o.received.length,
    duplicates: { count: duplicates.reduce((sum, d) => sum + d.copies - 1, 0), messages: duplicates },
    missing: { count: missing.length, notices: missing },
    retryDelay: {
      definition:
        'per restart: from the engine up again to the first message sent by the restarted engine that was pending in the outbox at the kill (an unsent row, or an unsent copy of one), 0 if it came while the engine was starting (allArrivedMs: until all of them had); longest over restarts',
      longestFirstRetryMs: longest('firstRetryMs'),
      longestAllArrivedMs: longest('allArrivedMs'),
      perRestart,
    },
    drained: o.drained,
    drainMs: o.drainMs,
  };
}

function print(result: ReturnType<typeof summarize>): void {
  if (opts.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const { parameters: p, retryDelay: d } = result;
  const restartOf = (x: { restart: number; ms: number } | null) => (x ? `${seconds(x.ms)} (restart ${x.restart})` : 'none');
  console.log(`anwei mail faults: ${p.kills} kills of the engine (${result.killsDuringSend} during a send), ${result.hazardsReported} hazards reported, 1 campaign`);
  console.log(`  SMTP server answers ${p.acceptDelayMs} ms after a message's data; kills 0–${p.jitterMs} ms after a send began; seed ${p.seed}`);
  console.log(`  notices      ${result.notices}   (rows in the Notice table)`);
  console.log(`  emails       ${result.emails}   (the emails of the rows sent or pending: one per recipient where links are personal)`);
  console.log(`  messages     ${result.messages}   (received by the SMTP server)`);
  console.log(`  duplicates   ${result.duplicates.count}   (copies beyond the first)`);
  for (const m of result.duplicates.messages) console.log(`               ${m.messageId} ×${m.copies}`);
  console.log(`  missing      ${result.missing.count}   (emails of notices sent or pending, never received)`);
  for (const m of result.missing.notices) console.log(`               ${m.messageId} (${m.notice}, ${m.status})`);
  console.log(`  retry delay  longest ${restartOf(d.longestFirstRetryMs)}: from the engine up again to the first message it sent that was pending at the kill`);
  console.log(`               longest ${restartOf(d.longestAllArrivedMs)} until every message pending at the kill had arrived`);
  for (const r of d.perRestart) {
    const first = r.firstRetryMs === null ? '—' : seconds(r.firstRetryMs);
    const all = r.allArrivedMs === null ? '—' : seconds(r.allArrivedMs);
    console.log(`               restart ${String(r.restart).padStart(2)}: ${String(r.pendingAtKill).padStart(3)} pending at the kill, up after ${seconds(r.upAfterMs)}, first ${first}, all ${all}`);
  }
  console.log(`  outbox       ${result.drained ? 'drained' : 'NOT drained'} ${seconds(result.drainMs)} after the last command finished`);
  if (result.commandsFailed.length) {
    console.log(`  commands failed: ${result.commandsFailed.length}`);
    for (const f of result.commandsFailed) console.log(`               ${f.command} → exit ${f.code}: ${f.error}`);
  }
}

try {
  await main();
} catch (error) {
  progress(`failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await stopEverything();
}
process.exit();
