// Benchmark (issue 13): many open duty tasks asleep on one engine worker, against a Temporal dev server on
// this machine (client/temporal.ts startDevServer, free ports, scratch data; real wall-clock time, since
// the time-skipping server has no visibility queries) with a scratch SQLite database and the real mail
// pipeline into a capture transport. Measures:
//   open         items open in the ledger and running in visibility while measured;
//   rss_mb       this node process's peak RSS (it runs the worker) once they all sleep, through the measurements;
//   burst_all_s  `--burst` of them due at the same notice time: seconds from it until each one's notice is
//                sent and recorded (Notice status 'sent', its sentAt);
//   p99_idle_s   `--idle` of them waking one at a time over `--idle-span` seconds: p99 of sentAt − wake time;
//   reconcile_s  one reconciler pass (worker/reconciler.ts reconcilePass) over every open item.
//
//   npx tsx bench/sleepers.ts [--open 20000] [--burst 5000] [--idle 200] [--idle-span 120] [--json]
//                                                                               (npm run bench:sleepers)
//
// The items are started the way a duty's opening and a campaign's wave start theirs: each task's start
// taken here (rules.prepareStart) with one context, its workflow started asleep until its first notice (64
// starts in flight), then each chunk's rows and events recorded in one transaction. Their notices are the
// task's own (not a campaign's), sent by the workflow through the outbox. The town turns its daily digest
// off, so a scheduled notice goes out at its time instead of waiting for the recipient's digest.
//
// When items fall due. A task's first notice is its opening day at the town's policy noticeTime (HH:MM,
// one for the whole town): nothing else sets it. So
//   - the sleepers open on days 2–21 from now (notice time 09:00 as loaded first);
//   - the burst: once those are asleep, the profile is loaded again with noticeTime = the first whole minute
//     by which the burst can all be asleep (estimated from the rate the sleepers fell asleep at), and the
//     burst items open today: their prepared starts sleep until exactly that minute.
// "Asleep" is not "started": a start returns once the server has the workflow; it sleeps once the worker
// has run its first workflow task (and set its timer). Each group counts as asleep when the task queue has
// no workflow task waiting (DescribeTaskQueue's backlog); a burst not asleep by its minute is an error.
//   - the idle items: after the burst, opening today too (their assignment is then already due), each
//     started with its prepared start's `wakeAt` set to its own instant. The product has no per-task notice
//     instant: this uses the obligation's real timer and wake-up, step, ledger and send, but the step it
//     takes is due since the burst minute (recorded as sent late, at its real time).
// Progress goes to stderr; `--json` prints one object on stdout. Not part of the test suite.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client, Connection, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import proto from '@temporalio/proto';
import { NativeConnection } from '@temporalio/worker';
import { createMailTransport, type CaptureTransport } from '../activities/mail/transport.ts';
import { loadTaskContextFrom, recordPreparedStarts } from '../activities/task-record.ts';
import { loadProfile } from '../client/profile-loader.ts';
import { startDevServer } from '../client/temporal.ts';
import { taskSpecSchema, taskWorkflowId, type TaskContext, type TaskSpec } from '../domain/task.ts';
import { calendarYearsFor, prepareStart } from '../domain/task-rules.ts';
import { addDays, formatInstant, instantAt, localDateOf, type LocalDate } from '../domain/time.ts';
import { migrateDatabase, openDatabase, type Database } from '../prisma/client.ts';
import { districtProfile } from '../tests/support/district.ts';
import type { taskWorkflow } from '../workflows/task.ts';
import { buildWorkflowBundle } from '../worker/bundle.ts';
import { createEngineWorker, quietTemporalLogs } from '../worker/index.ts';
import { reconcilePass, runningWorkflowIds } from '../worker/reconciler.ts';
import { freePort } from '../tests/support/ports.ts';
import { sampleRss } from './rss.ts';

const { values: opts } = parseArgs({
  options: {
    open: { type: 'string', default: '20000' },
    burst: { type: 'string', default: '5000' },
    idle: { type: 'string', default: '200' },
    'idle-span': { type: 'string', default: '120' },
    enterprises: { type: 'string', default: '300' },
    json: { type: 'boolean', default: false },
  },
});
const OPEN = Number(opts.open);
const BURST = Number(opts.burst);
const IDLE = Number(opts.idle);
const IDLE_SPAN_MS = Number(opts['idle-span']) * 1000;
const ENTERPRISES = Number(opts.enterprises);
if (![OPEN, BURST, IDLE, ENTERPRISES].every(Number.isInteger) || BURST < 1 || IDLE < 1 || ENTERPRISES < 1 || OPEN < BURST + IDLE || !(IDLE_SPAN_MS >= 1000)) {
  console.error('usage: sleepers.ts [--open N ≥ burst + idle] [--burst N ≥ 1] [--idle N ≥ 1] [--idle-span seconds] [--enterprises N] [--json]');
  process.exit(2);
}

/** Starts in flight, as a campaign's wave (activities/campaigns.ts START_CONCURRENCY). */
const START_CONCURRENCY = 64;
/** Starts recorded in one transaction once they have all returned (campaigns.ts START_CHUNK). */
const START_CHUNK = 100;
/** The duty the bench's tasks belong to: its task ids are `bench-sleepers:<group>:<n>`. */
const DUTY = 'bench-sleepers';
/** How long to wait for the burst's or the idle items' notices before giving up. */
const SEND_TIMEOUT_MS = Math.max(15 * 60_000, BURST * 500);
/** How long the sleepers may take to fall asleep (their first workflow tasks run) before the bench gives up. */
const WAIT_MS = Math.max(15 * 60_000, OPEN * 200);
/** Start rate assumed before any was measured (the campaign fan-out's, docs/design.md 规模). */
const ASSUMED_STARTS_PER_S = 20;

const progress = (line: string) => process.stderr.write(`${line}\n`);
const out = (line: string) => (opts.json ? process.stderr : process.stdout).write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const seconds = (ms: number) => ms / 1000;

/** The district town, with the daily digest off and the tasks' notice time as given. */
function profileText(noticeTime: string): string {
  return `${districtProfile(ENTERPRISES)}policy:\n  digest: false\n  task: { noticeTime: '${noticeTime}' }\n`;
}

/** HH:MM of an instant in Shanghai (a policy noticeTime). */
const wallClock = (instant: number) => formatInstant(instant).slice(11, 16);

type Group = 'far' | 'burst' | 'idle';

/** One of the bench's tasks: assigned to an inspector, about an enterprise, due ten days after it opens. */
function specOf(group: Group, n: number, opensOn: LocalDate): TaskSpec {
  const e = `e${String(n % ENTERPRISES).padStart(5, '0')}`;
  const sector = n % 14; // tests/support/district.ts: enterprise n is in sector n % 14, inspected by insp<n % 14>
  return taskSpecSchema.parse({
    id: `${DUTY}:${group}:${String(n).padStart(6, '0')}`,
    dutyId: DUTY,
    dutyName: '隐患排查回头看（基准）',
    title: `企业${e}隐患排查回头看`,
    period: group,
    scope: { kind: 'enterprise', id: e },
    assigneeId: `insp${sector}`,
    level1: 'sector_leader',
    opensOn,
    opensTrace: 'bench/sleepers.ts',
    due: addDays(opensOn, 10),
    dueTrace: '开始后 10 天',
    proof: '检查记录和整改台账',
    unconfirmedYears: [],
  }) as TaskSpec;
}

/**
 * What went wrong with the workflow tasks of some workflows, from their histories: tasks that timed out
 * (waiting for a worker to take them — ScheduleToStart — or while one had them) and tasks that failed.
 * Each is work the worker did, or was given, more than once.
 */
async function workflowTaskTrouble(client: Client, ids: string[]): Promise<{ histories: number; timedOut: number; scheduleToStart: number; failed: number }> {
  let timedOut = 0;
  let scheduleToStart = 0;
  let failed = 0;
  for (const id of ids) {
    for (const e of (await client.workflow.getHandle(id).fetchHistory()).events ?? []) {
      const timeout = e.workflowTaskTimedOutEventAttributes;
      if (timeout) {
        timedOut++;
        if (timeout.timeoutType === proto.temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START) scheduleToStart++;
      }
      if (e.workflowTaskFailedEventAttributes) failed++;
    }
  }
  return { histories: ids.length, timedOut, scheduleToStart, failed };
}

/**
 * Waits until the queue has no workflow task waiting for a worker (twice in a row, a second apart): every
 * workflow started before has run its first task. Returns when, or throws after `limitMs`.
 */
async function asleep(client: Client, taskQueue: string, limitMs: number): Promise<number> {
  const { TaskQueueKind, TaskQueueType } = proto.temporal.api.enums.v1;
  const backlog = async () => {
    const { stats } = await client.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: taskQueue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
      reportStats: true,
    });
    if (!stats) throw new Error('the Temporal server does not report task queue statistics (DescribeTaskQueue reportStats)');
    return Number(stats.approximateBacklogCount ?? 0);
  };
  let empty = 0;
  for (const until = Date.now() + limitMs; Date.now() < until; await sleep(1000)) {
    const waiting = await backlog();
    empty = waiting === 0 ? empty + 1 : 0;
    if (empty >= 2) return Date.now();
  }
  throw new Error(`workflow tasks still waiting in ${taskQueue} after ${seconds(limitMs).toFixed(0)} s`);
}

interface Started {
  /** When each task's workflow start returned (performance.now() is not used: compared with wake times). */
  startedAt: number[];
  seconds: number;
}

/**
 * Starts the tasks prepared at `at` with `ctx`, as a campaign's wave does: START_CONCURRENCY starts in
 * flight across chunks, each chunk's prepared starts recorded in one transaction once its starts have
 * returned (a recorded task is a running one). `wakeAt` overrides a task's prepared wake time.
 */
async function startTasks(
  s: { client: Client; taskQueue: string; db: Database },
  specs: TaskSpec[],
  at: number,
  ctx: TaskContext,
  label: string,
  wakeAt?: (i: number) => number,
): Promise<Started> {
  const began = performance.now();
  const prepared = specs.map((spec, i) => {
    const p = prepareStart(spec, ctx, at);
    return wakeAt ? { ...p, start: { ...p.start, wakeAt: wakeAt(i) } } : p;
  });
  const startedAt = new Array<number>(specs.length).fill(0);
  const chunks = Math.ceil(specs.length / START_CHUNK);
  const left = Array.from({ length: chunks }, (_, c) => Math.min(START_CHUNK, specs.length - c * START_CHUNK));
  const chunkDone = left.map(() => {
    let resolve!: () => void;
    return { promise: new Promise<void>((r) => (resolve = r)), resolve: () => resolve() };
  });
  let next = 0;
  let lastPrinted = performance.now();
  const starting = Promise.all(
    Array.from({ length: Math.min(START_CONCURRENCY, specs.length) }, async () => {
      while (next < specs.length) {
        const i = next++;
        try {
          await s.client.workflow.start<typeof taskWorkflow>('taskWorkflow', {
            workflowId: taskWorkflowId(specs[i]!.id),
            taskQueue: s.taskQueue,
            args: [{ spec: specs[i]!, start: prepared[i]!.start }],
            workflowIdConflictPolicy: 'FAIL',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
        startedAt[i] = Date.now();
        const c = Math.floor(i / START_CHUNK);
        if (--left[c]! === 0) chunkDone[c]!.resolve();
      }
    }),
  );
  const failed = starting.then(() => new Promise<never>(() => {}));
  void failed.catch(() => {});
  for (let c = 0; c < chunks; c++) {
    await Promise.race([chunkDone[c]!.promise, failed]);
    await recordPreparedStarts(s.db, prepared.slice(c * START_CHUNK, (c + 1) * START_CHUNK));
    if (performance.now() - lastPrinted > 10_000) {
      lastPrinted = performance.now();
      const done = Math.min(specs.length, (c + 1) * START_CHUNK);
      progress(`  ${label}: ${done}/${specs.length} started and recorded after ${seconds(performance.now() - began).toFixed(0)} s (${memoryLine()})`);
    }
  }
  await starting;
  return { startedAt, seconds: seconds(performance.now() - began) };
}

/** Emails the capture transport took (and was cleared of). */
let emailsCaptured = 0;

/** Waits until every task of the group has its first notice sent; returns each one's sentAt (ms), by task id. */
async function sentTimes(db: Database, mail: CaptureTransport, group: Group, count: number, label: string): Promise<Map<string, number>> {
  const ref = { startsWith: `${DUTY}:${group}:` };
  const began = Date.now();
  let lastPrinted = began;
  for (;;) {
    // The capture keeps every email it took; a real transport keeps none: counted and let go.
    emailsCaptured += mail.captured.length;
    mail.clear();
    const sent = await db.prisma.notice.count({ where: { ref, kind: 'duty.assigned', status: 'sent' } });
    if (sent >= count) break;
    if (Date.now() - began > SEND_TIMEOUT_MS) throw new Error(`${label}: ${sent}/${count} notices sent after ${SEND_TIMEOUT_MS / 60_000} minutes`);
    if (Date.now() - lastPrinted > 10_000) {
      lastPrinted = Date.now();
      progress(`  ${label}: ${sent}/${count} sent after ${seconds(Date.now() - began).toFixed(0)} s (${memoryLine()})`);
    }
    await sleep(500);
  }
  const rows = await db.prisma.notice.findMany({ where: { ref, kind: 'duty.assigned', status: 'sent' }, select: { ref: true, sentAt: true } });
  return new Map(rows.map((r) => [r.ref, r.sentAt!.getTime()]));
}

/** This process's memory now: RSS, and how much of it is V8's heap. */
function memoryLine(): string {
  const m = process.memoryUsage();
  const mb = (b: number) => Math.round(b / 2 ** 20);
  return `RSS ${mb(m.rss)} MB, V8 heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB, external ${mb(m.external)} MB`;
}

/** The q-quantile by nearest rank. */
function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

async function main(): Promise<void> {
  const benchBegan = performance.now();
  const load = [loadavg()[0]!];
  quietTemporalLogs('ERROR');
  await buildWorkflowBundle();
  const scratch = mkdtempSync(join(tmpdir(), 'anwei-sleepers-'));
  const server = await startDevServer({ dbFile: join(scratch, 'temporal.db'), port: await freePort(), uiPort: await freePort() });
  const rss = sampleRss({ everyMs: 250, descendants: false });
  try {
    const connection = await NativeConnection.connect({ address: server.address });
    const client = new Client({ connection: await Connection.connect({ address: server.address }) });
    const url = `file:${join(scratch, 'anwei.db')}`;
    await migrateDatabase(url);
    const db = await openDatabase(url);
    await loadProfile(db, { text: profileText('09:00'), file: 'district.yaml', source: 'bench', at: new Date() });

    const taskQueue = `bench-${randomUUID()}`;
    const mail = createMailTransport({ type: 'capture', from: 'bench@localhost' });
    const worker = await createEngineWorker({ connection, taskQueue, db, mail, mailFrom: 'bench@localhost', timeSkipping: false });
    const running = worker.run();
    const s = { client, taskQueue, db };
    // The town's duty workflows, as a running engine has them (they are checked by every pass too).
    const setUp = await reconcilePass(s);
    progress(`set-up: ${ENTERPRISES} enterprises, ${setUp.report.dutiesStarted.length} duty workflows started`);

    // 1. The sleepers: opening on days 2–21 from now, asleep until then.
    const far = OPEN - BURST - IDLE;
    const today = localDateOf(Date.now());
    const farSpecs = Array.from({ length: far }, (_, n) => specOf('far', n, addDays(today, 2 + (n % 20))));
    let startRate = ASSUMED_STARTS_PER_S;
    let asleepRate = ASSUMED_STARTS_PER_S;
    let farSeconds = 0;
    let farAsleepSeconds = 0;
    if (far > 0) {
      const at = Date.now();
      const ctx = await loadTaskContextFrom(db, calendarYearsFor(farSpecs.at(-1)!, at));
      farSeconds = (await startTasks(s, farSpecs, at, ctx, 'sleepers')).seconds;
      startRate = far / farSeconds;
      progress(`sleepers: ${far} started and recorded in ${farSeconds.toFixed(1)} s (${startRate.toFixed(1)} /s)`);
      farAsleepSeconds = seconds((await asleep(client, taskQueue, WAIT_MS)) - at);
      asleepRate = far / farAsleepSeconds;
      progress(`sleepers: all asleep (first workflow task run) ${farAsleepSeconds.toFixed(1)} s after the first start (${asleepRate.toFixed(1)} /s)`);
    }
    const sleepingPeak = sampleRss({ everyMs: 250, descendants: false });
    const startingPeak = rss.peaks().selfKb;

    // 2. The burst: all due at one notice time, the first whole minute by which they can all be asleep.
    const burstAt = Math.ceil((Date.now() + (BURST / asleepRate) * 1500 + 30_000) / 60_000) * 60_000;
    await loadProfile(db, { text: profileText(wallClock(burstAt)), file: 'district.yaml', source: 'bench', at: new Date() });
    const burstDay = localDateOf(burstAt);
    const burstSpecs = Array.from({ length: BURST }, (_, n) => specOf('burst', n, burstDay));
    {
      const at = Date.now();
      const ctx = await loadTaskContextFrom(db, calendarYearsFor(burstSpecs[0]!, at));
      const wake = prepareStart(burstSpecs[0]!, ctx, at).start.wakeAt;
      if (wake !== burstAt) throw new Error(`the burst's tasks would wake at ${wake === undefined ? 'no time' : formatInstant(wake)}, not ${formatInstant(burstAt)}`);
      progress(`burst: ${BURST} tasks due at ${formatInstant(burstAt)} (noticeTime ${wallClock(burstAt)})`);
      const started = await startTasks(s, burstSpecs, at, ctx, 'burst');
      const lastStart = Math.max(...started.startedAt);
      progress(`burst: started and recorded in ${started.seconds.toFixed(1)} s, ${seconds(burstAt - lastStart).toFixed(0)} s before they are due`);
      if (lastStart > burstAt) throw new Error(`the burst's last task started ${seconds(lastStart - burstAt).toFixed(1)} s after they were due: not asleep in time`);
      const asleepAt = await asleep(client, taskQueue, Math.max(0, burstAt - Date.now()) + 1000);
      if (asleepAt > burstAt) throw new Error(`the burst was asleep ${seconds(asleepAt - burstAt).toFixed(1)} s after it was due: not asleep in time`);
      progress(`burst: all asleep ${seconds(burstAt - asleepAt).toFixed(0)} s before they are due`);
    }
    const openBefore = await db.prisma.task.count({ where: { dutyId: DUTY, status: { in: ['open', 'overdue'] } } });
    await sleep(burstAt - Date.now());
    load.push(loadavg()[0]!);
    const burstRss = sampleRss({ everyMs: 250, descendants: false });
    const burstSent = await sentTimes(db, mail, 'burst', BURST, 'burst');
    // peaks(), not stop(): stop() also takes the kernel's maxRSS, the whole process's peak so far.
    const burstPeak = burstRss.peaks().selfKb;
    burstRss.stop();
    const burstLateness = [...burstSent.values()].map((t) => t - burstAt);
    const burstAll = seconds(Math.max(...burstLateness));
    progress(`burst: all ${BURST} sent and recorded ${burstAll.toFixed(1)} s after ${wallClock(burstAt)}`);
    const burstTrouble = await workflowTaskTrouble(client, burstSpecs.filter((_, n) => n % Math.max(1, Math.floor(BURST / 100)) === 0).map((spec) => taskWorkflowId(spec.id)));
    progress(
      `burst: in ${burstTrouble.histories} sampled histories, ${burstTrouble.timedOut} workflow tasks timed out (${burstTrouble.scheduleToStart} waiting to start) and ${burstTrouble.failed} failed`,
    );

    // 3. The idle items: each waking at its own instant, one at a time over IDLE_SPAN_MS.
    const idleSpecs = Array.from({ length: IDLE }, (_, n) => specOf('idle', n, localDateOf(Date.now())));
    const idleFrom = Date.now() + (IDLE / asleepRate) * 1500 + 10_000;
    const idleWake = (i: number) => Math.round(idleFrom + (i * IDLE_SPAN_MS) / IDLE);
    let idleLateness: number[];
    let idleStartedLate = 0;
    const idleRss = sampleRss({ everyMs: 250, descendants: false });
    {
      const at = Date.now();
      const ctx = await loadTaskContextFrom(db, calendarYearsFor(idleSpecs[0]!, at));
      progress(`idle: ${IDLE} tasks waking one at a time from ${formatInstant(idleFrom)} over ${seconds(IDLE_SPAN_MS).toFixed(0)} s`);
      const started = await startTasks(s, idleSpecs, at, ctx, 'idle', idleWake);
      const sent = await sentTimes(db, mail, 'idle', IDLE, 'idle');
      // One whose start returned after its wake time woke at its start, not by its timer: not counted.
      const timed = idleSpecs.flatMap((spec, i) => (started.startedAt[i]! <= idleWake(i) ? [i] : []));
      idleStartedLate = IDLE - timed.length;
      idleLateness = timed.map((i) => sent.get(idleSpecs[i]!.id)! - idleWake(i));
    }
    const idlePeak = idleRss.peaks().selfKb;
    idleRss.stop();
    const worst = idleLateness.map((late, k) => ({ late, k })).sort((a, b) => b.late - a.late).slice(0, 5);
    progress(`idle: the latest: ${worst.map((w) => `${seconds(w.late).toFixed(1)} s (#${w.k})`).join(', ')}`);
    if (idleLateness.length === 0) throw new Error('every idle task started after its wake time: none was woken by its timer');
    const p99Idle = seconds(quantile(idleLateness, 0.99));
    progress(`idle: p99 ${p99Idle.toFixed(2)} s from wake time to sent and recorded (${idleLateness.length} timed, ${idleStartedLate} started late)`);

    // 4. What is open, and one reconciler pass over it (once visibility lists every bench task).
    const open = await db.prisma.task.count({ where: { dutyId: DUTY, status: { in: ['open', 'overdue'] } } });
    const benchRunning = async () => [...((await runningWorkflowIds(client, taskQueue)) ?? [])].filter((id) => id.startsWith(`${DUTY}:`)).length;
    let listed = await benchRunning();
    for (const until = performance.now() + 60_000; listed < open && performance.now() < until; listed = await benchRunning()) await sleep(1000);
    const pass = await reconcilePass(s);
    progress(`reconciler: ${pass.checked} items checked in ${pass.seconds.toFixed(1)} s by ${pass.lookedUp} (${pass.queries} visibility queries, ${pass.described} described)`);
    load.push(loadavg()[0]!);

    worker.shutdown();
    await running;
    const peaks = rss.stop();
    const sleeping = sleepingPeak.stop();
    const mb = (kb: number) => Math.round(kb / 1024);
    const round = (x: number, d = 2) => Number(x.toFixed(d));
    const wall = seconds(performance.now() - benchBegan);
    out('');
    out(`open               ${open} bench tasks open in the ledger, ${listed} running in visibility (${openBefore} open before the burst)`);
    out(`started            ${far} sleepers in ${farSeconds.toFixed(1)} s (${startRate.toFixed(1)} /s), all asleep after ${farAsleepSeconds.toFixed(1)} s (${asleepRate.toFixed(1)} /s)`);
    out(`worker RSS         ${mb(sleeping.selfKb)} MB peak while they sleep and are measured (burst ${mb(burstPeak)} MB, idle ${mb(idlePeak)} MB); ${mb(startingPeak)} MB while starting (target ≤ 1,536 MB)`);
    out(`burst              ${BURST} due at ${wallClock(burstAt)}: all sent and recorded after ${burstAll.toFixed(1)} s (p50 ${seconds(quantile(burstLateness, 0.5)).toFixed(1)} s; target ≤ 90 s)`);
    out(`idle               ${idleLateness.length} one at a time: p99 ${p99Idle.toFixed(2)} s, p50 ${seconds(quantile(idleLateness, 0.5)).toFixed(2)} s, max ${seconds(Math.max(...idleLateness)).toFixed(2)} s (target p99 ≤ 2 s)`);
    out(`reconciler pass    ${pass.checked} items: ${pass.seconds.toFixed(1)} s by ${pass.lookedUp} (${pass.queries} visibility queries, ${pass.described} described; target ≤ 10 s)`);
    out(`emails             ${emailsCaptured} taken by the capture transport (the town's duties' included)`);
    out(`wall time          ${wall.toFixed(0)} s; load average ${load.map((l) => l.toFixed(1)).join(' → ')}`);
    if (opts.json) {
      const result = {
        open,
        rss_mb: mb(sleeping.selfKb),
        p99_idle_s: round(p99Idle),
        burst_all_s: round(burstAll, 1),
        reconcile_s: round(pass.seconds),
        listed_running: listed,
        rss_starting_mb: mb(startingPeak),
        rss_overall_mb: mb(peaks.selfKb),
        rss_burst_mb: mb(burstPeak),
        rss_idle_mb: mb(idlePeak),
        sleepers_started_s: round(farSeconds, 1),
        starts_per_s: round(startRate, 1),
        sleepers_asleep_s: round(farAsleepSeconds, 1),
        asleep_per_s: round(asleepRate, 1),
        burst: BURST,
        burst_first_s: round(seconds(Math.min(...burstLateness))),
        burst_p50_s: round(seconds(quantile(burstLateness, 0.5))),
        burst_sampled_histories: burstTrouble.histories,
        burst_wft_timed_out: burstTrouble.timedOut,
        burst_wft_schedule_to_start: burstTrouble.scheduleToStart,
        burst_wft_failed: burstTrouble.failed,
        idle: idleLateness.length,
        idle_started_late: idleStartedLate,
        idle_span_s: round(seconds(IDLE_SPAN_MS), 0),
        idle_p50_s: round(seconds(quantile(idleLateness, 0.5))),
        idle_max_s: round(seconds(Math.max(...idleLateness))),
        reconcile_checked: pass.checked,
        emails: emailsCaptured,
        reconcile_lookup: pass.lookedUp,
        reconcile_queries: pass.queries,
        reconcile_described: pass.described,
        wall_s: round(wall, 0),
        load_average: load.map((l) => round(l, 1)),
      };
      process.stdout.write(`${JSON.stringify(result)}\n`);
    }
    await db.close();
    await connection.close();
  } finally {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
// Temporal's native runtime can keep the event loop alive after everything is closed.
process.exit(0);
