// A profile reloaded mid-year (`anwei profile load`: stored, every workflow told, duties in force started)
// reaches the running duty calendar with no task created twice and none missed: a new enterprise's open
// task at once and its later tasks on schedule; a changed rule for the later tasks (and a new assignee for
// the open ones too); a removed duty's workflow ends and creates nothing more; no notice sent twice.
//
// Duty town and its 2030 calendar: tests/engine/duty-helpers.ts.

import { describe, expect, it } from 'vitest';
import { dutyWorkflowId } from '../../domain/duty.ts';
import { startEngine } from '../support/engine.ts';
import { taskView } from '../support/tasks.ts';
import { DUTY_TOWN, expectNoNoticeTwice, ledger, noticesOf, preview, reloadProfile, startCalendar, status, terminateByHand, type LedgerTask } from './duty-helpers.ts';

const E4 = '  - { id: e4, name: 丁五金厂, sector: industry, class: A, village: v1, principal: { name: 赵厂长, email: zhao@e4.example } }\n';

/** The duty town with e4 (class A, industry), the meeting on the 25th, inspections by the sector leader, no village reports. */
const CHANGED =
  DUTY_TOWN.replace('calendar:\n', `${E4}calendar:\n`) +
  [
    'duties:',
    '  - { id: committee-meeting, opens: { day: 25 } }',
    '  - { id: enterprise-inspection, assignee: sector_leader }',
    '  - { id: village-report, enabled: false }',
    '',
  ].join('\n');

// v1 gets a new supervisor, vs2, in place of vs.
const NEW_SUPERVISOR = DUTY_TOWN.replace(
  '  - { id: vs,',
  '  - { id: vs2, name: 监督员子, role: village_supervisor, email: vs2@town.example }\n  - { id: vs,',
).replace('supervisor: vs,', 'supervisor: vs2,');
if (!NEW_SUPERVISOR.includes('supervisor: vs2,')) throw new Error('the duty town changed: NEW_SUPERVISOR no longer applies');

const dates = (tasks: LedgerTask[]) => tasks.map(({ id, opensOn, due }) => ({ id, opensOn, due }));
const byOpening = (a: { id: string; opensOn: string }, b: { id: string; opensOn: string }) => a.opensOn.localeCompare(b.opensOn) || a.id.localeCompare(b.id);

describe('a profile reloaded mid-year', () => {
  it('adds an enterprise, changes two rules and removes a duty: nothing twice, nothing missed', async () => {
    expect(CHANGED).toContain('id: e4,');
    const engine = await startEngine({ start: '2030-05-01T08:00', profile: DUTY_TOWN });
    await startCalendar(engine);
    await engine.advanceTo('2030-05-16T10:00');
    const before = await ledger(engine);
    expect(await reloadProfile(engine, CHANGED)).toEqual({ dutiesStarted: [], tasksRestarted: [], hazardsRestarted: [] });
    await engine.advanceTo('2030-05-16T10:05');

    // ── the removed duty: its workflow ends; its task already open stays on record and runs on ──
    expect(await status(engine, dutyWorkflowId('village-report'))).toBe('COMPLETED');
    expect(await engine.env.client.workflow.getHandle(dutyWorkflowId('village-report')).result()).toBe('duty village-report removed from the profile');
    expect(await taskView(engine, 'village-report:2030-04:v1')).toMatchObject({ status: 'overdue', escalationLevel: 2 });

    // ── the new enterprise: its May inspection (opened Fri 05-03, due Fri 05-31) at once, to industry's leader ──
    expect(await noticesOf(engine, 'enterprise-inspection:2030-05:e4')).toEqual([{ at: '2030-05-16T10:00', kind: 'duty.assigned', to: ['lead2'] }]);

    // ── the new assignee reaches the open inspections, each told once ──
    for (const [id, was, now] of [
      ['enterprise-inspection:2030-05:e1', 'insp', 'lead'],
      ['enterprise-inspection:2030-Q2:e2', 'insp', 'lead'],
      ['enterprise-inspection:2030-H1:e3', 'insp2', 'lead2'],
    ] as const) {
      expect(await taskView(engine, id), id).toMatchObject({ assigneeId: now, revision: 2 });
      const told = await engine.sent({ ref: id, kind: 'duty.assigned' });
      expect(told.map((n) => n.to), id).toEqual([[was], [now]]);
      expect(told[1]!.key).toBe(`${id}:assigned-r2`);
    }

    await engine.advanceTo('2030-07-31T18:00');
    const after = await ledger(engine);

    // ── every task: opened before the reload (the first start caught up what was open on 05-01), the new
    //    enterprise's open one, then what the new profile opens — each once, periods already there kept ──
    const openOnStart = preview(DUTY_TOWN, '2029-12-01', 151).filter((t) => t.due >= '2030-05-01');
    expect(dates(before)).toEqual(dates([...openOnStart, ...preview(DUTY_TOWN, '2030-05-01', 16)].sort(byOpening)));
    const known = new Set(before.map((t) => t.id));
    const caughtUp = preview(CHANGED, '2030-05-01', 16).filter((t) => !known.has(t.id) && t.due >= '2030-05-16');
    expect(caughtUp.map((t) => t.id)).toEqual(['enterprise-inspection:2030-05:e4']);
    const later = preview(CHANGED, '2030-05-17', 76).filter((t) => !known.has(t.id));
    expect(dates(after)).toEqual(dates([...before, ...caughtUp, ...later].sort(byOpening)));
    expect(new Set(after.map((t) => t.id)).size).toBe(after.length);

    // The period already there is not created again: May's meeting stays on the 10th (the new rule says the 27th).
    expect(preview(CHANGED, '2030-05-17', 76).find((t) => t.id === 'committee-meeting:2030-05')?.opensOn).toBe('2030-05-27');
    expect(after.find((t) => t.id === 'committee-meeting:2030-05')).toMatchObject({ opensOn: '2030-05-10', due: '2030-05-14' });
    expect((await noticesOf(engine, 'committee-meeting:2030-05')).filter((n) => n.kind === 'meeting.invite')).toEqual([
      { at: '2030-05-07T09:00', kind: 'meeting.invite', to: expect.any(Array) },
    ]);

    // ── the changed rules, from the next period: meetings on the 25th (Tue 06-25, Thu 07-25), inspections by the leader ──
    expect((await noticesOf(engine, 'committee-meeting:2030-06')).slice(0, 3).map((n) => `${n.at} ${n.kind}`)).toEqual([
      '2030-06-20T09:00 meeting.invite',
      '2030-06-25T09:00 duty.assigned',
      '2030-06-26T09:00 duty.reminder',
    ]);
    expect(after.find((t) => t.id === 'committee-meeting:2030-07')).toMatchObject({ opensOn: '2030-07-25', due: '2030-07-29' });
    expect(after.filter((t) => t.id.startsWith('enterprise-inspection:2030-0') && t.opensOn > '2030-05-16').map((t) => [t.id, t.assigneeId])).toEqual([
      ['enterprise-inspection:2030-06:e1', 'lead'],
      ['enterprise-inspection:2030-06:e4', 'lead2'],
      ['enterprise-inspection:2030-07:e1', 'lead'],
      ['enterprise-inspection:2030-07:e4', 'lead2'],
    ]);
    expect(after.filter((t) => t.id.startsWith('enterprise-inspection:2030-Q3:') || t.id.startsWith('enterprise-inspection:2030-H2:')).map((t) => [t.id, t.assigneeId])).toEqual([
      ['enterprise-inspection:2030-H2:e3', 'lead2'],
      ['enterprise-inspection:2030-Q3:e2', 'lead'],
    ]);
    expect((await noticesOf(engine, 'enterprise-inspection:2030-06:e4'))[0]).toEqual({ at: '2030-06-03T09:00', kind: 'duty.assigned', to: ['lead2'] });

    // ── the removed duty made nothing after the reload ──
    expect(after.filter((t) => t.id.startsWith('village-report:') && t.opensOn > '2030-05-16')).toEqual([]);
    expectNoNoticeTwice(engine);
  }, 180_000);

  it('a rule that adds openings already past creates none of the tasks already past due, and the open ones at once', async () => {
    // Weekly meetings from mid-May: on Mon 05-20 the rule makes a meeting of 05-13 (minutes due 05-15, past) and one today.
    const weekly = `${DUTY_TOWN}\nduties:\n  - { id: committee-meeting, every: { weeks: 1, from: 2030-01-07 }, opens: { workday: 1 } }\n`;
    const engine = await startEngine({ start: '2030-05-01T08:00', profile: DUTY_TOWN });
    await startCalendar(engine);
    await engine.advanceTo('2030-05-20T08:00');
    await reloadProfile(engine, weekly);
    await engine.advanceTo('2030-06-01T08:00');

    const meetings = (await ledger(engine, { dutyId: 'committee-meeting' })).map((t) => [t.id, t.opensOn, t.due]);
    expect(meetings).toEqual([
      ['committee-meeting:2030-05', '2030-05-10', '2030-05-14'],
      ['committee-meeting:2030-05-20', '2030-05-20', '2030-05-22'],
      ['committee-meeting:2030-05-27', '2030-05-27', '2030-05-29'],
      ['committee-meeting:2030-06-03', '2030-06-03', '2030-06-06'], // invited Wed 05-29
    ]);
    // Today's meeting: its invitation (due 05-15) goes out at once, then the day's assignment at 09:00.
    expect((await noticesOf(engine, 'committee-meeting:2030-05-20')).slice(0, 2).map((n) => `${n.at} ${n.kind}`)).toEqual([
      '2030-05-20T08:00 meeting.invite',
      '2030-05-20T09:00 duty.assigned',
    ]);
    expect((await noticesOf(engine, 'committee-meeting:2030-05-27'))[0]).toMatchObject({ at: '2030-05-22T09:00', kind: 'meeting.invite' });
    expect(await engine.sent({ ref: 'committee-meeting:2030-05-13' })).toEqual([]);
    expectNoNoticeTwice(engine);
  }, 120_000);

  it("an enterprise leaving cancels its open tasks; a removed duty brought back catches up what is still open", async () => {
    const noVillageReports = `${DUTY_TOWN}\nduties:\n  - { id: village-report, enabled: false }\n`;
    const engine = await startEngine({ start: '2030-09-20T08:00', profile: noVillageReports });
    await startCalendar(engine);
    await engine.advanceTo('2030-10-09T10:00');
    expect(await ledger(engine, { dutyId: 'village-report' })).toEqual([]);
    expect(await status(engine, dutyWorkflowId('village-report'))).toBe('NOT_FOUND');

    // Wed 10-09: village reports come back (September's, opened Tue 10-08, is due Sat 10-12); 丙机械厂 (e3) leaves.
    const withoutE3 = DUTY_TOWN.replace(/ {2}- \{ id: e3,[^\n]*\n/, '');
    expect(withoutE3).not.toContain('id: e3,');
    expect(await reloadProfile(engine, withoutE3)).toEqual({ dutiesStarted: ['village-report'], tasksRestarted: [], hazardsRestarted: [] });
    await engine.advanceTo('2030-10-09T10:05');
    expect(await noticesOf(engine, 'village-report:2030-09:v1')).toEqual([{ at: '2030-10-09T10:00', kind: 'duty.assigned', to: ['vs'] }]);
    expect(await taskView(engine, 'enterprise-inspection:2030-H2:e3')).toMatchObject({ status: 'cancelled' });
    const cancelled = await engine.db.prisma.taskEvent.findFirstOrThrow({ where: { taskId: 'enterprise-inspection:2030-H2:e3', type: 'cancelled' } });
    expect(JSON.parse(cancelled.detailJson)).toEqual({ reason: '检查对象已从档案中删除', requestId: expect.any(String) });
    expect(await status(engine, 'enterprise-inspection:2030-H2:e3')).toBe('COMPLETED');

    // Removed again, then back after November's opening (Fri 11-01) but before its due date (Thu 11-07).
    await engine.advanceTo('2030-10-20T10:00');
    await reloadProfile(engine, withoutE3.replace('policy: {}', 'policy: {}\nduties:\n  - { id: village-report, enabled: false }'));
    await engine.advanceTo('2030-10-20T10:05');
    expect(await status(engine, dutyWorkflowId('village-report'))).toBe('COMPLETED');
    await engine.advanceTo('2030-11-05T10:00');
    expect((await reloadProfile(engine, withoutE3)).dutiesStarted).toEqual(['village-report']);
    await engine.advanceTo('2030-12-31T18:00');
    expect((await ledger(engine, { dutyId: 'village-report' })).map((t) => t.id)).toEqual([
      'village-report:2030-09:v1',
      'village-report:2030-10:v1',
      'village-report:2030-11:v1',
    ]);
    expect((await noticesOf(engine, 'village-report:2030-10:v1'))[0]).toEqual({ at: '2030-11-05T10:00', kind: 'duty.assigned', to: ['vs'] });
    expect((await ledger(engine)).filter((t) => t.id.endsWith(':e3') && t.opensOn > '2030-10-09')).toEqual([]);
    expectNoNoticeTwice(engine);
  }, 180_000);
  it('a new village supervisor reaches the report already overdue: the new assignee is told, the escalation goes on', async () => {
    const TASK = 'village-report:2030-08:v1';
    expect(NEW_SUPERVISOR).toContain('supervisor: vs2,');
    const engine = await startEngine({ start: '2030-08-30T10:00', profile: DUTY_TOWN });
    await startCalendar(engine);
    // Due Fri 09-06, overdue with level 1 on Mon 09-09.
    await engine.advanceTo('2030-09-10T10:00');
    expect((await engine.db.prisma.task.findUniqueOrThrow({ where: { id: TASK } })).status).toBe('overdue');
    await reloadProfile(engine, NEW_SUPERVISOR);
    await engine.advanceTo('2030-09-13T10:00');

    const row = await engine.db.prisma.task.findUniqueOrThrow({ where: { id: TASK } });
    expect(row).toMatchObject({ assigneeId: 'vs2', status: 'overdue', due: '2030-09-06' });
    const notices = await noticesOf(engine, TASK);
    expect(notices.filter((n) => n.at >= '2030-09-10T10:00')).toEqual([
      { at: '2030-09-10T10:00', kind: 'duty.assigned', to: ['vs2'] },
      // Level 2 three working days after level 1 (Tue 09-10, Wed 09-11, 中秋 Thu 09-12 off, Fri 09-13).
      { at: '2030-09-13T09:00', kind: 'duty.escalation', to: ['head', 'sec'] },
    ]);
    expectNoNoticeTwice(engine);
  });

  it('a lost overdue report, found first by the catch-up of a reload: it resumes from the ledger, the new supervisor is told, level 2 still three working days after level 1', async () => {
    const TASK = 'village-report:2030-08:v1';
    const engine = await startEngine({ start: '2030-08-30T10:00', profile: DUTY_TOWN });
    await startCalendar(engine);
    await engine.advanceTo('2030-09-10T10:00');
    await terminateByHand(engine, TASK);
    // Only the duty's catch-up runs (no reconciler): it starts the lost task, which resumes, then takes the new spec.
    await engine.reload(NEW_SUPERVISOR);
    await engine.advanceTo('2030-09-13T10:00');

    expect(await engine.db.prisma.task.findUniqueOrThrow({ where: { id: TASK } })).toMatchObject({ assigneeId: 'vs2', status: 'overdue', escalationLevel: 2 });
    expect((await noticesOf(engine, TASK)).filter((n) => n.at >= '2030-09-10T10:00')).toEqual([
      { at: '2030-09-10T10:01', kind: 'duty.assigned', to: ['vs2'] },
      { at: '2030-09-13T09:00', kind: 'duty.escalation', to: ['head', 'sec'] },
    ]);
    // Nothing recorded twice: the story goes on after level 1 (a fresh start would have recorded overdue and level 1 again).
    const events = await engine.db.prisma.taskEvent.findMany({ where: { taskId: TASK }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.key.slice(TASK.length + 1))).toEqual([
      'event-1-started',
      'event-2-assigned',
      'event-3-reminded',
      'event-4-overdue',
      'event-5-escalated',
      'event-6-rescheduled',
      'event-7-escalated',
    ]);
    expectNoNoticeTwice(engine);
  });
});
