// The reconciler against a real Temporal dev server: it counts the ledger's items running in visibility, a
// batch of ids a query, lists only a batch that comes up short and describes only what that list did not
// have — a campaign's task workflow terminated by hand is found and started again without a describe per
// open task. (With the time-skipping server, which has no visibility queries, it asks item by item:
// tests/engine/duty-reconciler.test.ts.) Describes are counted by a client interceptor on a real client.

import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMailTransport } from '../../activities/mail/transport.ts';
import { startCampaign, waitForSetup } from '../../client/campaigns.ts';
import { loadProfile } from '../../client/profile-loader.ts';
import { startDevServer } from '../../client/temporal.ts';
import { campaignTaskId } from '../../domain/campaign.ts';
import { taskWorkflowId } from '../../domain/task.ts';
import { migrateDatabase, openDatabase } from '../../prisma/client.ts';
import { reconcilePass, runningAmong, runningWorkflowIds } from '../../worker/reconciler.ts';
import { createEngineWorker, quietTemporalLogs } from '../../worker/index.ts';
import { districtProfile } from '../support/district.ts';
import { eventually, tempDir } from './support.ts';
import { freePort } from '../support/ports.ts';

const ENTERPRISES = 40;
/** The district with every default duty turned off: the ledger's open items are the campaign's tasks alone. */
const PROFILE = districtProfile(ENTERPRISES).replace(
  'duties: []',
  ['duties:', ...['committee-meeting', 'quarterly-sweep', 'enterprise-inspection', 'holiday-check', 'village-report', 'statistics-report'].map((id) => `  - { id: ${id}, enabled: false }`)].join('\n'),
);

describe('the reconciler on a Temporal server with visibility', () => {
  it('counts the running workflows by id, lists only a batch that comes up short, describes only the one a campaign lost, and starts that task again', { timeout: 240_000 }, async () => {
    quietTemporalLogs('ERROR');
    const dir = tempDir();
    const server = await startDevServer({ dbFile: join(dir, 'temporal.db'), port: await freePort(), uiPort: await freePort() });
    onTestFinished(() => server.stop());
    const url = `file:${join(dir, 'anwei.db')}`;
    await migrateDatabase(url);
    const db = await openDatabase(url);
    onTestFinished(() => db.close());
    await loadProfile(db, { text: PROFILE, file: 'district.yaml', source: 'test', at: new Date() });

    const workerConnection = await NativeConnection.connect({ address: server.address });
    onTestFinished(() => workerConnection.close());
    const taskQueue = `reconcile-${randomUUID()}`;
    const worker = await createEngineWorker({
      connection: workerConnection,
      taskQueue,
      db,
      mail: createMailTransport({ type: 'capture', from: 'anwei@localhost' }),
      mailFrom: 'anwei@localhost',
      timeSkipping: false,
    });
    const running = worker.run();
    onTestFinished(async () => {
      worker.shutdown();
      await running;
    });

    let describes = 0;
    const connection = await Connection.connect({ address: server.address });
    onTestFinished(() => connection.close());
    const client = new Client({
      connection,
      interceptors: {
        workflow: [
          {
            async describe(input, next) {
              describes++;
              return next(input);
            },
          },
        ],
      },
    });

    const spec = await startCampaign({ client, taskQueue, db }, { id: 'SCAN', template: 'safety_month', by: 'lead0' });
    expect(await waitForSetup(db, spec.id, spec.expected, () => {}, { timeoutMs: 120_000, intervalMs: 250 })).toBe(true);
    const ids = Array.from({ length: ENTERPRISES }, (_, n) => taskWorkflowId(campaignTaskId(spec.id, `e${String(n).padStart(5, '0')}`)));
    // Visibility follows a start by a moment: wait until it lists every task.
    await eventually(async () => {
      const listed = await runningWorkflowIds(client, taskQueue);
      return listed && ids.every((id) => listed.has(id));
    }, 'every task listed as running');

    // A pass with nothing lost describes nothing.
    describes = 0;
    const calm = await reconcilePass({ client, taskQueue, db });
    expect(calm).toMatchObject({ lookedUp: 'count', queries: 1, described: 0, checked: ENTERPRISES, report: { dutiesStarted: [], tasksRestarted: [], hazardsRestarted: [] } });
    expect(describes).toBe(0);

    const lost = ids[7]!;
    await client.workflow.getHandle(lost).terminate('terminated by hand in a test');
    await eventually(async () => !(await runningWorkflowIds(client, taskQueue))?.has(lost), 'the terminated task no longer listed as running');

    // Batches of 16 over the 40: three counts, and a list of the one batch short by the lost task.
    const batched = await runningAmong(client, taskQueue, ids, 16);
    expect(batched!.queries).toBe(4);
    expect(ids.filter((id) => !batched!.running.has(id))).toEqual([lost]);
    // A query the server refuses (here: a namespace it does not have) is reported, and its batch left to describes.
    const elsewhere = new Client({ connection: client.connection, namespace: 'no-such-namespace' });
    const refused = await runningAmong(elsewhere, taskQueue, ids, 16);
    expect(refused!.running.size).toBe(0);
    expect(refused!.errors).toHaveLength(1);
    expect(refused!.errors![0]).toMatch(/no-such-namespace/);

    const repair = await reconcilePass({ client, taskQueue, db });
    expect(repair).toMatchObject({ lookedUp: 'count', queries: 2 });
    expect(repair.report.tasksRestarted).toEqual([campaignTaskId(spec.id, 'e00007')]);
    expect(repair.report.failures).toBeUndefined();
    // One describe: the task the short batch's list did not show (to confirm it was not just started), never one per open task.
    expect(repair.described).toBe(1);
    expect(describes).toBe(1);
    expect(repair.seconds).toBeGreaterThan(0);
    expect((await client.workflow.getHandle(lost).describe()).status.name).toBe('RUNNING');
  });
});
