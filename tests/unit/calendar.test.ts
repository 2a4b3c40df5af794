import { describe, expect, it } from 'vitest';
import {
  OutsideCalendarError,
  WorkCalendar,
  computeDeadline,
  describeSkippedDays,
  holidaysOfYear,
} from '../../domain/calendar.ts';
import { resolveCalendar } from '../../domain/calendar-data.ts';

/** The contract's example profile enters two 2027 dates, so 2027 counts as confirmed there. */
const CONTRACT_OVERRIDES = { holidays: ['2027-02-05'], workdays: ['2027-02-14'] };
const contractTown = new WorkCalendar(resolveCalendar({ fromYear: 2026, toYear: 2027, overrides: CONTRACT_OVERRIDES }));
const official = new WorkCalendar(resolveCalendar({ fromYear: 2026, toYear: 2027 }));

const dates = (days: { date: string }[]) => days.map((d) => d.date);

describe('working-day deadlines (contract §1, §3)', () => {
  it('a 5-working-day deadline from Monday 2027-03-01 skips the weekend and lands on 2027-03-08', () => {
    expect(computeDeadline(contractTown, { workdays: 5 }, '2027-03-01')).toEqual({
      due: '2027-03-08',
      trace: '5 个工作日: 2027-03-01 之后第5个工作日 = 2027-03-08，跳过 03-06、03-07 周末',
      unconfirmedYears: [],
    });
  });

  it('the same deadline in a year nobody confirmed says the holidays are only computed', () => {
    const d = computeDeadline(official, { workdays: 5 }, '2027-03-01');
    expect(d.due).toBe('2027-03-08');
    expect(d.unconfirmedYears).toEqual([2027]);
    expect(d.trace).toBe(
      '5 个工作日: 2027-03-01 之后第5个工作日 = 2027-03-08，跳过 03-06、03-07 周末；注：2027 年放假安排尚未公布，法定假日按农历推算，未计调休',
    );
  });

  it('the report day itself is not counted, even when it is a working day', () => {
    expect(official.nthWorkingDayAfter('2026-03-02', 1).date).toBe('2026-03-03');
    expect(official.firstWorkingDayAfter('2026-03-06').date).toBe('2026-03-09');
  });

  it('a deadline that meets no day off says so', () => {
    expect(computeDeadline(official, { workdays: 3 }, '2026-03-02').trace).toBe(
      '3 个工作日: 2026-03-02 之后第3个工作日 = 2026-03-05，期间无休息日',
    );
  });

  it('reported on Monday before 国庆 2026, 5 working days skip the whole break and count the make-up Saturday', () => {
    const d = computeDeadline(official, { workdays: 5 }, '2026-09-28');
    // 09-29, 09-30, then 10-01..10-07 off, 10-08, 10-09, and Saturday 10-10 is worked (调休).
    expect(d.due).toBe('2026-10-10');
    expect(d.trace).toBe('5 个工作日: 2026-09-28 之后第5个工作日 = 2026-10-10，跳过 10-01 至 10-07 国庆节');
  });

  it('something due Wednesday 2026-09-30 is, on Monday 10-12, 12 days late but 4 working days (国庆 off, Saturday 10-10 worked)', () => {
    expect(official.lateness('2026-09-30', '2026-10-12')).toEqual({ daysOverdue: 12, workdaysOverdue: 4 });
    expect(official.lateness('2026-09-30', '2026-09-30')).toEqual({ daysOverdue: 0, workdaysOverdue: 0 });
    expect(official.lateness('2026-09-30', '2026-09-25')).toEqual({ daysOverdue: 0, workdaysOverdue: 0 });
  });

  it('国庆 2026 has make-up working days on Sunday 09-20 and Saturday 10-10', () => {
    expect(official.dayInfo('2026-09-20')).toEqual({
      date: '2026-09-20',
      working: true,
      kind: 'makeup_workday',
      holiday: 'national_day',
      name: '国庆节',
    });
    expect(official.isWorkingDay('2026-10-10')).toBe(true);
    expect(official.dayInfo('2026-10-11')).toEqual({ date: '2026-10-11', working: false, kind: 'weekend' });
    // A hazard reported on Saturday 09-19 with one working day is due the next day, a Sunday.
    expect(computeDeadline(official, { workdays: 1 }, '2026-09-19').due).toBe('2026-09-20');
  });

  it('a long deadline counts its weekends instead of listing each one, and names every holiday', () => {
    expect(computeDeadline(official, { workdays: 60 }, '2026-09-01').trace).toBe(
      '60 个工作日: 2026-09-01 之后第60个工作日 = 2026-11-30，跳过 09-25 至 09-27 中秋节，10-01 至 10-07 国庆节，周末 20 天',
    );
  });

  it('across the new year, the computed 元旦 of 2027 takes its weekend with it', () => {
    const d = computeDeadline(official, { workdays: 5 }, '2026-12-28');
    expect(d.due).toBe('2027-01-05');
    expect(d.trace).toMatch(/^5 个工作日: 2026-12-28 之后第5个工作日 = 2027-01-05，跳过 01-01 至 01-03 元旦；注：2027 年/);
  });
});

describe('calendar-day deadlines (民法典 §203)', () => {
  it('a 10-day deadline landing on 国庆 moves to the first working day after it', () => {
    expect(computeDeadline(official, { days: 10 }, '2026-09-25')).toEqual({
      due: '2026-10-08',
      trace: '10 日: 2026-09-25 之后第10日 = 2026-10-05，逢休息日顺延至 2026-10-08，跳过 10-05 至 10-07 国庆节',
      unconfirmedYears: [],
    });
  });

  it('a 10-day deadline landing on a working day stays, whatever lies between', () => {
    expect(computeDeadline(official, { days: 10 }, '2026-09-28')).toEqual({
      due: '2026-10-08',
      trace: '10 日: 2026-09-28 之后第10日 = 2026-10-08，是工作日',
      unconfirmedYears: [],
    });
  });

  it('a deadline landing on a plain Saturday moves to Monday', () => {
    expect(computeDeadline(official, { days: 5 }, '2026-03-02').trace).toBe(
      '5 日: 2026-03-02 之后第5日 = 2026-03-07，逢休息日顺延至 2026-03-09，跳过 03-07、03-08 周末',
    );
  });

  it('a year or more ahead, skipped days are shown with their year', () => {
    const cal = new WorkCalendar(resolveCalendar({ fromYear: 2026, toYear: 2028 }));
    const d = computeDeadline(cal, { days: 366 }, '2026-09-30');
    expect(d.due).toBe('2027-10-04');
    expect(d.trace).toMatch(/跳过 2027-10-01 至 2027-10-03 国庆节；注：2027 年/);
  });
});

describe('deadlines on a given date', () => {
  it('are taken as given', () => {
    expect(computeDeadline(official, { date: '2026-04-15' }, '2026-03-01')).toEqual({
      due: '2026-04-15',
      trace: '指定日期 2026-04-15',
      unconfirmedYears: [],
    });
  });

  it('are not moved off a day off, but the trace says what the day is', () => {
    expect(computeDeadline(official, { date: '2026-10-01' }, '2026-09-01').trace).toBe(
      '指定日期 2026-10-01，当日为休息日（国庆节）',
    );
    expect(computeDeadline(official, { date: '2026-04-18' }, '2026-03-01').trace).toBe(
      '指定日期 2026-04-18，当日为休息日（周末）',
    );
  });

  it('in an unconfirmed year carry the note', () => {
    const d = computeDeadline(official, { date: '2027-04-15' }, '2026-12-01');
    expect(d.unconfirmedYears).toEqual([2027]);
    expect(d.trace).toBe('指定日期 2027-04-15；注：2027 年放假安排尚未公布，法定假日按农历推算，未计调休');
  });
});

describe('the duty calendar’s questions (contract §4)', () => {
  it('春节 2026’s first day off is Sunday 2026-02-15, the day before 除夕', () => {
    const walk = official.firstDayOffOf('2026-02-17');
    expect(walk.date).toBe('2026-02-15');
    expect(dates(walk.skipped)).toEqual(['2026-02-16', '2026-02-17']);
    const spring = holidaysOfYear(official, 2026).find((h) => h.id === 'spring_festival');
    expect(spring).toEqual({
      id: 'spring_festival',
      name: '春节',
      dates: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19'],
      firstDayOff: '2026-02-15',
      lastDayOff: '2026-02-23',
    });
  });

  it('the 春节 2026 pre-holiday check opens 10 working days before its first day off and is due 2 before', () => {
    // Saturday 02-14 is a make-up working day and counts.
    const opens = official.nthWorkingDayBefore('2026-02-15', 10);
    expect(opens.date).toBe('2026-02-03');
    expect(dates(opens.skipped)).toEqual(['2026-02-07', '2026-02-08']);
    expect(official.nthWorkingDayBefore('2026-02-15', 2).date).toBe('2026-02-13');
  });

  it('asking for the first day off of a working day is an error, not a guess', () => {
    expect(() => official.firstDayOffOf('2026-02-14')).toThrow('2026-02-14 是工作日');
  });

  it('lists the seven holidays of a year with stable ids, in date order', () => {
    const list = holidaysOfYear(official, 2026);
    expect(list.map((h) => [h.id, h.name, h.firstDayOff, h.lastDayOff])).toEqual([
      ['new_year', '元旦', '2026-01-01', '2026-01-03'],
      ['spring_festival', '春节', '2026-02-15', '2026-02-23'],
      ['qingming', '清明节', '2026-04-04', '2026-04-06'],
      ['labour_day', '劳动节', '2026-05-01', '2026-05-05'],
      ['dragon_boat', '端午节', '2026-06-19', '2026-06-21'],
      ['mid_autumn', '中秋节', '2026-09-25', '2026-09-27'],
      ['national_day', '国庆节', '2026-10-01', '2026-10-07'],
    ]);
  });

  it('元旦 2024 starts on the weekend before it, found in the December margin of a calendar starting in 2024', () => {
    const cal = new WorkCalendar(resolveCalendar({ fromYear: 2024, toYear: 2024 }));
    expect(cal.from).toBe('2023-12-01');
    expect(holidaysOfYear(cal, 2024)[0]).toMatchObject({ id: 'new_year', dates: ['2024-01-01'], firstDayOff: '2023-12-30' });
  });

  it('in 2025 中秋 falls inside the 国庆 break and is listed after it', () => {
    const cal = new WorkCalendar(resolveCalendar({ fromYear: 2025, toYear: 2025 }));
    const list = holidaysOfYear(cal, 2025);
    expect(list.slice(-2).map((h) => [h.id, h.dates, h.firstDayOff, h.lastDayOff])).toEqual([
      ['national_day', ['2025-10-01', '2025-10-02', '2025-10-03'], '2025-10-01', '2025-10-08'],
      ['mid_autumn', ['2025-10-06'], '2025-10-01', '2025-10-08'],
    ]);
    expect(computeDeadline(cal, { workdays: 1 }, '2025-09-30').trace).toBe(
      '1 个工作日: 2025-09-30 之后第1个工作日 = 2025-10-09，跳过 10-01 至 10-05 国庆节，10-06 中秋节，10-07、10-08 国庆节',
    );
  });

  it('the quarterly sweep of 2026-Q4 is due on its 20th working day, counting the make-up Saturday', () => {
    const walk = official.nthWorkingDayOfRange('2026-10-01', '2026-12-31', 20);
    expect(walk.date).toBe('2026-11-03');
    expect(official.nthWorkingDayOfRange('2026-10-01', '2026-12-31', 1).date).toBe('2026-10-08');
    expect(official.nthWorkingDayOfRange('2026-10-01', '2026-12-31', 1).skipped).toHaveLength(7);
  });

  it('a period’s last working day skips its closing weekend', () => {
    const walk = official.lastWorkingDayOfRange('2026-10-01', '2026-10-31');
    expect(walk.date).toBe('2026-10-30');
    expect(dates(walk.skipped)).toEqual(['2026-10-31']);
  });

  it('a period without enough working days is an error', () => {
    expect(() => official.nthWorkingDayOfRange('2026-10-01', '2026-10-07', 1)).toThrow('只有 0 个工作日');
    expect(() => official.lastWorkingDayOfRange('2026-10-01', '2026-10-07')).toThrow(RangeError);
  });

  it('the October meeting is on the 10th when that Saturday is a make-up working day', () => {
    expect(official.firstWorkingDayOnOrAfter('2026-10-10').date).toBe('2026-10-10');
    expect(official.firstWorkingDayOnOrAfter('2026-10-03')).toMatchObject({ date: '2026-10-08' });
  });

  it('a statistics report due on Sunday 2026-11-15 moves back to Friday', () => {
    const walk = official.lastWorkingDayOnOrBefore('2026-11-15');
    expect(walk.date).toBe('2026-11-13');
    expect(dates(walk.skipped)).toEqual(['2026-11-14', '2026-11-15']);
  });
});

describe('the calendar’s edges', () => {
  it('asking about a day outside the calendar throws, naming the day and the range', () => {
    expect(() => official.isWorkingDay('2028-01-03')).toThrow(OutsideCalendarError);
    expect(() => official.isWorkingDay('2025-11-30')).toThrow('日期 2025-11-30 超出工作日历的范围（2025-12-01 至 2027-12-31）');
  });

  it('a walk that would run past the end throws instead of guessing', () => {
    expect(() => official.nthWorkingDayAfter('2027-12-20', 30)).toThrow(OutsideCalendarError);
    expect(() => computeDeadline(official, { days: 30 }, '2027-12-20')).toThrow(OutsideCalendarError);
    expect(() => computeDeadline(official, { date: '2028-01-05' }, '2027-12-20')).toThrow(OutsideCalendarError);
  });

  it('rejects what is not a date or not a count', () => {
    expect(() => official.isWorkingDay('2026-02-30')).toThrow('不是有效的日期');
    expect(() => official.nthWorkingDayAfter('2026-03-02', 0)).toThrow('应为正整数');
    expect(() => computeDeadline(official, { days: 1.5 }, '2026-03-02')).toThrow('应为正整数');
  });

  it('works the same from its JSON form, as it does inside a workflow', () => {
    const copy = new WorkCalendar(JSON.parse(JSON.stringify(official.data)));
    expect(computeDeadline(copy, { workdays: 5 }, '2026-09-28')).toEqual(computeDeadline(official, { workdays: 5 }, '2026-09-28'));
  });

  it('describes skipped days one run at a time', () => {
    const skipped = official.nthWorkingDayAfter('2026-05-08', 1).skipped; // Saturday 05-09 is worked
    expect(skipped).toEqual([]);
    expect(describeSkippedDays(official.nthWorkingDayAfter('2026-04-30', 2).skipped)).toBe('跳过 05-01 至 05-05 劳动节');
  });
});

describe('fit for the workflow bundle', () => {
  it('domain/calendar.ts and what it imports use no Node built-ins, no packages and no clock', async () => {
    const { readFileSync } = await import('node:fs');
    const { dirname, resolve } = await import('node:path');
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const source = readFileSync(file, 'utf8');
      expect(source, file).not.toMatch(/Date\.now|new Date\(\s*\)|performance\.now|Math\.random/);
      for (const [, spec] of source.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'([^']+)'/gm)) {
        expect(spec, `${file} imports ${spec}`).toMatch(/^\.\.?\//);
        visit(resolve(dirname(file), spec!));
      }
    };
    visit(resolve(import.meta.dirname, '../../domain/calendar.ts'));
    expect([...seen].map((f) => f.replace(/.*\/domain\//, 'domain/')).sort()).toEqual([
      'domain/calendar.ts',
      'domain/text/calendar.ts',
      'domain/time.ts',
    ]);
  });
});
