// Contract §4, the default duty calendar run for a whole year (2030) by the engine: one workflow per duty
// started as `anwei start` starts them (the reconciler), sleeping from opening to opening on Temporal's
// time-skipping server and starting each task's workflow; nothing is completed, so every task runs its
// whole course of notices. What the engine created (the Task table) must be what `anwei duties preview`
// lists, and representative tasks of every duty are checked notice by notice.
//
// Duty town and its 2030 calendar: tests/engine/duty-helpers.ts.

import { describe, expect, it } from 'vitest';
import { dutyState, dutyWorkflowId } from '../../domain/duty.ts';
import type { TaskSpec } from '../../domain/task.ts';
import { startEngine, type Engine } from '../support/engine.ts';
import { DUTY_TOWN, EVERYONE, expectNoNoticeTwice, ledger, noticesOf, preview, startCalendar } from './duty-helpers.ts';

/** Who level 1 of escalation reaches for a task of the duty town, by what the task is about (contract §4). */
function level1Of(spec: TaskSpec): string {
  const scope = spec.scope;
  if (!scope) return 'safe'; // office tasks: the safety leader
  if (scope.kind === 'village') return 'lead3'; // v1's leader
  const sector = scope.kind === 'sector' ? scope.id : { e1: 'hazchem', e2: 'hazchem', e3: 'industry' }[scope.id];
  return sector === 'hazchem' ? 'lead' : 'lead2';
}

/** assigned → reminder → overdue + level 1 → level 2, as `{ at, kind, to }`. */
function course(who: string, l1: string, days: { opens: string; reminder: string; overdue: string; level2: string }) {
  return [
    { at: `${days.opens}T09:00`, kind: 'duty.assigned', to: [who] },
    { at: `${days.reminder}T09:00`, kind: 'duty.reminder', to: [who] },
    { at: `${days.overdue}T09:00`, kind: 'duty.overdue', to: [who] },
    { at: `${days.overdue}T09:00`, kind: 'duty.escalation', to: [l1] },
    { at: `${days.level2}T09:00`, kind: 'duty.escalation', to: ['head', 'sec'] },
  ];
}

async function specOf(engine: Engine, id: string): Promise<TaskSpec> {
  return JSON.parse((await engine.db.prisma.task.findUniqueOrThrow({ where: { id } })).specJson) as TaskSpec;
}

describe('the default duty calendar over 2030', () => {
  it('creates exactly the tasks the preview lists, each on its opening day, and runs every notice of contract §4 at its time', async () => {
    const began = Date.now();
    // 01-01 is a day off: nothing opens, and nothing opened in 2029 is still open on it.
    const engine = await startEngine({ start: '2030-01-01T08:00', profile: DUTY_TOWN });
    const started = await startCalendar(engine);
    expect(started).toEqual({
      dutiesStarted: ['committee-meeting', 'quarterly-sweep', 'enterprise-inspection', 'holiday-check', 'village-report', 'statistics-report'],
      tasksRestarted: [],
      hazardsRestarted: [],
    });

    // Halfway: the tasks opened so far (07-01's at 00:00) are the preview's first half, and no more.
    await engine.advanceTo('2030-07-01T08:00');
    expect(await ledger(engine)).toEqual(preview(DUTY_TOWN, '2030-01-01', 182));

    await engine.advanceTo('2030-12-31T23:00');
    const seconds = (Date.now() - began) / 1000;
    console.info(`a year of the duty calendar on the time-skipping server: ${seconds.toFixed(1)} s`);

    // ── the preview agrees with the engine ──
    const year = preview(DUTY_TOWN, '2030-01-01', 365);
    expect(year).toHaveLength(69);
    expect(await ledger(engine)).toEqual(year);
    for (const duty of ['committee-meeting', 'quarterly-sweep', 'enterprise-inspection', 'holiday-check', 'village-report', 'statistics-report']) {
      expect(year.filter((t) => t.id.startsWith(`${duty}:`)).length, duty).toBeGreaterThan(0);
    }

    // ── every task: assigned 09:00 on its opening day, level 1 to the right leader, level 2 to head and secretary ──
    const sent = await engine.sent();
    for (const task of year) {
      const spec = await specOf(engine, task.id);
      const mine = sent.filter((n) => n.ref === task.id);
      expect(mine.filter((n) => n.kind === 'duty.assigned').map(({ at, to }) => ({ at, to })), task.id).toEqual([
        { at: `${task.opensOn}T09:00`, to: [task.assigneeId] },
      ]);
      const escalations = mine.filter((n) => n.kind === 'duty.escalation').map((n) => n.to);
      if (task.due <= '2030-12-20') expect(escalations, task.id).toEqual([[level1Of(spec)], ['head', 'sec']]);
      expect(mine.filter((n) => n.kind === 'duty.reminder').length, task.id).toBe(task.due <= '2030-12-31' ? 1 : 0);
    }
    expectNoNoticeTwice(engine);

    // ── every meeting: the .ics invitation to every person, 3 working days before, ref = the meeting's task ──
    const invites = await engine.db.prisma.notice.findMany({ where: { kind: 'meeting.invite' }, orderBy: { at: 'asc' } });
    const meetings = year.filter((t) => t.id.startsWith('committee-meeting:'));
    expect(meetings).toHaveLength(12);
    expect(invites.map((n) => n.ref)).toEqual(meetings.map((t) => t.id));
    for (const n of invites) {
      const spec = await specOf(engine, n.ref);
      expect(n.ics, n.ref).toMatch(/^METHOD:REQUEST\r?$/m);
      expect(n.ics, n.ref).toContain(`DTSTART;TZID=Asia/Shanghai:${spec.meeting!.date.replaceAll('-', '')}T143000`);
      expect(n.status).toBe('sent');
    }
    expect(sent.filter((n) => n.kind === 'meeting.invite').map(({ at, to }) => ({ at, to }))).toEqual(
      await Promise.all(meetings.map(async (t) => ({ at: `${(await specOf(engine, t.id)).meeting!.inviteOn}T09:00`, to: EVERYONE }))),
    );

    // ── representative tasks of every duty, notice by notice ──
    // 安委会会议, September: Tue 09-10, minutes 2 working days later skipping 中秋 (Thu 09-12): Fri 09-13.
    expect(await noticesOf(engine, 'committee-meeting:2030-09')).toEqual([
      { at: '2030-09-05T09:00', kind: 'meeting.invite', to: EVERYONE },
      ...course('office', 'safe', { opens: '2030-09-10', reminder: '2030-09-11', overdue: '2030-09-16', level2: '2030-09-19' }),
    ]);
    // October: Thu 10-10; invited 3 working days before, across 国庆: Mon 09-30; minutes due Sat 10-12 (调休).
    expect(await noticesOf(engine, 'committee-meeting:2030-10')).toEqual([
      { at: '2030-09-30T09:00', kind: 'meeting.invite', to: EVERYONE },
      ...course('office', 'safe', { opens: '2030-10-10', reminder: '2030-10-11', overdue: '2030-10-14', level2: '2030-10-17' }),
    ]);
    expect(await specOf(engine, 'committee-meeting:2030-10')).toMatchObject({
      opensOn: '2030-10-10',
      due: '2030-10-12',
      assigneeId: 'office',
      level1: 'safety_leader',
      meeting: { date: '2030-10-10', time: '14:30', durationMinutes: 120, inviteOn: '2030-09-30', attendees: EVERYONE },
    });
    // 拉网式大检查 Q3, industry: the 20th working day of the quarter is Fri 07-26.
    expect(await noticesOf(engine, 'quarterly-sweep:2030-Q3:industry')).toEqual(
      course('insp2', 'lead2', { opens: '2030-07-01', reminder: '2030-07-25', overdue: '2030-07-29', level2: '2030-08-01' }),
    );
    // Class B, quarterly: due Mon 09-30; reminded Sun 09-29 (调休); overdue after 国庆, Tue 10-08.
    expect(await noticesOf(engine, 'enterprise-inspection:2030-Q3:e2')).toEqual(
      course('insp', 'lead', { opens: '2030-07-01', reminder: '2030-09-29', overdue: '2030-10-08', level2: '2030-10-11' }),
    );
    // Class A, monthly: January; level 2 counts 3 working days past 春节 (02-02..02-05 off).
    expect(await noticesOf(engine, 'enterprise-inspection:2030-01:e1')).toEqual(
      course('insp', 'lead', { opens: '2030-01-02', reminder: '2030-01-30', overdue: '2030-02-01', level2: '2030-02-08' }),
    );
    // 春节 2030's first day off is Sat 02-02: opens 10 working days before (Mon 01-21), due 2 before (Thu 01-31).
    expect(await noticesOf(engine, 'holiday-check:spring_festival-2030:industry')).toEqual(
      course('insp2', 'lead2', { opens: '2030-01-21', reminder: '2030-01-30', overdue: '2030-02-01', level2: '2030-02-08' }),
    );
    // 国庆 2030's first day off is Tue 10-01 (Mon 09-30 and Sun 09-29 worked): opens Wed 09-18, due Sun 09-29.
    expect(await noticesOf(engine, 'holiday-check:national_day-2030:hazchem')).toEqual(
      course('insp', 'lead', { opens: '2030-09-18', reminder: '2030-09-27', overdue: '2030-09-30', level2: '2030-10-10' }),
    );
    // 中秋 alone (Thu 09-12): one check per sector.
    expect(year.filter((t) => t.id.startsWith('holiday-check:mid_autumn-2030:')).map((t) => [t.id, t.opensOn, t.due])).toEqual([
      ['holiday-check:mid_autumn-2030:hazchem', '2030-08-29', '2030-09-10'],
      ['holiday-check:mid_autumn-2030:industry', '2030-08-29', '2030-09-10'],
    ]);
    // v1's September report opens in October, after 国庆: Tue 10-08; due the 5th working day, Sat 10-12 (调休).
    expect(await noticesOf(engine, 'village-report:2030-09:v1')).toEqual(
      course('vs', 'lead3', { opens: '2030-10-08', reminder: '2030-10-11', overdue: '2030-10-14', level2: '2030-10-17' }),
    );
    // Q3 statistics: the first working day after the quarter (10-08), due Tue 10-15.
    expect(await noticesOf(engine, 'statistics-report:2030-Q3')).toEqual(
      course('office', 'safe', { opens: '2030-10-08', reminder: '2030-10-14', overdue: '2030-10-16', level2: '2030-10-21' }),
    );
    // The annual report on 2029 and the Q4 report both open on the first working day of 2030.
    expect(await noticesOf(engine, 'statistics-report:2029')).toEqual(
      course('office', 'safe', { opens: '2030-01-02', reminder: '2030-01-30', overdue: '2030-02-01', level2: '2030-02-08' }),
    );
    expect(year.find((t) => t.id === 'statistics-report:2029-Q4')).toEqual({ id: 'statistics-report:2029-Q4', opensOn: '2030-01-02', due: '2030-01-15', assigneeId: 'office' });

    // 元旦 2031 depends on a year with no official arrangement: said so in the task, and the office head is told once.
    expect((await specOf(engine, 'holiday-check:new_year-2031:hazchem')).unconfirmedYears).toEqual([2031]);
    // At 09:00 on the day the first tasks computed from 2031's lunar holidays open (contract §1: scheduled notices at 09:00).
    const firstOf2031 = year.find((t) => t.id === 'holiday-check:new_year-2031:hazchem')!.opensOn;
    expect(sent.filter((n) => n.kind === 'calendar.unconfirmed').map(({ key, at, to }) => ({ key, at, to }))).toEqual([
      { key: 'calendar:unconfirmed:2031', at: `${firstOf2031}T09:00`, to: ['office'] },
    ]);
    expect((await specOf(engine, 'holiday-check:national_day-2030:hazchem')).unconfirmedYears).toEqual([]);

    // ── the duty workflows: waiting for 2031, each history a few dozen events (continued as new per opening) ──
    const meeting = engine.env.client.workflow.getHandle(dutyWorkflowId('committee-meeting'));
    expect(await meeting.query(dutyState)).toMatchObject({
      dutyId: 'committee-meeting',
      paused: false,
      cursor: '2030-12-10',
      next: { opensOn: '2031-01-10', startOn: '2031-01-07', count: 1 },
    });
    for (const duty of ['committee-meeting', 'enterprise-inspection', 'holiday-check']) {
      const history = await engine.env.client.workflow.getHandle(dutyWorkflowId(duty)).fetchHistory();
      expect(history.events?.length ?? 0, duty).toBeLessThan(60);
    }
    expect(seconds).toBeLessThan(120);
  }, 240_000);
});
