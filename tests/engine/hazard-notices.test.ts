// Contract §3, the notice table: who is told what, and when, on the 2030 calendar of the fixture town
// (see hazard-helpers.ts for its days off and make-up working days). Each test runs the real
// workflow and activities on Temporal's time-skipping server and reads what went out from the outbox.

import { describe, expect, it } from 'vitest';
import { startEngine } from '../support/engine.ts';
import { escalationLevels, general, major, settle, told } from './hazard-helpers.ts';

describe('a general hazard', () => {
  it('is assigned at once to the principal and the sector inspector, and to nobody else', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:17');
    const view = await engine.report(general('H1', { workdays: 5 }));
    expect(view).toMatchObject({ id: 'H1', status: 'open', level: 'general', sectorId: 'hazchem', due: '2030-09-09', round: 1 });
    await settle(engine);
    expect(await told(engine, 'H1')).toEqual([{ at: '2030-09-02T10:17', kind: 'hazard.assigned', to: ['insp', 'wang'] }]);

    const row = await engine.db.prisma.hazard.findUniqueOrThrow({ where: { id: 'H1' } });
    expect(row).toMatchObject({ status: 'open', due: '2030-09-09', level: 'general', escalationLevel: 0 });
  });

  it('is reminded 09:00 the working day before it is due, goes overdue with level 1 to the sector leader on the first working day after, and level 2 to head and secretary together three working days later (skipping 中秋)', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 })); // Mon 09-02 + 5 working days = Mon 09-09

    await engine.advanceTo('2030-09-06T08:59');
    expect((await told(engine, 'H1')).map((n) => n.kind)).toEqual(['hazard.assigned']);
    await engine.advanceTo('2030-09-30T18:00');
    expect(await told(engine, 'H1')).toEqual([
      { at: '2030-09-02T10:00', kind: 'hazard.assigned', to: ['insp', 'wang'] },
      { at: '2030-09-06T09:00', kind: 'hazard.reminder', to: ['insp', 'wang'] },
      { at: '2030-09-10T09:00', kind: 'hazard.overdue', to: ['insp', 'wang'] },
      { at: '2030-09-10T09:00', kind: 'hazard.escalation', to: ['lead'] },
      // 3 working days after Tue 09-10: Wed 09-11, (Thu 09-12 中秋 off) Fri 09-13, Mon 09-16.
      { at: '2030-09-16T09:00', kind: 'hazard.escalation', to: ['head', 'sec'] },
    ]);
    expect(await escalationLevels(engine, 'H1')).toEqual([
      { at: '2030-09-10T09:00', level: 1, to: ['lead'] },
      { at: '2030-09-16T09:00', level: 2, to: ['head', 'sec'] },
    ]);
    expect(await engine.state('H1')).toMatchObject({ status: 'open', escalationLevel: 2, acknowledged: false });
    expect(await engine.db.prisma.hazard.findUniqueOrThrow({ where: { id: 'H1' } })).toMatchObject({ escalationLevel: 2 });
  });

  it('reported after 09:00 on the day its reminder would fall gets no reminder: the moment had passed', async () => {
    const engine = await startEngine({ start: '2030-09-05T08:00' });
    await engine.advanceTo('2030-09-05T10:00');
    await engine.report(general('H1', { workdays: 1 })); // Thu 09-05 + 1 = Fri 09-06; reminder would be Thu 09:00
    await engine.advanceTo('2030-09-09T18:00');
    expect(await told(engine, 'H1')).toEqual([
      { at: '2030-09-05T10:00', kind: 'hazard.assigned', to: ['insp', 'wang'] },
      { at: '2030-09-09T09:00', kind: 'hazard.overdue', to: ['insp', 'wang'] },
      { at: '2030-09-09T09:00', kind: 'hazard.escalation', to: ['lead'] },
    ]);
  });

  it('reported before 09:00 on the day its reminder falls is reminded that very morning', async () => {
    const engine = await startEngine({ start: '2030-09-05T07:00' });
    await engine.advanceTo('2030-09-05T08:30');
    await engine.report(general('H1', { workdays: 1 }));
    await engine.advanceTo('2030-09-05T18:00');
    expect(await told(engine, 'H1')).toEqual([
      { at: '2030-09-05T08:30', kind: 'hazard.assigned', to: ['insp', 'wang'] },
      { at: '2030-09-05T09:00', kind: 'hazard.reminder', to: ['insp', 'wang'] },
    ]);
  });

  it('due on the Friday before 国庆 (09-27) goes overdue on the make-up Sunday 09-29 and reaches the town head on Wed 10-09, after the holiday', async () => {
    const engine = await startEngine({ start: '2030-09-23T08:00' });
    await engine.advanceTo('2030-09-23T10:00');
    await engine.report(general('H1', { date: '2030-09-27' }));
    await engine.advanceTo('2030-10-31T18:00');
    expect(await told(engine, 'H1')).toEqual([
      { at: '2030-09-23T10:00', kind: 'hazard.assigned', to: ['insp', 'wang'] },
      { at: '2030-09-26T09:00', kind: 'hazard.reminder', to: ['insp', 'wang'] },
      { at: '2030-09-29T09:00', kind: 'hazard.overdue', to: ['insp', 'wang'] },
      { at: '2030-09-29T09:00', kind: 'hazard.escalation', to: ['lead'] },
      // Mon 09-30, (10-01..07 off) Tue 10-08, Wed 10-09.
      { at: '2030-10-09T09:00', kind: 'hazard.escalation', to: ['head', 'sec'] },
    ]);
  });

  it('due on the last working day before 国庆 (Mon 09-30) is reminded on the make-up Sunday and escalates on the first working day after the holiday (Tue 10-08)', async () => {
    const engine = await startEngine({ start: '2030-09-25T08:00' });
    await engine.advanceTo('2030-09-25T10:00');
    await engine.report(general('H1', { date: '2030-09-30' }));
    await engine.advanceTo('2030-10-31T18:00');
    expect(await told(engine, 'H1')).toEqual([
      { at: '2030-09-25T10:00', kind: 'hazard.assigned', to: ['insp', 'wang'] },
      { at: '2030-09-29T09:00', kind: 'hazard.reminder', to: ['insp', 'wang'] },
      { at: '2030-10-08T09:00', kind: 'hazard.overdue', to: ['insp', 'wang'] },
      { at: '2030-10-08T09:00', kind: 'hazard.escalation', to: ['lead'] },
      { at: '2030-10-11T09:00', kind: 'hazard.escalation', to: ['head', 'sec'] },
    ]);
  });

  it('spanning 国庆: { workdays: 3 } from Fri 09-27 is Sun 09-29, Mon 09-30, Tue 10-08; level 2 falls on the make-up Saturday 10-12', async () => {
    const engine = await startEngine({ start: '2030-09-27T08:00' });
    await engine.advanceTo('2030-09-27T10:00');
    const view = await engine.report(general('H1', { workdays: 3 }));
    expect(view.due).toBe('2030-10-08');
    await engine.advanceTo('2030-10-31T18:00');
    expect(await told(engine, 'H1')).toEqual([
      { at: '2030-09-27T10:00', kind: 'hazard.assigned', to: ['insp', 'wang'] },
      { at: '2030-09-30T09:00', kind: 'hazard.reminder', to: ['insp', 'wang'] },
      { at: '2030-10-09T09:00', kind: 'hazard.overdue', to: ['insp', 'wang'] },
      { at: '2030-10-09T09:00', kind: 'hazard.escalation', to: ['lead'] },
      // Thu 10-10, Fri 10-11, Sat 10-12 (调休 worked).
      { at: '2030-10-12T09:00', kind: 'hazard.escalation', to: ['head', 'sec'] },
    ]);
  });
});

describe('deadline forms', () => {
  it('{ days: 5 } from Mon 09-02 lands on Sat 09-07 and moves to the next working day, Mon 09-09 (民法典 §203)', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    const view = await engine.report(general('H1', { days: 5 }));
    expect(view.due).toBe('2030-09-09');
    expect(view.dueTrace).toContain('2030-09-07');
    await engine.advanceTo('2030-09-10T18:00');
    expect((await told(engine, 'H1')).map((n) => `${n.at} ${n.kind}`)).toEqual([
      '2030-09-02T10:00 hazard.assigned',
      '2030-09-06T09:00 hazard.reminder',
      '2030-09-10T09:00 hazard.overdue',
      '2030-09-10T09:00 hazard.escalation',
    ]);
    const computed = await engine.db.prisma.deadlineComputation.findMany({ where: { subjectId: 'H1' } });
    expect(computed).toMatchObject([{ subjectType: 'hazard', formJson: '{"days":5}', fromDate: '2030-09-02', due: '2030-09-09' }]);
  });

  it('{ days: 7 } from Tue 09-24 lands on 国庆 (10-01) and moves past the whole holiday to Tue 10-08; { days: 3 } on a working day stays', async () => {
    const engine = await startEngine({ start: '2030-09-24T08:00' });
    await engine.advanceTo('2030-09-24T10:00');
    expect((await engine.report(general('H1', { days: 7 }))).due).toBe('2030-10-08');
    expect((await engine.report(general('H2', { days: 3 }))).due).toBe('2030-09-27');
    await engine.advanceTo('2030-10-09T18:00');
    expect((await told(engine, 'H1')).map((n) => `${n.at} ${n.kind}`)).toEqual([
      '2030-09-24T10:00 hazard.assigned',
      '2030-09-30T09:00 hazard.reminder',
      '2030-10-09T09:00 hazard.overdue',
      '2030-10-09T09:00 hazard.escalation',
    ]);
    expect((await told(engine, 'H2')).map((n) => `${n.at} ${n.kind}`)).toEqual([
      '2030-09-24T10:00 hazard.assigned',
      '2030-09-26T09:00 hazard.reminder',
      '2030-09-29T09:00 hazard.overdue',
      '2030-09-29T09:00 hazard.escalation',
      '2030-10-09T09:00 hazard.escalation',
    ]);
  });

  it('{ date } is taken as given, even a day off (Sat 10-05 in 国庆): reminded the working day before (09-30), overdue the first working day after (10-08)', async () => {
    const engine = await startEngine({ start: '2030-09-25T08:00' });
    await engine.advanceTo('2030-09-25T10:00');
    expect((await engine.report(general('H1', { date: '2030-10-05' }))).due).toBe('2030-10-05');
    await engine.advanceTo('2030-10-08T18:00');
    expect((await told(engine, 'H1')).map((n) => `${n.at} ${n.kind}`)).toEqual([
      '2030-09-25T10:00 hazard.assigned',
      '2030-09-30T09:00 hazard.reminder',
      '2030-10-08T09:00 hazard.overdue',
      '2030-10-08T09:00 hazard.escalation',
    ]);
  });
});

describe('a 重大 hazard (挂牌督办)', () => {
  it('is listed to the town head, the party secretary and the sector leader at report, besides being assigned', async () => {
    const engine = await startEngine({ start: '2030-09-16T08:00' });
    await engine.advanceTo('2030-09-16T11:30');
    const view = await engine.report(major('M1', '2030-09-20', { enterprise: 'e3', by: 'insp2' }));
    expect(view).toMatchObject({ level: 'major', sectorId: 'industry', due: '2030-09-20' });
    await settle(engine);
    expect(await told(engine, 'M1')).toEqual([
      { at: '2030-09-16T11:30', kind: 'hazard.assigned', to: ['insp2', 'zhang'] },
      { at: '2030-09-16T11:30', kind: 'hazard.major_listed', to: ['head', 'lead2', 'sec'] },
    ]);
    const row = await engine.db.prisma.hazard.findUniqueOrThrow({ where: { id: 'M1' } });
    expect(JSON.parse(row.planJson!)).toMatchObject({ 目标任务: expect.any(String), 安全措施和应急预案: expect.any(String) });
  });

  it('due on a Friday goes overdue with level 1 on the Saturday and level 2 on the Sunday: any day counts', async () => {
    const engine = await startEngine({ start: '2030-09-16T08:00' });
    await engine.advanceTo('2030-09-16T10:00');
    await engine.report(major('M1', '2030-09-20'));
    await engine.advanceTo('2030-10-31T18:00');
    expect(await told(engine, 'M1')).toEqual([
      { at: '2030-09-16T10:00', kind: 'hazard.assigned', to: ['insp', 'wang'] },
      { at: '2030-09-16T10:00', kind: 'hazard.major_listed', to: ['head', 'lead', 'sec'] },
      { at: '2030-09-19T09:00', kind: 'hazard.reminder', to: ['insp', 'wang'] },
      { at: '2030-09-21T09:00', kind: 'hazard.overdue', to: ['insp', 'wang'] },
      { at: '2030-09-21T09:00', kind: 'hazard.escalation', to: ['lead'] },
      { at: '2030-09-22T09:00', kind: 'hazard.escalation', to: ['head', 'sec'] },
    ]);
  });

  it('due on the eve of 国庆 (Mon 09-30) is escalated during the holiday itself: 10-01 and 10-02', async () => {
    const engine = await startEngine({ start: '2030-09-25T08:00' });
    await engine.advanceTo('2030-09-25T10:00');
    await engine.report(major('M1', '2030-09-30'));
    await engine.advanceTo('2030-10-03T18:00');
    expect((await told(engine, 'M1')).map((n) => `${n.at} ${n.kind} ${n.to.join(',')}`)).toEqual([
      '2030-09-25T10:00 hazard.assigned insp,wang',
      '2030-09-25T10:00 hazard.major_listed head,lead,sec',
      '2030-09-29T09:00 hazard.reminder insp,wang',
      '2030-10-01T09:00 hazard.overdue insp,wang',
      '2030-10-01T09:00 hazard.escalation lead',
      '2030-10-02T09:00 hazard.escalation head,sec',
    ]);
  });
});

describe('submission and verification', () => {
  it('a submission asks the sector inspector to verify at once, stops the reminder and all escalation, and the sector leader hears on the 11th calendar day if nobody verified', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 })); // due 09-09
    await engine.advanceTo('2030-09-04T15:20');
    expect(await engine.act('submit', 'H1', { evidence: '已更换接地线并检测合格（照片3张）' })).toMatchObject({ status: 'submitted' });
    await engine.advanceTo('2030-10-31T18:00');
    expect(await told(engine, 'H1')).toEqual([
      { at: '2030-09-02T10:00', kind: 'hazard.assigned', to: ['insp', 'wang'] },
      { at: '2030-09-04T15:20', kind: 'hazard.verification_requested', to: ['insp'] },
      // Submitted Wed 09-04: ten days to verify (to 09-14); the 11th day is Sun 09-15 — calendar days.
      { at: '2030-09-15T09:00', kind: 'hazard.verification_overdue', to: ['lead'] },
    ]);
    expect(await engine.db.prisma.hazard.findUniqueOrThrow({ where: { id: 'H1' } })).toMatchObject({ status: 'submitted', submittedBy: 'principal' });
  });

  it('a verification on the 10th day is in time: no verification_overdue; the pass closes the hazard to principal, inspector and sector leader', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    await engine.advanceTo('2030-09-04T15:20');
    await engine.act('submit', 'H1', { evidence: '已更换接地线' });
    await engine.advanceTo('2030-09-14T17:00');
    expect(await engine.act('verify', 'H1', { by: 'insp', result: 'pass' })).toMatchObject({ status: 'closed' });
    await engine.advanceTo('2030-10-31T18:00');
    expect(await told(engine, 'H1')).toEqual([
      { at: '2030-09-02T10:00', kind: 'hazard.assigned', to: ['insp', 'wang'] },
      { at: '2030-09-04T15:20', kind: 'hazard.verification_requested', to: ['insp'] },
      { at: '2030-09-14T17:00', kind: 'hazard.closed', to: ['insp', 'lead', 'wang'] },
    ]);
    expect(await engine.db.prisma.hazard.findUniqueOrThrow({ where: { id: 'H1' } })).toMatchObject({ status: 'closed' });
    const events = await engine.db.prisma.hazardEvent.findMany({ where: { hazardId: 'H1' }, orderBy: { id: 'asc' } });
    expect(events.map((e) => [e.type, e.by])).toEqual([
      ['reported', 'insp'],
      ['submitted', 'principal'],
      ['closed', 'insp'],
    ]);
  });

  it('a 重大 hazard closed (销号) is also told to the town head and the party secretary', async () => {
    const engine = await startEngine({ start: '2030-09-16T08:00' });
    await engine.advanceTo('2030-09-16T10:00');
    await engine.report(major('M1', '2030-09-20'));
    await engine.advanceTo('2030-09-18T16:00');
    await engine.act('submit', 'M1', { evidence: '安全阀已更换并校验' });
    await engine.advanceTo('2030-09-19T10:00');
    await engine.act('verify', 'M1', { by: 'insp', result: 'pass' });
    await engine.advanceTo('2030-10-31T18:00');
    expect((await told(engine, 'M1')).slice(2)).toEqual([
      { at: '2030-09-18T16:00', kind: 'hazard.verification_requested', to: ['insp'] },
      { at: '2030-09-19T10:00', kind: 'hazard.closed', to: ['head', 'insp', 'lead', 'sec', 'wang'] },
    ]);
  });
});
