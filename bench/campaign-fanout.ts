// Benchmark (issue 4): a campaign over a district of 5,293 enterprises against a Temporal dev server on
// this machine (client/temporal.ts startDevServer, free ports, scratch data) with the real worker and a
// scratch SQLite database. Measures the time from `campaign start` until every task workflow is running
// and recorded in the database; then, on the same server, the raw rate of starting no-op workflows
// (same count, at 16, 64 and 128 starts in flight, a worker running them). Prints the fan-out, each raw
// rate, the fan-out's ratio to the best of them and the worker's peak RSS (this node process: it runs the
// engine worker). `--json` prints one object (`fanout_s`, `raw_best_per_s`, `ratio_best`, `peak_rss_mb`,
// and the detail), the progress going to stderr. It also times one reconciler pass over the N open tasks,
// by its visibility query and by describing each (`reconcile_s`, `reconcile_describe_each_s`).
//
//   npx tsx bench/campaign-fanout.ts [--enterprises 5293] [--json]      (npm run bench:campaign)
//
// Targets on 2 cores (issue 13): the fan-out at least 0.9× the best raw start rate. Not part of the test
// suite.

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createMailTransport } from '../activities/mail/transport.ts';
import { startCampaign, waitForSetup } from '../client/campaigns.ts';
import { loadProfile } from '../client/profile-loader.ts';
import { startDevServer } from '../client/temporal.ts';
import { migrateDatabase, openDatabase } from '../prisma/client.ts';
import { districtProfile } from '../tests/support/district.ts';
import { buildWorkflowBundle } from '../worker/bundle.ts';
import { createEngineWorker, quietTemporalLogs } from '../worker/index.ts';
import { reconcilePass, runningWorkflowIds } from '../worker/reconciler.ts';
import { freePort } from '../tests/support/ports.ts';
import { sampleRss } from './rss.ts';

const { values: opts } = parseArgs({ options: { enterprises: { type: 'string', default: '5293' }, json: { type: 'boolean', default: false } } });
const N = Number(opts.enterprises);
/** Starts in flight at which the raw rate is measured; the best of them is the bar for the fan-out. */
const RAW_CONCURRENCIES = [16, 64, 128] as const;
/** Progress goes to stderr, so that `--json` leaves stdout to the result. */
const progress = (line: string) => process.stderr.write(`${line}\n`);
const out = (line: string) => (opts.json ? process.stderr : process.stdout).write(`${line}\n`);

async function main(): Promise<void> {
  quietTemporalLogs('ERROR');
  await buildWorkflowBundle();
  const scratch = mkdtempSync(join(tmpdir(), 'anwei-fanout-'));
  const server = await startDevServer({ dbFile: join(scratch, 'temporal.db'), port: await freePort(), uiPort: await freePort() });
  const rss = sampleRss({ everyMs: 250, descendants: false });
  try {
    const connection = await NativeConnection.connect({ address: server.address });
    const client = new Client({ connection: await (await import('@temporalio/client')).Connection.connect({ address: server.address }) });
    const url = `file:${join(scratch, 'anwei.db')}`;
    await migrateDatabase(url);
    const db = await openDatabase(url);
    const loadStart = performance.now();
    await loadProfile(db, { text: districtProfile(N), file: 'district.yaml', source: 'bench', at: new Date() });
    progress(`district: ${N} enterprises loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

    const taskQueue = `bench-${randomUUID()}`;
    const mail = createMailTransport({ type: 'capture', from: 'bench@localhost' });
    const worker = await createEngineWorker({ connection, taskQueue, db, mail, mailFrom: 'bench@localhost', timeSkipping: false });
    const running = worker.run();

    // 1. The campaign: from the start call until every task is running and recorded.
    const t0 = performance.now();
    const spec = await startCampaign({ client, taskQueue, db }, { id: 'FAN', template: 'safety_month', by: 'lead0' });
    let lastPrinted = 0;
    const done = await waitForSetup(db, spec.id, spec.expected, (recorded, total) => {
      if (performance.now() - lastPrinted > 10_000) {
        lastPrinted = performance.now();
        progress(`  ${recorded}/${total} recorded after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      }
    }, { timeoutMs: 20 * 60_000, intervalMs: 250 });
    const campaignSeconds = (performance.now() - t0) / 1000;
    if (!done) throw new Error('the campaign did not finish setting up within 20 minutes');
    const campaignPeak = rss.peaks().selfKb;

    // The reconciler's pass over these N open tasks: the old way (a describe each; it also starts the town's
    // few duties), then, once visibility lists every task, by one visibility query.
    const byDescribe = await reconcilePass({ client, taskQueue, db }, { lookup: 'describe' });
    const listedAll = async () => ((await runningWorkflowIds(client, taskQueue))?.size ?? 0) >= N;
    for (const until = performance.now() + 60_000; !(await listedAll()) && performance.now() < until; ) await new Promise((r) => setTimeout(r, 500));
    const byList = await reconcilePass({ client, taskQueue, db });
    progress(`  reconciler: ${byList.checked} open items, ${byList.seconds.toFixed(1)} s by ${byList.lookedUp} (${byList.queries} visibility queries, ${byList.described} described), ${byDescribe.seconds.toFixed(1)} s by describe`);
    worker.shutdown();
    await running;

    // 2. The raw start rate of no-op workflows on the same server, a worker running them, at each concurrency.
    const noopQueue = `noop-${randomUUID()}`;
    const noopWorker = await Worker.create({ connection, taskQueue: noopQueue, workflowsPath: new URL('./noop/workflows.ts', import.meta.url).pathname });
    const noopRunning = noopWorker.run();
    const raw: Array<{ in_flight: number; seconds: number; per_s: number }> = [];
    for (const inFlight of RAW_CONCURRENCIES) {
      const t1 = performance.now();
      let next = 0;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (next < N) {
            const i = next++;
            await client.workflow.start('noopWorkflow', { workflowId: `noop-${inFlight}-${i}`, taskQueue: noopQueue, args: [] });
          }
        }),
      );
      const seconds = (performance.now() - t1) / 1000;
      raw.push({ in_flight: inFlight, seconds, per_s: N / seconds });
      progress(`  raw: ${N} no-op starts at ${inFlight} in flight in ${seconds.toFixed(1)} s`);
    }
    noopWorker.shutdown();
    await noopRunning;

    const campaignRate = N / campaignSeconds;
    const best = raw.reduce((a, b) => (b.per_s > a.per_s ? b : a));
    const ratio = campaignRate / best.per_s;
    const memory = rss.stop();
    out('');
    out(`campaign fan-out   ${N} task workflows running and recorded in ${campaignSeconds.toFixed(1)} s (${campaignRate.toFixed(1)} /s)`);
    for (const r of raw) out(`raw start rate     ${N} no-op workflows started in ${r.seconds.toFixed(1)} s (${r.per_s.toFixed(1)} /s, ${r.in_flight} in flight)`);
    out(`ratio              ${ratio.toFixed(2)} of the best raw rate (${best.in_flight} in flight; target ≥ 0.9)`);
    out(`reconciler pass    ${byList.checked} open items: ${byList.seconds.toFixed(1)} s by ${byList.lookedUp} (${byList.queries} visibility queries, ${byList.described} described); ${byDescribe.seconds.toFixed(1)} s describing each`);
    out(`peak worker RSS    ${(campaignPeak / 1024).toFixed(0)} MB during the fan-out; ${(memory.selfKb / 1024).toFixed(0)} MB overall`);
    if (opts.json) {
      const round = (x: number, d = 2) => Number(x.toFixed(d));
      const result = {
        enterprises: N,
        fanout_s: round(campaignSeconds, 1),
        fanout_per_s: round(campaignRate, 1),
        raw: raw.map((r) => ({ in_flight: r.in_flight, seconds: round(r.seconds, 1), per_s: round(r.per_s, 1) })),
        raw_best_per_s: round(best.per_s, 1),
        raw_best_in_flight: best.in_flight,
        ratio_best: round(ratio),
        peak_rss_mb: Math.round(campaignPeak / 1024),
        reconcile_open: byList.checked,
        reconcile_s: round(byList.seconds),
        reconcile_lookup: byList.lookedUp,
        reconcile_queries: byList.queries,
        reconcile_described: byList.described,
        reconcile_describe_each_s: round(byDescribe.seconds),
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
process.exit(0);
