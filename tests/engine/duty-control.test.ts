// The office's hands on the running duty calendar (client/duty-control.ts, `anwei duties
// list|pause|resume|trigger`): a paused duty creates no task at its openings (those already created run
// on); resume creates at once the tasks still open today, never one already past due; trigger creates
// the tasks open today, once however often it is sent, paused or not.
//
// Duty town and its 2030 calendar: tests/engine/duty-helpers.ts.

import { describe, expect, it } from 'vitest';
import { controlDuty, listDuties } from '../../client/duty-control.ts';
import { UserInputError } from '../../client/errors.ts';
import { dutyState, dutyWorkflowId } from '../../domain/duty.ts';
import { startEngine, type Engine } from '../support/engine.ts';
import { DUTY_TOWN, expectNoNoticeTwice, ledger, noticesOf, startCalendar, terminateByHand } from './duty-helpers.ts';

const control = (engine: Engine, command: 'pause' | 'resume' | 'trigger', id: string) => controlDuty(engine.db, engine.env.client, command, id);
const ids = async (engine: Engine, duty: string) => (await ledger(engine, { dutyId: duty })).map((t) => t.id);
const state = (engine: Engine, duty: string) => engine.env.client.workflow.getHandle(dutyWorkflowId(duty)).query(dutyState);

describe('pause, resume and trigger', () => {
  it('a paused duty creates nothing at its openings; resume catches up what is still open today; trigger creates once', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: DUTY_TOWN });
    await startCalendar(engine);
    await engine.advanceTo('2030-09-20T10:00');
    for (const duty of ['village-report', 'enterprise-inspection', 'statistics-report']) {
      expect(await control(engine, 'pause', duty)).toContain('已暂停');
    }
    const list = await listDuties(engine.db, engine.env.client);
    expect(list.filter((line) => line.includes('已暂停')).map((line) => line.split('（')[0])).toEqual(['enterprise-inspection', 'village-report', 'statistics-report']);
    expect(list.find((line) => line.startsWith('quarterly-sweep'))).toContain('运行中');

    // Tue 10-08 opens v1's September report, October's and Q4's inspections, Q3's statistics and Q4's sweeps.
    await engine.advanceTo('2030-10-09T10:00');
    expect(await ids(engine, 'quarterly-sweep')).toContain('quarterly-sweep:2030-Q4:hazchem');
    expect(await ids(engine, 'village-report')).not.toContain('village-report:2030-09:v1');
    expect(await ids(engine, 'statistics-report')).toEqual([]);
    expect((await ids(engine, 'enterprise-inspection')).filter((id) => id.includes('2030-10') || id.includes('2030-Q4'))).toEqual([]);
    // Paused across the opening: the duty moved on past it, still paused.
    expect(await state(engine, 'village-report')).toMatchObject({ paused: true, cursor: '2030-10-08', next: { opensOn: '2030-11-01' } });

    // Trigger, though paused: the inspections open today are created at once — once, however often.
    expect(await control(engine, 'trigger', 'enterprise-inspection')).toContain('已补建');
    const again = await control(engine, 'trigger', 'enterprise-inspection');
    expect(again).toContain('已暂停');
    expect(await state(engine, 'enterprise-inspection')).toMatchObject({ paused: true, last: { started: 0 } });
    await engine.advanceTo('2030-10-09T10:05');
    for (const id of ['enterprise-inspection:2030-10:e1', 'enterprise-inspection:2030-Q4:e2']) {
      expect(await noticesOf(engine, id), id).toEqual([{ at: '2030-10-09T10:00', kind: 'duty.assigned', to: ['insp'] }]);
    }

    // Resume the statistics on Wed 10-09: Q3's report (due Tue 10-15) is created at once.
    expect(await control(engine, 'resume', 'statistics-report')).toContain('已恢复');
    await engine.advanceTo('2030-10-09T10:10');
    expect(await noticesOf(engine, 'statistics-report:2030-Q3')).toEqual([{ at: '2030-10-09T10:05', kind: 'duty.assigned', to: ['office'] }]);

    // Resume the village reports on Mon 10-14, after September's was due (Sat 10-12): it is not created late.
    await engine.advanceTo('2030-10-14T10:00');
    await control(engine, 'resume', 'village-report');
    await engine.advanceTo('2030-11-04T10:00');
    expect(await ids(engine, 'village-report')).toEqual(['village-report:2030-08:v1', 'village-report:2030-10:v1']);
    expect((await noticesOf(engine, 'village-report:2030-10:v1'))[0]).toEqual({ at: '2030-11-01T09:00', kind: 'duty.assigned', to: ['vs'] });

    // The inspections are still paused: Fri 11-01's is created only when resumed.
    expect(await ids(engine, 'enterprise-inspection')).not.toContain('enterprise-inspection:2030-11:e1');
    await control(engine, 'resume', 'enterprise-inspection');
    await engine.advanceTo('2030-11-04T10:05');
    expect(await noticesOf(engine, 'enterprise-inspection:2030-11:e1')).toEqual([{ at: '2030-11-04T10:00', kind: 'duty.assigned', to: ['insp'] }]);
    expect(await state(engine, 'enterprise-inspection')).toMatchObject({ paused: false, next: { opensOn: '2030-12-02' } });
    expectNoNoticeTwice(engine);
  }, 180_000);

  it('names a duty that is unknown, disabled or not running', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: `${DUTY_TOWN}\nduties:\n  - { id: village-report, enabled: false }\n` });
    await startCalendar(engine);
    await engine.advanceTo('2030-09-01T08:05');
    const refusal = (work: Promise<unknown>) => work.then(() => undefined, (e: unknown) => e);

    for (const id of ['no-such-duty', 'village-report']) {
      const error = await refusal(control(engine, 'pause', id));
      expect(error, id).toBeInstanceOf(UserInputError);
      expect((error as UserInputError).message, id).toContain(`“${id}”`);
    }
    await terminateByHand(engine, dutyWorkflowId('holiday-check'));
    const error = await refusal(control(engine, 'trigger', 'holiday-check'));
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).message).toContain('工作流未运行');
    expect((await listDuties(engine.db, engine.env.client)).find((line) => line.startsWith('holiday-check'))).toContain('未运行');
  }, 60_000);
});
