// The CLI's tables on a terminal: a Chinese character takes two columns, so columns line up by what the
// eye sees, and a long cell is cut at its column's width with an ellipsis.

import { describe, expect, it } from 'vitest';
import { displayWidth, table } from '../../client/format.ts';

describe('CLI tables', () => {
  it('count a Chinese or full-width character as two columns, anything else (an emoji too) as one', () => {
    expect(displayWidth('YH-2027-0001')).toBe(12);
    expect(displayWidth('甲加油站')).toBe(8);
    expect(displayWidth('逾期5天（3个工作日）')).toBe(20);
    expect(displayWidth('ＡＢ')).toBe(4);
    expect(displayWidth('火🔥')).toBe(3);
  });

  it('line up mixed Chinese and Latin text, cutting a long cell with … at its column’s width', () => {
    const text = table(
      ['编号', '企业', '隐患'],
      [
        ['H1', '甲加油站', '储罐区静电接地线断开，需立即整改并复查'],
        ['YH-2027-0012', 'Acme 化工', '灭火器过期'],
      ],
      [0, 0, 12],
    );
    expect(text.split('\n')).toEqual([
      '编号          企业       隐患',
      'H1            甲加油站   储罐区静电…',
      'YH-2027-0012  Acme 化工  灭火器过期',
    ]);
  });
});
