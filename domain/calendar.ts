// The official working-day calendar as pure functions over plain data, and every deadline form with the
// trace people read. Bundled into workflows: no Node built-ins, no package data, no clock, no I/O.

import { calendarText as t } from './text/calendar.ts';
import { addDays, daysBetween, isLocalDate, isWeekend, monthDay, yearOf, type LocalDate } from './time.ts';

/** The seven statutory holidays (全国年节及纪念日放假办法), in calendar order. */
export const HOLIDAY_IDS = [
  'new_year',
  'spring_festival',
  'qingming',
  'labour_day',
  'dragon_boat',
  'mid_autumn',
  'national_day',
] as const;
export type HolidayId = (typeof HOLIDAY_IDS)[number];

/** Which holiday a listed day belongs to. `id` is absent for a special day off (2015's 抗战胜利纪念日)
 * or a day the office entered that no holiday break is near; `name` is always what people read. */
export interface HolidayTag {
  id?: HolidayId;
  name: string;
}

/** The statutory days of one holiday in one year, as the law names them (春节 2027: 除夕 02-05 to 初三 02-08);
 * the break around them (weekends, 调休) is whatever the calendar says. */
export interface StatutoryDays {
  id: HolidayId;
  year: number;
  dates: LocalDate[];
}

/** Everything the calendar knows, as JSON: it travels in workflow payloads. Built by calendar-data.ts. */
export interface CalendarData {
  /** The covered range, both ends included; asking about any other day is an error. */
  from: LocalDate;
  to: LocalDate;
  /** Days off other than plain weekends (weekends inside a holiday break are listed too, with its name). */
  holidays: Record<LocalDate, HolidayTag>;
  /** Make-up working days (调休上班), with the holiday they belong to. */
  workdays: Record<LocalDate, HolidayTag>;
  statutory: StatutoryDays[];
  /** Years with no published arrangement and no office overrides: holidays lunar-computed, no 调休. */
  unconfirmedYears: number[];
}

export type DayKind = 'weekday' | 'weekend' | 'holiday' | 'makeup_workday';

/** Whether a day is worked, and why. `holiday`/`name`: the holiday of a holiday or a make-up workday. */
export interface DayInfo {
  date: LocalDate;
  working: boolean;
  kind: DayKind;
  holiday?: HolidayId;
  name?: string;
}

/** The day a walk arrived at, and the days off it passed over on the way (in date order; never `date`). */
export interface Walk {
  date: LocalDate;
  skipped: DayInfo[];
}

/** A run of consecutive days off (a weekend, a holiday break). */
export interface DayOffRun {
  first: LocalDate;
  last: LocalDate;
  days: DayInfo[];
}

/** Asked about a day the calendar does not cover: callers must widen the calendar, never guess. */
export class OutsideCalendarError extends RangeError {
  override readonly name = 'OutsideCalendarError';
  constructor(
    readonly date: LocalDate,
    readonly from: LocalDate,
    readonly to: LocalDate,
  ) {
    super(t.outsideCalendar(date, from, to));
  }
}

function requireDate(value: LocalDate): void {
  if (!isLocalDate(value)) throw new RangeError(t.notADate(String(value)));
}

function requireCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(t.badCount(n));
}

export class WorkCalendar {
  private readonly unconfirmed: ReadonlySet<number>;

  constructor(readonly data: CalendarData) {
    requireDate(data.from);
    requireDate(data.to);
    if (data.from > data.to) throw new RangeError(t.badCalendarData(t.badRange(data.from, data.to)));
    this.unconfirmed = new Set(data.unconfirmedYears);
  }

  get from(): LocalDate {
    return this.data.from;
  }

  get to(): LocalDate {
    return this.data.to;
  }

  covers(date: LocalDate): boolean {
    return isLocalDate(date) && date >= this.data.from && date <= this.data.to;
  }

  dayInfo(date: LocalDate): DayInfo {
    requireDate(date);
    if (date < this.data.from || date > this.data.to) throw new OutsideCalendarError(date, this.data.from, this.data.to);
    // A make-up workday wins over everything: that is what the office or the State Council said about the day.
    const made = Object.hasOwn(this.data.workdays, date) ? this.data.workdays[date] : undefined;
    if (made) return { date, working: true, kind: 'makeup_workday', ...tagged(made) };
    const off = Object.hasOwn(this.data.holidays, date) ? this.data.holidays[date] : undefined;
    if (off) return { date, working: false, kind: 'holiday', ...tagged(off) };
    return isWeekend(date) ? { date, working: false, kind: 'weekend' } : { date, working: true, kind: 'weekday' };
  }

  isWorkingDay(date: LocalDate): boolean {
    return this.dayInfo(date).working;
  }

  /**
   * How late something due on `due` is on `today`: calendar days and working days after the due date, up to
   * and including today (0 and 0 when not yet past it).
   */
  lateness(due: LocalDate, today: LocalDate): { daysOverdue: number; workdaysOverdue: number } {
    let workdays = 0;
    for (let d = addDays(due, 1); d <= today; d = addDays(d, 1)) if (this.isWorkingDay(d)) workdays++;
    return { daysOverdue: Math.max(0, daysBetween(due, today)), workdaysOverdue: workdays };
  }

  /**
   * lateness(due, today) for the many due dates of one list, answered from one count of the working days
   * from `earliest` to `today`: a list of a thousand late items walks those days once, not a thousand times.
   */
  latenessOn(today: LocalDate, earliest: LocalDate): (due: LocalDate) => { daysOverdue: number; workdaysOverdue: number } {
    /** Working days after `earliest`, up to and including the day. */
    const counted = new Map<LocalDate, number>();
    let workdays = 0;
    for (let d = earliest; d <= today; d = addDays(d, 1)) {
      if (d !== earliest && this.isWorkingDay(d)) workdays++;
      counted.set(d, workdays);
    }
    return (due) => {
      const before = counted.get(due);
      if (before === undefined || due >= today) return this.lateness(due, today);
      return { daysOverdue: daysBetween(due, today), workdaysOverdue: workdays - before };
    };
  }

  /** Whether the year's holidays are only lunar-computed (no published arrangement, no office overrides). */
  isUnconfirmedYear(year: number): boolean {
    return this.unconfirmed.has(year);
  }

  /** The unconfirmed years among those of `start` to `end`. */
  unconfirmedYearsIn(start: LocalDate, end: LocalDate): number[] {
    const [a, b] = [yearOf(start), yearOf(end)];
    return [...this.unconfirmed].filter((y) => y >= Math.min(a, b) && y <= Math.max(a, b)).sort((x, y) => x - y);
  }

  /** The N-th working day counted from the day after `date` (`date` itself is not counted; contract §1). */
  nthWorkingDayAfter(date: LocalDate, n: number): Walk {
    requireCount(n);
    return this.walk(date, 1, n);
  }

  /** The N-th working day counted back from the day before `date` (contract §4). */
  nthWorkingDayBefore(date: LocalDate, n: number): Walk {
    requireCount(n);
    return this.walk(date, -1, n);
  }

  firstWorkingDayAfter(date: LocalDate): Walk {
    return this.walk(date, 1, 1);
  }

  firstWorkingDayOnOrAfter(date: LocalDate): Walk {
    requireDate(date);
    return this.walk(addDays(date, -1), 1, 1);
  }

  lastWorkingDayOnOrBefore(date: LocalDate): Walk {
    requireDate(date);
    return this.walk(addDays(date, 1), -1, 1);
  }

  /** The N-th working day of the period `start`..`end` (both included); its first working day is the 1st. */
  nthWorkingDayOfRange(start: LocalDate, end: LocalDate, n: number): Walk {
    requireCount(n);
    this.requireRange(start, end);
    const skipped: DayInfo[] = [];
    let found = 0;
    for (let d = start; d <= end; d = addDays(d, 1)) {
      const info = this.dayInfo(d);
      if (!info.working) skipped.push(info);
      else if (++found === n) return { date: d, skipped };
    }
    throw new RangeError(t.tooFewWorkingDays(start, end, n, found));
  }

  lastWorkingDayOfRange(start: LocalDate, end: LocalDate): Walk {
    this.requireRange(start, end);
    const skipped: DayInfo[] = [];
    for (let d = end; d >= start; d = addDays(d, -1)) {
      const info = this.dayInfo(d);
      if (info.working) return { date: d, skipped: skipped.reverse() };
      skipped.push(info);
    }
    throw new RangeError(t.tooFewWorkingDays(start, end, 1, 0));
  }

  /** The run of consecutive days off that contains `date`; an error if `date` is a working day. */
  dayOffRunOf(date: LocalDate): DayOffRun {
    const here = this.dayInfo(date);
    if (here.working) throw new RangeError(t.notADayOff(date));
    const before: DayInfo[] = [];
    for (let d = addDays(date, -1); ; d = addDays(d, -1)) {
      const info = this.dayInfo(d);
      if (info.working) break;
      before.push(info);
    }
    const after: DayInfo[] = [];
    for (let d = addDays(date, 1); ; d = addDays(d, 1)) {
      const info = this.dayInfo(d);
      if (info.working) break;
      after.push(info);
    }
    const days = [...before.reverse(), here, ...after];
    return { first: days[0]!.date, last: days[days.length - 1]!.date, days };
  }

  /** The first day of the run of days off containing `date` (contract §4: 春节 2026 → 2026-02-15). */
  firstDayOffOf(date: LocalDate): Walk {
    const run = this.dayOffRunOf(date);
    return { date: run.first, skipped: run.days.filter((d) => d.date > run.first && d.date <= date) };
  }

  /** Steps one day at a time from `start` (not counted) until the N-th working day. */
  private walk(start: LocalDate, direction: 1 | -1, n: number): Walk {
    requireDate(start);
    const skipped: DayInfo[] = [];
    let found = 0;
    let d = start;
    for (;;) {
      d = addDays(d, direction);
      const info = this.dayInfo(d);
      if (!info.working) skipped.push(info);
      else if (++found === n) break;
    }
    if (direction < 0) skipped.reverse();
    return { date: d, skipped };
  }

  private requireRange(start: LocalDate, end: LocalDate): void {
    requireDate(start);
    requireDate(end);
    if (start > end) throw new RangeError(t.badRange(start, end));
  }
}

function tagged(tag: HolidayTag): { holiday?: HolidayId; name: string } {
  return tag.id ? { holiday: tag.id, name: tag.name } : { name: tag.name };
}

/** How a day is named to people: 工作日, 周末, 国庆节, 调休上班（国庆节）. */
export function dayLabel(info: DayInfo): string {
  switch (info.kind) {
    case 'weekday':
      return t.weekday;
    case 'weekend':
      return t.weekend;
    case 'holiday':
      return info.name ?? t.officeDayOff;
    case 'makeup_workday':
      return t.makeupWorkday(info.name ?? t.officeWorkday);
  }
}

/** Weekends are listed one by one up to this many; past it they are counted, so a long trace stays readable. */
const MAX_LISTED_WEEKENDS = 4;

/**
 * `跳过 03-06、03-07 周末，10-01 至 10-07 国庆节`: consecutive days of the same kind form one run.
 * Days show as MM-DD unless `fullDates` (a span of a year or more, where MM-DD would be ambiguous).
 */
export function describeSkippedDays(skipped: readonly DayInfo[], fullDates = false): string {
  if (skipped.length === 0) return t.nothingSkipped;
  const show = fullDates ? (d: LocalDate) => d : monthDay;
  const runs: { first: LocalDate; last: LocalDate; length: number; label: string; weekend: boolean }[] = [];
  for (const day of skipped) {
    const label = dayLabel(day);
    const last = runs[runs.length - 1];
    if (last && last.label === label && addDays(last.last, 1) === day.date) {
      last.last = day.date;
      last.length++;
    } else {
      runs.push({ first: day.date, last: day.date, length: 1, label, weekend: day.kind === 'weekend' });
    }
  }
  const weekendRuns = runs.filter((r) => r.weekend);
  const listed = weekendRuns.length > MAX_LISTED_WEEKENDS ? runs.filter((r) => !r.weekend) : runs;
  const parts = listed.map((r) => t.run(show(r.first), show(r.last), r.length, r.label));
  if (listed !== runs) parts.push(t.weekendCount(weekendRuns.reduce((sum, r) => sum + r.length, 0)));
  return t.skipped(parts);
}

// ── deadlines ─────────────────────────────────────────────────────────────────────────────────────

/** Contract §3: `{ workdays: N }`, `{ days: N }` (民法典 §203) or `{ date }` as given. */
export type DeadlineForm = { workdays: number } | { days: number } | { date: LocalDate };

export interface Deadline {
  due: LocalDate;
  /** zh-CN, how the due date was found; always names it. */
  trace: string;
  /** Years the computation relied on whose holidays are only lunar-computed (noted in the trace too). */
  unconfirmedYears: number[];
}

/**
 * The due date of a deadline given on `from` (the report day), with its trace:
 * - `{ workdays: N }`: the N-th working day after `from`;
 *   `5 个工作日: 2027-03-01 之后第5个工作日 = 2027-03-08，跳过 03-06、03-07 周末` (nothing skipped: `期间无休息日`);
 * - `{ days: N }`: N calendar days after `from`, moved to the next working day if that is a day off;
 *   `10 日: 2026-09-25 之后第10日 = 2026-10-05，逢休息日顺延至 2026-10-08，跳过 10-05 至 10-07 国庆节`;
 * - `{ date }`: as given, noting when it is a day off: `指定日期 2027-04-17，当日为休息日（周末）`.
 * A computation that relied on an unconfirmed year ends with a note saying so.
 */
export function computeDeadline(cal: WorkCalendar, form: DeadlineForm, from: LocalDate): Deadline {
  requireDate(from);
  // Skipped days show as MM-DD next to the full from/due dates; from a year on, MM-DD would be ambiguous.
  const fullDates = (due: LocalDate) => daysBetween(from, due) >= 365;
  let due: LocalDate;
  let trace: string;
  let examined: [LocalDate, LocalDate];
  if ('workdays' in form) {
    const walk = cal.nthWorkingDayAfter(from, form.workdays);
    due = walk.date;
    trace = t.workdaysTrace(form.workdays, from, due, describeSkippedDays(walk.skipped, fullDates(due)));
    examined = [addDays(from, 1), due];
  } else if ('days' in form) {
    requireCount(form.days);
    const raw = addDays(from, form.days);
    const walk = cal.firstWorkingDayOnOrAfter(raw);
    due = walk.date;
    trace =
      due === raw
        ? t.daysTrace(form.days, from, raw)
        : t.daysMovedTrace(form.days, from, raw, due, describeSkippedDays(walk.skipped, fullDates(due)));
    examined = [raw, due];
  } else {
    const info = cal.dayInfo(form.date);
    due = form.date;
    trace = info.working ? t.dateTrace(due) : t.dateOffTrace(due, dayLabel(info));
    examined = [due, due];
  }
  const unconfirmedYears = cal.unconfirmedYearsIn(...examined);
  if (unconfirmedYears.length) trace += t.unconfirmedNote(unconfirmedYears);
  return { due, trace, unconfirmedYears };
}

// ── holidays of a year ────────────────────────────────────────────────────────────────────────────

export interface YearHoliday {
  id: HolidayId;
  /** 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节. */
  name: string;
  /** The statutory days themselves. */
  dates: LocalDate[];
  /** The first and last day of the break around them: the run of days off containing the statutory days
   * (春节 2026: 02-15 to 02-23). If the office made every statutory day a working day, the statutory days. */
  firstDayOff: LocalDate;
  lastDayOff: LocalDate;
}

/** The seven statutory holidays of `year`, in date order, for pre-holiday checks. */
export function holidaysOfYear(cal: WorkCalendar, year: number): YearHoliday[] {
  const entries = cal.data.statutory.filter((s) => s.year === year);
  if (entries.length === 0) {
    const jan1 = `${year}-01-01`;
    if (!cal.covers(jan1) || !cal.covers(`${year}-12-31`)) throw new OutsideCalendarError(jan1, cal.from, cal.to);
    throw new RangeError(t.badCalendarData(t.missingStatutory(year)));
  }
  return entries
    .map((s): YearHoliday => {
      const off = s.dates.filter((d) => !cal.isWorkingDay(d));
      const first = off[0];
      const last = off[off.length - 1];
      return {
        id: s.id,
        name: t.holidayName[s.id],
        dates: [...s.dates],
        firstDayOff: first ? cal.dayOffRunOf(first).first : s.dates[0]!,
        lastDayOff: last ? cal.dayOffRunOf(last).last : s.dates[s.dates.length - 1]!,
      };
    })
    .sort((a, b) => (a.dates[0]! < b.dates[0]! ? -1 : a.dates[0]! > b.dates[0]! ? 1 : HOLIDAY_IDS.indexOf(a.id) - HOLIDAY_IDS.indexOf(b.id)));
}
