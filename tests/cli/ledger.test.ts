// What `anwei hazard list --overdue` and `hazard show` print, read from a ledger the real workflows
// wrote on the time-skipping server (2030, the test town): what is late, by how much, most late first.
// The functions the CLI calls, with the clock set to the simulated present.

import { describe, expect, it } from 'vitest';
import { hazardDetailText, hazardTable } from '../../client/format.ts';
import { hazardDetail, listHazards } from '../../client/ledger.ts';
import { quietTemporalLogs } from '../../worker/index.ts';
import { instant, startEngine } from '../support/engine.ts';
import { eventually } from './support.ts';

describe('the hazard ledger', () => {
  it('lists overdue hazards with how late they are (calendar and working days), most late first', async () => {
    quietTemporalLogs('ERROR');
    const engine = await startEngine({ start: '2030-09-09T08:00' });
    await engine.advanceTo('2030-09-09T10:00');
    // H1: due Fri 09-13 (中秋 09-12 off). H2: due 09-16, Mon. H3: due later. H4: due 09-13 but submitted.
    await engine.report({ id: 'H1', enterprise: 'e1', level: 'general', description: '储罐区静电接地线断开', deadline: { workdays: 3 }, by: 'insp' });
    await engine.report({ id: 'H3', enterprise: 'e3', level: 'general', description: '车间安全通道堆放杂物', deadline: { workdays: 10 }, by: 'insp2' });
    await engine.report({ id: 'H4', enterprise: 'e2', level: 'general', description: '配电箱未上锁', deadline: { workdays: 3 }, by: 'insp' });
    await engine.advanceTo('2030-09-10T10:00');
    await engine.report({ id: 'H2', enterprise: 'e2', level: 'general', description: '灭火器过期', deadline: { workdays: 3 }, by: 'insp' });
    await engine.act('submit', 'H4', { evidence: '已加锁' });
    await engine.advanceTo('2030-09-18T12:00');
    await eventually(async () => (await engine.db.prisma.hazard.findUniqueOrThrow({ where: { id: 'H2' } })).escalationLevel === 1, 'H2 escalated');

    const now = instant('2030-09-18T12:00');
    const overdue = await listHazards(engine.db, { overdue: true }, now);
    expect(overdue.map((r) => [r.id, r.status, r.due, r.daysOverdue, r.workdaysOverdue, r.escalationLevel])).toEqual([
      // 09-14..09-18: 5 days, of which 09-16, 09-17, 09-18 are working days.
      ['H1', 'open', '2030-09-13', 5, 3, 1],
      ['H2', 'open', '2030-09-16', 2, 2, 1],
    ]);
    const table = hazardTable(overdue, Infinity).split('\n');
    expect(table[0]).toMatch(/^编号\s+企业\s+隐患\s+等级\s+状态\s+期限\s+逾期\s+督办$/);
    expect(table[1]).toMatch(/^H1\s+甲加油站\s+储罐区静电接地线断开\s+一般隐患\s+整改中\s+2030-09-13\s+逾期5天（3个工作日）\s+一级$/);
    expect(table[2]).toMatch(/^H2\s+乙化工厂\s+灭火器过期\s+一般隐患\s+整改中\s+2030-09-16\s+逾期2天（2个工作日）\s+一级$/);

    // The whole ledger: nothing late shown for what is on time or submitted; filters.
    const all = await listHazards(engine.db, {}, now);
    expect(all.map((r) => [r.id, r.status, r.daysOverdue])).toEqual([
      ['H1', 'open', 5],
      ['H4', 'submitted', 0],
      ['H2', 'open', 2],
      ['H3', 'open', 0],
    ]);
    expect((await listHazards(engine.db, { sector: 'industry' }, now)).map((r) => r.id)).toEqual(['H3']);
    expect((await listHazards(engine.db, { status: 'submitted' }, now)).map((r) => r.id)).toEqual(['H4']);
    // A filter naming an id the town never had is a typo, not an empty ledger: every one named, with the nearest id.
    await expect(listHazards(engine.db, { sector: 'industy', enterprise: 'nope' }, now)).rejects.toMatchObject({
      name: 'UserInputError',
      problems: ['--enterprise nope: 没有编号为 “nope” 的企业', '--sector industy: 没有编号为 “industy” 的行业领域，是否应为 industry？'],
    });
    expect(hazardTable(await listHazards(engine.db, { overdue: true }, instant('2030-09-13T18:00')), Infinity)).toBe('（没有符合条件的隐患）');

    // One hazard's story, as `hazard show` prints it.
    const detail = (await hazardDetail(engine.db, 'H1'))!;
    expect(detail.events.map((e) => e.type)).toEqual(['reported', 'reminded', 'overdue']);
    expect(detail.notices.map((n) => [n.at.slice(0, 16), n.kind, n.to])).toEqual([
      ['2030-09-09T10:00', 'hazard.assigned', ['insp@town.example', 'wang@e1.example']],
      ['2030-09-11T09:00', 'hazard.reminder', ['insp@town.example', 'wang@e1.example']],
      ['2030-09-16T09:00', 'hazard.overdue', ['insp@town.example', 'wang@e1.example']],
      ['2030-09-16T09:00', 'hazard.escalation', ['lead@town.example']],
    ]);
    const text = hazardDetailText(detail);
    expect(text).toContain('隐患 H1：储罐区静电接地线断开');
    expect(text).toContain('整改期限：2030-09-13');
    expect(text).toMatch(/期限计算：.*3.*工作日.*2030-09-13/);
    expect(text).toContain('督办：一级');
    expect(text).toContain('  2030-09-16 09:00  督办 → lead@town.example');
    expect(await hazardDetail(engine.db, 'H9')).toBeUndefined();
  });
});
