// Contract §3, the rules below the table: acknowledging an escalation, submission and verification
// (the failed-verification cycle), extensions, and a town profile reloaded while a hazard is open.
// Real workflows and activities on Temporal's time-skipping server; fixture town of 2030.

import { describe, expect, it } from 'vitest';
import { TEST_TOWN, captured, startEngine } from '../support/engine.ts';
import { escalationLevels, general, line, major, refused, told } from './hazard-helpers.ts';

describe('acknowledging an escalation', () => {
  it('the sector leader who got level 1 acknowledges it: no level 2; still not rectified five working days after the ack, escalation resumes at level 2', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 })); // due Mon 09-09; level 1 Tue 09-10
    await engine.advanceTo('2030-09-10T14:00');
    expect(await engine.act('ack', 'H1', { by: 'lead', note: '已电话督促企业负责人' })).toMatchObject({ acknowledged: true, escalationLevel: 1 });

    // Level 2 would have gone out on Mon 09-16.
    await engine.advanceTo('2030-09-17T18:00');
    expect((await told(engine, 'H1')).filter((n) => n.kind === 'hazard.escalation')).toEqual([
      { at: '2030-09-10T09:00', kind: 'hazard.escalation', to: ['lead'] },
    ]);
    // 5 working days after Tue 09-10: 09-11, (中秋) 09-13, 09-16, 09-17, 09-18.
    await engine.advanceTo('2030-10-31T18:00');
    expect(await escalationLevels(engine, 'H1')).toEqual([
      { at: '2030-09-10T09:00', level: 1, to: ['lead'] },
      { at: '2030-09-18T09:00', level: 2, to: ['head', 'sec'] },
    ]);
    const events = await engine.db.prisma.hazardEvent.findMany({ where: { hazardId: 'H1' }, orderBy: { id: 'asc' } });
    expect(events.map((e) => `${e.type}${e.by ? ` ${e.by}` : ''}`)).toEqual(['reported insp', 'reminded', 'overdue', 'acknowledged lead', 'escalated']);
  });

  it('an acknowledged hazard rectified within those five working days never reaches the town head', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await engine.advanceTo('2030-09-10T14:00');
    await engine.act('ack', 'H1', { by: 'lead' });
    await engine.advanceTo('2030-09-17T16:00');
    await engine.act('submit', 'H1', { evidence: '已更换接地线' });
    await engine.advanceTo('2030-10-31T18:00');
    expect((await told(engine, 'H1')).map(line)).toEqual([
      '2030-09-02T10:00 hazard.assigned insp,wang',
      '2030-09-06T09:00 hazard.reminder insp,wang',
      '2030-09-10T09:00 hazard.overdue insp,wang',
      '2030-09-10T09:00 hazard.escalation lead',
      '2030-09-17T16:00 hazard.verification_requested insp',
      '2030-09-28T09:00 hazard.verification_overdue lead',
    ]);
  });

  it('a 重大 hazard: level 1 acknowledged on the Saturday it came stops Sunday’s level 2; escalation resumes five working days later', async () => {
    const engine = await startEngine({ start: '2030-09-16T08:00' });
    await engine.advanceTo('2030-09-16T10:00');
    await engine.report(major('M1', '2030-09-20'));
    await engine.advanceTo('2030-09-21T11:00');
    await engine.act('ack', 'M1', { by: 'lead' });
    await engine.advanceTo('2030-10-31T18:00');
    expect(await escalationLevels(engine, 'M1')).toEqual([
      { at: '2030-09-21T09:00', level: 1, to: ['lead'] },
      // Mon 09-23 … Fri 09-27 are the 5 working days after Sat 09-21.
      { at: '2030-09-27T09:00', level: 2, to: ['head', 'sec'] },
    ]);
  });

  it('the town head acknowledges level 2: there is no higher level, so head and secretary hear again (level 2) five working days later, and then no more', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 })); // level 1 09-10, level 2 09-16
    await engine.advanceTo('2030-09-16T15:00');
    // The sector leader may acknowledge too (he received level 1), but only once per escalation.
    expect(await engine.act('ack', 'H1', { by: 'head' })).toMatchObject({ acknowledged: true, escalationLevel: 2 });
    expect(await refused(engine.act('ack', 'H1', { by: 'lead' }))).toContain('的督办已由 head 签收');
    await engine.advanceTo('2030-11-29T18:00');
    expect(await escalationLevels(engine, 'H1')).toEqual([
      { at: '2030-09-10T09:00', level: 1, to: ['lead'] },
      { at: '2030-09-16T09:00', level: 2, to: ['head', 'sec'] },
      { at: '2030-09-23T09:00', level: 2, to: ['head', 'sec'] },
    ]);
  });
});

describe('submission and verification', () => {
  it('a submission after level 1 stops level 2; the passed verification closes the hazard to principal, inspector and sector leader', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await engine.advanceTo('2030-09-11T10:00');
    await engine.act('submit', 'H1', { evidence: '已更换接地线并检测合格' });
    await engine.advanceTo('2030-09-13T10:00');
    expect(await engine.act('verify', 'H1', { by: 'insp', result: 'pass' })).toMatchObject({ status: 'closed' });
    await engine.advanceTo('2030-10-31T18:00');
    expect((await told(engine, 'H1')).map(line)).toEqual([
      '2030-09-02T10:00 hazard.assigned insp,wang',
      '2030-09-06T09:00 hazard.reminder insp,wang',
      '2030-09-10T09:00 hazard.overdue insp,wang',
      '2030-09-10T09:00 hazard.escalation lead',
      '2030-09-11T10:00 hazard.verification_requested insp',
      '2030-09-13T10:00 hazard.closed insp,lead,wang',
    ]);
    expect(await engine.db.prisma.hazard.findUniqueOrThrow({ where: { id: 'H1' } })).toMatchObject({ status: 'closed', escalationLevel: 1 });
  });

  it('a failed verification tells principal and inspector, sets the new deadline, and the whole cycle starts again for the new due date', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 })); // due 09-09
    await engine.advanceTo('2030-09-05T16:00');
    await engine.act('submit', 'H1', { evidence: '已更换接地线' });
    await engine.advanceTo('2030-09-06T10:00');
    const rejected = await engine.act('verify', 'H1', { by: 'insp', result: 'fail', deadline: { workdays: 3 }, note: '接地电阻检测报告缺失' });
    // Fri 09-06 + 3 working days: Mon 09-09, Tue 09-10, Wed 09-11.
    expect(rejected).toMatchObject({ status: 'open', round: 2, due: '2030-09-11', escalationLevel: 0 });

    await engine.advanceTo('2030-09-19T16:00');
    await engine.act('submit', 'H1', { evidence: '补充第三方接地电阻检测报告' });
    await engine.advanceTo('2030-09-20T10:00');
    await engine.act('verify', 'H1', { by: 'insp', result: 'pass' });
    await engine.advanceTo('2030-10-31T18:00');
    expect((await told(engine, 'H1')).map(line)).toEqual([
      '2030-09-02T10:00 hazard.assigned insp,wang',
      // Submitted before the 09-06 reminder: none for the first due date.
      '2030-09-05T16:00 hazard.verification_requested insp',
      '2030-09-06T10:00 hazard.rejected insp,wang',
      '2030-09-10T09:00 hazard.reminder insp,wang',
      '2030-09-13T09:00 hazard.overdue insp,wang',
      '2030-09-13T09:00 hazard.escalation lead',
      '2030-09-18T09:00 hazard.escalation head,sec',
      '2030-09-19T16:00 hazard.verification_requested insp',
      '2030-09-20T10:00 hazard.closed insp,lead,wang',
    ]);
    const [rejection] = await engine.sent({ ref: 'H1', kind: 'hazard.rejected' });
    expect(rejection!.subject).toContain('重新限期至9月11日');
    const row = await engine.db.prisma.hazard.findUniqueOrThrow({ where: { id: 'H1' } });
    expect(row).toMatchObject({ status: 'closed', round: 2, due: '2030-09-11' });
    const deadlines = await engine.db.prisma.deadlineComputation.findMany({ where: { subjectId: 'H1' }, orderBy: { id: 'asc' } });
    expect(deadlines.map((d) => [d.fromDate, d.due])).toEqual([
      ['2030-09-02', '2030-09-09'],
      ['2030-09-06', '2030-09-11'],
    ]);
  });
});

describe('a rectification the inspector records for the enterprise', () => {
  it('names the inspector as its submitter, never asks him to verify it, and asks the sector leader too; he may not, the leader may', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await engine.advanceTo('2030-09-04T10:00');
    await engine.act('submit', 'H1', { evidence: '企业已更换接地线，安监员代为登记', by: 'insp' });
    await engine.advanceTo('2030-09-04T10:05');

    const [request] = await engine.sent({ ref: 'H1', kind: 'hazard.verification_requested' });
    expect(request?.to).toEqual(['insp', 'lead']);
    const mail = captured(engine).find((c) => c.email.key === request!.key)!;
    const text = mail.email.text;
    // Who did what: 安监员己 recorded it for 甲加油站 — not "甲加油站已报送".
    expect(text).toContain('安监员己代甲加油站已于2030-09-04 10:00报送');
    // Only the leader is given 复查; the inspector is told he may not verify.
    expect(text).toContain('安监员己：本次整改由您登记提交，按规定须由其他人员复查，您不能复查。');
    const row = await engine.db.prisma.notice.findUniqueOrThrow({ where: { key: request!.key } });
    const links = JSON.parse(row.linksJson!) as Array<{ to: string; links: Array<{ action: string }> }>;
    expect(links.map((r) => [r.to, r.links.map((l) => l.action)])).toEqual([
      ['insp@town.example', ['view']],
      ['lead@town.example', ['verify', 'view']],
    ]);

    expect(await refused(engine.act('verify', 'H1', { by: 'insp', result: 'pass' }))).toContain('复查人不能是整改提交人');
    expect(await engine.act('verify', 'H1', { by: 'lead', result: 'pass' })).toMatchObject({ status: 'closed' });
  });
});

describe('extensions', () => {
  it('asked for before the due date, it goes to the sector leader; approval tells principal and inspector, moves the due date and restarts the reminders', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 })); // due 09-09, reminded 09-06
    await engine.advanceTo('2030-09-06T14:00');
    const asked = await engine.act('extend', 'H1', { reason: '防爆电器需厂家定制，9月中旬到货', deadline: { date: '2030-09-20' } });
    expect(asked).toMatchObject({ due: '2030-09-09', pendingExtension: { due: '2030-09-20', by: 'principal' } });
    await engine.advanceTo('2030-09-06T16:00');
    expect(await engine.act('decide', 'H1', { by: 'lead', approve: true, note: '同意' })).toMatchObject({ due: '2030-09-20', extensionsUsed: 1 });

    await engine.advanceTo('2030-09-26T18:00');
    expect((await told(engine, 'H1')).map(line)).toEqual([
      '2030-09-02T10:00 hazard.assigned insp,wang',
      '2030-09-06T09:00 hazard.reminder insp,wang',
      '2030-09-06T14:00 hazard.extension_requested lead',
      '2030-09-06T16:00 hazard.extension_decided insp,wang',
      // Nothing on 09-10: the old due date is gone.
      '2030-09-19T09:00 hazard.reminder insp,wang',
      '2030-09-23T09:00 hazard.overdue insp,wang',
      '2030-09-23T09:00 hazard.escalation lead',
      '2030-09-26T09:00 hazard.escalation head,sec',
    ]);
    const events = await engine.db.prisma.hazardEvent.findMany({ where: { hazardId: 'H1' }, orderBy: { id: 'asc' } });
    // Every scheduled step is recorded, the reminders too (the first, for the old due date, before the request).
    expect(events.map((e) => e.type)).toEqual(['reported', 'reminded', 'extension_requested', 'extension_approved', 'reminded', 'overdue', 'escalated']);
  });

  it('asked for on the due date itself it is still in time; denial keeps the due date, and the hazard goes overdue the next working day', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 })); // due Mon 09-09
    await engine.advanceTo('2030-09-09T15:00');
    // { workdays: 5 } for an extension counts from the current due date: Tue 09-10 … Tue 09-17.
    const asked = await engine.act('extend', 'H1', { reason: '施工队未能进场', deadline: { workdays: 5 } });
    expect(asked.pendingExtension).toMatchObject({ due: '2030-09-17' });
    await engine.advanceTo('2030-09-09T17:00');
    expect(await engine.act('decide', 'H1', { by: 'lead', approve: false, note: '先停用该储罐' })).toMatchObject({ due: '2030-09-09', extensionsUsed: 1 });
    // The denied request used up the one extension allowed.
    expect(await refused(engine.act('extend', 'H1', { reason: '再申请', deadline: { date: '2030-09-30' } }))).toContain('最多申请延期 1 次');
    await engine.advanceTo('2030-09-10T18:00');
    expect((await told(engine, 'H1')).map(line)).toEqual([
      '2030-09-02T10:00 hazard.assigned insp,wang',
      '2030-09-06T09:00 hazard.reminder insp,wang',
      '2030-09-09T15:00 hazard.extension_requested lead',
      '2030-09-09T17:00 hazard.extension_decided insp,wang',
      '2030-09-10T09:00 hazard.overdue insp,wang',
      '2030-09-10T09:00 hazard.escalation lead',
    ]);
  });

  it('approved only after the old due date passed, it still moves the due date: escalation starts over for the new one', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 })); // due 09-09
    await engine.advanceTo('2030-09-06T14:00');
    await engine.act('extend', 'H1', { reason: '防爆电器需厂家定制', deadline: { date: '2030-09-20' } });
    await engine.advanceTo('2030-09-10T11:00'); // overdue and level 1 went out at 09:00
    await engine.act('ack', 'H1', { by: 'lead' });
    await engine.advanceTo('2030-09-11T10:00');
    expect(await engine.act('decide', 'H1', { by: 'lead', approve: true })).toMatchObject({
      due: '2030-09-20',
      escalationLevel: 0,
      acknowledged: false,
    });
    await engine.advanceTo('2030-09-26T18:00');
    expect((await told(engine, 'H1')).map(line)).toEqual([
      '2030-09-02T10:00 hazard.assigned insp,wang',
      '2030-09-06T09:00 hazard.reminder insp,wang',
      '2030-09-06T14:00 hazard.extension_requested lead',
      '2030-09-10T09:00 hazard.overdue insp,wang',
      '2030-09-10T09:00 hazard.escalation lead',
      '2030-09-11T10:00 hazard.extension_decided insp,wang',
      '2030-09-19T09:00 hazard.reminder insp,wang',
      '2030-09-23T09:00 hazard.overdue insp,wang',
      '2030-09-23T09:00 hazard.escalation lead',
      '2030-09-26T09:00 hazard.escalation head,sec',
    ]);
  });

  it('a town whose policy allows two extensions accepts a second one, which again restarts the reminders', async () => {
    const engine = await startEngine({
      start: '2030-09-02T08:00',
      profile: TEST_TOWN.replace('policy: {}', 'policy: { hazard: { maxExtensions: 2 } }'),
    });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await engine.advanceTo('2030-09-03T10:00');
    await engine.act('extend', 'H1', { reason: '配件未到', deadline: { date: '2030-09-13' } });
    await engine.act('decide', 'H1', { by: 'lead', approve: true });
    await engine.advanceTo('2030-09-12T10:00');
    await engine.act('extend', 'H1', { reason: '厂家再次延误', deadline: { date: '2030-09-20' } });
    await engine.act('decide', 'H1', { by: 'lead', approve: true });
    expect(await refused(engine.act('extend', 'H1', { reason: '第三次', deadline: { date: '2030-09-27' } }))).toContain('最多申请延期 2 次');
    await engine.advanceTo('2030-09-23T18:00');
    expect((await told(engine, 'H1')).map((n) => `${n.at} ${n.kind}`)).toEqual([
      '2030-09-02T10:00 hazard.assigned',
      '2030-09-03T10:00 hazard.extension_requested',
      '2030-09-03T10:00 hazard.extension_decided',
      // Due 09-13: its reminder would be Wed 09-11 09:00 (中秋 is 09-12).
      '2030-09-11T09:00 hazard.reminder',
      '2030-09-12T10:00 hazard.extension_requested',
      '2030-09-12T10:00 hazard.extension_decided',
      '2030-09-19T09:00 hazard.reminder',
      '2030-09-23T09:00 hazard.overdue',
      '2030-09-23T09:00 hazard.escalation',
    ]);
    expect(await engine.state('H1')).toMatchObject({ due: '2030-09-20', extensionsUsed: 2 });
  });
});

describe('the town profile reloaded mid-hazard', () => {
  it('after hazchem gets a new inspector and a new leader, later notices go to them; the old leader may no longer acknowledge', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await engine.advanceTo('2030-09-03T11:00');
    const changed = TEST_TOWN.replace(
      '{ id: hazchem, name: 危险化学品, leader: lead, inspector: insp }',
      '{ id: hazchem, name: 危险化学品, leader: lead2, inspector: insp2 }',
    );
    expect(changed).not.toBe(TEST_TOWN);
    await engine.reload(changed);

    await engine.advanceTo('2030-09-10T10:00');
    expect(await refused(engine.act('ack', 'H1', { by: 'lead' }))).toContain('lead 未收到该隐患的督办通知');
    await engine.act('ack', 'H1', { by: 'lead2' });
    await engine.advanceTo('2030-09-11T10:00');
    await engine.act('submit', 'H1', { evidence: '已更换接地线' });
    await engine.advanceTo('2030-09-12T10:00');
    await engine.act('verify', 'H1', { by: 'insp2', result: 'pass' });
    await engine.advanceTo('2030-10-31T18:00');
    expect((await told(engine, 'H1')).map(line)).toEqual([
      '2030-09-02T10:00 hazard.assigned insp,wang',
      '2030-09-06T09:00 hazard.reminder insp2,wang',
      '2030-09-10T09:00 hazard.overdue insp2,wang',
      '2030-09-10T09:00 hazard.escalation lead2',
      '2030-09-11T10:00 hazard.verification_requested insp2',
      '2030-09-12T10:00 hazard.closed insp2,lead2,wang',
    ]);
  });
});
