// A profile's rules for a duty as the engine runs them: the duty's own notice timing (docs/duties.md:
// `reminderWorkdaysBefore`, `escalationWorkdays`) takes over the town's policy.task for that duty's tasks;
// a meeting that invites nobody is named by the preview and creates no task, and holds up nothing else.
//
// Duty town and its 2030 calendar: tests/engine/duty-helpers.ts.

import { describe, expect, it } from 'vitest';
import { startEngine } from '../support/engine.ts';
import { dutyState, dutyWorkflowId } from '../../domain/duty.ts';
import { DUTY_TOWN, expectNoNoticeTwice, ledger, noticesOf, preview, startCalendar } from './duty-helpers.ts';
import { previewDuties, townFromProfileText } from '../../client/duties.ts';

describe("a profile's rules for a duty", () => {
  it('reminds and escalates its tasks as the duty says, the other duties as the policy says', async () => {
    const profile = `${DUTY_TOWN}\nduties:\n  - { id: village-report, reminderWorkdaysBefore: 3, escalationWorkdays: 1 }\n`;
    const engine = await startEngine({ start: '2030-09-01T08:00', profile });
    await startCalendar(engine);
    await engine.advanceTo('2030-09-20T18:00');
    // v1's August report, due Fri 09-06: reminded 3 working days before (Tue 09-03); level 2 one working day after level 1.
    expect(await noticesOf(engine, 'village-report:2030-08:v1')).toEqual([
      { at: '2030-09-02T09:00', kind: 'duty.assigned', to: ['vs'] },
      { at: '2030-09-03T09:00', kind: 'duty.reminder', to: ['vs'] },
      { at: '2030-09-09T09:00', kind: 'duty.overdue', to: ['vs'] },
      { at: '2030-09-09T09:00', kind: 'duty.escalation', to: ['lead3'] },
      { at: '2030-09-10T09:00', kind: 'duty.escalation', to: ['head', 'sec'] },
    ]);
    // The meeting keeps policy.task: the working day before, and 3 working days.
    expect((await noticesOf(engine, 'committee-meeting:2030-09')).map((n) => `${n.at} ${n.kind}`)).toEqual([
      '2030-09-05T09:00 meeting.invite',
      '2030-09-10T09:00 duty.assigned',
      '2030-09-11T09:00 duty.reminder',
      '2030-09-16T09:00 duty.overdue',
      '2030-09-16T09:00 duty.escalation',
      '2030-09-19T09:00 duty.escalation',
    ]);
    expectNoNoticeTwice(engine);
  }, 120_000);

  it('a meeting that invites nobody (no deputy head in the town) is named by the preview, creates no task and holds up nothing', async () => {
    const calendar = DUTY_TOWN.slice(DUTY_TOWN.indexOf('calendar:\n'));
    const small = [
      'town: 小镇',
      'safetyLeader: head',
      'people:',
      '  - { id: sec, name: 书记甲, role: party_secretary, email: sec@town.example }',
      '  - { id: head, name: 镇长乙, role: town_head, email: head@town.example }',
      '  - { id: office, name: 安办主任戊, role: office_head, email: office@town.example }',
      '  - { id: insp, name: 安监员己, role: inspector, email: insp@town.example }',
      '  - { id: vs, name: 监督员辛, role: village_supervisor, email: vs@town.example }',
      'sectors:',
      '  - { id: hazchem, name: 危险化学品, leader: head, inspector: insp }',
      'villages:',
      '  - { id: v1, name: 一村, supervisor: vs, leader: sec }',
      'enterprises:',
      '  - { id: e1, name: 甲加油站, sector: hazchem, class: A, village: v1, principal: { name: 王经理, email: wang@e1.example } }',
      calendar.trimEnd(),
      'duties:',
      '  - { id: committee-meeting, meeting: { attendees: { roles: [deputy_head] } } }',
      '',
    ].join('\n');
    const planned = previewDuties(townFromProfileText(small, 'town.yaml'), { from: '2030-09-01', days: 30 });
    expect(planned.tasks.filter((t) => t.dutyId === 'committee-meeting')).toEqual([]);
    expect(planned.problems.filter((p) => p.dutyId === 'committee-meeting').map((p) => p.taskId)).toEqual(['committee-meeting:2030-09']);

    const engine = await startEngine({ start: '2030-09-01T08:00', profile: small });
    await startCalendar(engine);
    await engine.advanceTo('2030-10-01T08:00');
    expect(await ledger(engine)).toEqual(
      [...preview(small, '2030-08-01', 31).filter((t) => t.due >= '2030-09-01'), ...preview(small, '2030-09-01', 30)].sort(
        (a, b) => a.opensOn.localeCompare(b.opensOn) || a.id.localeCompare(b.id),
      ),
    );
    // The meeting duty has nothing to open (every month's meeting invites nobody): it waits for a profile that fixes it.
    expect(await ledger(engine, { dutyId: 'committee-meeting' })).toEqual([]);
    const meeting = await engine.env.client.workflow.getHandle(dutyWorkflowId('committee-meeting')).query(dutyState);
    expect(meeting).toMatchObject({ paused: false });
    expect(meeting.next).toBeUndefined();
    expectNoNoticeTwice(engine);
  }, 120_000);

  it('a task the task workflow would refuse (a title too long) is named by the preview and left out; the rest of its opening is created', async () => {
    // An enterprise's name may be 200 characters; a task title at most 200: its inspection's title is too long.
    const longName = '某'.repeat(195);
    const e5 = `  - { id: e5, name: ${longName}, sector: hazchem, class: A, village: v1, principal: { name: 钱经理, email: qian@e5.example } }\n`;
    const profile = DUTY_TOWN.replace('calendar:\n', `${e5}calendar:\n`);
    const engine = await startEngine({ start: '2030-09-01T08:00', profile });
    await startCalendar(engine);
    await engine.advanceTo('2030-09-03T08:00');
    // Mon 09-02's inspections: e1's created, e5's not; the duty went on to October's.
    const september = (await ledger(engine, { dutyId: 'enterprise-inspection' })).filter((t) => t.opensOn === '2030-09-02').map((t) => t.id);
    expect(september).toEqual(['enterprise-inspection:2030-09:e1']);
    // The preview says the same, and why.
    const planned = previewDuties(townFromProfileText(profile, 'town.yaml'), { from: '2030-09-02', days: 1, duty: 'enterprise-inspection' });
    expect(planned.tasks.map((t) => t.id)).toEqual(['enterprise-inspection:2030-09:e1']);
    expect(planned.problems.map((p) => [p.taskId, p.message])).toEqual([['enterprise-inspection:2030-09:e5', expect.stringContaining('title: 任务标题过长')]]);
    expect(await engine.env.client.workflow.getHandle(dutyWorkflowId('enterprise-inspection')).query(dutyState)).toMatchObject({
      cursor: '2030-09-02',
      next: { opensOn: '2030-10-08' },
    });
    expect(await noticesOf(engine, 'enterprise-inspection:2030-09:e1')).toEqual([{ at: '2030-09-02T09:00', kind: 'duty.assigned', to: ['insp'] }]);
  }, 120_000);
});
