// The periods a duty runs over: its `every` as schedules, and each schedule's occurrences near a window
// (months, quarters, half-years, years, holiday breaks, spans of days or weeks, one day).

import { HOLIDAY_IDS, holidaysOfYear, type HolidayId, type WorkCalendar, type YearHoliday } from '../calendar.ts';
import type { EnterpriseClass } from '../profile.ts';
import { calendarText } from '../text/calendar.ts';
import { dutiesText as T } from '../text/duties.ts';
import { addDays, daysBetween, yearOf, type LocalDate } from '../time.ts';
import { CLASSES, PERIODIC_FREQUENCIES, type Every, type FrequencyKind, type FrequencyWord, type PeriodicFrequency } from './format.ts';

export type Schedule =
  | { kind: PeriodicFrequency; classes?: EnterpriseClass[] }
  | { kind: 'holiday'; holidays: readonly HolidayId[] }
  | { kind: 'days' | 'weeks'; step: number; from: LocalDate; until?: LocalDate }
  | { kind: 'once'; date: LocalDate };

export function schedulesOf(every: Every): Schedule[] {
  if (typeof every === 'string') return [wordSchedule(every)];
  if (Array.isArray(every)) return [...new Set(every)].map(wordSchedule);
  if ('holidays' in every) return [{ kind: 'holiday', holidays: every.holidays }];
  if ('days' in every) return [{ kind: 'days', step: every.days, from: every.from, ...(every.until ? { until: every.until } : {}) }];
  if ('weeks' in every) return [{ kind: 'weeks', step: every.weeks * 7, from: every.from, ...(every.until ? { until: every.until } : {}) }];
  if ('once' in every) return [{ kind: 'once', date: every.once }];
  const byFrequency = new Map<PeriodicFrequency, EnterpriseClass[]>();
  for (const c of CLASSES) {
    const f = every[c];
    if (f) byFrequency.set(f, [...(byFrequency.get(f) ?? []), c]);
  }
  return PERIODIC_FREQUENCIES.filter((f) => byFrequency.has(f)).map((kind) => ({ kind, classes: byFrequency.get(kind)! }));
}

function wordSchedule(word: FrequencyWord): Schedule {
  return word === 'holiday' ? { kind: 'holiday', holidays: HOLIDAY_IDS } : { kind: word };
}

/** One period of a schedule: what a task is about. */
export interface Occurrence {
  kind: FrequencyKind;
  /** The period part of task ids: `2027-03`, `2027-Q2`, `2027-H1`, `2027`, `qingming-2027`, `2027-05-03`. */
  key: string;
  /** 2027年3月, 2027年第二季度, 2027年清明节, 2027-05-03 至 2027-05-09. */
  label: string;
  year: number;
  /** The period; for a holiday, its break (first to last day off). */
  start: LocalDate;
  end: LocalDate;
  /** Counts the periods of a days/weeks schedule from 0: who is next in a rotation. */
  ordinal: number;
  classes?: EnterpriseClass[];
  holiday?: { names: string; notOff: boolean };
  /** A holiday of a year the calendar has no data for: `start`..`end` only bound where it can be. */
  approximate?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const monthStart = (year: number, month: number): LocalDate => `${year}-${pad(month)}-01`;
/** The last day of a month. */
export const monthEnd = (year: number, month: number): LocalDate => addDays(month === 12 ? `${year + 1}-01-01` : monthStart(year, month + 1), -1);

function periodicOccurrences(kind: PeriodicFrequency, fromYear: number, toYear: number, classes?: EnterpriseClass[]): Occurrence[] {
  const out: Occurrence[] = [];
  const extra = classes ? { classes } : {};
  for (let year = fromYear; year <= toYear; year++) {
    if (kind === 'month') {
      for (let m = 1; m <= 12; m++) {
        out.push({ kind, key: `${year}-${pad(m)}`, label: T.monthPeriod(year, m), year, start: monthStart(year, m), end: monthEnd(year, m), ordinal: 0, ...extra });
      }
    } else if (kind === 'quarter') {
      for (let q = 1; q <= 4; q++) {
        const m = 3 * q - 2;
        out.push({ kind, key: `${year}-Q${q}`, label: T.quarterPeriod(year, q), year, start: monthStart(year, m), end: monthEnd(year, m + 2), ordinal: 0, ...extra });
      }
    } else if (kind === 'half_year') {
      for (let h = 1; h <= 2; h++) {
        const m = 6 * h - 5;
        out.push({ kind, key: `${year}-H${h}`, label: T.halfPeriod(year, h), year, start: monthStart(year, m), end: monthEnd(year, m + 5), ordinal: 0, ...extra });
      }
    } else {
      out.push({ kind, key: `${year}`, label: T.yearPeriod(year), year, start: `${year}-01-01`, end: `${year}-12-31`, ordinal: 0, ...extra });
    }
  }
  return out;
}

/** Where each holiday's break can be, for a year the calendar has no data for (generous on both sides). */
const HOLIDAY_BOUNDS: Record<HolidayId, [string, string]> = {
  new_year: ['01-01', '01-01'],
  spring_festival: ['01-15', '02-25'],
  qingming: ['04-03', '04-07'],
  labour_day: ['05-01', '05-01'],
  dragon_boat: ['05-25', '06-25'],
  mid_autumn: ['09-05', '10-08'],
  national_day: ['10-01', '10-01'],
};

/**
 * The holidays of a year as periods. Holidays that share one break (中秋 inside 国庆, 2025) make one
 * period, named after the longer holiday (then the earlier): one pre-holiday check before one break.
 */
function holidayOccurrences(cal: WorkCalendar, year: number, wanted: readonly HolidayId[]): Occurrence[] {
  let holidays: YearHoliday[];
  try {
    holidays = holidaysOfYear(cal, year);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // No data for the year: placeholders whose dates only bound where the break can be.
    return wanted.map((id) => {
      const [lo, hi] = HOLIDAY_BOUNDS[id];
      return {
        kind: 'holiday' as const,
        key: `${id}-${year}`,
        label: T.holidayPeriod(year, calendarText.holidayName[id]),
        year,
        start: addDays(`${year}-${lo}`, -12),
        end: addDays(`${year}-${hi}`, 12),
        ordinal: 0,
        approximate: true,
      };
    });
  }
  const chosen = holidays.filter((h) => wanted.includes(h.id));
  const breaks = new Map<LocalDate, YearHoliday[]>();
  for (const h of chosen) breaks.set(h.firstDayOff, [...(breaks.get(h.firstDayOff) ?? []), h]);
  return [...breaks.values()].map((group) => {
    const main = [...group].sort((a, b) => b.dates.length - a.dates.length || (a.dates[0]! < b.dates[0]! ? -1 : a.dates[0]! > b.dates[0]! ? 1 : 0))[0]!;
    const names = T.holidayNames([main, ...group.filter((h) => h !== main)].map((h) => h.name));
    const start = group.map((h) => h.firstDayOff).sort()[0]!;
    const end = group.map((h) => h.lastDayOff).sort().at(-1)!;
    return {
      kind: 'holiday' as const,
      key: `${main.id}-${year}`,
      label: T.holidayPeriod(year, names),
      year,
      start,
      end,
      ordinal: 0,
      holiday: { names, notOff: cal.isWorkingDay(start) },
    };
  });
}

/** The occurrences of a schedule whose period is anywhere near `from`..`to` (openings are filtered later). */
export function occurrencesNear(schedule: Schedule, cal: WorkCalendar, from: LocalDate, to: LocalDate): Occurrence[] {
  const [y0, y1] = [yearOf(from) - 1, yearOf(to) + 1];
  switch (schedule.kind) {
    case 'month':
    case 'quarter':
    case 'half_year':
    case 'year':
      return periodicOccurrences(schedule.kind, y0, y1, schedule.classes);
    case 'holiday': {
      const out: Occurrence[] = [];
      for (let y = y0; y <= y1; y++) out.push(...holidayOccurrences(cal, y, schedule.holidays));
      return out;
    }
    case 'once':
      return [{ kind: 'once', key: schedule.date, label: T.spanPeriod(schedule.date, schedule.date), year: yearOf(schedule.date), start: schedule.date, end: schedule.date, ordinal: 0 }];
    case 'days':
    case 'weeks': {
      const { step, from: first, until } = schedule;
      const reach = 400;
      const kMin = Math.max(0, Math.ceil(daysBetween(first, addDays(from, -reach)) / step));
      let kMax = Math.floor(daysBetween(first, addDays(to, reach)) / step);
      if (until !== undefined) kMax = Math.min(kMax, Math.floor(daysBetween(first, until) / step));
      const out: Occurrence[] = [];
      for (let k = kMin; k <= kMax; k++) {
        const start = addDays(first, k * step);
        let end = addDays(start, step - 1);
        if (until !== undefined && end > until) end = until;
        out.push({ kind: schedule.kind, key: start, label: T.spanPeriod(start, end), year: yearOf(start), start, end, ordinal: k });
      }
      return out;
    }
  }
}
