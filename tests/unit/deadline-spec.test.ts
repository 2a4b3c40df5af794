// Deadlines as an office types them after --deadline or --due: working days and calendar days in arabic or
// Chinese numerals, a date with or without its year — placed by the day it is typed — and refusals that say
// what was typed, why, and what may be typed.

import { describe, expect, it } from 'vitest';
import { deadlineFromFlags, readDeadline, readDeadlineOption } from '../../client/deadline-spec.ts';

/** A Wednesday in December: 3月20日 has passed this year, 12月20日 has not. */
const TODAY = '2026-12-02';

const read = (typed: string, today = TODAY) => readDeadline(typed, today);
const refusalOf = (typed: string, today = TODAY) => {
  const r = read(typed, today);
  if (!('refusal' in r)) throw new Error(`expected ${typed} to be refused, read as ${JSON.stringify(r)}`);
  return r.refusal;
};

describe('working days', () => {
  it.each(['5个工作日', '5 个工作日', '5工作日', '五个工作日', '五 个 工作日', '５个工作日', '5个工作日内', '5wd', '5 workdays', 'workdays=5'])(
    '%s is 5 working days',
    (typed) => expect(read(typed)).toEqual({ form: { workdays: 5 }, reading: '5 个工作日' }),
  );

  it('两 is 2', () => expect(read('两个工作日')).toMatchObject({ form: { workdays: 2 } }));
});

describe('calendar days (民法典 §203: a last day off moves to the next working day)', () => {
  it.each(['10天', '10日', '10 天', '十天', '十日', '十日内', '10d', 'days:10'])('%s is 10 calendar days', (typed) =>
    expect(read(typed)).toEqual({ form: { days: 10 }, reading: '10 日（日历日，逢休息日顺延）' }),
  );

  it('两天 is 2 days; counts beyond 三十 are written in digits, as before', () => {
    expect(read('两天')).toMatchObject({ form: { days: 2 } });
    expect(read('45天')).toMatchObject({ form: { days: 45 } });
  });
});

describe('Chinese numerals 一 to 三十', () => {
  it.each([
    ['一', 1],
    ['九', 9],
    ['十', 10],
    ['十一', 11],
    ['十九', 19],
    ['二十', 20],
    ['二十五', 25],
    ['三十', 30],
  ])('%s天 is %i days', (numeral, n) => expect(read(`${numeral}天`)).toMatchObject({ form: { days: n } }));

  it('三十一 and beyond are refused, saying to write digits', () => {
    for (const typed of ['三十一天', '四十个工作日']) expect(refusalOf(typed)).toBe('中文数字只能写一至三十，更大的数请用阿拉伯数字（如 45天）');
  });

  it('0 is refused in digits and in Chinese', () => {
    for (const typed of ['0个工作日', '零个工作日', '〇天', '0d']) expect(refusalOf(typed)).toBe('期限至少为 1 个工作日或 1 天');
  });
});

describe('dates', () => {
  it.each(['2027-03-20', '2027-3-20', '2027年3月20日', '2027年3月20号'])('%s is 2027-03-20', (typed) =>
    expect(read(typed)).toEqual({ form: { date: '2027-03-20' }, reading: '2027-03-20' }),
  );

  it('a month and day still ahead this year is this year', () => {
    expect(read('12月20日')).toEqual({ form: { date: '2026-12-20' }, reading: '2026-12-20（今年）' });
    expect(read('12月2日')).toMatchObject({ form: { date: '2026-12-02' } }); // today has not passed
  });

  it('a month and day that has passed this year is next year', () => {
    expect(read('3月20日')).toEqual({ form: { date: '2027-03-20' }, reading: '2027-03-20（今年的 3月20日 已过，为明年）' });
    expect(read('3月20号')).toMatchObject({ form: { date: '2027-03-20' } });
    expect(read('12月1日')).toMatchObject({ form: { date: '2027-12-01' } });
  });

  it('2月29日 is the leap day of the year it falls in, and refused in a year without one', () => {
    expect(read('2月29日', '2028-01-10')).toMatchObject({ form: { date: '2028-02-29' } });
    expect(read('2月29日', '2027-03-01')).toMatchObject({ form: { date: '2028-02-29' } }); // 2027's has "passed"
    expect(refusalOf('2月29日', '2027-01-10')).toBe('不是有效的日期：2027 年 2 月没有 29 日');
    expect(read('2028年2月29日')).toMatchObject({ form: { date: '2028-02-29' } });
    expect(refusalOf('2027年2月29日')).toBe('不是有效的日期：2027 年 2 月没有 29 日');
  });

  it('day 0, day 31 of a 30-day month and month 13 are refused', () => {
    expect(read('3月31日')).toMatchObject({ form: { date: '2027-03-31' } });
    expect(refusalOf('4月31日')).toBe('不是有效的日期：2027 年 4 月没有 31 日');
    expect(refusalOf('3月0日')).toBe('不是有效的日期：2027 年 3 月没有 0 日');
    expect(refusalOf('13月1日')).toBe('不是有效的日期：没有 13 月');
    expect(refusalOf('2027-02-30')).toBe('不是有效的日期：2027 年 2 月没有 30 日');
  });
});

describe('what the command line says', () => {
  it('refuses a phrase it cannot read, naming the option, what was typed and every accepted form', () => {
    for (const typed of ['下周', '五个工作曰', '一百天', '5个月']) expect(refusalOf(typed)).toBe('无法识别的期限');
    const option = readDeadlineOption('--deadline', '下周', TODAY);
    expect(option).toEqual({ problem: expect.stringMatching(/^--deadline 下周: 无法识别的期限（可写 N个工作日（如 5个工作日、五个工作日、5wd）、N天（如 10天、十日、10d/) });
    expect((option as { problem: string }).problem).toContain('3月20日、2027年3月20日、2027-03-20：不写年份为今年，今年已过则为明年');
    expect(readDeadlineOption('--due', '三十一天', TODAY)).toEqual({ problem: expect.stringMatching(/^--due 三十一天: 中文数字只能写一至三十/) });
  });

  it('echoes what was typed and what it was read as; a date typed as read needs no echo', () => {
    expect(readDeadlineOption('--deadline', '五个工作日', TODAY)).toEqual({ form: { workdays: 5 }, echo: '  所填期限：五个工作日，即 5 个工作日' });
    expect(readDeadlineOption('--due', '3月20日', TODAY)).toEqual({
      form: { date: '2027-03-20' },
      echo: '  所填期限：3月20日，即 2027-03-20（今年的 3月20日 已过，为明年）',
    });
    expect(readDeadlineOption('--deadline', '2027-03-20', TODAY)).toEqual({ form: { date: '2027-03-20' } });
  });

  it('--date takes any way of writing a date, and nothing else', () => {
    expect(deadlineFromFlags({ date: '3月20日' }, true, TODAY)).toMatchObject({ form: { date: '2027-03-20' } });
    expect(deadlineFromFlags({ date: '5个工作日' }, true, TODAY)).toEqual({ problem: '--date 5个工作日: 应为日期，如 2027-03-20 或 3月20日' });
    expect(deadlineFromFlags({ deadline: '十天' }, true, TODAY)).toMatchObject({ form: { days: 10 }, echo: '  所填期限：十天，即 10 日（日历日，逢休息日顺延）' });
  });
});
