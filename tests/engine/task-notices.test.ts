// Contract §4, the duty notices: who is told what, and when, for one task on the 2030 calendar of the
// task town (tests/support/tasks.ts). Real task workflows and activities on Temporal's time-skipping
// server, started from TaskSpecs as the duty calendar starts them; what went out is read from the outbox.

import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { act } from '../../client/act.ts';
import { startTask as startThrough } from '../../client/tasks.ts';
import { CollectingLogger } from '../activities/world.ts';
import { startEngine } from '../support/engine.ts';
import { TASK_TOWN, startTask, taskView, villageReport, workflowStatus } from '../support/tasks.ts';
import { activitiesIn, patchesIn } from '../support/history-activities.ts';
import { told } from './hazard-helpers.ts';

const ID = 'village-report:2030-08:v1';

describe('a duty task left undone', () => {
  it('is assigned 09:00 on its opening day, reminded 09:00 the working day before it is due, goes overdue to the assignee with level 1 to the village leader on the first working day after, and level 2 to head and secretary together three working days later (skipping 中秋)', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN });
    await engine.advanceTo('2030-09-01T10:00');
    expect(await startTask(engine, villageReport())).toEqual({ id: ID, started: true });

    await engine.advanceTo('2030-09-02T08:59');
    expect(await told(engine, ID)).toEqual([]);
    expect(await engine.db.prisma.task.findUniqueOrThrow({ where: { id: ID } })).toMatchObject({ status: 'open', due: '2030-09-06', assigneeId: 'vs' });

    await engine.advanceTo('2030-09-07T00:30');
    expect((await engine.db.prisma.task.findUniqueOrThrow({ where: { id: ID } })).status).toBe('overdue');

    await engine.advanceTo('2030-09-30T18:00');
    expect(await told(engine, ID)).toEqual([
      { at: '2030-09-02T09:00', kind: 'duty.assigned', to: ['vs'] },
      { at: '2030-09-05T09:00', kind: 'duty.reminder', to: ['vs'] },
      { at: '2030-09-09T09:00', kind: 'duty.overdue', to: ['vs'] },
      { at: '2030-09-09T09:00', kind: 'duty.escalation', to: ['lead3'] },
      // 3 working days after Mon 09-09: Tue 09-10, Wed 09-11, (Thu 09-12 中秋 off) Fri 09-13.
      { at: '2030-09-13T09:00', kind: 'duty.escalation', to: ['head', 'sec'] },
    ]);
    const sent = await engine.sent({ ref: ID });
    expect(sent.map((n) => n.key)).toEqual([
      `${ID}:assigned`,
      `${ID}:2030-09-06:reminder`,
      `${ID}:2030-09-06:overdue`,
      `${ID}:2030-09-06:escalation-1`,
      `${ID}:2030-09-06:escalation-2`,
    ]);
    expect(sent[3]!.subject).toContain('一级');
    expect(sent[4]!.subject).toContain('二级');
    expect(await taskView(engine, ID)).toMatchObject({ status: 'overdue', escalationLevel: 2, late: false });
    expect(await engine.db.prisma.task.findUniqueOrThrow({ where: { id: ID } })).toMatchObject({ status: 'overdue', escalationLevel: 2, nextNoticeAt: null });
    const events = await engine.db.prisma.taskEvent.findMany({ where: { taskId: ID }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['started', 'assigned', 'reminded', 'overdue', 'escalated', 'escalated']);
    // Begun under OBLIGATION_CURRENT_PATCH (which stands for STEP_SENDS_PATCH and STEP_LOCAL_PATCH): each scheduled step is
    // one local activity, recorded and sent together in the workflow task that woke it, nothing left to the sending loop;
    // one patch asked, so one marker and one search-attribute update (three of each before).
    const history = await engine.env.client.workflow.getHandle(ID).fetchHistory();
    expect(activitiesIn(history).filter((a) => a !== 'loadTaskContext')).toEqual(['recordObligation', ...Array(5).fill('local:recordStep')]);
    expect(patchesIn(history)).toEqual({ patches: ['obligation-one-marker'], searchAttributeUpdates: 1 });
  });

  it('whose step cannot be recorded (the database down) for three local attempts takes it as a scheduled activity, recorded and sent once', async () => {
    let failures = 0;
    const engine = await startEngine({
      start: '2030-09-01T08:00',
      profile: TASK_TOWN,
      beforeStepRecord: (key) => {
        if (key.endsWith('-assigned') && failures < 3) {
          failures++;
          throw new Error('数据库连不上（测试）');
        }
      },
    });
    await engine.advanceTo('2030-09-01T10:00');
    expect(await startTask(engine, villageReport())).toEqual({ id: ID, started: true });
    await engine.advanceTo('2030-09-02T10:00');
    expect(failures).toBe(3);
    expect(await told(engine, ID)).toEqual([{ at: '2030-09-02T09:00', kind: 'duty.assigned', to: ['vs'] }]);
    expect((await engine.sent({ ref: ID })).map((n) => n.key)).toEqual([`${ID}:assigned`]);
    const events = await engine.db.prisma.taskEvent.findMany({ where: { taskId: ID }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['started', 'assigned']);
    // The local activity gave up after its three attempts; the same step then went on as a scheduled activity.
    const activities = activitiesIn(await engine.env.client.workflow.getHandle(ID).fetchHistory());
    expect(activities.filter((a) => a !== 'loadTaskContext')).toEqual(['recordObligation', 'local:recordStep', 'recordStep']);
  });

  it('escalates level 1 to the sector leader (sector and enterprise tasks) or the safety leader (office tasks)', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN });
    const sweep = villageReport({ id: 'quarterly-sweep:2030-Q3:industry', dutyId: 'quarterly-sweep', period: '2030-Q3', scope: { kind: 'sector', id: 'industry' }, assigneeId: 'insp2', level1: 'sector_leader' });
    const inspection = villageReport({ id: 'enterprise-inspection:2030-09:e3', dutyId: 'enterprise-inspection', period: '2030-09', scope: { kind: 'enterprise', id: 'e3' }, assigneeId: 'insp2', level1: 'sector_leader' });
    const statistics = villageReport({ id: 'statistics-report:2030-Q2', dutyId: 'statistics-report', period: '2030-Q2', assigneeId: 'office', level1: 'safety_leader' });
    const { scope: _none, ...office } = statistics;
    for (const spec of [sweep, inspection, office]) await startTask(engine, spec);
    await engine.advanceTo('2030-09-09T12:00');
    const escalations = (await engine.sent({ kind: 'duty.escalation' })).map(({ ref, to, at }) => ({ ref, to, at }));
    expect(escalations.sort((a, b) => a.ref.localeCompare(b.ref))).toEqual([
      { ref: 'enterprise-inspection:2030-09:e3', to: ['lead2'], at: '2030-09-09T09:00' },
      { ref: 'quarterly-sweep:2030-Q3:industry', to: ['lead2'], at: '2030-09-09T09:00' },
      { ref: 'statistics-report:2030-Q2', to: ['lead'], at: '2030-09-09T09:00' },
    ]);
    expect((await engine.sent({ kind: 'duty.overdue' })).map((n) => n.to).sort()).toEqual([['insp2'], ['insp2'], ['office']]);
  });

  it('started after 09:00 on its opening day is assigned at once; started after the reminder moment gets no reminder', async () => {
    const engine = await startEngine({ start: '2030-09-05T08:00', profile: TASK_TOWN });
    await engine.advanceTo('2030-09-05T10:20');
    await startTask(engine, villageReport());
    await engine.advanceTo('2030-09-09T18:00');
    expect(await told(engine, ID)).toEqual([
      { at: '2030-09-05T10:20', kind: 'duty.assigned', to: ['vs'] },
      { at: '2030-09-09T09:00', kind: 'duty.overdue', to: ['vs'] },
      { at: '2030-09-09T09:00', kind: 'duty.escalation', to: ['lead3'] },
    ]);
  });
});

describe('completing a task', () => {
  it('before its due date stops the reminder and every escalation, and ends the workflow', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN });
    await startTask(engine, villageReport());
    await engine.advanceTo('2030-09-04T15:00');
    const view = await act(engine.gateway, 'task', ID, 'complete', { by: 'vs', evidence: '已上传8月安全月报（共享盘/一村/2030-08.pdf）' });
    expect(view).toMatchObject({ id: ID, status: 'done', late: false, completedBy: 'vs' });
    await engine.advanceTo('2030-09-30T18:00');
    expect(await told(engine, ID)).toEqual([{ at: '2030-09-02T09:00', kind: 'duty.assigned', to: ['vs'] }]);
    expect(await engine.db.prisma.task.findUniqueOrThrow({ where: { id: ID } })).toMatchObject({
      status: 'done',
      late: false,
      completedBy: 'vs',
      evidence: '已上传8月安全月报（共享盘/一村/2030-08.pdf）',
      nextNoticeAt: null,
    });
    expect(await workflowStatus(engine, ID)).toBe('COMPLETED');
  });

  it('after its due date is accepted, recorded as late, and stops escalation before level 2', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN });
    await startTask(engine, villageReport());
    await engine.advanceTo('2030-09-10T11:00');
    const view = await act(engine.gateway, 'task', ID, 'complete', { by: 'office', evidence: '村报告已补交' });
    expect(view).toMatchObject({ status: 'done', late: true, completedBy: 'office', escalationLevel: 1 });
    await engine.advanceTo('2030-09-30T18:00');
    expect((await told(engine, ID)).map((n) => `${n.at} ${n.kind}`)).toEqual([
      '2030-09-02T09:00 duty.assigned',
      '2030-09-05T09:00 duty.reminder',
      '2030-09-09T09:00 duty.overdue',
      '2030-09-09T09:00 duty.escalation',
    ]);
    expect(await engine.db.prisma.task.findUniqueOrThrow({ where: { id: ID } })).toMatchObject({ status: 'done', late: true, completedBy: 'office' });
    const completed = await engine.db.prisma.taskEvent.findFirstOrThrow({ where: { taskId: ID, type: 'completed' } });
    expect(JSON.parse(completed.detailJson)).toEqual({ late: true, daysLate: 4, requestId: expect.any(String) });
    expect(completed.evidence).toBe('村报告已补交');
  });

  it('is refused, changing nothing, without evidence, by someone not in the profile, or a second time', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN });
    await startTask(engine, villageReport());
    await engine.advanceTo('2030-09-03T10:00');
    const refusal = async (input: Record<string, unknown>) => {
      const error = await act(engine.gateway, 'task', ID, 'complete', input).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      return (error as Error).message;
    };
    expect(await refusal({ by: 'vs', evidence: '  ' })).toMatch(/完成佐证不能为空/);
    expect(await refusal({ by: 'nobody', evidence: '已报' })).toMatch(/未知或已离任的人员 “nobody”/);
    expect(await engine.db.prisma.taskEvent.count({ where: { taskId: ID, type: 'completed' } })).toBe(0);
    expect(await taskView(engine, ID)).toMatchObject({ status: 'open' });

    await act(engine.gateway, 'task', ID, 'complete', { by: 'vs', evidence: '已报' });
    expect(await refusal({ by: 'vs', evidence: '再报一次' })).toMatch(/已于 2030-09-03 10:00 由 vs 登记完成，不能重复完成/);
    expect(await engine.db.prisma.taskEvent.count({ where: { taskId: ID, type: 'completed' } })).toBe(1);
  });
});

describe('starting a task', () => {
  it('a second time by id does nothing, while it runs and after it ended', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN });
    expect(await startTask(engine, villageReport())).toEqual({ id: ID, started: true });
    await engine.advanceTo('2030-09-02T10:00');
    expect(await startTask(engine, villageReport({ title: '另一个标题' }))).toEqual({ id: ID, started: false, existing: 'running' });
    await act(engine.gateway, 'task', ID, 'complete', { by: 'vs', evidence: '已报' });
    await engine.advanceTo('2030-09-02T11:00');
    expect(await startTask(engine, villageReport())).toEqual({ id: ID, started: false, existing: 'ended' });
    await engine.advanceTo('2030-09-30T18:00');
    expect(await told(engine, ID)).toEqual([{ at: '2030-09-02T09:00', kind: 'duty.assigned', to: ['vs'] }]);
    expect((await engine.db.prisma.task.findUniqueOrThrow({ where: { id: ID } })).title).toBe('一村2030年8月安全生产月报');
  });

  it('refuses a spec whose due date comes before its opening, or whose assignee is not in the profile', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN });
    const error = await startThrough(engine.gateway, villageReport({ assigneeId: 'ghost', due: '2030-09-01' })).then(() => undefined, (e: unknown) => e);
    expect((error as Error).message).toMatch(/开始日期 2030-09-02 晚于截止日期 2030-09-01/);
    const again = await startThrough(engine.gateway, villageReport({ assigneeId: 'ghost' })).then(() => undefined, (e: unknown) => e);
    expect((again as Error).message).toMatch(/assigneeId: 未知或已离任的人员 “ghost”/);
    expect(await engine.db.prisma.task.count()).toBe(0);
  });
});

describe('the duty calendar starting tasks', () => {
  it('through the startTask activity: the worker\'s own queue, once per id; a bad spec is refused for good (InvalidInput)', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN });
    const { startTask: startTaskActivity } = createActivities({
      db: engine.db,
      mail: engine.mail,
      mailFrom: 'anwei-test@town.example',
      temporal: { client: engine.env.client, taskQueue: engine.gateway.taskQueue },
    });
    // The activity's own log (a refused spec is logged as a failure) is kept, not printed.
    const run = (spec: unknown) => new MockActivityEnvironment({ activityType: 'startTask' }, { logger: new CollectingLogger() }).run(startTaskActivity, spec as never);
    expect(await run(villageReport())).toEqual({ id: ID, started: true });
    expect(await run(villageReport())).toEqual({ id: ID, started: false, existing: 'running' });
    const bad = await run({ ...villageReport({ id: 'village-report:2030-09:v1' }), assigneeId: 'ghost' }).then(() => undefined, (e: unknown) => e);
    expect(bad).toBeInstanceOf(ApplicationFailure);
    expect((bad as ApplicationFailure).type).toBe('InvalidInput');
    expect((bad as ApplicationFailure).nonRetryable).toBe(true);
    await engine.advanceTo('2030-09-02T10:00');
    expect(await told(engine, ID)).toEqual([{ at: '2030-09-02T09:00', kind: 'duty.assigned', to: ['vs'] }]);
  });
});

describe('the town changes', () => {
  it('a reloaded profile reaches a running task: the new notice time and a new village leader apply from its next step', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN });
    await startTask(engine, villageReport());
    await engine.advanceTo('2030-09-03T10:00');
    await engine.reload(
      TASK_TOWN.replace('policy: {}', 'policy: { task: { noticeTime: "08:00" } }').replace('{ id: v1, name: 一村, supervisor: vs, leader: lead3 }', '{ id: v1, name: 一村, supervisor: vs, leader: lead2 }'),
    );
    await engine.advanceTo('2030-09-09T12:00');
    expect(await told(engine, ID)).toEqual([
      { at: '2030-09-02T09:00', kind: 'duty.assigned', to: ['vs'] },
      { at: '2030-09-05T08:00', kind: 'duty.reminder', to: ['vs'] },
      { at: '2030-09-09T08:00', kind: 'duty.overdue', to: ['vs'] },
      { at: '2030-09-09T08:00', kind: 'duty.escalation', to: ['lead2'] },
    ]);
  });
});
