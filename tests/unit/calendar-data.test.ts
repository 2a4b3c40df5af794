import chineseDays from 'chinese-days';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkCalendar, computeDeadline, holidaysOfYear } from '../../domain/calendar.ts';
import {
  calendarWarnings,
  lunarToSolar,
  officialYears,
  resolveCalendar,
  statutoryDaysOf,
} from '../../domain/calendar-data.ts';
import { addDays } from '../../domain/time.ts';

const statutory = (year: number, id: string) => statutoryDaysOf(year).find((s) => s.id === id)?.dates;

describe('official years come from chinese-days', () => {
  it('covers 2004–2026 and nothing later yet', () => {
    const years = officialYears();
    expect(years[0]).toBe(2004);
    expect(years).toContain(2026);
    expect(years).not.toContain(2027);
  });

  it('国庆 2026: 10-01 to 10-07 off, Sunday 09-20 and Saturday 10-10 worked, the year confirmed', () => {
    const data = resolveCalendar({ fromYear: 2026, toYear: 2026 });
    const cal = new WorkCalendar(data);
    expect(data.unconfirmedYears).toEqual([]);
    for (let d = '2026-10-01'; d <= '2026-10-07'; d = addDays(d, 1)) {
      expect(data.holidays[d], d).toEqual({ id: 'national_day', name: '国庆节' });
    }
    expect(data.workdays['2026-09-20']).toEqual({ id: 'national_day', name: '国庆节' });
    expect(data.workdays['2026-10-10']).toEqual({ id: 'national_day', name: '国庆节' });
    expect(cal.isWorkingDay('2026-10-08')).toBe(true);
  });

  it('a weekend adjoining a published holiday is named after it (2024 元旦, the gap in the package’s 2012 端午)', () => {
    const data = resolveCalendar({ fromYear: 2012, toYear: 2024 });
    expect(data.holidays['2023-12-30']).toEqual({ id: 'new_year', name: '元旦' });
    // chinese-days lists 2012-06-22 and 06-24 but not Saturday 06-23.
    expect(data.holidays['2012-06-23']).toEqual({ id: 'dragon_boat', name: '端午节' });
  });

  it('keeps a special day off under its own name, without a holiday id', () => {
    const data = resolveCalendar({ fromYear: 2015, toYear: 2015 });
    expect(data.holidays['2015-09-03']).toEqual({ name: '中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日' });
    expect(data.workdays['2015-09-06']?.id).toBeUndefined();
  });

  it('every statutory day computed for 2008–2026 is a day off in the published arrangements', () => {
    const cal = new WorkCalendar(resolveCalendar({ fromYear: 2008, toYear: 2026 }));
    const notOff: string[] = [];
    for (let year = 2008; year <= 2026; year++) {
      for (const s of statutoryDaysOf(year)) for (const d of s.dates) if (cal.isWorkingDay(d)) notOff.push(`${s.id} ${d}`);
    }
    expect(notOff).toEqual([]);
  });
});

describe('years without a published arrangement are computed from the lunar calendar', () => {
  it('春节 2027: 除夕 2027-02-05, 初一 02-06, to 初三 02-08; the other holidays by the 2025 rules', () => {
    expect(statutoryDaysOf(2027).map((s) => [s.id, s.dates])).toEqual([
      ['new_year', ['2027-01-01']],
      ['spring_festival', ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']],
      ['qingming', ['2027-04-05']],
      ['labour_day', ['2027-05-01', '2027-05-02']],
      ['dragon_boat', ['2027-06-09']],
      ['mid_autumn', ['2027-09-15']],
      ['national_day', ['2027-10-01', '2027-10-02', '2027-10-03']],
    ]);
    expect(lunarToSolar(2027, 1, 1)).toBe('2027-02-06');
  });

  it('counts the statutory days of each era: 春节 from 初一 in 2014–2024, from 除夕 before and after', () => {
    expect(statutory(2013, 'spring_festival')).toEqual(['2013-02-09', '2013-02-10', '2013-02-11']);
    expect(statutory(2024, 'spring_festival')).toEqual(['2024-02-10', '2024-02-11', '2024-02-12']);
    expect(statutory(2024, 'labour_day')).toEqual(['2024-05-01']);
    expect(statutory(2025, 'spring_festival')).toEqual(['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31']);
  });

  it('handles a leap month before the festival (2028 has 闰五月, 2031 闰三月) and a 29-day twelfth month', () => {
    // 端午 is the 5th of the regular fifth month; 中秋 comes after the leap month.
    expect(statutory(2028, 'dragon_boat')).toEqual(['2028-05-28']);
    expect(statutory(2028, 'mid_autumn')).toEqual(['2028-10-03']);
    expect(statutory(2031, 'dragon_boat')).toEqual(['2031-06-24']);
    expect(statutory(2031, 'mid_autumn')).toEqual(['2031-10-01']);
    expect(statutory(2030, 'spring_festival')?.[0]).toBe('2030-02-02'); // 除夕 is the 29th of the 12th month
  });

  it('2027 is computed without 调休 and reported unconfirmed', () => {
    const data = resolveCalendar({ fromYear: 2027, toYear: 2027 });
    expect(data.unconfirmedYears).toEqual([2027]);
    expect(Object.keys(data.workdays).filter((d) => d.startsWith('2027'))).toEqual([]);
    const springBreak = Object.entries(data.holidays).filter(([, tag]) => tag.id === 'spring_festival');
    expect(springBreak.map(([d]) => d)).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
    const cal = new WorkCalendar(data);
    expect(cal.isWorkingDay('2027-02-09')).toBe(true); // no 调休 assumed: the day after 初三 is worked
    expect(holidaysOfYear(cal, 2027).find((h) => h.id === 'qingming')).toMatchObject({
      dates: ['2027-04-05'],
      firstDayOff: '2027-04-03', // Monday 清明 with its weekend
    });
  });

  it('warns in zh-CN about each unconfirmed year, listing what was computed', () => {
    const warnings = calendarWarnings(resolveCalendar({ fromYear: 2026, toYear: 2028 }));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe(
      '2027 年的放假安排国务院尚未公布：法定假日按农历推算（元旦 01-01，春节 02-05 至 02-08，清明节 04-05，' +
        '劳动节 05-01、05-02，端午节 06-09，中秋节 09-15，国庆节 10-01 至 10-03），未计调休。' +
        '公布后请在镇配置文件的 calendar 中录入放假（holidays）和调休上班（workdays）的日期',
    );
    expect(warnings[1]).toMatch(/^2028 年的放假安排国务院尚未公布/);
    expect(calendarWarnings(resolveCalendar({ fromYear: 2025, toYear: 2026 }))).toEqual([]);
  });
});

describe('the office’s overrides', () => {
  it('beat official data both ways, and an official year stays confirmed', () => {
    const data = resolveCalendar({
      fromYear: 2026,
      toYear: 2026,
      overrides: { holidays: ['2026-10-09'], workdays: ['2026-10-05', '2026-09-20'] },
    });
    const cal = new WorkCalendar(data);
    expect(data.unconfirmedYears).toEqual([]);
    expect(cal.dayInfo('2026-10-05')).toMatchObject({ working: true, kind: 'makeup_workday', name: '国庆节' });
    // Friday 10-09 stands alone between working days: the office's own day off.
    expect(cal.dayInfo('2026-10-09')).toEqual({ date: '2026-10-09', working: false, kind: 'holiday', name: '本镇设定的休息日' });
    expect(cal.isWorkingDay('2026-09-20')).toBe(true);
    expect(computeDeadline(cal, { workdays: 3 }, '2026-09-30').trace).toBe(
      '3 个工作日: 2026-09-30 之后第3个工作日 = 2026-10-10，跳过 10-01 至 10-04 国庆节，10-06、10-07 国庆节，10-09 本镇设定的休息日',
    );
  });

  it('a day off entered next to a holiday extends its break and takes its name', () => {
    const data = resolveCalendar({ fromYear: 2026, toYear: 2026, overrides: { holidays: ['2026-10-08', '2026-10-09'], workdays: [] } });
    expect(data.holidays['2026-10-08']).toEqual({ id: 'national_day', name: '国庆节' });
    expect(holidaysOfYear(new WorkCalendar(data), 2026).at(-1)?.lastDayOff).toBe('2026-10-09');
  });

  it('confirm a computed year: the statutory days stay, the entered days apply on top', () => {
    const data = resolveCalendar({
      fromYear: 2027,
      toYear: 2027,
      overrides: { holidays: ['2027-02-09', '2027-02-10', '2027-02-11'], workdays: ['2027-02-14'] },
    });
    expect(data.unconfirmedYears).toEqual([]);
    const cal = new WorkCalendar(data);
    expect(cal.isWorkingDay('2027-02-06')).toBe(false);
    expect(cal.dayInfo('2027-02-10')).toMatchObject({ kind: 'holiday', holiday: 'spring_festival', name: '春节' });
    expect(cal.dayInfo('2027-02-14')).toMatchObject({ working: true, kind: 'makeup_workday', holiday: 'spring_festival' });
    expect(holidaysOfYear(cal, 2027)[1]).toMatchObject({ id: 'spring_festival', firstDayOff: '2027-02-05', lastDayOff: '2027-02-11' });
    expect(computeDeadline(cal, { workdays: 1 }, '2027-02-04').trace).toBe(
      '1 个工作日: 2027-02-04 之后第1个工作日 = 2027-02-12，跳过 02-05 至 02-11 春节',
    );
  });

  it('a make-up working day far from any holiday is the office’s own', () => {
    const data = resolveCalendar({ fromYear: 2027, toYear: 2027, overrides: { holidays: [], workdays: ['2027-03-13'] } });
    expect(new WorkCalendar(data).dayInfo('2027-03-13')).toEqual({
      date: '2027-03-13',
      working: true,
      kind: 'makeup_workday',
      name: '本镇设定',
    });
  });

  it('making a statutory day a working day is allowed (the profile only warns about it)', () => {
    const cal = new WorkCalendar(resolveCalendar({ fromYear: 2027, toYear: 2027, overrides: { holidays: [], workdays: ['2027-06-09'] } }));
    expect(cal.isWorkingDay('2027-06-09')).toBe(true);
    expect(holidaysOfYear(cal, 2027).find((h) => h.id === 'dragon_boat')).toMatchObject({ firstDayOff: '2027-06-09' });
  });

  it('only confirm the years they are in', () => {
    const data = resolveCalendar({ fromYear: 2027, toYear: 2028, overrides: { holidays: ['2027-02-05'], workdays: [] } });
    expect(data.unconfirmedYears).toEqual([2028]);
  });

  it('refuse a day listed both ways, and bad dates', () => {
    expect(() => resolveCalendar({ fromYear: 2027, toYear: 2027, overrides: { holidays: ['2027-02-05'], workdays: ['2027-02-05'] } })).toThrow(
      '同时列在 holidays',
    );
    expect(() => resolveCalendar({ fromYear: 2027, toYear: 2027, overrides: { holidays: ['2027-02-30'], workdays: [] } })).toThrow(
      '不是有效的日期',
    );
  });

  it('accept a profile section that lacks a list', () => {
    expect(resolveCalendar({ fromYear: 2027, toYear: 2027, overrides: { holidays: ['2027-03-01'] } }).holidays['2027-03-01']).toEqual({
      name: '本镇设定的休息日',
    });
  });
});

describe('calendar range', () => {
  it('runs from 1 December of the year before to the end of the last year', () => {
    const data = resolveCalendar({ fromYear: 2026, toYear: 2030 });
    expect([data.from, data.to]).toEqual(['2025-12-01', '2030-12-31']);
    expect(data.unconfirmedYears).toEqual([2027, 2028, 2029, 2030]);
    expect(Object.keys(data.holidays).every((d) => d >= data.from && d <= data.to)).toBe(true);
  });

  it('refuses years it cannot answer for', () => {
    expect(() => resolveCalendar({ fromYear: 2007, toYear: 2027 })).toThrow('2008 至 2099');
    expect(() => resolveCalendar({ fromYear: 2028, toYear: 2027 })).toThrow(RangeError);
  });
});

describe('the lunar arithmetic agrees with chinese-days, whatever the machine’s zone', () => {
  const zone = process.env.TZ;
  // The package's own conversion is only right at or east of UTC; compare where it is.
  beforeAll(() => {
    process.env.TZ = 'Asia/Shanghai';
  });
  afterAll(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it('on 正月初一, 五月初五 and 八月十五 of every year 2008–2099', () => {
    const mismatches: string[] = [];
    for (let year = 2008; year <= 2099; year++) {
      for (const [month, day] of [
        [1, 1],
        [5, 5],
        [8, 15],
      ] as const) {
        const lunar = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
        const expected = chineseDays.getSolarDateFromLunar(lunar).date;
        if (lunarToSolar(year, month, day) !== expected) mismatches.push(`${lunar}: ${lunarToSolar(year, month, day)} ≠ ${expected}`);
      }
      const qingming = chineseDays.getSolarTermDate(year, 4, 'pure_brightness');
      if (statutory(year, 'qingming')?.[0] !== qingming) mismatches.push(`清明 ${year}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('resolves the same calendar in Shanghai, Los Angeles, UTC and UTC+14', () => {
    const resolveIn = (tz: string) => {
      process.env.TZ = tz;
      return resolveCalendar({ fromYear: 2025, toYear: 2040, overrides: { holidays: ['2027-02-09'], workdays: ['2027-02-14'] } });
    };
    const shanghai = resolveIn('Asia/Shanghai');
    expect(new Date(Date.UTC(2027, 0, 1)).getDate()).toBe(1); // the zone switch took effect
    for (const tz of ['America/Los_Angeles', 'UTC', 'Pacific/Kiritimati']) {
      const other = resolveIn(tz);
      if (tz === 'America/Los_Angeles') expect(new Date(Date.UTC(2027, 0, 1)).getDate()).toBe(31);
      expect(other, tz).toEqual(shanghai);
    }
  });
});
