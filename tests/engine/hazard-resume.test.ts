// A hazard whose workflow was lost — terminated by hand, or a Temporal server that lost its data — is
// started again by the reconciler from the state the ledger recorded (Hazard.stateJson): its timers come
// back, nothing already sent is sent again, level 2 counts from level 1 as sent, and every later update
// works as before. Real workflows and activities on Temporal's time-skipping server; fixture town of 2030
// (tests/engine/hazard-helpers.ts).

import { describe, expect, it } from 'vitest';
import { hazardWorkflowId } from '../../domain/hazard.ts';
import { reconcile } from '../../worker/reconciler.ts';
import { startEngine, type Engine } from '../support/engine.ts';
import { general, line, refused, told } from './hazard-helpers.ts';

const repair = (engine: Engine) => reconcile({ client: engine.env.client, taskQueue: engine.gateway.taskQueue, db: engine.db });

describe('a hazard whose workflow was lost', () => {
  it('resumes from the ledger: level 2 and the verification reminder on their days, nothing sent twice, then submitted, verified and closed', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    // H1: due Mon 09-09, level 1 Tue 09-10; level 2 three working days later: 09-11, (中秋 09-12 off) 09-13, 09-16.
    await engine.report(general('H1', { workdays: 5 }));
    // H2: submitted Wed 09-04; not verified by the 11th calendar day after, 09-15, the sector leader is told.
    await engine.report(general('H2', { workdays: 10 }, { description: '消防通道堵塞' }));
    await engine.advanceTo('2030-09-04T10:00');
    await engine.act('submit', 'H2', { evidence: '已清理通道' });

    await engine.advanceTo('2030-09-11T12:00');
    for (const id of ['H1', 'H2']) await engine.env.client.workflow.getHandle(hazardWorkflowId(id)).terminate('手工终止（测试）');
    expect((await repair(engine)).hazardsRestarted.sort()).toEqual(['H1', 'H2']);
    // Started by id: a second run finds both running.
    expect((await repair(engine)).hazardsRestarted).toEqual([]);
    // The resumed workflow still knows its hazard: the same id is refused as a duplicate report.
    expect(await refused(engine.report(general('H1', { workdays: 5 })))).toContain('H1');

    await engine.advanceTo('2030-09-16T12:00');
    expect(await engine.state('H1')).toMatchObject({ status: 'open', escalationLevel: 2 });
    await engine.act('submit', 'H1', { evidence: '已更换接地线并检测合格' });
    await engine.advanceTo('2030-09-17T10:00');
    expect(await engine.act('verify', 'H1', { by: 'insp', result: 'pass' })).toMatchObject({ status: 'closed' });
    expect(await engine.act('verify', 'H2', { by: 'insp', result: 'pass' })).toMatchObject({ status: 'closed' });
    await engine.advanceTo('2030-10-31T18:00');

    expect((await told(engine, 'H1')).map(line)).toEqual([
      '2030-09-02T10:00 hazard.assigned insp,wang',
      '2030-09-06T09:00 hazard.reminder insp,wang',
      '2030-09-10T09:00 hazard.overdue insp,wang',
      '2030-09-10T09:00 hazard.escalation lead',
      '2030-09-16T09:00 hazard.escalation head,sec',
      '2030-09-16T12:00 hazard.verification_requested insp',
      '2030-09-17T10:00 hazard.closed insp,lead,wang',
    ]);
    expect((await told(engine, 'H2')).map(line)).toEqual([
      '2030-09-02T10:00 hazard.assigned insp,wang',
      '2030-09-04T10:00 hazard.verification_requested insp',
      '2030-09-15T09:00 hazard.verification_overdue lead',
      '2030-09-17T10:00 hazard.closed insp,lead,wang',
    ]);
    // The story goes on where it stopped: no transition recorded twice, the events numbered on.
    const events = await engine.db.prisma.hazardEvent.findMany({ where: { hazardId: 'H1' }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.key.replace('hazard:H1:', ''))).toEqual([
      'event-1-reported',
      'event-2-reminded',
      'event-3-overdue',
      'event-4-escalated',
      'event-5-submitted',
      'event-6-closed',
    ]);
    expect(await engine.db.prisma.hazard.findMany({ select: { id: true, status: true }, orderBy: { id: 'asc' } })).toEqual([
      { id: 'H1', status: 'closed' },
      { id: 'H2', status: 'closed' },
    ]);
  });

  it('lost between 销号 and its email, a closed hazard is started once more only to send that email', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await engine.report(general('H2', { workdays: 5 }, { description: '消防通道堵塞' }));
    await engine.advanceTo('2030-09-04T10:00');
    for (const id of ['H1', 'H2']) await engine.act('submit', id, { evidence: '已整改' });
    await engine.advanceTo('2030-09-05T10:00');
    for (const id of ['H1', 'H2']) await engine.act('verify', id, { by: 'insp', result: 'pass' });
    await engine.advanceTo('2030-09-06T10:00');
    // Both closed and their workflows completed; H1's 销号 email as if the worker had died before sending it.
    await engine.db.prisma.notice.deleteMany({ where: { ref: 'H1', kind: 'hazard.closed' } });
    expect((await told(engine, 'H1')).map((n) => n.kind)).not.toContain('hazard.closed');

    expect((await repair(engine)).hazardsRestarted).toEqual(['H1']);
    await engine.advanceTo('2030-09-06T10:05');
    expect((await told(engine, 'H1')).filter((n) => n.kind === 'hazard.closed').map(line)).toEqual(['2030-09-05T10:00 hazard.closed insp,lead,wang']);
    expect((await engine.env.client.workflow.getHandle(hazardWorkflowId('H1')).describe()).status.name).toBe('COMPLETED');
    // Everything out now: nothing more to repair, and H2 was never touched.
    expect((await repair(engine)).hazardsRestarted).toEqual([]);
    expect((await told(engine, 'H2')).filter((n) => n.kind === 'hazard.closed')).toHaveLength(1);
    expect(await engine.db.prisma.hazardEvent.count({ where: { hazardId: 'H1' } })).toBe(3);
  });
});
