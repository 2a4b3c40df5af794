// The reconciler (worker/reconciler.ts) repairs what was lost and starts nothing twice: a task workflow
// terminated by hand runs again from the ledger without sending any notice a second time; a duty
// workflow terminated by hand runs again and creates no task twice; a duty whose workflow was gone over
// an opening creates that opening's tasks when repaired, if they are still open.
//
// Duty town and its 2030 calendar: tests/engine/duty-helpers.ts.

import { describe, expect, it } from 'vitest';
import { dutyWorkflowId } from '../../domain/duty.ts';
import { reconcilePass, scheduleReconciler } from '../../worker/reconciler.ts';
import { startEngine } from '../support/engine.ts';
import { taskView } from '../support/tasks.ts';
import { DUTY_TOWN, EVERYONE, expectNoNoticeTwice, ledger, noticesOf, preview, reloadProfile, startCalendar, status, terminateByHand } from './duty-helpers.ts';

const REPORT = 'village-report:2030-08:v1'; // opens Mon 09-02, due Fri 09-06
const MEETING = 'committee-meeting:2030-09'; // invited Thu 09-05, meets Tue 09-10, minutes due Fri 09-13

describe('the reconciler', () => {
  it('runs a task workflow terminated by hand again; no notice is sent twice and the rest of its course follows', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: DUTY_TOWN });
    await startCalendar(engine);
    // After the invitation and the report's reminder (both 09-05 09:00).
    await engine.advanceTo('2030-09-05T12:00');
    expect((await noticesOf(engine, REPORT)).map((n) => n.kind)).toEqual(['duty.assigned', 'duty.reminder']);
    expect((await noticesOf(engine, MEETING)).map((n) => n.kind)).toEqual(['meeting.invite']);

    await terminateByHand(engine, REPORT, MEETING);
    expect(await status(engine, REPORT)).toBe('TERMINATED');

    // The worker's reconciler (node-cron: at once, then every 10 minutes) restores only these two, and says so.
    const lines: string[] = [];
    const reconciler = scheduleReconciler({ client: engine.env.client, taskQueue: engine.gateway.taskQueue, db: engine.db }, (line) => lines.push(line));
    await reconciler.first;
    reconciler.stop();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^工作日历：恢复 2 项任务的工作流（/);
    for (const id of [REPORT, MEETING]) expect(lines[0]).toContain(id);
    // A second run finds nothing to do. The time-skipping server has no visibility queries: asked one by one.
    expect(await startCalendar(engine)).toEqual({ dutiesStarted: [], tasksRestarted: [], hazardsRestarted: [] });
    const pass = await reconcilePass({ client: engine.env.client, taskQueue: engine.gateway.taskQueue, db: engine.db });
    expect(pass).toMatchObject({ lookedUp: 'describe', report: { dutiesStarted: [], tasksRestarted: [], hazardsRestarted: [] } });
    expect(pass.described).toBe(pass.checked);
    await engine.advanceTo('2030-09-05T12:05');
    expect(await status(engine, REPORT)).toBe('RUNNING');
    expect(await taskView(engine, MEETING)).toMatchObject({ status: 'open', due: '2030-09-13', meeting: { date: '2030-09-10' } });

    await engine.advanceTo('2030-09-30T18:00');
    expect(await noticesOf(engine, REPORT)).toEqual([
      { at: '2030-09-02T09:00', kind: 'duty.assigned', to: ['vs'] },
      { at: '2030-09-05T09:00', kind: 'duty.reminder', to: ['vs'] },
      { at: '2030-09-09T09:00', kind: 'duty.overdue', to: ['vs'] },
      { at: '2030-09-09T09:00', kind: 'duty.escalation', to: ['lead3'] },
      { at: '2030-09-13T09:00', kind: 'duty.escalation', to: ['head', 'sec'] },
    ]);
    expect(await noticesOf(engine, MEETING)).toEqual([
      { at: '2030-09-05T09:00', kind: 'meeting.invite', to: EVERYONE },
      { at: '2030-09-10T09:00', kind: 'duty.assigned', to: ['office'] },
      { at: '2030-09-11T09:00', kind: 'duty.reminder', to: ['office'] },
      { at: '2030-09-16T09:00', kind: 'duty.overdue', to: ['office'] },
      { at: '2030-09-16T09:00', kind: 'duty.escalation', to: ['safe'] },
      { at: '2030-09-19T09:00', kind: 'duty.escalation', to: ['head', 'sec'] },
    ]);
    expect(await engine.db.prisma.task.findUniqueOrThrow({ where: { id: REPORT } })).toMatchObject({ status: 'overdue', escalationLevel: 2 });
    expectNoNoticeTwice(engine);
  }, 120_000);

  it('a task restarted between level 1 and level 2 still escalates to level 2 three working days after level 1, not after the restart', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: DUTY_TOWN });
    await startCalendar(engine);
    // Level 1 on Mon 09-09; level 2 is due three working days later: 09-10, 09-11, (中秋 09-12 off) 09-13.
    await engine.advanceTo('2030-09-10T12:00');
    expect((await noticesOf(engine, REPORT)).map((n) => n.kind)).toEqual(['duty.assigned', 'duty.reminder', 'duty.overdue', 'duty.escalation']);
    await terminateByHand(engine, REPORT);
    expect((await startCalendar(engine)).tasksRestarted).toEqual([REPORT]);

    await engine.advanceTo('2030-09-20T18:00');
    // Counted from the restart (09-10 12:00) it would have been Mon 09-16.
    expect((await noticesOf(engine, REPORT)).slice(3)).toEqual([
      { at: '2030-09-09T09:00', kind: 'duty.escalation', to: ['lead3'] },
      { at: '2030-09-13T09:00', kind: 'duty.escalation', to: ['head', 'sec'] },
    ]);
    expect(await engine.db.prisma.task.findUniqueOrThrow({ where: { id: REPORT } })).toMatchObject({ status: 'overdue', escalationLevel: 2 });
    // Resumed from the ledger: no step recorded twice, and the events go on numbering after the last one.
    const events = await engine.db.prisma.taskEvent.findMany({ where: { taskId: REPORT }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.key.slice(REPORT.length + 1), (JSON.parse(e.detailJson) as { level?: number }).level])).toEqual([
      ['event-1-started', undefined],
      ['event-2-assigned', undefined],
      ['event-3-reminded', undefined],
      ['event-4-overdue', undefined],
      ['event-5-escalated', 1],
      ['event-6-escalated', 2],
    ]);
    expectNoNoticeTwice(engine);
  }, 120_000);

  it('runs a duty workflow terminated by hand again: no task twice, and the next openings on schedule', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: DUTY_TOWN });
    await startCalendar(engine);
    await engine.advanceTo('2030-09-05T12:00');
    const before = await ledger(engine);
    await terminateByHand(engine, dutyWorkflowId('enterprise-inspection'), dutyWorkflowId('committee-meeting'));

    // Restarted, each catches up today's open tasks: all exist already (the September meeting was started on its invitation day).
    expect(await startCalendar(engine)).toEqual({ dutiesStarted: ['committee-meeting', 'enterprise-inspection'], tasksRestarted: [], hazardsRestarted: [] });
    await engine.advanceTo('2030-09-05T13:00');
    expect(await ledger(engine)).toEqual(before);
    expect(await status(engine, dutyWorkflowId('enterprise-inspection'))).toBe('RUNNING');

    await engine.advanceTo('2030-10-31T18:00');
    // From the first start to the end: what the preview lists, plus what was open on 09-01 (opened before).
    const opened = preview(DUTY_TOWN, '2030-09-01', 61);
    const carried = before.filter((t) => t.opensOn < '2030-09-01');
    expect(carried.map((t) => t.id)).toEqual([
      'enterprise-inspection:2030-H2:e3',
      'enterprise-inspection:2030-Q3:e2',
      'holiday-check:mid_autumn-2030:hazchem',
      'holiday-check:mid_autumn-2030:industry',
    ]);
    expect(await ledger(engine)).toEqual([...carried, ...opened]);
    expect((await noticesOf(engine, 'enterprise-inspection:2030-10:e1'))[0]).toEqual({ at: '2030-10-08T09:00', kind: 'duty.assigned', to: ['insp'] });
    expect((await noticesOf(engine, 'committee-meeting:2030-10'))[0]).toEqual({ at: '2030-09-30T09:00', kind: 'meeting.invite', to: EVERYONE });
    expectNoNoticeTwice(engine);
  }, 120_000);

  it('repairs a duty whose workflow was gone over an opening: the tasks still open are created at once, those past due are not', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: DUTY_TOWN });
    await startCalendar(engine);
    await engine.advanceTo('2030-09-20T10:00');
    await terminateByHand(engine, dutyWorkflowId('village-report'), dutyWorkflowId('statistics-report'));

    // Both open tasks on Tue 10-08: v1's September report (due Sat 10-12), Q3 statistics (due Tue 10-15).
    await engine.advanceTo('2030-10-09T10:00');
    const repaired = ['village-report:2030-09:v1', 'statistics-report:2030-Q3'];
    expect((await ledger(engine)).filter((t) => repaired.includes(t.id))).toEqual([]);
    expect(await startCalendar(engine)).toEqual({ dutiesStarted: ['village-report', 'statistics-report'], tasksRestarted: [], hazardsRestarted: [] });
    await engine.advanceTo('2030-10-09T10:05');
    for (const id of repaired) expect((await noticesOf(engine, id)).map((n) => `${n.at} ${n.kind}`), id).toEqual(['2030-10-09T10:00 duty.assigned']);

    // Gone again over the next opening (Fri 11-01) and back after that report's due date (Thu 11-07): it is not created.
    await engine.advanceTo('2030-10-20T10:00');
    await terminateByHand(engine, dutyWorkflowId('village-report'));
    await engine.advanceTo('2030-11-08T10:00');
    expect(await startCalendar(engine)).toEqual({ dutiesStarted: ['village-report'], tasksRestarted: [], hazardsRestarted: [] });
    await engine.advanceTo('2030-11-08T10:05');
    expect((await ledger(engine)).filter((t) => t.id === 'village-report:2030-10:v1')).toEqual([]);

    // A profile reload while a duty is gone: the reload's reconcile starts it, and it keeps its schedule.
    await terminateByHand(engine, dutyWorkflowId('village-report'));
    expect((await reloadProfile(engine, DUTY_TOWN)).dutiesStarted).toEqual(['village-report']);
    await engine.advanceTo('2030-12-02T10:00');
    expect((await noticesOf(engine, 'village-report:2030-11:v1'))[0]).toEqual({ at: '2030-12-02T09:00', kind: 'duty.assigned', to: ['vs'] });
    expectNoNoticeTwice(engine);
  }, 120_000);

  it('restarts lost tasks — one overdue and handed to a new inspector, one inviting a person who has left the profile since — and still repairs every other task', async () => {
    // A clerk sits in on the committee meetings (the leaders and the office head; inspectors are not invited) and leaves in September.
    const clerk = '  - { id: clerk, name: 文书壬, role: deputy_head, email: clerk@town.example }\n';
    const leaders = '\nduties:\n  - { id: committee-meeting, meeting: { attendees: { roles: [party_secretary, town_head, deputy_head, office_head] } } }\n';
    const town = DUTY_TOWN.replace('  - { id: vs,', `${clerk}  - { id: vs,`) + leaders;
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: town });
    await startCalendar(engine);
    const CHECK = 'holiday-check:mid_autumn-2030:industry'; // insp2's, due Tue 09-10: overdue Wed 09-11, level 2 Tue 09-17
    const OPEN = 'enterprise-inspection:2030-Q3:e2'; // insp's, due Mon 09-30

    // Wed 09-11 00:30, the check's due date has ended: insp2 leaves, insp3 inspects industry from now on.
    await engine.advanceTo('2030-09-11T00:30');
    const withoutInsp2 = town
      .replace('{ id: insp2, name: 安监员庚, role: inspector, email: insp2@town.example }', '{ id: insp3, name: 安监员甲, role: inspector, email: insp3@town.example }')
      .replace('inspector: insp2 }', 'inspector: insp3 }');
    expect(withoutInsp2).not.toContain('insp2');
    await reloadProfile(engine, withoutInsp2);
    await engine.advanceTo('2030-09-11T00:35');
    // Open and overdue tasks of industry go to insp3 (the duty calendar's catch-up tells each its new spec).
    expect(await taskView(engine, 'enterprise-inspection:2030-H2:e3')).toMatchObject({ assigneeId: 'insp3' });
    expect(await taskView(engine, CHECK)).toMatchObject({ status: 'overdue', assigneeId: 'insp3', escalationLevel: 0 });
    await terminateByHand(engine, CHECK, OPEN);
    const first = await startCalendar(engine);
    expect({ ...first, tasksRestarted: first.tasksRestarted.sort() }).toEqual({ dutiesStarted: [], tasksRestarted: [OPEN, CHECK].sort(), hazardsRestarted: [] });

    // Sat 09-14, the minutes are overdue: the clerk leaves; the meeting's workflow is lost.
    await engine.advanceTo('2030-09-14T10:00');
    await reloadProfile(engine, withoutInsp2.replace(clerk, ''));
    await terminateByHand(engine, MEETING);
    expect(await startCalendar(engine)).toEqual({ dutiesStarted: [], tasksRestarted: [MEETING], hazardsRestarted: [] });

    await engine.advanceTo('2030-09-30T18:00');
    expect(await noticesOf(engine, CHECK)).toEqual([
      { at: '2030-09-01T08:00', kind: 'duty.assigned', to: ['insp2'] },
      { at: '2030-09-09T09:00', kind: 'duty.reminder', to: ['insp2'] },
      { at: '2030-09-11T00:30', kind: 'duty.assigned', to: ['insp3'] }, // handed over at the reload
      { at: '2030-09-11T09:00', kind: 'duty.overdue', to: ['insp3'] },
      { at: '2030-09-11T09:00', kind: 'duty.escalation', to: ['lead2'] },
      { at: '2030-09-17T09:00', kind: 'duty.escalation', to: ['head', 'sec'] },
    ]);
    expect(await noticesOf(engine, MEETING)).toEqual([
      { at: '2030-09-05T09:00', kind: 'meeting.invite', to: ['clerk', 'head', 'lead', 'lead2', 'lead3', 'office', 'safe', 'sec'] },
      { at: '2030-09-10T09:00', kind: 'duty.assigned', to: ['office'] },
      { at: '2030-09-11T09:00', kind: 'duty.reminder', to: ['office'] },
      { at: '2030-09-16T09:00', kind: 'duty.overdue', to: ['office'] },
      { at: '2030-09-16T09:00', kind: 'duty.escalation', to: ['safe'] },
      { at: '2030-09-19T09:00', kind: 'duty.escalation', to: ['head', 'sec'] },
    ]);
    expect(await noticesOf(engine, OPEN)).toEqual([
      { at: '2030-09-01T08:00', kind: 'duty.assigned', to: ['insp'] },
      { at: '2030-09-29T09:00', kind: 'duty.reminder', to: ['insp'] },
    ]);
    expectNoNoticeTwice(engine);
  }, 120_000);
});
