// Group robots through the whole engine (contract §8): hazard workflows on the time-skipping server, the real
// worker and activities, the engine's SMTP transport to a real SMTP server, the robot dispatcher `anwei start`
// runs, and local servers answering as 钉钉 and 企业微信 do (tests/support/robot-servers.ts: they check keys and
// signatures). A notice posts to the groups that follow its item, @-mentioning its recipients; email goes as
// before, and goes on time when a robot is down.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { startRobotDispatcher, type RobotDispatcher } from '../../activities/robots/dispatcher.ts';
import type { Delivery } from '../../activities/notices.ts';
import { TEST_TOWN } from '../support/engine.ts';
import { linkedEngine, to, until } from '../support/linked-engine.ts';
import { startRobotServers, type RobotAccount, type RobotServers } from '../support/robot-servers.ts';
import { general } from './hazard-helpers.ts';

const DING: RobotAccount = { kind: 'dingtalk', token: 'ding-hazchem', secret: 'SECd1n9t4lk-secret' };
const WECOM: RobotAccount = { kind: 'wecom', token: '693a91f6-town' };
const INSPECTOR_MOBILE = '13800000006';

/** The test town with the inspector's mobile, a DingTalk group for 危险化学品 and a WeCom group for the whole town. */
function robotTown(inspector = `mobile: "${INSPECTOR_MOBILE}"`): string {
  const town = `${TEST_TOWN.replace('email: insp@town.example }', `email: insp@town.example, ${inspector} }`).trimEnd()}
channels:
  - { id: hazchem-group, kind: dingtalk, webhook: env:T_DING, secret: env:T_DING_SECRET, sectors: [hazchem] }
  - { id: town-group, kind: wecom, webhook: env:T_WECOM, town: true }
`;
  if (!town.includes(inspector)) throw new Error('the fixture town changed: robotTown no longer applies');
  return town;
}

const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop();
  vi.unstubAllEnvs();
});

/** The robots' servers and the variables `anwei start` reads their webhooks from (or webhooks nobody answers). */
async function robots(webhooks?: { ding: string; wecom: string }): Promise<{ servers: RobotServers }> {
  const servers = await startRobotServers({ accounts: [DING, WECOM] });
  running.push({ stop: () => servers.close() });
  const env = { T_DING: webhooks?.ding ?? servers.webhook(DING), T_DING_SECRET: DING.secret!, T_WECOM: webhooks?.wecom ?? servers.webhook(WECOM) };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return { servers };
}

function dispatch(db: Parameters<typeof startRobotDispatcher>[0]['db']): RobotDispatcher {
  const dispatcher = startRobotDispatcher({ db, env: process.env, log: { info: () => {}, warn: () => {} }, pollMs: 200 });
  running.push(dispatcher);
  return dispatcher;
}

describe('group robots', () => {
  it('a reported hazard posts once to its sector’s DingTalk group and the town’s WeCom group, @ the inspector; both emails go as before', async () => {
    const { servers } = await robots();
    const { engine, server, messages } = await linkedEngine('2030-10-08T10:00', robotTown());
    dispatch(engine.db);
    await engine.report(general('H1', { workdays: 3 }));

    await until(() => expect(servers.received).toHaveLength(2));
    expect(servers.refusals).toEqual([]);
    const ding = servers.received.find((r) => r.kind === 'dingtalk')!;
    const wecom = servers.received.find((r) => r.kind === 'wecom')!;
    expect(ding.mentions).toEqual([INSPECTOR_MOBILE]);
    expect(wecom.mentions).toEqual([INSPECTOR_MOBILE]);
    expect(ding.text).toContain('甲加油站');
    expect(ding.text).toContain('储罐区静电接地线断开');
    await until(() => expect(server.received).toHaveLength(2));
    expect((await messages()).flatMap(to).sort()).toEqual(['insp@town.example', 'wang@e1.example']);

    // Nothing posts twice: a while later, still the same two.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(servers.received).toHaveLength(2);
  });

  it('a robot that is down never holds up email: the 整改通知 goes at once, the post waits in the queue', async () => {
    await robots({ ding: 'http://127.0.0.1:9/robot/send?access_token=ding-hazchem', wecom: 'http://127.0.0.1:9/cgi-bin/webhook/send?key=693a91f6-town' });
    const { engine, server } = await linkedEngine('2030-10-08T10:00', robotTown());
    dispatch(engine.db);
    await engine.report(general('H1', { workdays: 3 }));
    await until(() => expect(server.received).toHaveLength(2));
    const posts = await engine.db.prisma.robotPost.findMany({ orderBy: { channel: 'asc' } });
    expect(posts.map((p) => [p.channel, p.status])).toEqual([
      ['hazchem-group', 'pending'],
      ['town-group', 'pending'],
    ]);
  });

  it('people[].channels: robot — the inspector gets no email for what a group post @-mentions him in; the principal still does', async () => {
    const { servers } = await robots();
    const { engine, server, messages } = await linkedEngine('2030-10-08T10:00', robotTown(`mobile: "${INSPECTOR_MOBILE}", channels: robot`));
    dispatch(engine.db);
    await engine.report(general('H1', { workdays: 3 }));
    await until(() => expect(servers.received).toHaveLength(2));
    await until(() => expect(server.received).toHaveLength(1));
    expect((await messages()).flatMap(to)).toEqual(['wang@e1.example']);
    const row = await engine.db.prisma.notice.findFirstOrThrow({ where: { kind: 'hazard.assigned' } });
    expect((JSON.parse(row.deliveriesJson!) as Delivery[]).map((d) => [d.to.email, d.robot ?? false])).toEqual([
      ['insp@town.example', true],
      ['wang@e1.example', false],
    ]);
  });

  it('people[].channels: email — the inspector is not @-mentioned by the groups', async () => {
    const { servers } = await robots();
    const { engine } = await linkedEngine('2030-10-08T10:00', robotTown(`mobile: "${INSPECTOR_MOBILE}", channels: email`));
    dispatch(engine.db);
    await engine.report(general('H1', { workdays: 3 }));
    await until(() => expect(servers.received).toHaveLength(2));
    expect(servers.received.map((r) => r.mentions)).toEqual([[], []]);
  });
});
