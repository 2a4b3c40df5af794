// The CLI's tables on a terminal: a Chinese character takes two columns, so columns line up by what the
// eye sees; a table wider than the terminal gives way in its free-text column only, and a task's title
// keeps the name of the enterprise, village or sector it is about.

import { describe, expect, it } from 'vitest';
import { cutKeepingObject, displayWidth, table } from '../../client/table.ts';
import { taskTable } from '../../client/task-format.ts';
import type { TaskRow } from '../../client/task-ledger.ts';

const inspection = (scope: string, name: string): TaskRow => ({
  id: `enterprise-inspection:2026-12:${scope}`,
  title: `2026年12月企业安全检查（${name}）`,
  dutyId: 'enterprise-inspection',
  period: '2026-12',
  assignee: 'zhao',
  assigneeName: '赵磊',
  status: 'open',
  opensOn: '2026-12-01',
  due: '2026-12-31',
  late: false,
  completedAt: null,
  daysOverdue: 0,
  workdaysOverdue: 0,
  escalationLevel: 0,
  nextNoticeAt: null,
});

describe('CLI tables', () => {
  it('count Chinese, its punctuation, full-width forms, rare name characters and emoji as two columns, joiners as none', () => {
    expect(displayWidth('YH-2027-0001')).toBe(12);
    expect(displayWidth('甲加油站')).toBe(8);
    expect(displayWidth('逾期5天（3个工作日）')).toBe(20);
    expect(displayWidth('、。「」《》：')).toBe(14);
    expect(displayWidth('ＡＢ')).toBe(4);
    expect(displayWidth('﹏︰')).toBe(4);
    // 𠮷 (U+20BB7, a surrogate pair) is one character of a name, as wide as 吉.
    expect(displayWidth('𠮷野家')).toBe(6);
    expect(displayWidth('火🔥')).toBe(4);
    expect(displayWidth('e\u0301\u200d')).toBe(1);
  });

  it('line up mixed Chinese and Latin text; a table wider than the terminal shortens only its free-text column', () => {
    const rows = [
      ['H1', '青山精细化工有限公司', '储罐区静电接地线断开，需立即整改并复查'],
      ['YH-2027-0012', 'Acme 化工', '灭火器过期'],
    ];
    const cut = (text: string, width: number) => `${[...text].slice(0, width / 2 - 1).join('')}…`;
    const text = table(['编号', '企业', '隐患'], rows, { width: 48, shrink: { column: 2, cut } });
    expect(text.split('\n')).toEqual([
      '编号          企业                  隐患',
      'H1            青山精细化工有限公司  储罐区静电…',
      'YH-2027-0012  Acme 化工             灭火器过期',
    ]);
    expect(Math.max(...text.split('\n').map(displayWidth))).toBeLessThanOrEqual(48);
    // Wide enough, or --wide (Infinity): every cell whole.
    expect(table(['编号', '企业', '隐患'], rows, { width: Infinity, shrink: { column: 2, cut } })).toContain('储罐区静电接地线断开，需立即整改并复查');
  });

  it('cut a task title in its middle, keeping its （object） whole, nested brackets included', () => {
    expect(cutKeepingObject('2026年12月企业安全检查（青山化工有限公司）', 34)).toBe('2026年12月企…（青山化工有限公司）');
    expect(cutKeepingObject('2026年12月企业安全检查（青山化工（集团）有限公司）', 41)).toBe('2026年12月企…（青山化工（集团）有限公司）');
    // Narrower than the name itself: the name still whole.
    expect(cutKeepingObject('2026年12月企业安全检查（青山化工有限公司）', 10)).toBe('…（青山化工有限公司）');
    // A title about no one in particular is cut at its end.
    expect(cutKeepingObject('2026年12月安委会会议纪要及整改落实情况', 16)).toBe('2026年12月安委…');
    expect(cutKeepingObject('2026年12月安委会会议', 40)).toBe('2026年12月安委会会议');
  });

  it('task list fitted to the terminal: every enterprise named whole, the titles\' heads cut; wide prints every title whole', () => {
    const rows = [inspection('e001', '青山精细化工有限公司'), inspection('e002', '东方加油站')];
    const fitted = taskTable(rows, 120).split('\n');
    expect(fitted[1]).toMatch(/ 2026年12月企业.*…（青山精细化工有限公司） /);
    expect(fitted[2]).toContain(' 2026年12月企业安全检查（东方加油站） ');
    // As wide as the terminal, give or take the half of a Chinese character.
    expect(Math.max(...fitted.map(displayWidth))).toBeGreaterThanOrEqual(119);
    expect(Math.max(...fitted.map(displayWidth))).toBeLessThanOrEqual(120);
    // Narrower than the ids and names need (80 columns): the names stay whole all the same.
    expect(taskTable(rows, 80).split('\n')[1]).toContain(' …（青山精细化工有限公司） ');
    expect(taskTable(rows, Infinity)).toContain('2026年12月企业安全检查（青山精细化工有限公司）');
  });
});
