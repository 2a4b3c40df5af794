// A year without the official holiday arrangement (2031 here: no data, no override): the duty calendar's
// dates are computed from the lunar holidays, and the tasks say so (unconfirmedYears, the trace, the
// email's 日期提示). When the office later enters the official days (calendar overrides) and reloads the
// profile, the open tasks are recomputed (the catch-up tells each running task its new spec): a changed
// due date reaches the task, its assignee is told, the reminder and overdue follow the new date, and
// tasks whose dates did not change no longer say they are unconfirmed.
//
// Duty town: tests/engine/duty-helpers.ts. Its calendar spells out 2030 only.

import { describe, expect, it } from 'vitest';
import type { TaskSpec } from '../../domain/task.ts';
import { startEngine, type Engine } from '../support/engine.ts';
import { taskView } from '../support/tasks.ts';
import { DUTY_TOWN, expectNoNoticeTwice, ledger, noticesOf, preview, reloadProfile, startCalendar } from './duty-helpers.ts';

/**
 * A (hypothetical) official 2031 春节: off Tue 01-21 to Mon 01-27 (the lunar computation says Wed 01-22 to
 * Sat 01-25), with Sun 01-19 and Sat 02-08 worked.
 */
const OFFICIAL_2031 = DUTY_TOWN.replace('  holidays: [2030-01-01, ', '  holidays: [2031-01-21, 2031-01-22, 2031-01-23, 2031-01-24, 2031-01-27, 2030-01-01, ').replace(
  '  workdays: [2030-09-29, 2030-10-12]',
  '  workdays: [2030-09-29, 2030-10-12, 2031-01-19, 2031-02-08]',
);

const CHECK = 'holiday-check:spring_festival-2031:hazchem';
const SWEEP = 'quarterly-sweep:2031-Q1:industry';
const INSPECTION = 'enterprise-inspection:2031-01:e1';
const MEETING = 'committee-meeting:2031-01';

async function specOf(engine: Engine, id: string): Promise<TaskSpec> {
  return JSON.parse((await engine.db.prisma.task.findUniqueOrThrow({ where: { id } })).specJson) as TaskSpec;
}

async function emailText(engine: Engine, key: string): Promise<string> {
  return (await engine.db.prisma.notice.findUniqueOrThrow({ where: { key } })).text;
}

describe('a year whose holidays are not official yet', () => {
  it('computes the dates from the lunar holidays, says so, and recomputes the open tasks when the office enters the official days', async () => {
    expect(OFFICIAL_2031).toContain('2031-01-27');
    expect(OFFICIAL_2031).toContain('2031-02-08]');
    const engine = await startEngine({ start: '2031-01-09T08:00', profile: DUTY_TOWN });
    await startCalendar(engine);
    await engine.advanceTo('2031-01-09T08:05');

    // ── computed: 春节 from the lunar calendar (off 01-22..01-25): the check is due 2 working days before, Mon 01-20 ──
    const open = await ledger(engine);
    expect(open.map(({ id, due }) => [id, due])).toEqual(
      preview(DUTY_TOWN, '2030-01-01', 374) // everything opened up to 01-09 …
        .filter((t) => t.due >= '2031-01-09') // … still open on the first start …
        .concat(preview(DUTY_TOWN, '2031-01-10', 1)) // … and the meeting of 01-10, whose invitation was due 01-07
        .sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.id.localeCompare(b.id))
        .map(({ id, due }) => [id, due]),
    );
    expect(open.find((t) => t.id === CHECK)).toMatchObject({ opensOn: '2031-01-08', due: '2031-01-20' });
    expect(open.find((t) => t.id === SWEEP)).toMatchObject({ opensOn: '2031-01-02', due: '2031-02-03' });
    for (const task of open) expect((await specOf(engine, task.id)).unconfirmedYears, task.id).toEqual([2031]);
    expect((await specOf(engine, CHECK)).dueTrace).toContain('2031 年放假安排尚未公布');
    expect(await emailText(engine, `${CHECK}:assigned`)).toContain('日期提示');

    // ── Fri 01-10, 10:00: the office enters the official days and reloads ──
    await engine.advanceTo('2031-01-10T10:00');
    await reloadProfile(engine, OFFICIAL_2031);
    await engine.advanceTo('2031-01-10T10:05');

    const official = preview(OFFICIAL_2031, '2030-01-01', 375);
    const dueNow = Object.fromEntries(official.map((t) => [t.id, t.due]));
    // The check is now due Sun 01-19 (worked): 2 working days before Tue 01-21; the sweep's 20th working day is Tue 02-04.
    expect(dueNow[CHECK]).toBe('2031-01-19');
    expect(dueNow[SWEEP]).toBe('2031-02-04');
    for (const task of await ledger(engine)) {
      const spec = await specOf(engine, task.id);
      expect(task.due, task.id).toBe(dueNow[task.id]);
      expect(spec.unconfirmedYears, task.id).toEqual([]);
      expect(spec.dueTrace, task.id).not.toContain('尚未公布');
    }
    expect(await taskView(engine, CHECK)).toMatchObject({ status: 'open', due: '2031-01-19', revision: 2 });
    expect(await taskView(engine, SWEEP)).toMatchObject({ status: 'open', due: '2031-02-04', revision: 2 });
    const rescheduled = await engine.db.prisma.taskEvent.findFirstOrThrow({ where: { taskId: CHECK, type: 'rescheduled' } });
    expect(JSON.parse(rescheduled.detailJson)).toMatchObject({ due: '2031-01-19', previousDue: '2031-01-20' });
    // Unchanged dates: the task is told (no more 日期提示), nobody is mailed, the meeting is not re-sent.
    expect(await taskView(engine, INSPECTION)).toMatchObject({ due: '2031-01-31', revision: 2 });
    expect(await taskView(engine, MEETING)).toMatchObject({ due: '2031-01-14', meeting: { date: '2031-01-10', invitedSequence: 0 } });

    await engine.advanceTo('2031-01-21T10:00');
    expect(await noticesOf(engine, CHECK)).toEqual([
      { at: '2031-01-09T08:00', kind: 'duty.assigned', to: ['insp'] },
      { at: '2031-01-10T10:00', kind: 'duty.assigned', to: ['insp'] }, // the new due date
      { at: '2031-01-17T09:00', kind: 'duty.reminder', to: ['insp'] },
      { at: '2031-01-20T09:00', kind: 'duty.overdue', to: ['insp'] },
      { at: '2031-01-20T09:00', kind: 'duty.escalation', to: ['lead'] },
    ]);
    expect((await engine.sent({ ref: CHECK }))[1]!.key).toBe(`${CHECK}:assigned-r2`);
    const told = await emailText(engine, `${CHECK}:assigned-r2`);
    expect(told).toContain('2031年1月20日'); // the previous due date …
    expect(told).toContain('2031年1月19日'); // … and the new one
    expect(told).not.toContain('日期提示');
    expect(await emailText(engine, `${CHECK}:2031-01-19:reminder`)).not.toContain('日期提示');
    expect(await noticesOf(engine, INSPECTION)).toEqual([{ at: '2031-01-09T08:00', kind: 'duty.assigned', to: ['insp'] }]);
    expect((await noticesOf(engine, MEETING)).filter((n) => n.kind === 'meeting.invite')).toHaveLength(1);
    expectNoNoticeTwice(engine);
  }, 120_000);
});
