// A duty's own notice timing (docs/duties.md: `reminderWorkdaysBefore`, `escalationWorkdays` on a duty)
// takes over the town's policy.task for that duty's tasks; the other duties keep the policy.
//
// Duty town and its 2030 calendar: tests/engine/duty-helpers.ts.

import { describe, expect, it } from 'vitest';
import { startEngine } from '../support/engine.ts';
import { DUTY_TOWN, expectNoNoticeTwice, noticesOf, startCalendar } from './duty-helpers.ts';

describe("a duty's own notice timing", () => {
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
});
