// Reporting is safe however it goes: ten `anwei hazard report` without --id at the same moment are ten
// hazards, each with its own number (SQLite and PostgreSQL); and a report whose answer never came says, in
// zh-CN, that the ledger has no record of it and how to send the same request again — which then reports
// it once, under the number that request was given. The real command in its own processes, against the
// whole engine (Temporal's time-skipping server, the real worker), through a TCP proxy the test can cut.

import { createServer, connect, type Server, type Socket } from 'node:net';
import { Worker } from '@temporalio/worker';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMailTransport } from '../../activities/mail/transport.ts';
import { createEngineWorker } from '../../worker/index.ts';
import { PROVIDERS } from '../support/databases.ts';
import { MAIL_FROM, startEngine, type Engine } from '../support/engine.ts';
import { anwei } from './support.ts';

const report = (description: string, extra: string[] = []) => ['hazard', 'report', '--enterprise', 'e1', '--description', description, '--workdays', '5', '--by', 'insp', ...extra];

/** The engine's settings for a command in another terminal; `address` is where it reaches Temporal. */
const settings = (engine: Engine, address = engine.env.address, taskQueue = engine.gateway.taskQueue) => ({
  DATABASE_URL: engine.databaseUrl,
  TEMPORAL_ADDRESS: address,
  ANWEI_TASK_QUEUE: taskQueue,
});

for (const provider of PROVIDERS) {
  describe(`ten reports at once without --id (${provider})`, () => {
    it('are ten hazards, each with its own number, every command exit 0', async () => {
      const engine = await startEngine({ start: '2030-09-02T08:00', provider });
      const runs = await Promise.all(Array.from({ length: 10 }, (_, i) => anwei(report(`第${i + 1}处消防通道堵塞`), settings(engine), 120_000)));
      for (const run of runs) expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      const ids = runs.map((run) => /^已上报。隐患 (YH-\d{4}-\d{4})：/.exec(run.stdout)?.[1]);
      const year = new Date().getFullYear();
      expect(ids.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `YH-${year}-${String(i + 1).padStart(4, '0')}`));
      expect(await engine.db.prisma.hazard.count()).toBe(10);
      expect(await engine.db.prisma.hazardEvent.count({ where: { type: 'reported' } })).toBe(10);
    }, 180_000);
  });
}

/** A TCP proxy to Temporal that the test can cut: every connection through it dropped, new ones refused until restored. */
async function cuttableProxy(target: string): Promise<{ address: string; cut(): void; restore(): void }> {
  const [host, port] = [target.slice(0, target.lastIndexOf(':')), Number(target.slice(target.lastIndexOf(':') + 1))];
  const open = new Set<Socket>();
  let refusing = false;
  const server: Server = createServer((client) => {
    if (refusing) return void client.destroy();
    const upstream = connect({ host, port });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('error', () => undefined);
      s.on('close', () => {
        open.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', () => ready()));
  onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
  const { port: listening } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${listening}`,
    cut() {
      refusing = true;
      for (const s of open) s.destroy();
    },
    restore() {
      refusing = false;
    },
  };
}

describe('a report whose answer never came', () => {
  it('says the ledger has no record of it and how to send it again; sent again, it is one hazard under the number that request got', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    const proxy = await cuttableProxy(engine.env.address);
    // A queue no worker serves yet: the report reaches Temporal, and nothing records it.
    const queue = `${engine.gateway.taskQueue}-later`;
    const first = anwei(report('配电箱未接地'), settings(engine, proxy.address, queue), 180_000);
    await new Promise((r) => setTimeout(r, 3_000));
    proxy.cut();
    const lost = await first;
    expect(lost.code).toBe(1);
    expect(lost.stdout).toBe('');
    expect(lost.stderr).toMatch(/^错误：未能确认隐患 YH-\d{4}-0001的上报是否已受理（请求编号 [0-9a-f-]{36}）：/);
    expect(lost.stderr).toContain('台账中没有这次上报的记录。确认引擎在运行后，用同一请求编号重试，不会重复办理：');
    const retry = /\n {4}(npx anwei hazard report .* --request-id ([0-9a-f-]{36}))\n$/.exec(lost.stderr);
    expect(retry, lost.stderr).not.toBeNull();
    expect(await engine.db.prisma.hazard.count()).toBe(0);

    // The engine is reachable again and a worker serves the queue; the printed command, as the office would paste it.
    proxy.restore();
    const worker: Worker = await createEngineWorker({
      connection: engine.env.nativeConnection,
      taskQueue: queue,
      db: engine.db,
      mail: createMailTransport({ type: 'capture', from: MAIL_FROM }),
      mailFrom: MAIL_FROM,
      timeSkipping: true,
    });
    const running = worker.run();
    onTestFinished(async () => {
      worker.shutdown();
      await running;
    });
    const args = retry![1]!.split(' ').slice(2).map((w) => w.replace(/^'(.*)'$/, '$1'));
    const again = await anwei(args, settings(engine, proxy.address, queue), 120_000);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
    const id = /^已上报。隐患 (YH-\d{4}-0001)：/.exec(again.stdout)?.[1];
    expect(id).toBeDefined();
    expect(await engine.db.prisma.hazard.findMany({ select: { id: true } })).toEqual([{ id }]);
    const events = await engine.db.prisma.hazardEvent.findMany({ select: { type: true, detailJson: true } });
    expect(events.map((e) => [e.type, (JSON.parse(e.detailJson) as { requestId?: string }).requestId])).toEqual([['reported', retry![2]]]);
  }, 240_000);
});
