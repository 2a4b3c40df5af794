import chineseDays from 'chinese-days';
import fc from 'fast-check';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkCalendar, computeDeadline, holidaysOfYear, type DeadlineForm } from '../../domain/calendar.ts';
import { resolveCalendar } from '../../domain/calendar-data.ts';
import { addDays, daysBetween, isWeekend, yearOf, type LocalDate } from '../../domain/time.ts';

// Properties over 2024–2030 with random office overrides. The calendar is built for 2023–2031 so that
// walks back from early 2024 and forward from late 2030 stay inside it.
const FIRST: LocalDate = '2024-01-01';
const LAST: LocalDate = '2030-12-31';
const SPAN = daysBetween(FIRST, LAST);
const RUNS = { numRuns: 300 };

/** The published data, read directly: the oracle for 2024–2026. */
const published = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
};

/** Statutory days of 2027–2031 from the package's own lunar functions (right in Shanghai's zone): an
 * oracle independent of the month-length arithmetic in calendar-data.ts. */
const computedOff = new Set<LocalDate>();
const zone = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'Asia/Shanghai';
  for (let y = 2027; y <= 2031; y++) {
    const newYear = chineseDays.getSolarDateFromLunar(`${y}-01-01`).date;
    for (let i = -1; i <= 2; i++) computedOff.add(addDays(newYear, i));
    computedOff.add(chineseDays.getSolarTermDate(y, 4, 'pure_brightness'));
    computedOff.add(chineseDays.getSolarDateFromLunar(`${y}-05-05`).date);
    computedOff.add(chineseDays.getSolarDateFromLunar(`${y}-08-15`).date);
    for (const md of ['01-01', '05-01', '05-02', '10-01', '10-02', '10-03']) computedOff.add(`${y}-${md}`);
  }
});
afterAll(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

interface Overrides {
  holidays: LocalDate[];
  workdays: LocalDate[];
}

function expectedWorking(d: LocalDate, o: Overrides): boolean {
  if (o.workdays.includes(d)) return true;
  if (o.holidays.includes(d)) return false;
  if (yearOf(d) <= 2026) {
    if (published.workdays[d]) return true;
    if (published.holidays[d]) return false;
    return !isWeekend(d);
  }
  return !isWeekend(d) && !computedOff.has(d);
}

const anyDay = fc.integer({ min: 0, max: SPAN }).map((i) => addDays(FIRST, i));
/** Days around the holidays, where overrides and runs of days off interact. */
const holidayish = fc
  .tuple(
    fc.integer({ min: 2024, max: 2030 }),
    fc.constantFrom('01-01', '02-10', '04-05', '05-01', '06-10', '09-20', '10-01', '10-05'),
    fc.integer({ min: -10, max: 10 }),
  )
  .map(([y, md, k]) => addDays(`${y}-${md}`, k))
  .filter((d) => d >= FIRST && d <= LAST);
const someDay = fc.oneof(anyDay, holidayish);

const overridesArb: fc.Arbitrary<Overrides> = fc
  .uniqueArray(fc.record({ day: someDay, off: fc.boolean() }), { selector: (r) => r.day, maxLength: 12 })
  .map((list) => ({
    holidays: list.filter((r) => r.off).map((r) => r.day),
    workdays: list.filter((r) => !r.off).map((r) => r.day),
  }));

const calendarFor = (o: Overrides) => new WorkCalendar(resolveCalendar({ fromYear: 2023, toYear: 2031, overrides: o }));

function workingDaysIn(cal: WorkCalendar, first: LocalDate, last: LocalDate): number {
  let n = 0;
  for (let d = first; d <= last; d = addDays(d, 1)) if (cal.isWorkingDay(d)) n++;
  return n;
}

function daysOffIn(cal: WorkCalendar, first: LocalDate, last: LocalDate): LocalDate[] {
  const out: LocalDate[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) if (!cal.isWorkingDay(d)) out.push(d);
  return out;
}

describe('calendar properties, 2024–2030, with random overrides', () => {
  it('every day is worked exactly as published, computed or overridden — overrides always win', () => {
    fc.assert(
      fc.property(overridesArb, fc.array(someDay, { minLength: 1, maxLength: 20 }), (o, days) => {
        const cal = calendarFor(o);
        for (const d of [...days, ...o.holidays, ...o.workdays]) expect(cal.isWorkingDay(d), d).toBe(expectedWorking(d, o));
      }),
      RUNS,
    );
  });

  it('nthWorkingDayAfter(d, n) is a working day with exactly n working days in (d, result]', () => {
    fc.assert(
      fc.property(overridesArb, someDay, fc.integer({ min: 1, max: 30 }), (o, d, n) => {
        const cal = calendarFor(o);
        const walk = cal.nthWorkingDayAfter(d, n);
        expect(walk.date > d).toBe(true);
        expect(cal.isWorkingDay(walk.date)).toBe(true);
        expect(workingDaysIn(cal, addDays(d, 1), walk.date)).toBe(n);
        expect(walk.skipped.map((s) => s.date)).toEqual(daysOffIn(cal, addDays(d, 1), walk.date));
        expect(walk.skipped.every((s) => !s.working)).toBe(true);
      }),
      RUNS,
    );
  });

  it('nthWorkingDayBefore(d, n) mirrors it: exactly n working days in [result, d)', () => {
    fc.assert(
      fc.property(overridesArb, someDay, fc.integer({ min: 1, max: 30 }), (o, d, n) => {
        const cal = calendarFor(o);
        const walk = cal.nthWorkingDayBefore(d, n);
        expect(walk.date < d).toBe(true);
        expect(cal.isWorkingDay(walk.date)).toBe(true);
        expect(workingDaysIn(cal, walk.date, addDays(d, -1))).toBe(n);
        expect(walk.skipped.map((s) => s.date)).toEqual(daysOffIn(cal, walk.date, addDays(d, -1)));
        // Counting n forward again from the result (the result counts) lands on the last working day before d.
        expect(cal.nthWorkingDayAfter(addDays(walk.date, -1), n).date).toBe(cal.lastWorkingDayOnOrBefore(addDays(d, -1)).date);
      }),
      RUNS,
    );
  });

  it('a list’s lateness, counted once from its earliest due date (latenessOn), is each item’s own lateness', () => {
    fc.assert(
      fc.property(overridesArb, fc.array(someDay, { minLength: 1, maxLength: 12 }), someDay, (o, dues, today) => {
        const cal = calendarFor(o);
        const earliest = [...dues].sort()[0]!;
        const lateness = cal.latenessOn(today, earliest);
        for (const due of dues) expect(lateness(due), `${due} on ${today}`).toEqual(cal.lateness(due, today));
      }),
      RUNS,
    );
  });

  it('a days-form deadline is a working day, not before the raw date, with only days off between', () => {
    fc.assert(
      fc.property(overridesArb, someDay, fc.integer({ min: 1, max: 60 }), (o, from, n) => {
        const cal = calendarFor(o);
        const raw = addDays(from, n);
        const { due } = computeDeadline(cal, { days: n }, from);
        expect(cal.isWorkingDay(due)).toBe(true);
        expect(due >= raw).toBe(true);
        expect(daysOffIn(cal, raw, addDays(due, -1))).toHaveLength(daysBetween(raw, due));
      }),
      RUNS,
    );
  });

  it('firstDayOffOf(d) is off, the day before it is worked, and every day from it to d is off', () => {
    fc.assert(
      fc.property(overridesArb, someDay, (o, d) => {
        const cal = calendarFor(o);
        if (cal.isWorkingDay(d)) {
          expect(() => cal.firstDayOffOf(d)).toThrow(RangeError);
          return;
        }
        const first = cal.firstDayOffOf(d).date;
        expect(first <= d).toBe(true);
        expect(cal.isWorkingDay(first)).toBe(false);
        expect(cal.isWorkingDay(addDays(first, -1))).toBe(true);
        expect(daysOffIn(cal, first, d)).toHaveLength(daysBetween(first, d) + 1);
      }),
      RUNS,
    );
  });

  it('a trace always names the due date it computed, and notes unconfirmed years exactly when it used one', () => {
    const form: fc.Arbitrary<DeadlineForm> = fc.oneof(
      fc.integer({ min: 1, max: 40 }).map((workdays) => ({ workdays })),
      fc.integer({ min: 1, max: 90 }).map((days) => ({ days })),
      anyDay.map((date) => ({ date })),
    );
    fc.assert(
      fc.property(overridesArb, someDay, form, (o, from, f) => {
        const cal = calendarFor(o);
        const d = computeDeadline(cal, f, from);
        expect(d.trace).toContain(d.due);
        expect(d.trace.includes('尚未公布')).toBe(d.unconfirmedYears.length > 0);
        for (const y of d.unconfirmedYears) {
          expect(cal.data.unconfirmedYears).toContain(y);
          expect(y >= Math.min(yearOf(from), yearOf(d.due)) && y <= yearOf(d.due)).toBe(true);
        }
        if ('workdays' in f) expect(d.due).toBe(cal.nthWorkingDayAfter(from, f.workdays).date);
        if ('date' in f) expect(d.due).toBe(f.date);
      }),
      RUNS,
    );
  });

  it('the N-th and last working days of a month are its working days, counted from its first', () => {
    fc.assert(
      fc.property(overridesArb, anyDay, fc.integer({ min: 1, max: 15 }), (o, day, n) => {
        const cal = calendarFor(o);
        const start = `${day.slice(0, 7)}-01`;
        const end = addDays(`${addDays(start, 32).slice(0, 7)}-01`, -1);
        const available = workingDaysIn(cal, start, end);
        if (n > available) {
          expect(() => cal.nthWorkingDayOfRange(start, end, n)).toThrow(RangeError);
        } else {
          const nth = cal.nthWorkingDayOfRange(start, end, n).date;
          expect(cal.isWorkingDay(nth)).toBe(true);
          expect(workingDaysIn(cal, start, nth)).toBe(n);
        }
        if (available > 0) {
          const last = cal.lastWorkingDayOfRange(start, end).date;
          expect(cal.isWorkingDay(last)).toBe(true);
          expect(workingDaysIn(cal, last, end)).toBe(1);
        }
      }),
      RUNS,
    );
  });

  it('each year lists its seven holidays, each break starting after a working day', () => {
    fc.assert(
      fc.property(overridesArb, fc.integer({ min: 2024, max: 2030 }), (o, year) => {
        const cal = calendarFor(o);
        const list = holidaysOfYear(cal, year);
        expect(list.map((h) => h.id).sort()).toEqual(
          ['dragon_boat', 'labour_day', 'mid_autumn', 'national_day', 'new_year', 'qingming', 'spring_festival'],
        );
        for (const h of list) {
          const off = h.dates.filter((d) => !cal.isWorkingDay(d));
          if (off.length === 0) continue;
          expect(h.firstDayOff <= off[0]!).toBe(true);
          expect(cal.isWorkingDay(h.firstDayOff)).toBe(false);
          expect(cal.isWorkingDay(addDays(h.firstDayOff, -1))).toBe(true);
          expect(h.lastDayOff >= off[off.length - 1]!).toBe(true);
          expect(cal.isWorkingDay(addDays(h.lastDayOff, 1))).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});
