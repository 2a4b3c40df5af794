// Contract §3, the refusals: what the engine will not accept, that the person is told why (every
// problem, named), and that a refused command changes nothing — not the workflow's view, not the
// ledger's rows, not the notices — and does not disturb what was scheduled.

import { describe, expect, it } from 'vitest';
import { act } from '../../client/act.ts';
import { loadProfile } from '../../client/profile-loader.ts';
import { migrateDatabase, openDatabase } from '../../prisma/client.ts';
import { testDatabase } from '../support/databases.ts';
import { TEST_TOWN, startEngine, type Engine } from '../support/engine.ts';
import { PLAN, general, major, refused, settle, snapshot, told } from './hazard-helpers.ts';

/**
 * A refused report leaves no hazard: no rows, no notices, and either no workflow (refused at the edge)
 * or one that holds no hazard (refused inside the engine, waiting for a corrected report).
 */
async function expectNothingRecorded(engine: Engine, id: string) {
  const after = await snapshot(engine, id);
  expect(after).toMatchObject({ hazard: null, events: [], notices: [], deadlines: [] });
  if (after.state !== null) expect(after.state).toMatch(/^no workflow/);
}

describe('reporting a hazard', () => {
  it('a 重大 hazard without its full six-part plan is refused, the error names every missing part, and nothing is recorded', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');

    const message = await refused(
      engine.report(major('M1', '2030-09-20', { plan: { 目标任务: PLAN.目标任务, 方法措施: PLAN.方法措施, 经费物资: '   ' } })),
    );

    for (const missing of ['经费物资', '机构人员', '时限要求', '安全措施和应急预案']) expect(message).toContain(`“${missing}”`);
    expect(message).not.toContain('“目标任务”');
    expect(message).not.toContain('“方法措施”');
    await settle(engine);
    const after = await snapshot(engine, 'M1');
    expect(after).toMatchObject({ hazard: null, events: [], notices: [], deadlines: [] });
    expect(after.state).toMatch(/^no workflow/);
    expect(await engine.db.prisma.notice.count()).toBe(0);
  });

  it('a 重大 hazard needs an explicit deadline date: { workdays } is refused, and with no plan at all both problems are named', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');

    const noDate = await refused(engine.report(major('M1', '2030-09-20', { deadline: { workdays: 10 } })));
    expect(noDate).toContain('重大事故隐患须指定明确的整改期限日期');
    expect(noDate).not.toContain('缺少');

    const neither = await refused(engine.report(major('M1', '2030-09-20', { deadline: { days: 10 }, plan: undefined })));
    expect(neither).toContain('重大事故隐患须指定明确的整改期限日期');
    expect(neither).toContain('缺少：“目标任务”、“方法措施”、“经费物资”、“机构人员”、“时限要求”、“安全措施和应急预案”');

    await settle(engine);
    expect(await snapshot(engine, 'M1')).toMatchObject({ hazard: null, events: [], notices: [], deadlines: [] });
    expect(await engine.db.prisma.notice.count()).toBe(0);
  });

  it('a 重大 hazard whose plan has a part nobody knows is refused by the engine, records nothing, and the corrected report is accepted at once', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');

    const message = await refused(engine.report(major('M1', '2030-09-20', { plan: { ...PLAN, 验收标准: '第三方检测合格' } })));
    expect(message).toContain('无法识别的部分：“验收标准”');
    await settle(engine);
    await expectNothingRecorded(engine, 'M1');

    // The office fixes the plan and reports again a few minutes later: not a "duplicate".
    await engine.advanceTo('2030-09-02T10:05');
    const view = await engine.report(major('M1', '2030-09-20'));
    expect(view).toMatchObject({ id: 'M1', status: 'open', level: 'major', due: '2030-09-20' });
    await settle(engine);
    expect(await told(engine, 'M1')).toEqual([
      { at: '2030-09-02T10:05', kind: 'hazard.assigned', to: ['insp', 'wang'] },
      { at: '2030-09-02T10:05', kind: 'hazard.major_listed', to: ['head', 'lead', 'sec'] },
    ]);
  });

  it('a deadline date already past is refused, records nothing, and the report with a good date is accepted at once', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');

    const message = await refused(engine.report(general('H1', { date: '2030-08-30' })));
    expect(message).toContain('期限 2030-08-30 早于 2030-09-02');
    await settle(engine);
    await expectNothingRecorded(engine, 'H1');

    await engine.advanceTo('2030-09-02T10:03');
    expect(await engine.report(general('H1', { date: '2030-09-06' }))).toMatchObject({ status: 'open', due: '2030-09-06' });
    await settle(engine);
    expect(await told(engine, 'H1')).toEqual([{ at: '2030-09-02T10:03', kind: 'hazard.assigned', to: ['insp', 'wang'] }]);
  });

  it('a hazard at an unknown enterprise, or at one struck off the profile, is refused naming the enterprise; no workflow, no rows', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');

    const unknown = await refused(engine.report(general('H1', { workdays: 5 }, { enterprise: 'e99' })));
    expect(unknown).toContain('未知或已注销的企业 “e99”');

    await engine.reload(TEST_TOWN.replace(/^ {2}- \{ id: e2,.*\n/m, ''));
    const struckOff = await refused(engine.report(general('H2', { workdays: 5 }, { enterprise: 'e2' })));
    expect(struckOff).toContain('未知或已注销的企业 “e2”');

    await settle(engine);
    for (const id of ['H1', 'H2']) {
      const after = await snapshot(engine, id);
      expect(after).toMatchObject({ hazard: null, events: [], notices: [], deadlines: [] });
      expect(after.state).toMatch(/^no workflow/);
    }
    expect(await engine.db.prisma.hazard.count()).toBe(0);
  });

  it('an id already reported is refused as a duplicate and the existing hazard is left exactly as it was', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await settle(engine);
    const before = await snapshot(engine, 'H1');

    await engine.advanceTo('2030-09-03T10:00');
    const message = await refused(engine.report(general('H1', { workdays: 2 }, { enterprise: 'e3', description: '另一处隐患', by: 'insp2' })));
    expect(message).toContain('隐患编号 H1 已存在，不能重复上报');

    await settle(engine);
    expect(await snapshot(engine, 'H1')).toEqual(before);
    // The original hazard goes on as reported: due 09-09, reminded on 09-06.
    await engine.advanceTo('2030-09-06T10:00');
    expect(await told(engine, 'H1')).toEqual([
      { at: '2030-09-02T10:00', kind: 'hazard.assigned', to: ['insp', 'wang'] },
      { at: '2030-09-06T09:00', kind: 'hazard.reminder', to: ['insp', 'wang'] },
    ]);
  });

  it('two simultaneous reports of one id: exactly one is accepted, the other is refused as a duplicate, nothing is doubled', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');

    const outcomes = await Promise.allSettled([
      engine.report(general('H1', { workdays: 5 })),
      engine.report(general('H1', { workdays: 3 }, { description: '同一隐患，另一人上报', by: 'insp2' })),
    ]);

    const accepted = outcomes.filter((o) => o.status === 'fulfilled');
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(accepted).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(String(rejected[0]!.reason.message)).toContain('隐患编号 H1 已存在，不能重复上报');
    await settle(engine);
    const after = await snapshot(engine, 'H1');
    expect(after.events.map((e) => e.type)).toEqual(['reported']);
    expect(after.deadlines).toHaveLength(1);
    expect(await told(engine, 'H1')).toEqual([{ at: '2030-09-02T10:00', kind: 'hazard.assigned', to: ['insp', 'wang'] }]);
  });

  it('the workflow id itself refuses a duplicate the ledger cannot see (WorkflowExecutionAlreadyStarted): a closed hazard reported again through an empty database', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await engine.advanceTo('2030-09-03T10:00');
    await engine.act('submit', 'H1', { evidence: '已更换接地线' });
    await engine.advanceTo('2030-09-04T10:00');
    await engine.act('verify', 'H1', { by: 'insp', result: 'pass' });
    await settle(engine);
    expect(await engine.state('H1')).toMatchObject({ status: 'closed' });

    // A second ledger (say, a restored backup) on the same Temporal namespace knows nothing of H1.
    const other = await testDatabase('sqlite');
    await migrateDatabase(other.url);
    const otherDb = await openDatabase(other.url);
    try {
      await loadProfile(otherDb, { text: TEST_TOWN, file: 'town.yaml', source: 'test', at: new Date(await engine.now()) });
      const message = await refused(act({ ...engine.gateway, db: otherDb }, 'hazard', undefined, 'report', general('H1', { workdays: 5 })));
      expect(message).toContain('隐患编号 H1 已存在，不能重复上报');
      expect(await otherDb.prisma.hazard.count()).toBe(0);
      expect(await otherDb.prisma.notice.count()).toBe(0);
    } finally {
      await otherDb.close();
    }
    expect(await engine.state('H1')).toMatchObject({ status: 'closed', due: '2030-09-09' });
  });
});

describe('acting on a hazard', () => {
  it('an ack before any escalation, or by someone who received none, is refused and changes nothing; level 2 still goes out', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 })); // due Mon 09-09
    await engine.advanceTo('2030-09-05T10:00');
    let before = await snapshot(engine, 'H1');
    expect(await refused(engine.act('ack', 'H1', { by: 'lead' }))).toContain('尚未升级督办，无需签收');
    expect(await snapshot(engine, 'H1')).toEqual(before);

    await engine.advanceTo('2030-09-10T10:00'); // level 1 went to lead at 09:00
    before = await snapshot(engine, 'H1');
    expect(await refused(engine.act('ack', 'H1', { by: 'sec' }))).toContain('sec 未收到该隐患的督办通知，不能签收（可签收人：lead）');
    expect(await refused(engine.act('ack', 'H1', { by: 'insp' }))).toContain('insp 未收到该隐患的督办通知');
    expect(await refused(engine.act('ack', 'H1', { by: 'nobody' }))).toContain('未知或已离任的人员 “nobody”');
    await settle(engine);
    expect(await snapshot(engine, 'H1')).toEqual(before);

    await engine.advanceTo('2030-09-16T10:00');
    expect((await told(engine, 'H1')).filter((n) => n.kind === 'hazard.escalation')).toEqual([
      { at: '2030-09-10T09:00', kind: 'hazard.escalation', to: ['lead'] },
      { at: '2030-09-16T09:00', kind: 'hazard.escalation', to: ['head', 'sec'] },
    ]);
  });

  it('the person who submitted the rectification may not verify it; the refusal changes nothing and someone else may', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await engine.advanceTo('2030-09-04T15:00');
    await engine.act('submit', 'H1', { evidence: '已更换接地线（代企业提交）', by: 'insp' });
    await engine.advanceTo('2030-09-05T10:00');
    const before = await snapshot(engine, 'H1');

    expect(await refused(engine.act('verify', 'H1', { by: 'insp', result: 'pass' }))).toContain('复查人不能是整改提交人（insp）');
    await settle(engine);
    expect(await snapshot(engine, 'H1')).toEqual(before);

    expect(await engine.act('verify', 'H1', { by: 'lead', result: 'pass' })).toMatchObject({ status: 'closed' });
  });

  it('a failed verification without a new deadline is refused and changes nothing', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await engine.advanceTo('2030-09-04T15:00');
    await engine.act('submit', 'H1', { evidence: '已更换接地线' });
    await engine.advanceTo('2030-09-05T10:00');
    const before = await snapshot(engine, 'H1');

    expect(await refused(engine.act('verify', 'H1', { by: 'insp', result: 'fail', note: '接地电阻超标' }))).toContain(
      '复查不通过时须给出新的整改期限',
    );
    await settle(engine);
    expect(await snapshot(engine, 'H1')).toEqual(before);
    expect(before.state).toMatchObject({ status: 'submitted', round: 1 });
  });

  it('an extension asked for after the due date is refused and changes nothing; escalation goes on', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 })); // due Mon 09-09
    await engine.advanceTo('2030-09-10T10:00');
    const before = await snapshot(engine, 'H1');

    expect(await refused(engine.act('extend', 'H1', { reason: '设备未到货', deadline: { date: '2030-09-20' } }))).toContain(
      '已过整改期限 2030-09-09，不能再申请延期',
    );
    await settle(engine);
    expect(await snapshot(engine, 'H1')).toEqual(before);
    await engine.advanceTo('2030-09-16T10:00');
    expect((await told(engine, 'H1')).map((n) => `${n.at} ${n.kind}`)).toEqual([
      '2030-09-02T10:00 hazard.assigned',
      '2030-09-06T09:00 hazard.reminder',
      '2030-09-10T09:00 hazard.overdue',
      '2030-09-10T09:00 hazard.escalation',
      '2030-09-16T09:00 hazard.escalation',
    ]);
  });

  it('an extension needs a reason, waits for its decision alone, and only the sector leader decides; each refusal changes nothing', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await engine.advanceTo('2030-09-03T10:00');
    let before = await snapshot(engine, 'H1');
    expect(await refused(engine.act('extend', 'H1', { reason: '  ', deadline: { date: '2030-09-20' } }))).toContain('延期理由');
    expect(await refused(engine.act('extend', 'H1', { deadline: { date: '2030-09-20' } }))).toContain('延期理由');
    expect(await refused(engine.act('decide', 'H1', { by: 'lead', approve: true }))).toContain('没有待审批的延期申请');
    await settle(engine);
    expect(await snapshot(engine, 'H1')).toEqual(before);

    await engine.act('extend', 'H1', { reason: '防爆电器需厂家定制', deadline: { date: '2030-09-20' } });
    await settle(engine);
    before = await snapshot(engine, 'H1');
    expect(await refused(engine.act('extend', 'H1', { reason: '再加几天', deadline: { date: '2030-09-27' } }))).toContain(
      '已有一项延期申请（至 2030-09-20）等待审批',
    );
    expect(await refused(engine.act('decide', 'H1', { by: 'lead2', approve: true }))).toContain('须由行业领域分管领导（lead）审批，lead2 无权审批');
    expect(await refused(engine.act('decide', 'H1', { by: 'insp', approve: true }))).toContain('insp 无权审批');
    await settle(engine);
    expect(await snapshot(engine, 'H1')).toEqual(before);
    expect(before.state).toMatchObject({ due: '2030-09-09', pendingExtension: { due: '2030-09-20' }, extensionsUsed: 0 });
  });

  it('an extension must move the due date later: a date up to the current due date is refused as not later, one before today as past', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 })); // due 09-09
    await engine.advanceTo('2030-09-03T10:00');
    const before = await snapshot(engine, 'H1');

    for (const date of ['2030-09-03', '2030-09-08', '2030-09-09']) {
      const message = await refused(engine.act('extend', 'H1', { reason: '配件未到', deadline: { date } }));
      expect(message).toContain(`申请的新期限 ${date} 不晚于当前期限 2030-09-09`);
      expect(message).not.toContain('不能在过去');
    }
    expect(await refused(engine.act('extend', 'H1', { reason: '配件未到', deadline: { date: '2030-09-02' } }))).toContain(
      '期限 2030-09-02 早于 2030-09-03，期限不能在过去',
    );
    await settle(engine);
    expect(await snapshot(engine, 'H1')).toEqual(before);
  });

  it('at most one extension per hazard: a second request after an approved one is refused and changes nothing', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await engine.advanceTo('2030-09-03T10:00');
    await engine.act('extend', 'H1', { reason: '防爆电器需厂家定制', deadline: { date: '2030-09-20' } });
    await engine.act('decide', 'H1', { by: 'lead', approve: true });
    await engine.advanceTo('2030-09-18T10:00');
    const before = await snapshot(engine, 'H1');

    expect(await refused(engine.act('extend', 'H1', { reason: '厂家再次延误', deadline: { date: '2030-09-30' } }))).toContain(
      '每项隐患最多申请延期 1 次，已用完',
    );
    await settle(engine);
    expect(await snapshot(engine, 'H1')).toEqual(before);
    expect(before.state).toMatchObject({ due: '2030-09-20', extensionsUsed: 1 });
  });

  it('commands out of order are refused and change nothing: verify before submission, submit twice, anything on a closed hazard, an unknown hazard', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await settle(engine);
    let before = await snapshot(engine, 'H1');
    expect(await refused(engine.act('verify', 'H1', { by: 'insp', result: 'pass' }))).toContain('尚未提交整改，不能复查');
    expect(await snapshot(engine, 'H1')).toEqual(before);

    await engine.act('submit', 'H1', { evidence: '已更换接地线' });
    await settle(engine);
    before = await snapshot(engine, 'H1');
    expect(await refused(engine.act('submit', 'H1', { evidence: '再次提交' }))).toContain('已提交整改，正等待复查');
    expect(await refused(engine.act('extend', 'H1', { reason: '来不及', deadline: { date: '2030-09-20' } }))).toContain('已提交整改');
    await settle(engine);
    expect(await snapshot(engine, 'H1')).toEqual(before);

    await engine.act('verify', 'H1', { by: 'insp', result: 'pass' });
    await settle(engine);
    before = await snapshot(engine, 'H1');
    expect(await refused(engine.act('verify', 'H1', { by: 'lead', result: 'fail', deadline: { workdays: 3 } }))).toContain('隐患 H1 已销号');
    expect(await refused(engine.act('submit', 'H1', { evidence: '又提交' }))).toContain('隐患 H1 已销号');
    expect(await refused(engine.act('ack', 'H1', { by: 'lead' }))).toContain('隐患 H1 已销号');
    expect(await snapshot(engine, 'H1')).toEqual(before);

    expect(await refused(engine.act('submit', 'H404', { evidence: '?' }))).toContain('未找到隐患 H404');
    expect(await engine.db.prisma.hazard.count()).toBe(1);
  });
});
