// `anwei start` as a town with its own servers runs it: an existing Temporal (TEMPORAL_ADDRESS, its own
// namespace), PostgreSQL (DATABASE_URL, with a password) and a real SMTP server (SMTP_URL). The engine
// starts no dev server of its own, writes no outbox files, prints where it runs without any secret, and
// a hazard reported from another terminal reaches the SMTP server; Ctrl-C leaves the cluster running.
// Real processes and servers: slow, so one test.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { portOpen, startDevServer } from '../../client/temporal.ts';
import { hazardState, hazardWorkflowId } from '../../domain/hazard.ts';
import { openDatabase } from '../../prisma/client.ts';
import { startSmtpSink } from '../activities/smtp.ts';
import { testDatabase } from '../support/databases.ts';
import { anwei, eventually, launch, tempDir } from './support.ts';
import { freePort } from '../support/ports.ts';

const READY = /anwei 已启动：青山镇（60 家企业，0 项未销号隐患）(.*\n)*  按 Ctrl-C 停止；再次 npm start 会从停下的地方继续。\n/;
const PASSWORD = 'Zx9-secret';

/** The header of one received message. */
const header = (raw: Buffer, name: string) => new RegExp(`^${name}: (.+)$`, 'mi').exec(raw.toString('utf8').split(/\r?\n\r?\n/)[0]!)?.[1]?.trim();

describe('anwei start against the town’s own servers', () => {
  it('uses TEMPORAL_ADDRESS and TEMPORAL_NAMESPACE, PostgreSQL by DATABASE_URL and SMTP_URL; prints no secret; Ctrl-C leaves the cluster up', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const [port, uiPort] = [await freePort(), await freePort()];
    const cluster = await startDevServer({ dbFile: join(dir, 'cluster.db'), port, uiPort, namespaces: ['qingshan'] });
    onTestFinished(() => cluster.stop());
    const database = await testDatabase('postgresql');
    // Trust authentication takes any password: enough to check that none is ever printed.
    const withPassword = new URL(database.url);
    withPassword.username ||= 'postgres';
    withPassword.password = PASSWORD;
    const smtp = await startSmtpSink();
    const data = join(dir, 'data');
    const env = {
      ANWEI_DATA_DIR: data,
      TEMPORAL_ADDRESS: cluster.address,
      TEMPORAL_NAMESPACE: 'qingshan',
      DATABASE_URL: withPassword.href,
      SMTP_URL: smtp.url,
      ANWEI_MAIL_FROM: 'anban@qingshan.example',
    };

    const engine = launch(['start'], env);
    await engine.waitFor(READY);
    const banner = engine.output();
    expect(banner).toContain(`Temporal：${cluster.address}（命名空间 qingshan）`);
    expect(banner).not.toContain('启动 Temporal 开发服务器');
    expect(banner).toMatch(/^数据库：postgresql:\/\/postgres:\*+@127\.0\.0\.1:5432\/anwei_test_/m);
    expect(banner).toContain(smtp.url.replace(/\/$/, ''));
    expect(banner).not.toContain(PASSWORD);

    // Another terminal, with the same settings.
    const report = await anwei(['hazard', 'report', '--enterprise', 'e004', '--description', '消防通道堵塞', '--workdays', '5', '--by', 'zhaolei'], env);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    const id = /隐患 (YH-\d{4}-0001)：整改中/.exec(report.stdout)![1]!;

    // The 整改通知 reaches the SMTP server, to the principal and the inspector, from the configured sender.
    await eventually(async () => smtp.received.some((m) => header(m.raw, 'X-Anwei-Kind') === 'hazard.assigned'), 'hazard.assigned delivered', 60_000);
    // Each recipient gets an own copy (their own action links).
    await eventually(async () => smtp.received.filter((m) => header(m.raw, 'X-Anwei-Kind') === 'hazard.assigned').length === 2, 'both copies', 60_000);
    const assigned = smtp.received.filter((m) => header(m.raw, 'X-Anwei-Kind') === 'hazard.assigned');
    expect(assigned.map((m) => m.rcptTo).sort()).toEqual([['zhaolei@qingshan.example'], ['zhoulp@dfjyz.example']]);
    for (const copy of assigned) {
      expect(copy.mailFrom).toBe('anban@qingshan.example');
      expect(header(copy.raw, 'X-Anwei-Ref')).toBe(id);
    }
    expect(existsSync(join(data, 'outbox'))).toBe(false);

    // The workflow runs in the town's namespace; the ledger is in PostgreSQL.
    const connection = await Connection.connect({ address: cluster.address });
    onTestFinished(() => connection.close());
    const view = await new Client({ connection, namespace: 'qingshan' }).workflow.getHandle(hazardWorkflowId(id)).query(hazardState);
    expect(view).toMatchObject({ id, status: 'open' });
    const db = await openDatabase(database.url);
    onTestFinished(() => db.close());
    expect(await db.prisma.hazard.findUniqueOrThrow({ where: { id } })).toMatchObject({ enterpriseId: 'e004', status: 'open' });

    expect(await engine.interrupt()).toBe(0);
    expect(engine.output()).toContain('anwei 已停止。');
    expect(engine.output()).not.toContain(PASSWORD);
    // Not ours to stop.
    expect(await portOpen(port)).toBe(true);
  });
});
