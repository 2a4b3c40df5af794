// Contract §6, a campaign's life on the 2030 calendar of the fixture town: one quiet task per enterprise,
// one email per recipient at each step (started, assigned, reminder, overdue with level 1, level 2, weekly
// progress), and the close — by hand with open tasks cancelled, or by the last task done — carrying the
// .xlsx ledger, read back here with exceljs. On SQLite and PostgreSQL.

import { describe, expect, it } from 'vitest';
import { act } from '../../client/act.ts';
import { formatInstant } from '../../domain/time.ts';
import { PROVIDERS } from '../support/databases.ts';
import { startEngine } from '../support/engine.ts';
import { close, closingLedger, ended, mails, readSheets, settled, start, told } from './campaign-helpers.ts';

describe.each(PROVIDERS)('a campaign over the whole town (%s)', (provider) => {
  it('tells the leaders and each inspector once at start, reminds, goes overdue with level 1 to the sector leader, level 2 to head and secretary three working days later (skipping 中秋), reports weekly, and at close cancels open tasks and sends the ledger', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', provider });
    await engine.advanceTo('2030-09-02T10:00');
    // Due: the 5th working day after Mon 09-02 = Mon 09-09.
    const view = await start(engine, { id: 'SC2030', template: 'special', title: '2030年秋季专项整治', due: { workdays: 5 }, by: 'lead' });
    expect(view).toMatchObject({ status: 'open', phase: 'open', total: 3, started: 3, due: '2030-09-09' });
    const tasks = await engine.db.prisma.task.findMany({ where: { dutyId: 'SC2030' }, orderBy: { id: 'asc' } });
    expect(tasks.map((t) => [t.id, t.assigneeId, t.due, t.status])).toEqual([
      ['SC2030:e1', 'insp', '2030-09-09', 'open'],
      ['SC2030:e2', 'insp', '2030-09-09', 'open'],
      ['SC2030:e3', 'insp2', '2030-09-09', 'open'],
    ]);

    await engine.advanceTo('2030-09-05T15:00');
    await act(engine.gateway, 'task', 'SC2030:e3', 'complete', { by: 'insp2', evidence: '已检查，未发现问题' });
    await engine.report({ id: 'H1', enterprise: 'e1', level: 'general', description: '配电箱未接地', deadline: { workdays: 3 }, by: 'insp', campaign: 'SC2030' });

    await engine.advanceTo('2030-09-17T10:00');
    await close(engine, 'SC2030');
    expect((await settled(engine, 'SC2030')).status).toBe('closed');
    await ended(engine, 'SC2030');

    expect(await told(engine, 'SC2030')).toEqual([
      { at: '2030-09-02T10:00', kind: 'campaign.started', to: ['head', 'lead', 'sec'] },
      // One email per inspector, listing their enterprises: insp has e1 and e2 in one message.
      { at: '2030-09-02T10:00', kind: 'campaign.assigned', to: ['insp'] },
      { at: '2030-09-02T10:00', kind: 'campaign.assigned', to: ['insp2'] },
      // The working day before the due date; insp2 has nothing open any more.
      { at: '2030-09-06T09:00', kind: 'campaign.reminder', to: ['insp'] },
      // The first working day of the week after the start week.
      { at: '2030-09-09T09:00', kind: 'campaign.progress', to: ['lead'] },
      { at: '2030-09-10T09:00', kind: 'campaign.overdue', to: ['insp'] },
      { at: '2030-09-10T09:00', kind: 'campaign.escalation', to: ['lead'] },
      // 3 working days after Tue 09-10: Wed 09-11, (Thu 09-12 中秋 off) Fri 09-13, Mon 09-16.
      { at: '2030-09-16T09:00', kind: 'campaign.escalation', to: ['head', 'sec'] },
      { at: '2030-09-16T09:00', kind: 'campaign.progress', to: ['lead'] },
      { at: '2030-09-17T10:00', kind: 'campaign.closed', to: ['head', 'lead', 'sec'] },
    ]);
    const all = await mails(engine, 'SC2030');
    const assigned = all.find((m) => m.kind === 'campaign.assigned' && m.to[0] === 'insp')!;
    expect(assigned.subject).toBe('【专项行动检查任务】2030年秋季专项整治（2家企业）');
    const text = (await engine.db.prisma.notice.findFirstOrThrow({ where: { ref: 'SC2030', kind: 'campaign.assigned', recipientsJson: { contains: 'insp@' } } })).text;
    expect(text).toContain('甲加油站（e1');
    expect(text).toContain('乙化工厂（e2');
    expect(text).not.toContain('丙机械厂');
    expect(all.filter((m) => m.kind === 'campaign.escalation').map((m) => m.subject)).toEqual([
      '【专项行动督办·一级】2030年秋季专项整治（2家逾期）',
      '【专项行动督办·二级】2030年秋季专项整治（2家逾期）',
    ]);
    expect(all.find((m) => m.kind === 'campaign.closed')!.attachments).toEqual(['SC2030-台账.xlsx']);

    // The tasks themselves stayed quiet: no duty.* email for a campaign task.
    expect(await engine.db.prisma.notice.count({ where: { ref: { startsWith: 'SC2030:' } } })).toBe(0);
    const after = await engine.db.prisma.task.findMany({ where: { dutyId: 'SC2030' }, orderBy: { id: 'asc' } });
    expect(after.map((t) => [t.id, t.status])).toEqual([
      ['SC2030:e1', 'cancelled'],
      ['SC2030:e2', 'cancelled'],
      ['SC2030:e3', 'done'],
    ]);
    expect(await engine.db.prisma.campaign.findUniqueOrThrow({ where: { id: 'SC2030' } })).toMatchObject({
      status: 'closed',
      closeReason: 'closed',
      closedBy: 'lead',
      tasksTotal: 3,
      tasksDone: 1,
      tasksCancelled: 2,
      hazards: 1,
    });

    const sheets = await readSheets(await closingLedger(engine, 'SC2030'));
    expect(Object.keys(sheets)).toEqual(['汇总', '检查任务', '隐患']);
    expect(sheets['检查任务']!.map((r) => [r[0], r[2], r[6], r[8], r[9], r[11]])).toEqual([
      ['任务编号', '企业名称', '安监员', '状态', '完成时间', '检查情况（佐证）'],
      ['SC2030:e1', '甲加油站', '安监员己', '已取消', '', ''],
      ['SC2030:e2', '乙化工厂', '安监员己', '已取消', '', ''],
      ['SC2030:e3', '丙机械厂', '安监员庚', '已完成', '2030-09-05 15:00', '已检查，未发现问题'],
    ]);
    expect(sheets['隐患']!.map((r) => [r[0], r[2], r[5], r[6], r[7]])).toEqual([
      ['隐患编号', '企业名称', '等级', '整改期限', '状态'],
      ['H1', '甲加油站', '一般隐患', '2030-09-10', '整改中'],
    ]);
    const summary = Object.fromEntries(sheets['汇总']!.slice(1).map((r) => [r[0], r[1]]));
    expect(summary).toMatchObject({ 专项行动编号: 'SC2030', 状态: '已结束', 企业数: '3', 已完成: '1', 已取消: '2', 发现隐患: '1', 范围: '全部在册企业' });
  });

  it('closes itself when the last task is done: the closing email goes out at that moment with the ledger, and nothing is escalated', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', provider });
    await engine.advanceTo('2030-09-02T10:00');
    await start(engine, { id: 'HC2030', template: 'holiday_check', scope: { sectors: ['hazchem'] }, by: 'lead' });
    await engine.advanceTo('2030-09-03T11:00');
    await act(engine.gateway, 'task', 'HC2030:e1', 'complete', { by: 'insp', evidence: '消防通道畅通' });
    await engine.advanceTo('2030-09-04T16:30');
    await act(engine.gateway, 'task', 'HC2030:e2', 'complete', { by: 'insp', evidence: '值班表已落实' });
    expect((await settled(engine, 'HC2030')).status).toBe('open'); // closing runs as the workflow wakes
    await engine.advanceTo('2030-09-30T18:00');
    expect(await told(engine, 'HC2030')).toEqual([
      { at: '2030-09-02T10:00', kind: 'campaign.started', to: ['head', 'lead', 'sec'] },
      { at: '2030-09-02T10:00', kind: 'campaign.assigned', to: ['insp'] },
      { at: '2030-09-04T16:30', kind: 'campaign.closed', to: ['head', 'lead', 'sec'] },
    ]);
    expect(await engine.db.prisma.campaign.findUniqueOrThrow({ where: { id: 'HC2030' } })).toMatchObject({ status: 'closed', closeReason: 'completed', title: '2030年节前安全检查' });
    const sheets = await readSheets(await closingLedger(engine, 'HC2030'));
    expect(sheets['检查任务']!.slice(1).map((r) => [r[0], r[8], r[9], r[11], r[12]])).toEqual([
      ['HC2030:e1', '已完成', '2030-09-03 11:00', '消防通道畅通', '否'],
      ['HC2030:e2', '已完成', '2030-09-04 16:30', '值班表已落实', '否'],
    ]);
  });
  it('starts each task as one workflow task with no activity: the wave takes and records the start, the task numbers its later events on from there', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', provider });
    await engine.advanceTo('2030-09-02T10:00');
    await start(engine, { id: 'QS2030', template: 'special', title: '2030年秋季专项整治', due: { workdays: 5 }, scope: { enterprises: ['e1'] }, by: 'lead' });
    const history = await engine.env.client.workflow.getHandle('QS2030:e1').fetchHistory();
    const events0 = history.events ?? [];
    expect(events0.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    expect(events0.filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(1);
    expect(events0.at(-1)?.timerStartedEventAttributes).toBeTruthy();

    const events = async () =>
      (await engine.db.prisma.taskEvent.findMany({ where: { taskId: 'QS2030:e1' }, orderBy: { id: 'asc' } })).map((e) => [e.key, formatInstant(e.at.getTime()).slice(0, 16), e.type]);
    // Opening day 09:00 had passed when the campaign started at 10:00: assigned then.
    expect(await events()).toEqual([
      ['QS2030:e1:event-1-started', '2030-09-02T10:00', 'started'],
      ['QS2030:e1:event-2-assigned', '2030-09-02T10:00', 'assigned'],
    ]);
    const row = await engine.db.prisma.task.findUniqueOrThrow({ where: { id: 'QS2030:e1' } });
    expect(row).toMatchObject({ status: 'open', assigneeId: 'insp', due: '2030-09-09' });
    expect(formatInstant(row.nextNoticeAt!.getTime()).slice(0, 16)).toBe('2030-09-06T09:00');

    // It wakes for its (quiet) reminder, loads its context then, and records on from event 3.
    await engine.advanceTo('2030-09-06T12:00');
    await act(engine.gateway, 'task', 'QS2030:e1', 'complete', { by: 'insp', evidence: '已检查' });
    expect(await events()).toEqual([
      ['QS2030:e1:event-1-started', '2030-09-02T10:00', 'started'],
      ['QS2030:e1:event-2-assigned', '2030-09-02T10:00', 'assigned'],
      ['QS2030:e1:event-3-reminded', '2030-09-06T09:00', 'reminded'],
      ['QS2030:e1:event-4-completed', '2030-09-06T12:00', 'completed'],
    ]);
  });
});
