// Group robots against local servers that answer as 企业微信, 钉钉 and 飞书 do (tests/support/robot-servers.ts):
// notices queue posts for the groups that follow their items, the dispatcher posts them signed, in order,
// @-mentioning the right mobiles, within 20 a window, nothing lost and nothing twice across a restart; a bad
// key fails the channel's posts and tells the office once. SQLite databases, real HTTP.

import { afterEach, describe, expect, it } from 'vitest';
import { createMailTransport } from '../../activities/mail/transport.ts';
import { startRobotDispatcher, type RobotDispatcher, type RobotDispatcherOptions } from '../../activities/robots/dispatcher.ts';
import { dingtalk } from '../../activities/robots/dingtalk.ts';
import { feishu } from '../../activities/robots/feishu.ts';
import { createRobotOfficeTeller, robotBrokenKey } from '../../activities/robots/office.ts';
import { mentionedByRobots, robotPostsForNotice, simulatedPosts, type NoticeForRobots } from '../../activities/robots/queue.ts';
import { wecom, WECOM_MARKDOWN_BYTES, WECOM_TEXT_BYTES } from '../../activities/robots/wecom.ts';
import type { Database } from '../../prisma/client.ts';
import { PROVIDERS } from '../support/databases.ts';
import { startRobotServers, type RobotAccount, type RobotServers } from '../support/robot-servers.ts';
import { at, FROM, TOWN, world } from './world.ts';

const DING: RobotAccount = { kind: 'dingtalk', token: 'ding-hazchem', secret: 'SECd1n9t4lk-secret' };
const WECOM: RobotAccount = { kind: 'wecom', token: '693a91f6-town' };
const FEISHU: RobotAccount = { kind: 'feishu', token: 'fs-v2-hook', secret: 'feishu-secret-v2' };

/** The test town with mobiles, a second village (丙机械厂 moves there) and three groups. */
const ROBOT_TOWN = `${TOWN.replace('email: insp@town.example }', 'email: insp@town.example, mobile: "13800000006" }')
  .replace('email: insp2@town.example }', 'email: insp2@town.example, mobile: "13800000007" }')
  .replace('email: lead2@town.example }', 'email: lead2@town.example, mobile: "13800000004" }')
  .replace('  - { id: v1, name: 一村, supervisor: vs, leader: lead }', '  - { id: v1, name: 一村, supervisor: vs, leader: lead }\n  - { id: v2, name: 二村, supervisor: vs, leader: lead2 }')
  .replace('class: C, village: v1,', 'class: C, village: v2,')
  .trimEnd()}
channels:
  - { id: hazchem-group, kind: dingtalk, webhook: env:T_DING, secret: env:T_DING_SECRET, sectors: [hazchem] }
  - { id: town-group, kind: wecom, webhook: env:T_WECOM, town: true }
  - { id: v2-group, kind: feishu, webhook: env:T_FEISHU, secret: env:T_FEISHU_SECRET, villages: [v2] }
`;

const running: RobotDispatcher[] = [];
const servers: RobotServers[] = [];
afterEach(async () => {
  for (const d of running.splice(0)) await d.stop();
  for (const s of servers.splice(0)) await s.close();
});

async function robotServers(options: { windowMs?: number; accounts?: RobotAccount[] } = {}): Promise<RobotServers> {
  const s = await startRobotServers({ accounts: options.accounts ?? [DING, WECOM, FEISHU], ...(options.windowMs ? { windowMs: options.windowMs } : {}) });
  servers.push(s);
  return s;
}

const envFor = (s: RobotServers, overrides: Record<string, string | undefined> = {}) => ({
  T_DING: s.webhook(DING),
  T_DING_SECRET: DING.secret,
  T_WECOM: s.webhook(WECOM),
  T_FEISHU: s.webhook(FEISHU),
  T_FEISHU_SECRET: FEISHU.secret,
  ANWEI_PUBLIC_URL: 'https://anwei.town.example/',
  ...overrides,
});

function dispatcher(options: RobotDispatcherOptions): RobotDispatcher {
  const d = startRobotDispatcher({ log: { info: () => {}, warn: () => {} }, pollMs: 200, ...options });
  running.push(d);
  return d;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function addHazard(db: Database, id: string, enterpriseId: string, sectorId: string, description: string, due = '2030-10-15'): Promise<void> {
  await db.prisma.hazard.create({
    data: { id, enterpriseId, sectorId, level: 'general', description, reportedBy: 'insp', reportedAt: new Date(at('2030-10-08T10:00')), status: 'open', due, dueTrace: 'test' },
  });
}

const person = (personId: string, name: string) => ({ personId, name, email: `${personId}@town.example` });

function notice(over: Partial<NoticeForRobots> & Pick<NoticeForRobots, 'key' | 'kind' | 'ref'>): NoticeForRobots {
  return { at: new Date(at('2030-10-08T10:00')), recipients: [], subject: '测试通知', about: 'hazard', ...over };
}

const statuses = async (db: Database) =>
  Object.fromEntries((await db.prisma.robotPost.findMany({ orderBy: { id: 'asc' } })).map((r) => [r.key, r.status]));

describe('group robots', () => {
  it('whom the groups reach, for people who chose robot only: the reachable DingTalk and WeCom groups’ @-mentions; never a Feishu group’s (it cannot @ by mobile), nor a group whose variables are not set', async () => {
    const w = await world('sqlite', { profile: ROBOT_TOWN });
    await addHazard(w.db, 'YH-2030-0002', 'e3', 'industry', '冲床防护罩缺失');
    const s = await robotServers();
    const overdue = notice({ key: 'hazard:YH-2030-0002:overdue', kind: 'hazard.overdue', ref: 'YH-2030-0002', recipients: [person('insp2', '安监员庚')] });
    await robotPostsForNotice(w.db, overdue, { env: envFor(s) });
    // 丙机械厂 is in 二村: the town's WeCom group and 二村's Feishu group both carry it.
    expect(Object.keys(await statuses(w.db)).sort()).toEqual(['hazard:YH-2030-0002:overdue@town-group', 'hazard:YH-2030-0002:overdue@v2-group']);
    expect([...(await mentionedByRobots(w.db, overdue.key, envFor(s)))]).toEqual(['13800000007']);
    expect([...(await mentionedByRobots(w.db, overdue.key, envFor(s, { T_WECOM: undefined })))]).toEqual([]);
  });

  it.each(PROVIDERS)('a hazard at 甲加油站 posts to the hazchem DingTalk group and the town WeCom group, signed, @-mentioning the inspector by mobile; one at 丙机械厂 to the town and 二村’s Feishu group (%s)', async (provider) => {
    const w = await world(provider, { profile: ROBOT_TOWN });
    await addHazard(w.db, 'YH-2030-0001', 'e1', 'hazchem', '储罐区静电接地线断开');
    await addHazard(w.db, 'YH-2030-0002', 'e3', 'industry', '冲床防护罩缺失', '2030-10-05');
    const s = await robotServers();

    const assigned = await robotPostsForNotice(
      w.db,
      notice({ key: 'hazard:YH-2030-0001:assigned', kind: 'hazard.assigned', ref: 'YH-2030-0001', recipients: [person('insp', '安监员己'), { name: '王经理', email: 'wang@e1.example' }] }),
      { env: envFor(s) },
    );
    expect(assigned).toEqual(['hazard:YH-2030-0001:assigned@hazchem-group', 'hazard:YH-2030-0001:assigned@town-group']);
    // Queued again by a retried activity: nothing new.
    expect(await robotPostsForNotice(w.db, notice({ key: 'hazard:YH-2030-0001:assigned', kind: 'hazard.assigned', ref: 'YH-2030-0001' }), { env: envFor(s) })).toEqual([]);
    await robotPostsForNotice(
      w.db,
      notice({ key: 'hazard:YH-2030-0002:overdue', kind: 'hazard.overdue', ref: 'YH-2030-0002', at: new Date(at('2030-10-08T09:00')), recipients: [person('insp2', '安监员庚'), person('lead2', '副镇长丁')] }),
      { env: envFor(s) },
    );
    // A campaign not in the ledger (and any town-wide notice): the town group only, nobody to mention.
    await robotPostsForNotice(w.db, notice({ key: 'campaign:c1:started', kind: 'campaign.started', ref: 'c1', about: 'campaign', subject: '国庆节前安全检查开始' }), { env: envFor(s) });

    expect(await simulatedPosts(w.db)).toEqual([
      { at: '2030-10-08T09:00:00+08:00', channel: 'town-group', ref: 'YH-2030-0002', kinds: ['hazard.overdue'], mentions: ['13800000004', '13800000007'] },
      { at: '2030-10-08T09:00:00+08:00', channel: 'v2-group', ref: 'YH-2030-0002', kinds: ['hazard.overdue'], mentions: ['13800000004', '13800000007'] },
      { at: '2030-10-08T10:00:00+08:00', channel: 'hazchem-group', ref: 'YH-2030-0001', kinds: ['hazard.assigned'], mentions: ['13800000006'] },
      { at: '2030-10-08T10:00:00+08:00', channel: 'town-group', ref: 'YH-2030-0001', kinds: ['hazard.assigned'], mentions: ['13800000006'] },
      { at: '2030-10-08T10:00:00+08:00', channel: 'town-group', ref: 'c1', kinds: ['campaign.started'], mentions: [] },
    ]);

    // Queuing is database writes only: nothing is posted on the email path.
    expect(s.received).toEqual([]);
    dispatcher({ db: w.db, env: envFor(s) });
    await until('every post sent', async () => Object.values(await statuses(w.db)).every((v) => v === 'sent'));
    expect(s.refusals).toEqual([]);

    const ding = s.received.filter((r) => r.kind === 'dingtalk');
    expect(ding).toHaveLength(1);
    expect(ding[0]!.mentions).toEqual(['13800000006']);
    expect(ding[0]!.text).toContain('**甲加油站**：储罐区静电接地线断开（YH-2030-0001）');
    expect(ding[0]!.text).toContain('@13800000006');
    expect(ding[0]!.text).toContain('[查看详情](https://anwei.town.example/office/hazards/YH-2030-0001)');

    const town = s.received.filter((r) => r.kind === 'wecom');
    // In order: the 09:00 overdue notice first. WeCom's markdown cannot @ by mobile: a post with people to mention is text.
    expect(town.map((r) => r.body.msgtype)).toEqual(['text', 'text', 'markdown']);
    expect(town[0]!.mentions).toEqual(['13800000004', '13800000007']);
    expect(town[0]!.text).toContain('期限 2030-10-05，已逾期 3 天');
    expect(town[0]!.text).toContain('请 安监员庚、副镇长丁 处理');
    expect(town[0]!.text).toContain('查看详情：https://anwei.town.example/office/hazards/YH-2030-0002');
    expect(town[2]!.text).toContain('国庆节前安全检查开始');

    const fs = s.received.filter((r) => r.kind === 'feishu');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.text).toContain('隐患整改已逾期');
    expect(fs[0]!.text).toContain('请 安监员庚、副镇长丁 处理');
  });

  it('two notices of one hazard at the same moment go to a group as one post carrying both', async () => {
    const w = await world('sqlite', { profile: ROBOT_TOWN });
    await addHazard(w.db, 'YH-2030-0003', 'e2', 'hazchem', '消防通道堵塞');
    const s = await robotServers();
    const when = new Date(at('2030-10-10T09:00'));
    await robotPostsForNotice(w.db, notice({ key: 'h3:reminder', kind: 'hazard.reminder', ref: 'YH-2030-0003', at: when, recipients: [person('insp', '安监员己')] }), { env: {} });
    await robotPostsForNotice(w.db, notice({ key: 'h3:escalation', kind: 'hazard.escalation', ref: 'YH-2030-0003', at: when, recipients: [person('lead', '副镇长丙')] }), { env: {} });
    expect((await simulatedPosts(w.db)).filter((p) => p.channel === 'hazchem-group')).toEqual([
      { at: '2030-10-10T09:00:00+08:00', channel: 'hazchem-group', ref: 'YH-2030-0003', kinds: ['hazard.reminder', 'hazard.escalation'], mentions: ['13800000006'] },
    ]);
    dispatcher({ db: w.db, env: envFor(s) });
    await until('both groups posted', () => s.received.length === 2);
    await until('rows marked', async () => Object.values(await statuses(w.db)).every((v) => v === 'sent'));
    const ding = s.received.find((r) => r.kind === 'dingtalk')!;
    expect(String((ding.body.markdown as { title: string }).title)).toBe('【安全生产】隐患整改即将到期；隐患逾期，上报领导');
    expect(ding.text).toContain('**隐患整改即将到期**');
    expect(ding.text).toContain('**隐患逾期，上报领导**');
  });

  it('25 posts to one Feishu group: 20 in the first window, the other 5 only after it, in order', async () => {
    const windowMs = 2_000;
    const w = await world('sqlite', { profile: ROBOT_TOWN });
    await addHazard(w.db, 'YH-2030-0006', 'e3', 'industry', '砂轮机无防护罩');
    const s = await robotServers({ windowMs });
    for (let i = 0; i < 25; i++) {
      await robotPostsForNotice(w.db, notice({ key: `f${String(i).padStart(2, '0')}`, kind: 'hazard.reminder', ref: 'YH-2030-0006', at: new Date(at('2030-10-08T09:00') + i * 60_000) }), { env: {} });
    }
    await w.db.prisma.robotPost.deleteMany({ where: { channel: 'town-group' } });
    dispatcher({ db: w.db, env: envFor(s), limit: { posts: 20, windowMs } });
    await until('25 posts', () => s.received.length === 25, 30_000);
    const times = s.received.map((r) => r.at);
    const first = times[0]!;
    expect(times.filter((t) => t < first + windowMs)).toHaveLength(20);
    expect(times[20]!).toBeGreaterThanOrEqual(first + windowMs);
    expect(s.refusals).toEqual([]);
    await until('rows marked', async () => Object.values(await statuses(w.db)).every((v) => v === 'sent'));
    const rows = await w.db.prisma.robotPost.findMany({ orderBy: [{ postedAt: 'asc' }, { id: 'asc' }] });
    expect(rows.map((r) => r.key)).toEqual(Array.from({ length: 25 }, (_, i) => `f${String(i).padStart(2, '0')}@v2-group`));
  });

  it('a DingTalk group whose robot answers 130101 (another sender used part of its limit) waits and posts all 25, in order, none lost or twice', async () => {
    const windowMs = 3_000;
    const w = await world('sqlite', { profile: ROBOT_TOWN });
    await addHazard(w.db, 'YH-2030-0004', 'e1', 'hazchem', '油罐区未设警示标志');
    const s = await robotServers({ windowMs });
    // Another system posted 10 with the same robot just now: the robot answers 130101 after 10 more.
    s.preload(DING, 10);
    for (let i = 0; i < 25; i++) {
      await robotPostsForNotice(w.db, notice({ key: `n${String(i).padStart(2, '0')}`, kind: 'hazard.reminder', ref: 'YH-2030-0004', at: new Date(at('2030-10-08T09:00') + i * 60_000) }), { env: {} });
    }
    await w.db.prisma.robotPost.deleteMany({ where: { channel: 'town-group' } });
    dispatcher({ db: w.db, env: envFor(s), limit: { posts: 20, windowMs }, rateLimitedWaitMs: 500 });
    await until('25 posts', () => s.received.length === 25, 30_000);
    await until('rows marked', async () => Object.values(await statuses(w.db)).every((v) => v === 'sent'));

    expect(s.refusals.filter((r) => r.code === 130101).length).toBeGreaterThan(0); // the robot said "too fast", and we waited
    expect(s.received).toHaveLength(25);
    // In queue order: the posts' times (at) ascend.
    const rows = await w.db.prisma.robotPost.findMany({ orderBy: { postedAt: 'asc' } });
    expect(rows.map((r) => r.key)).toEqual(Array.from({ length: 25 }, (_, i) => `n${String(i).padStart(2, '0')}@hazchem-group`));
    // Never more than 20 in any window of the server's clock.
    const times = s.received.map((r) => r.at);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + windowMs).length).toBeLessThanOrEqual(20);
  });

  it('a dispatcher stopped mid-queue and a new one on the same database post every message exactly once, keeping the limit across the restart', async () => {
    const windowMs = 2_500;
    const w = await world('sqlite', { profile: ROBOT_TOWN });
    const s = await robotServers({ windowMs });
    for (let i = 0; i < 25; i++) {
      await robotPostsForNotice(w.db, notice({ key: `c${i}`, kind: 'campaign.progress', ref: `c-${String(i).padStart(2, '0')}`, about: 'campaign', subject: `进展 ${i}` }), { env: {} });
    }
    const options = { db: w.db, env: envFor(s), limit: { posts: 20, windowMs } };
    const first = dispatcher(options);
    await until('some posts', () => s.received.length >= 8);
    await first.stop();
    const sentBefore = s.received.length;
    expect(sentBefore).toBeLessThan(25);
    dispatcher(options);
    await until('25 posts', () => s.received.length >= 25, 30_000);
    await until('rows marked', async () => Object.values(await statuses(w.db)).every((v) => v === 'sent'));
    await new Promise((r) => setTimeout(r, 300));
    const refs = s.received.map((r) => r.text.match(/进展 (\d+)/)?.[1]);
    expect(refs).toHaveLength(25);
    expect(new Set(refs).size).toBe(25);
    // The second dispatcher counted the first one's posts from the database: the robot never had to refuse.
    expect(s.refusals).toEqual([]);
  });

  it('a wrong WeCom key fails the group’s posts for good and tells the office once; other groups go on', async () => {
    const w = await world('sqlite', { profile: ROBOT_TOWN });
    await addHazard(w.db, 'YH-2030-0005', 'e1', 'hazchem', '配电箱未上锁');
    const s = await robotServers();
    const told: Array<[string, string]> = [];
    const env = envFor(s, { T_WECOM: s.webhook({ kind: 'wecom', token: 'deleted-key' }) });
    for (const k of ['a', 'b', 'c']) await robotPostsForNotice(w.db, notice({ key: k, kind: 'hazard.reminder', ref: 'YH-2030-0005', at: new Date(at(`2030-10-0${k === 'a' ? 7 : k === 'b' ? 8 : 9}T09:00`)) }), { env });
    const d = dispatcher({ db: w.db, env, tellOffice: async (channel, reason) => void told.push([channel, reason]) });
    await until('all rows settled', async () => Object.values(await statuses(w.db)).every((v) => v !== 'pending'));
    const rows = await w.db.prisma.robotPost.findMany({ orderBy: { id: 'asc' } });
    expect(rows.filter((r) => r.channel === 'town-group').map((r) => [r.status, r.lastError])).toEqual(
      Array.from({ length: 3 }, () => ['failed', '企业微信群机器人拒绝了消息（错误码 93000：invalid webhook url, hint: [test]）']),
    );
    expect(rows.filter((r) => r.channel === 'hazchem-group').map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    expect(s.refusals).toEqual([{ kind: 'wecom', token: 'deleted-key', code: 93000 }]); // tried once, not once a row
    // A later notice is tried, fails the same way, and the office is not told again.
    await robotPostsForNotice(w.db, notice({ key: 'd', kind: 'hazard.reminder', ref: 'YH-2030-0005', at: new Date(at('2030-10-10T09:00')) }), { env });
    d.nudge();
    await until('the later row settled', async () => Object.values(await statuses(w.db)).every((v) => v !== 'pending'));
    expect(told).toEqual([['town-group', '企业微信群机器人拒绝了消息（错误码 93000：invalid webhook url, hint: [test]）']]);
  });

  it('the office is told by one email a channel and day, through the outbox', async () => {
    const w = await world('sqlite', { profile: ROBOT_TOWN });
    const mail = createMailTransport({ type: 'capture', from: FROM });
    const now = () => at('2030-10-08T09:00');
    const tell = createRobotOfficeTeller({ db: w.db, mail, mailFrom: FROM }, now);
    await tell('town-group', '企业微信群机器人拒绝了消息（错误码 93000：invalid webhook url）');
    await tell('town-group', '企业微信群机器人拒绝了消息（错误码 93000：invalid webhook url）');
    expect(mail.captured).toHaveLength(1);
    const { email } = mail.captured[0]!;
    expect(email.to).toEqual([expect.objectContaining({ address: 'office@town.example' })]);
    expect(email.subject).toBe('【群机器人故障】群机器人 town-group 无法发送消息');
    expect(String(email.text)).toContain('错误码 93000');
    expect(String(email.text)).toContain('邮件照常发送');
    const row = await w.db.prisma.notice.findUnique({ where: { key: robotBrokenKey('town-group', now()) } });
    expect(row?.key).toBe('robot-broken:town-group:2030-10-08');
    expect(row?.status).toBe('sent');
  });

  it('a group whose variables are not set posts nothing: its rows fail and the office is told once', async () => {
    const w = await world('sqlite', { profile: ROBOT_TOWN });
    const s = await robotServers();
    const told: string[] = [];
    for (const k of ['x', 'y']) await robotPostsForNotice(w.db, notice({ key: k, kind: 'campaign.started', ref: `c-${k}`, about: 'campaign' }), { env: {} });
    dispatcher({ db: w.db, env: envFor(s, { T_WECOM: undefined }), tellOffice: async (channel, reason) => void told.push(`${channel}: ${reason}`) });
    await until('rows settled', async () => Object.values(await statuses(w.db)).every((v) => v !== 'pending'));
    expect(await statuses(w.db)).toEqual({ 'x@town-group': 'failed', 'y@town-group': 'failed' });
    expect(told).toEqual(['town-group: 环境变量 T_WECOM 未设置']);
    expect(s.received).toEqual([]);
  });

  it('network trouble and 502s are tried again until the robot takes the post', async () => {
    const w = await world('sqlite', { profile: ROBOT_TOWN });
    const s = await robotServers();
    s.failNext(2);
    await robotPostsForNotice(w.db, notice({ key: 'z', kind: 'campaign.started', ref: 'c-z', about: 'campaign' }), { env: {} });
    dispatcher({ db: w.db, env: envFor(s), transientWaitMs: 100 });
    await until('posted', () => s.received.length === 1);
    await until('row marked', async () => (await statuses(w.db))['z@town-group'] === 'sent');
    expect((await w.db.prisma.robotPost.findUniqueOrThrow({ where: { key: 'z@town-group' } })).attempts).toBe(3);
  });

  it('queuing never throws on the email path: a broken channels column is logged and nothing is queued', async () => {
    const w = await world('sqlite', { profile: ROBOT_TOWN });
    await w.db.prisma.town.update({ where: { id: 1 }, data: { channelsJson: '{not json' } });
    const warned: string[] = [];
    const queued = await robotPostsForNotice(w.db, notice({ key: 'k', kind: 'hazard.assigned', ref: 'YH-x' }), { log: { warn: (m) => void warned.push(m) } });
    expect(queued).toEqual([]);
    expect(warned).toEqual(['robot posts not queued']);
  });
});

describe('each robot’s request', () => {
  const long = '隐'.repeat(3000); // 9000 bytes of UTF-8
  const message = (mentions: string[]) => ({ title: '【安全生产】新隐患待整改', markdown: long, mentions });

  it('WeCom: markdown within 4096 bytes, text with mentions within 2048, cut with a clear ending', () => {
    const md = wecom.request({ webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }, message([]), 0).body as { markdown: { content: string } };
    expect(Buffer.byteLength(md.markdown.content)).toBeLessThanOrEqual(WECOM_MARKDOWN_BYTES);
    expect(md.markdown.content.endsWith('……（内容过长，已截断）')).toBe(true);
    const text = wecom.request({ webhook: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k' }, message(['13800000006']), 0).body as {
      text: { content: string; mentioned_mobile_list: string[] };
    };
    expect(Buffer.byteLength(text.text.content)).toBeLessThanOrEqual(WECOM_TEXT_BYTES);
    expect(text.text.mentioned_mobile_list).toEqual(['13800000006']);
  });

  it('DingTalk: timestamp and sign in the query, the sign URL-encoded; Feishu: timestamp in seconds and sign in the body', () => {
    const now = 1_900_000_000_123;
    const d = dingtalk.request({ webhook: 'https://oapi.dingtalk.com/robot/send?access_token=t', secret: 'SECx' }, message([]), now);
    const url = new URL(d.url);
    expect(url.searchParams.get('access_token')).toBe('t');
    expect(url.searchParams.get('timestamp')).toBe(String(now));
    expect(d.url).not.toMatch(/sign=[^&]*[+/=]/); // base64's + / = are percent-encoded
    const f = feishu.request({ webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/t', secret: 's' }, message([]), now).body as { timestamp: string; sign: string };
    expect(f.timestamp).toBe('1900000000');
    expect(f.sign).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });
});
