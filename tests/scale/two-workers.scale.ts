// Two `anwei worker` processes of one town on one Temporal dev server and one PostgreSQL database, as a county
// runs several (docs/deploy.md): hazards are reported while both run; half-way one worker is killed
// (SIGKILL, no clean stop). Every hazard's 整改通知 is recorded once and reaches the SMTP server, its work moving to
// the survivor; a 非煤矿山 group robot gets each of its hazards' posts once (one dispatcher at a time); the leases of the reconciler and the robot dispatcher move to the survivor, whose reconciler then
// restarts a hazard workflow terminated by hand; the survivor stops cleanly and lets its leases go.
// Slow (a minute or two): `npm run test:scale`.

import { hostname } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it, onTestFinished } from 'vitest';
import { act, type Gateway } from '../../client/act.ts';
import { loadProfile } from '../../client/profile-loader.ts';
import { DEFAULT_TASK_QUEUE, startDevServer } from '../../client/temporal.ts';
import { hazardWorkflowId } from '../../domain/hazard.ts';
import { migrateDatabase, openDatabase } from '../../prisma/client.ts';
import { projectPath } from '../../worker/paths.ts';
import { startSmtpSink } from '../activities/smtp.ts';
import { startRobotServers, type RobotAccount } from '../support/robot-servers.ts';
import { eventually, launch, tempDir, type Running } from '../cli/support.ts';
import { freePort } from '../support/ports.ts';
import { testDatabase } from '../support/databases.ts';

// 2,000 as issue 13 asks takes about 15 minutes on this shared 2-core machine (about 2 reports a second with
// both workers up); the default keeps the run near 3 minutes. ANWEI_SCALE_HAZARDS=2000 runs the full count.
const HAZARDS = Number(process.env.ANWEI_SCALE_HAZARDS ?? 300);
const IN_FLIGHT = 16;
const READY = /anwei 已启动：青山镇.*\n(.*\n)*  按 Ctrl-C 或发送 SIGTERM 停止/;

/** A WeCom group for 非煤矿山 (three of the demo town's 60 enterprises): few enough posts for the robots' 20 a minute. */
const MINE_GROUP: RobotAccount = { kind: 'wecom', token: 'mine-group-key' };
const CHANNELS = '\nchannels:\n  - { id: mine-group, kind: wecom, webhook: env:ANWEI_WECOM_MINE, sectors: [mine] }\n';

const header = (raw: Buffer, name: string) => new RegExp(`^${name}: (.+)$`, 'mi').exec(raw.toString('utf8').split(/\r?\n\r?\n/)[0]!)?.[1]?.trim();

describe('two workers of one town', () => {
  it(`share ${HAZARDS} hazard reports; one killed half-way, every notice is still recorded once and delivered, and the leases move to the survivor`, { timeout: 15 * 60_000 }, async () => {
    const dir = tempDir('anwei-two-workers-');
    const cluster = await startDevServer({ dbFile: join(dir, 'temporal.db'), port: await freePort(), uiPort: await freePort() });
    onTestFinished(() => cluster.stop());
    const database = await testDatabase('postgresql');
    await migrateDatabase(database.url);
    const db = await openDatabase(database.url);
    onTestFinished(() => db.close());
    const robots = await startRobotServers({ accounts: [MINE_GROUP] });
    onTestFinished(() => robots.close());
    await loadProfile(db, { text: readFileSync(projectPath('examples', 'demo-town.yaml'), 'utf8') + CHANNELS, file: 'demo-town.yaml', source: 'test', actor: 'test' });
    const smtp = await startSmtpSink();
    const shared = {
      TEMPORAL_ADDRESS: cluster.address,
      DATABASE_URL: database.url,
      SMTP_URL: smtp.url,
      ANWEI_MAIL_FROM: 'anban@qingshan.example',
      ANWEI_SECRET: randomBytes(32).toString('hex'),
      ANWEI_PUBLIC_URL: 'https://anwei.qingshan.example',
      ANWEI_WECOM_MINE: robots.webhook(MINE_GROUP),
    };
    // A serves no web; B serves it beside its worker.
    const a = launch(['worker'], { ...shared, ANWEI_DATA_DIR: join(dir, 'a'), ANWEI_WEB_PORT: '' });
    await a.waitFor(READY, 180_000);
    const b = launch(['worker'], { ...shared, ANWEI_DATA_DIR: join(dir, 'b'), ANWEI_WEB_PORT: '0' });
    await b.waitFor(READY, 180_000);
    expect(a.output()).toContain('本进程接手巡检');
    expect(a.output()).toContain('本进程接手群机器人发送');
    expect(a.output()).toContain('本进程不提供网页');
    expect(b.output()).not.toContain('本进程接手');
    expect(b.output()).toMatch(/https:\/\/anwei\.qingshan\.example/);
    const holderOf = async (name: string) => (await db.prisma.lease.findUniqueOrThrow({ where: { name } })).holder;
    const pidOf = (w: Running) => `${hostname()}:${w.child.pid}:`;
    expect(await holderOf('reconciler')).toContain(pidOf(a));
    expect(await holderOf('robots')).toContain(pidOf(a));

    const connection = await Connection.connect({ address: cluster.address });
    onTestFinished(() => connection.close());
    const client = new Client({ connection });
    const gateway: Gateway = { client, taskQueue: DEFAULT_TASK_QUEUE, db };
    const enterprises = await db.prisma.enterprise.findMany({ where: { active: true }, select: { id: true, sectorId: true }, orderBy: { id: 'asc' } });
    const inspector = new Map((await db.prisma.sector.findMany()).map((s) => [s.id, s.inspectorId]));

    const reported: string[] = [];
    const latencies: number[] = [];
    let next = 0;
    let killedAt: number | undefined;
    let terminated: string | undefined;
    const began = Date.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (next < HAZARDS) {
          const i = next++;
          if (i === Math.floor(HAZARDS / 2) && killedAt === undefined) {
            // A hazard whose workflow is lost (terminated by hand) while A holds the reconciler's lease: only a
            // reconciler running after the kill — B's — can restart it.
            terminated = reported.find(Boolean)!;
            await eventually(async () => (await db.prisma.notice.findFirst({ where: { ref: terminated!, kind: 'hazard.assigned', status: 'sent' } })) !== null, 'first notice sent', 60_000);
            await client.workflow.getHandle(hazardWorkflowId(terminated)).terminate('lost by hand (test)');
            killedAt = Date.now();
            process.kill(-a.child.pid!, 'SIGKILL');
          }
          const e = enterprises[i % enterprises.length]!;
          const sent = Date.now();
          const view = await act(gateway, 'hazard', undefined, 'report', {
            enterprise: e.id,
            level: 'general',
            description: `第 ${i + 1} 项：消防通道堵塞`,
            deadline: { workdays: 5 },
            by: inspector.get(e.sectorId)!,
          });
          reported.push(view.id);
          latencies.push(Date.now() - sent);
        }
      }),
    );
    const reportSeconds = (Date.now() - began) / 1000;
    expect(new Set(reported).size).toBe(HAZARDS);
    expect(await a.exited).not.toBe(0);

    // Every hazard's 整改通知: one outbox row each, all sent, each of its two copies (principal, inspector) at the
    // SMTP server. A copy handed to the server in the instant A was killed may come twice, under one Message-ID.
    const assigned = () => db.prisma.notice.findMany({ where: { kind: 'hazard.assigned' }, select: { ref: true, status: true, sentAt: true } });
    await eventually(async () => (await assigned()).filter((n) => n.status === 'sent').length === HAZARDS, 'every 整改通知 sent', 180_000);
    const rows = await assigned();
    expect(rows).toHaveLength(HAZARDS);
    expect(new Set(rows.map((r) => r.ref))).toEqual(new Set(reported));
    const sentBeforeKill = rows.filter((r) => r.sentAt!.getTime() < killedAt!).length;
    expect(sentBeforeKill).toBeGreaterThan(0);
    expect(sentBeforeKill).toBeLessThan(HAZARDS);
    const copies = smtp.received.filter((m) => header(m.raw, 'X-Anwei-Kind') === 'hazard.assigned');
    const byMessageId = new Map<string, number>();
    for (const m of copies) byMessageId.set(header(m.raw, 'Message-ID')!, (byMessageId.get(header(m.raw, 'Message-ID')!) ?? 0) + 1);
    expect(byMessageId.size).toBe(2 * HAZARDS);
    const twice = [...byMessageId.values()].filter((n) => n > 1).length;
    expect(twice).toBeLessThanOrEqual(5);
    expect(new Set(copies.map((m) => header(m.raw, 'X-Anwei-Ref')))).toEqual(new Set(reported));
    const deliveredSeconds = (Date.now() - began) / 1000;

    // The leases moved to B (A's process is gone on this machine: taken at B's next try, not after the expiry), and
    // B's reconciler restarted the workflow lost by hand, without sending its notice again.
    await eventually(async () => (await holderOf('reconciler')).includes(pidOf(b)) && (await holderOf('robots')).includes(pidOf(b)), 'leases moved to B', 60_000);
    await b.waitFor(new RegExp(`隐患：恢复 1 项隐患的工作流（${terminated}）`), 60_000);
    expect(b.output()).toContain('本进程接手巡检');
    expect((await client.workflow.getHandle(hazardWorkflowId(terminated!)).describe()).status.name).toBe('RUNNING');
    expect(await db.prisma.notice.count({ where: { ref: terminated!, kind: 'hazard.assigned' } })).toBe(1);

    // The group robot: one post per 非煤矿山 hazard, all posted, each once — one dispatcher at a time, before and
    // after the kill (a post in flight at the kill may come twice: docs/robots.md).
    const mine = new Set(enterprises.filter((e) => e.sectorId === 'mine').map((e) => e.id));
    const mineHazards = (await db.prisma.hazard.findMany({ where: { id: { in: reported } }, select: { id: true, enterpriseId: true } })).filter((h) => mine.has(h.enterpriseId));
    expect(mineHazards.length).toBeGreaterThan(0);
    // Only the hazards' posts: the duty calendar's tasks of 非煤矿山 enterprises post to the group too.
    const ofHazards = { channel: 'mine-group', ref: { in: mineHazards.map((h) => h.id) } };
    const postsSent = async () => (await db.prisma.robotPost.count({ where: { ...ofHazards, status: 'sent' } })) === mineHazards.length;
    await eventually(postsSent, 'every group post sent', 180_000).catch(async (error: unknown) => {
      const rows = await db.prisma.robotPost.groupBy({ by: ['status', 'lastError'], _count: true });
      throw new Error(`${String(error)}; posts: ${JSON.stringify(rows)}; received ${robots.received.length}, refused ${JSON.stringify(robots.refusals)}\nB:\n${b.output().slice(-3000)}`);
    });
    expect(await db.prisma.robotPost.count({ where: ofHazards })).toBe(mineHazards.length);
    const timesPosted = mineHazards.map((h) => robots.received.filter((r) => r.text.includes(h.id)).length);
    expect(timesPosted.every((n) => n >= 1)).toBe(true);
    const postedTwice = timesPosted.filter((n) => n > 1).length;
    expect(postedTwice).toBeLessThanOrEqual(1);

    const sorted = latencies.sort((x, y) => x - y);
    const pct = (p: number) => (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]! / 1000).toFixed(1);
    console.log(
      `report latency p50 ${pct(0.5)} s, p95 ${pct(0.95)} s, max ${pct(1)} s; ` +
      `${HAZARDS} hazards reported in ${reportSeconds.toFixed(1)} s (${IN_FLIGHT} in flight; killed after ${((killedAt! - began) / 1000).toFixed(1)} s), all 整改通知 delivered after ${deliveredSeconds.toFixed(1)} s; ` +
        `${sentBeforeKill} sent before the kill; ${twice} copies delivered twice; ${mineHazards.length} group posts, ${postedTwice} posted twice`,
    );

    // A clean stop lets the leases go at once.
    expect(await b.interrupt()).toBe(0);
    const leases = await db.prisma.lease.findMany();
    expect(leases.map((l) => l.name).sort()).toEqual(['reconciler', 'robots']);
    for (const lease of leases) expect(lease.expiresAt.getTime()).toBe(0);
  });
});
