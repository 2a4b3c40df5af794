// Benchmark (issue 4): a campaign over a district of 5,293 enterprises against a Temporal dev server on
// this machine (client/temporal.ts startDevServer, free ports, scratch data) with the real worker and a
// scratch SQLite database. Measures the time from `campaign start` until every task workflow is running
// and recorded in the database; then, on the same server, the raw rate of starting no-op workflows
// (same count, same 16 starts in flight as the campaign's wave activity, a worker running them). Prints
// both rates, their ratio and the worker's peak RSS (this node process: it runs the engine worker).
//
//   npx tsx bench/campaign-fanout.ts [--enterprises 5293]      (npm run bench:campaign)
//
// Targets on 2 cores: all tasks running within 3 minutes, at least half the raw start rate. Not part of
// the test suite.

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
import { freePort } from './ports.ts';
import { sampleRss } from './rss.ts';

const { values: opts } = parseArgs({ options: { enterprises: { type: 'string', default: '5293' } } });
const N = Number(opts.enterprises);
const CONCURRENCY = 16;

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
    console.log(`district: ${N} enterprises loaded in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

    const taskQueue = `bench-${randomUUID()}`;
    const mail = createMailTransport({ type: 'capture', from: 'bench@localhost' });
    const worker = await createEngineWorker({ connection, taskQueue, db, mail, mailFrom: 'bench@localhost' });
    const running = worker.run();

    // 1. The campaign: from the start call until every task is running and recorded.
    const t0 = performance.now();
    const spec = await startCampaign({ client, taskQueue, db }, { id: 'FAN', template: 'safety_month', by: 'lead0' });
    let lastPrinted = 0;
    const done = await waitForSetup(db, spec.id, spec.expected, (recorded, total) => {
      if (performance.now() - lastPrinted > 10_000) {
        lastPrinted = performance.now();
        console.log(`  ${recorded}/${total} recorded after ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      }
    }, { timeoutMs: 20 * 60_000, intervalMs: 250 });
    const campaignSeconds = (performance.now() - t0) / 1000;
    if (!done) throw new Error('the campaign did not finish setting up within 20 minutes');
    const campaignPeak = rss.peaks().selfKb;
    worker.shutdown();
    await running;

    // 2. The raw start rate of no-op workflows on the same server, a worker running them.
    const noopQueue = `noop-${randomUUID()}`;
    const noopWorker = await Worker.create({ connection, taskQueue: noopQueue, workflowsPath: new URL('./noop/workflows.ts', import.meta.url).pathname });
    const noopRunning = noopWorker.run();
    const t1 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < N) {
          const i = next++;
          await client.workflow.start('noopWorkflow', { workflowId: `noop-${i}`, taskQueue: noopQueue, args: [] });
        }
      }),
    );
    const rawSeconds = (performance.now() - t1) / 1000;
    noopWorker.shutdown();
    await noopRunning;

    const campaignRate = N / campaignSeconds;
    const rawRate = N / rawSeconds;
    console.log('');
    console.log(`campaign fan-out   ${N} task workflows running and recorded in ${campaignSeconds.toFixed(1)} s (${campaignRate.toFixed(1)} /s)`);
    console.log(`raw start rate     ${N} no-op workflows started in ${rawSeconds.toFixed(1)} s (${rawRate.toFixed(1)} /s, ${CONCURRENCY} in flight)`);
    console.log(`ratio              ${(campaignRate / rawRate).toFixed(2)} of the raw rate (target ≥ 0.5); within 3 minutes: ${campaignSeconds <= 180 ? 'yes' : 'no'}`);
    const memory = rss.stop();
    console.log(`peak worker RSS    ${(campaignPeak / 1024).toFixed(0)} MB during the fan-out; ${(memory.selfKb / 1024).toFixed(0)} MB overall`);
    await db.close();
    await connection.close();
  } finally {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
