// Action links in the emails as the recipients receive them (contract §7): the whole engine (hazard workflow on
// the time-skipping server, the real worker and activities, a real database) sending through its SMTP transport
// to a real SMTP server started here, with the links signed as `anwei start` signs them. Each recipient gets
// their own copy with their own buttons; every URL is a signed grant of exactly that person and item.

import { describe, expect, it } from 'vitest';
import { TEST_TOWN_NO_DIGEST, noDigest } from '../support/engine.ts';
import { linkedEngine, to, until } from '../support/linked-engine.ts';
import { TASK_TOWN, startTask, villageReport } from '../support/tasks.ts';
import { start as startCampaign } from './campaign-helpers.ts';

const H1 = { id: 'H1', enterprise: 'e1', level: 'general', description: '储罐区静电接地损坏', deadline: { workdays: 3 }, by: 'insp' };

describe('action links in the emails', () => {
  it('the 整改通知: the principal and the inspector each get their own copy with 提交整改, 申请延期, 查看详情; nobody is asked to run a command', async () => {
    const { engine, server, messageTo, buttons, messages } = await linkedEngine();
    await engine.report(H1);
    await until(() => expect(server.received).toHaveLength(2));

    const principal = await messageTo('hazard.assigned', 'wang@e1.example');
    const inspector = await messageTo('hazard.assigned', 'insp@town.example');
    expect(to(principal)).toEqual(['wang@e1.example']);
    expect(to(inspector)).toEqual(['insp@town.example']);
    expect(principal.text).toMatch(/^王经理：$/m);
    expect(principal.text).toContain('以下链接仅供王经理本人办理使用，请勿转发：');
    expect(principal.messageId).not.toBe(inspector.messageId);

    expect(buttons(principal)).toEqual([
      { label: '提交整改', action: 'submit', who: 'principal', item: 'hazard:H1', allowed: ['submit', 'extend'] },
      { label: '申请延期', action: 'extend', who: 'principal', item: 'hazard:H1', allowed: ['submit', 'extend'] },
      { label: '查看详情', action: 'view', who: 'principal', item: 'hazard:H1', allowed: ['submit', 'extend'] },
    ]);
    expect(buttons(inspector).map((b) => [b.label, b.who])).toEqual([
      ['提交整改', 'insp'],
      ['申请延期', 'insp'],
      ['查看详情', 'insp'],
    ]);
    for (const m of await messages()) {
      expect(m.text).not.toMatch(/anwei |--by/);
      expect(m.html).not.toMatch(/anwei |--by/);
    }
    // The notice is one row (one notice) with both copies sent, and the words of each recipient's links.
    const row = await engine.db.prisma.notice.findUniqueOrThrow({ where: { key: 'hazard:H1:report:assigned' } });
    expect(row.status).toBe('sent');
    expect(JSON.parse(row.linksJson!)).toEqual([
      { to: 'insp@town.example', name: '安监员己', links: [{ action: 'submit', label: '提交整改' }, { action: 'extend', label: '申请延期' }, { action: 'view', label: '查看详情' }] },
      { to: 'wang@e1.example', name: '王经理', links: [{ action: 'submit', label: '提交整改' }, { action: 'extend', label: '申请延期' }, { action: 'view', label: '查看详情' }] },
    ]);
  });

  it('复查 goes to the inspector only when someone else submitted; the escalation lets the leader 签收督办; 销号 is 查看详情 only', async () => {
    // Each notice by itself: the escalation's own links, not a digest's (tests/engine/digest.test.ts).
    const { engine, server, messageTo, buttons } = await linkedEngine('2030-10-08T10:00', TEST_TOWN_NO_DIGEST);
    await engine.report(H1);
    await until(() => expect(server.received).toHaveLength(2));

    // Past the due date (Fri 10-11): overdue, then level 1 to the sector leader on the next working day.
    await engine.advanceTo('2030-10-14T10:00');
    await until(async () => messageTo('hazard.escalation', 'lead@town.example'));
    expect(buttons(await messageTo('hazard.escalation', 'lead@town.example')).map((b) => `${b.label}/${b.who}`)).toEqual(['签收督办/lead', '查看详情/lead']);
    // Past its due date, the principal may no longer ask for more time.
    expect(buttons(await messageTo('hazard.overdue', 'wang@e1.example')).map((b) => b.label)).toEqual(['提交整改', '查看详情']);

    await engine.act('submit', 'H1', { evidence: '已更换接地线并检测合格' });
    await until(async () => messageTo('hazard.verification_requested', 'insp@town.example'));
    expect(buttons(await messageTo('hazard.verification_requested', 'insp@town.example')).map((b) => `${b.label}/${b.who}`)).toEqual(['复查/insp', '查看详情/insp']);

    await engine.act('verify', 'H1', { by: 'insp', result: 'pass' });
    await until(async () => messageTo('hazard.closed', 'wang@e1.example'));
    expect(buttons(await messageTo('hazard.closed', 'wang@e1.example')).map((b) => b.label)).toEqual(['查看详情']);
  });

  it('a duty task: its assignee 登记完成 from the assignment; the leader escalated to only looks; a campaign inspector gets their list and 上报隐患', async () => {
    const { engine, messageTo, buttons } = await linkedEngine('2030-09-02T08:00', noDigest(TASK_TOWN));
    await engine.advanceTo('2030-09-02T10:00');
    await startTask(engine, villageReport());
    await until(async () => messageTo('duty.assigned', 'vs@town.example'));
    expect(buttons(await messageTo('duty.assigned', 'vs@town.example'))).toEqual([
      { label: '登记完成', action: 'complete', who: 'vs', item: 'task:village-report:2030-08:v1', allowed: ['complete'] },
      { label: '查看详情', action: 'view', who: 'vs', item: 'task:village-report:2030-08:v1', allowed: ['complete'] },
    ]);
    // Due Fri 09-06: level 1 to the village's leader (lead3) on the first working day after.
    await engine.advanceTo('2030-09-09T10:00');
    await until(async () => messageTo('duty.escalation', 'lead3@town.example'));
    expect(buttons(await messageTo('duty.escalation', 'lead3@town.example')).map((b) => b.label)).toEqual(['查看详情']);

    await startCampaign(engine, { id: 'SC2030', template: 'special', title: '2030年秋季专项整治', due: { workdays: 5 }, by: 'lead' });
    await until(async () => messageTo('campaign.assigned', 'insp@town.example'));
    expect(buttons(await messageTo('campaign.assigned', 'insp@town.example'))).toEqual([
      { label: '登记完成', action: 'complete', who: 'insp', item: 'campaign:SC2030', allowed: ['complete', 'report'] },
      { label: '上报隐患', action: 'report', who: 'insp', item: 'campaign:SC2030', allowed: ['complete', 'report'] },
      { label: '查看详情', action: 'view', who: 'insp', item: 'campaign:SC2030', allowed: ['complete', 'report'] },
    ]);
    expect(buttons(await messageTo('campaign.started', 'head@town.example')).map((b) => `${b.label}/${b.who}`)).toEqual(['查看详情/head']);
  });
});
