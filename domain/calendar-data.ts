// Builds the CalendarData deadlines and duties are computed with: the State Council's arrangements (from
// chinese-days), lunar-computed holidays for years not yet published, and the office's overrides on top.
// Activities and the CLI only: it loads package data, so it never goes into the workflow bundle.

import { createRequire } from 'node:module';
import { HOLIDAY_IDS, type CalendarData, type HolidayId, type HolidayTag, type StatutoryDays } from './calendar.ts';
import { calendarText as t } from './text/calendar.ts';
import { addDays, daysBetween, isLocalDate, isWeekend, monthDay, yearOf, type LocalDate } from './time.ts';

// chinese-days is CommonJS with a UMD `main` and an ES `module` build. Node, tsx and compiled code give an
// ESM importer only its default export (named imports fail), while vitest resolves the ES build, where
// named imports work but `default.default` is something else. require() loads the same file everywhere,
// tests included.
const requireCjs = createRequire(import.meta.url);

/**
 * The part of chinese-days used here. Its date functions read the machine's local zone (west of UTC they
 * are a day early), so solar dates are counted here from its lunar month lengths, and the solar term is
 * read back through the package's own date rendering (see qingmingOf).
 */
interface ChineseDays {
  monthDays(lunarYear: number, lunarMonth: number): number;
  getYearLeapMonth(lunarYear: number): { leapMonth: number | undefined; days: number };
  getSolarTermDate(year: number, month: number, term: 'pure_brightness'): string;
  getLunarDate(date: string): { date: string };
}
const chineseDays = requireCjs('chinese-days') as ChineseDays;

/** The published arrangements, `"2026-10-01": "National Day,国庆节,3"`: the JSON the package ships holds the
 * same data as its functions, without their time-zone dependence. */
const official = requireCjs('chinese-days/dist/chinese-days.json') as {
  holidays: Record<LocalDate, string>;
  workdays: Record<LocalDate, string>;
};

const OFFICIAL_YEARS: ReadonlySet<number> = new Set(
  [...Object.keys(official.holidays), ...Object.keys(official.workdays)].map(yearOf),
);

/** Years with the State Council's arrangement in the installed chinese-days. */
export function officialYears(): number[] {
  return [...OFFICIAL_YEARS].sort((a, b) => a - b);
}

/** 2008 is when 清明, 端午 and 中秋 became holidays; the package's lunar tables end with 2100. */
export const MIN_CALENDAR_YEAR = 2008;
export const MAX_CALENDAR_YEAR = 2099;

// ── the lunar calendar ────────────────────────────────────────────────────────────────────────────

/** Lunar 1900-01-01 (正月初一), the start of the package's tables. */
const LUNAR_EPOCH: LocalDate = '1900-01-31';
const lunarYearStart = new Map<number, number>([[1900, 0]]);

function lunarYearLength(year: number): number {
  let days = chineseDays.getYearLeapMonth(year).days;
  for (let month = 1; month <= 12; month++) days += chineseDays.monthDays(year, month);
  return days;
}

/** Days from the epoch to lunar `year`-01-01. */
function daysToLunarYear(year: number): number {
  let known = year;
  while (!lunarYearStart.has(known)) known--;
  let days = lunarYearStart.get(known)!;
  for (let y = known; y < year; y++) {
    days += lunarYearLength(y);
    lunarYearStart.set(y + 1, days);
  }
  return days;
}

/** The solar date of a lunar date (never in a leap month: none of the holidays is). */
export function lunarToSolar(year: number, month: number, day: number): LocalDate {
  let days = daysToLunarYear(year) + day - 1;
  const leap = chineseDays.getYearLeapMonth(year);
  for (let m = 1; m < month; m++) {
    days += chineseDays.monthDays(year, m);
    if (m === leap.leapMonth) days += leap.days; // the leap month follows the month it repeats
  }
  return addDays(LUNAR_EPOCH, days);
}

/**
 * The 清明 solar-term day (April 4–6). The package computes the day number but hands it back through a
 * local-zone date, shifted a day west of UTC; rendering the candidates through the same path and
 * matching undoes the shift whatever the machine's zone.
 */
function qingmingOf(year: number): LocalDate {
  const rendered = chineseDays.getSolarTermDate(year, 4, 'pure_brightness');
  for (let day = 3; day <= 7; day++) {
    const candidate = `${year}-04-0${day}`;
    if (chineseDays.getLunarDate(candidate).date === rendered) return candidate;
  }
  throw new Error(`chinese-days: no 清明 date for ${year} (got ${rendered})`);
}

const run = (first: LocalDate, length: number) => Array.from({ length }, (_, i) => addDays(first, i));

/**
 * The statutory days of each holiday in `year`, by the rules in force that year (全国年节及纪念日放假办法,
 * as revised for 2008, 2014 and 2025).
 */
export function statutoryDaysOf(year: number): StatutoryDays[] {
  const lunarNewYear = lunarToSolar(year, 1, 1);
  const eve = addDays(lunarNewYear, -1); // 除夕: the last day of the lunar year, whether the 29th or the 30th
  const springFestival =
    year >= 2025 ? run(eve, 4) : year >= 2014 ? run(lunarNewYear, 3) : run(eve, 3);
  const dates: Record<HolidayId, LocalDate[]> = {
    new_year: [`${year}-01-01`],
    spring_festival: springFestival,
    qingming: [qingmingOf(year)],
    labour_day: run(`${year}-05-01`, year >= 2025 ? 2 : 1),
    dragon_boat: [lunarToSolar(year, 5, 5)],
    mid_autumn: [lunarToSolar(year, 8, 15)],
    national_day: run(`${year}-10-01`, 3),
  };
  return HOLIDAY_IDS.map((id) => ({ id, year, dates: dates[id] }));
}

// ── resolving a calendar ──────────────────────────────────────────────────────────────────────────

const PACKAGE_HOLIDAY_IDS: Record<string, HolidayId> = {
  "New Year's Day": 'new_year',
  'Spring Festival': 'spring_festival',
  'Tomb-sweeping Day': 'qingming',
  'Labour Day': 'labour_day',
  'Dragon Boat Festival': 'dragon_boat',
  'Mid-autumn Festival': 'mid_autumn',
  'National Day': 'national_day',
};

/** `"National Day,国庆节,3"` → `{ id: 'national_day', name: '国庆节' }`; a special day keeps the package's name. */
function packageTag(value: string): HolidayTag {
  const [english = '', chinese = ''] = value.split(',');
  const id = PACKAGE_HOLIDAY_IDS[english];
  return id ? holidayTag(id) : { name: chinese || english };
}

const holidayTag = (id: HolidayId): HolidayTag => ({ id, name: t.holidayName[id] });

/** How far a make-up workday the office entered may be from the holiday it is named after. */
const MAKEUP_NAME_REACH_DAYS = 15;

export interface ResolveCalendarInput {
  fromYear: number;
  toYear: number;
  /** The profile's `calendar` section; always wins over the package and the computation. */
  overrides?: { holidays?: readonly LocalDate[]; workdays?: readonly LocalDate[] };
}

/**
 * The calendar from 1 December of the year before `fromYear` to the end of `toYear` (the December margin
 * lets a duty find 元旦's first day off, or count working days back from it, in the first year).
 *
 * Per year: the State Council's arrangement if the package has it; otherwise the statutory days computed
 * from the lunar calendar, without 调休, and the year is unconfirmed unless the office entered overrides
 * in it. Overrides apply last: a date in `workdays` is worked, a date in `holidays` is off. Weekends and
 * office-entered days off that adjoin a holiday take its name, as the published arrangements do
 * (春节 2026 starts on Sunday 02-15); make-up workdays the office entered take the nearest holiday's name.
 */
export function resolveCalendar(input: ResolveCalendarInput): CalendarData {
  // Every task's context asks for the same few years with the same overrides (a year's duty calendar asks
  // hundreds of times): each answer is computed once and shared, frozen so that no caller can change it.
  const key = JSON.stringify([input.fromYear, input.toYear, input.overrides?.holidays ?? [], input.overrides?.workdays ?? []]);
  const known = resolved.get(key);
  if (known) return known;
  const data = deepFreeze(computeCalendar(input));
  if (resolved.size >= RESOLVED_KEPT) resolved.delete(resolved.keys().next().value!);
  resolved.set(key, data);
  return data;
}

/** How many resolved calendars are kept (a town asks for a handful of year ranges). */
const RESOLVED_KEPT = 32;
const resolved = new Map<string, CalendarData>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function computeCalendar(input: ResolveCalendarInput): CalendarData {
  const { fromYear, toYear } = input;
  if (
    !Number.isInteger(fromYear) ||
    !Number.isInteger(toYear) ||
    fromYear < MIN_CALENDAR_YEAR ||
    toYear > MAX_CALENDAR_YEAR ||
    fromYear > toYear
  ) {
    throw new RangeError(t.badYears(fromYear, toYear, MIN_CALENDAR_YEAR, MAX_CALENDAR_YEAR));
  }
  const from: LocalDate = `${fromYear - 1}-12-01`;
  const to: LocalDate = `${toYear}-12-31`;
  const inRange = (d: LocalDate) => d >= from && d <= to;

  const daysOff = input.overrides?.holidays ?? [];
  const daysOn = input.overrides?.workdays ?? [];
  for (const d of [...daysOff, ...daysOn]) if (!isLocalDate(d)) throw new RangeError(t.notADate(String(d)));
  const offSet = new Set(daysOff);
  for (const d of daysOn) if (offSet.has(d)) throw new RangeError(t.overrideInBoth(d));
  const overriddenYears = new Set([...daysOff, ...daysOn].map(yearOf));

  const holidays = new Map<LocalDate, HolidayTag>();
  const workdays = new Map<LocalDate, HolidayTag>();
  const statutory: StatutoryDays[] = [];
  const unconfirmedYears: number[] = [];

  for (let year = fromYear - 1; year <= toYear; year++) {
    // The margin year contributes only its December, where no holiday falls.
    const days = year >= fromYear ? statutoryDaysOf(year) : [];
    statutory.push(...days);
    if (OFFICIAL_YEARS.has(year)) continue;
    // HOLIDAY_IDS order: 国庆节 names a day it shares with 中秋节 (as the package does for 2020-10-01).
    for (const s of days) for (const d of s.dates) holidays.set(d, holidayTag(s.id));
    // The margin year (only its December, no holiday) is nothing to confirm.
    if (year >= fromYear && !overriddenYears.has(year)) unconfirmedYears.push(year);
  }
  for (const [d, value] of Object.entries(official.holidays)) if (inRange(d)) holidays.set(d, packageTag(value));
  for (const [d, value] of Object.entries(official.workdays)) if (inRange(d)) workdays.set(d, packageTag(value));

  // Overrides: days without a name yet are named once every day's status is known.
  const enteredOff = new Set<LocalDate>();
  const enteredOn = new Set<LocalDate>();
  for (const d of daysOff) {
    if (!inRange(d)) continue;
    workdays.delete(d);
    if (!holidays.has(d)) enteredOff.add(d);
  }
  for (const d of daysOn) {
    if (!inRange(d)) continue;
    const wasOff = holidays.delete(d) || isWeekend(d);
    if (wasOff && !workdays.has(d)) enteredOn.add(d);
  }
  const isOff = (d: LocalDate) => holidays.has(d) || enteredOff.has(d) || (isWeekend(d) && !workdays.has(d) && !enteredOn.has(d));

  // Each run of days off that contains a holiday is that holiday's break: its weekends and entered days
  // take the name of the nearest holiday day in it. Entered days off in no such run are the office's own.
  const officeDaysOff = new Set<LocalDate>();
  for (let d = from; d <= to; ) {
    if (!isOff(d)) {
      d = addDays(d, 1);
      continue;
    }
    const days: LocalDate[] = [];
    for (; d <= to && isOff(d); d = addDays(d, 1)) days.push(d);
    const anchors = days.filter((x) => holidays.has(x));
    for (const x of days) {
      if (holidays.has(x)) continue;
      const anchor = nearest(anchors, x);
      if (anchor) holidays.set(x, holidays.get(anchor)!);
      else if (enteredOff.has(x)) {
        holidays.set(x, { name: t.officeDayOff });
        officeDaysOff.add(x);
      }
    }
  }
  for (const d of enteredOn) {
    const anchor = nearestWithin(d, MAKEUP_NAME_REACH_DAYS, (c) => holidays.has(c) && !officeDaysOff.has(c));
    workdays.set(d, anchor ? holidays.get(anchor)! : { name: t.officeWorkday });
  }

  return {
    from,
    to,
    holidays: sortedRecord(holidays, inRange),
    workdays: sortedRecord(workdays, inRange),
    statutory,
    unconfirmedYears,
  };
}

/** The anchor closest to `day` (the earlier one on a tie). */
function nearest(anchors: readonly LocalDate[], day: LocalDate): LocalDate | undefined {
  let best: LocalDate | undefined;
  for (const a of anchors) {
    if (best === undefined || Math.abs(daysBetween(a, day)) < Math.abs(daysBetween(best, day))) best = a;
  }
  return best;
}

function nearestWithin(day: LocalDate, reach: number, accept: (d: LocalDate) => boolean): LocalDate | undefined {
  for (let k = 1; k <= reach; k++) {
    for (const c of [addDays(day, -k), addDays(day, k)]) if (accept(c)) return c;
  }
  return undefined;
}

function sortedRecord(map: ReadonlyMap<LocalDate, HolidayTag>, keep: (d: LocalDate) => boolean): Record<LocalDate, HolidayTag> {
  const out: Record<LocalDate, HolidayTag> = {};
  for (const d of [...map.keys()].filter(keep).sort()) out[d] = { ...map.get(d)! };
  return out;
}

/** One zh-CN warning per unconfirmed year, listing the computed holidays, for the CLI, logs and simulate. */
export function calendarWarnings(data: CalendarData): string[] {
  return data.unconfirmedYears.map((year) => {
    const holidays = data.statutory
      .filter((s) => s.year === year && s.dates.length > 0)
      .sort((a, b) => (a.dates[0]! < b.dates[0]! ? -1 : a.dates[0]! > b.dates[0]! ? 1 : 0))
      .map((s) => t.holidayDates(t.holidayName[s.id], monthDay(s.dates[0]!), monthDay(s.dates[s.dates.length - 1]!), s.dates.length));
    return t.unconfirmedYear(year, holidays);
  });
}
