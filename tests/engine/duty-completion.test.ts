// Contract §4: completing a task (with evidence) stops its reminders and escalation; a task completed late
// stays on record as late. The tasks here are the duty calendar's own, started by its workflows (not by
// hand), and completed as `anwei task complete` does (client/act.ts → the completeTask update).
//
// Duty town and its 2030 calendar: tests/engine/duty-helpers.ts.

import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../client/errors.ts';
import { act } from '../../client/act.ts';
import { startEngine } from '../support/engine.ts';
import { taskView } from '../support/tasks.ts';
import { DUTY_TOWN, EVERYONE, expectNoNoticeTwice, noticesOf, reloadProfile, startCalendar, status } from './duty-helpers.ts';

const REPORT = 'village-report:2030-08:v1'; // opens Mon 09-02, due Fri 09-06
const MEETING = 'committee-meeting:2030-09'; // invited Thu 09-05, meets Tue 09-10, minutes due Fri 09-13

describe('completing a duty task', () => {
  it('on time stops the reminder and escalation; late is recorded as late and stops escalation before level 2; neither is started again', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: DUTY_TOWN });
    await startCalendar(engine);

    // On time: done Wed 09-04, before the reminder (Thu 09-05) and the due date.
    await engine.advanceTo('2030-09-04T15:00');
    expect(await act(engine.gateway, 'task', REPORT, 'complete', { by: 'vs', evidence: '8月安全月报已上传' })).toMatchObject({
      id: REPORT,
      status: 'done',
      late: false,
      completedBy: 'vs',
      escalationLevel: 0,
    });

    // Late: the minutes are due Fri 09-13; overdue and level 1 went out Mon 09-16; done Tue 09-17, before level 2 (Thu 09-19).
    await engine.advanceTo('2030-09-17T10:00');
    expect(await taskView(engine, MEETING)).toMatchObject({ status: 'overdue', escalationLevel: 1 });
    expect(await act(engine.gateway, 'task', MEETING, 'complete', { by: 'office', evidence: '会议纪要已上传（第9期）' })).toMatchObject({
      status: 'done',
      late: true,
      escalationLevel: 1,
    });

    // A profile reload re-plans every duty (catch-up) and the reconciler looks for lost workflows: neither starts a done task again.
    await engine.advanceTo('2030-09-18T10:00');
    expect((await reloadProfile(engine, DUTY_TOWN)).tasksRestarted).toEqual([]);
    await engine.advanceTo('2030-09-18T10:05');
    // The same profile again changes no open task either.
    expect(await engine.db.prisma.task.count({ where: { status: { in: ['open', 'overdue'] } } })).toBeGreaterThan(3);
    expect(await engine.db.prisma.taskEvent.count({ where: { type: 'rescheduled' } })).toBe(0);

    await engine.advanceTo('2030-10-31T18:00');
    expect(await noticesOf(engine, REPORT)).toEqual([{ at: '2030-09-02T09:00', kind: 'duty.assigned', to: ['vs'] }]);
    expect(await noticesOf(engine, MEETING)).toEqual([
      { at: '2030-09-05T09:00', kind: 'meeting.invite', to: EVERYONE },
      { at: '2030-09-10T09:00', kind: 'duty.assigned', to: ['office'] },
      { at: '2030-09-11T09:00', kind: 'duty.reminder', to: ['office'] },
      { at: '2030-09-16T09:00', kind: 'duty.overdue', to: ['office'] },
      { at: '2030-09-16T09:00', kind: 'duty.escalation', to: ['safe'] },
    ]);
    expect(await engine.db.prisma.task.findUniqueOrThrow({ where: { id: REPORT } })).toMatchObject({
      status: 'done',
      late: false,
      completedBy: 'vs',
      evidence: '8月安全月报已上传',
      escalationLevel: 0,
      nextNoticeAt: null,
    });
    expect(await engine.db.prisma.task.findUniqueOrThrow({ where: { id: MEETING } })).toMatchObject({
      status: 'done',
      late: true,
      completedBy: 'office',
      escalationLevel: 1,
      nextNoticeAt: null,
    });
    const completed = await engine.db.prisma.taskEvent.findFirstOrThrow({ where: { taskId: MEETING, type: 'completed' } });
    expect(JSON.parse(completed.detailJson)).toEqual({ late: true, daysLate: 4, requestId: expect.any(String) });
    expect(await status(engine, REPORT)).toBe('COMPLETED');
    expect(await status(engine, MEETING)).toBe('COMPLETED');

    // Done is done: a second completion is refused, and the next periods are created on schedule.
    const again = await act(engine.gateway, 'task', MEETING, 'complete', { by: 'office', evidence: '重复提交' }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(UserInputError);
    expect(await noticesOf(engine, 'village-report:2030-09:v1')).toEqual([
      { at: '2030-10-08T09:00', kind: 'duty.assigned', to: ['vs'] },
      { at: '2030-10-11T09:00', kind: 'duty.reminder', to: ['vs'] },
      { at: '2030-10-14T09:00', kind: 'duty.overdue', to: ['vs'] },
      { at: '2030-10-14T09:00', kind: 'duty.escalation', to: ['lead3'] },
      { at: '2030-10-17T09:00', kind: 'duty.escalation', to: ['head', 'sec'] },
    ]);
    expect((await noticesOf(engine, 'committee-meeting:2030-10')).map((n) => `${n.at} ${n.kind}`).slice(0, 2)).toEqual([
      '2030-09-30T09:00 meeting.invite',
      '2030-10-10T09:00 duty.assigned',
    ]);
    expectNoNoticeTwice(engine);
  }, 120_000);

  it('completed after level 2 stays late at level 2, and nothing more is sent', async () => {
    // Started Sunday 09-01: 中秋's checks (opened Thu 08-29, due Tue 09-10) are open, so the first start creates them at once.
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: DUTY_TOWN });
    await startCalendar(engine);
    const CHECK = 'holiday-check:mid_autumn-2030:industry';
    await engine.advanceTo('2030-09-20T10:00');
    expect(await act(engine.gateway, 'task', CHECK, 'complete', { by: 'insp2', evidence: '节前检查记录（工贸企业）' })).toMatchObject({
      status: 'done',
      late: true,
      escalationLevel: 2,
    });
    await engine.advanceTo('2030-10-20T10:00');
    expect(await noticesOf(engine, CHECK)).toEqual([
      { at: '2030-09-01T08:00', kind: 'duty.assigned', to: ['insp2'] },
      { at: '2030-09-09T09:00', kind: 'duty.reminder', to: ['insp2'] },
      // The first working day after Tue 09-10 is Wed 09-11; level 2 three working days later, skipping 中秋 (Thu 09-12): Tue 09-17.
      { at: '2030-09-11T09:00', kind: 'duty.overdue', to: ['insp2'] },
      { at: '2030-09-11T09:00', kind: 'duty.escalation', to: ['lead2'] },
      { at: '2030-09-17T09:00', kind: 'duty.escalation', to: ['head', 'sec'] },
    ]);
    expect(await engine.db.prisma.task.findUniqueOrThrow({ where: { id: CHECK } })).toMatchObject({
      status: 'done',
      late: true,
      escalationLevel: 2,
      completedBy: 'insp2',
    });
    expectNoNoticeTwice(engine);
  }, 120_000);
});
