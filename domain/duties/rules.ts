// A duty's rules applied to one occurrence: the day a task opens or is due, with the sentence that shows
// how it was found on the working-day calendar, and bounds on the opening without the calendar.

import { OutsideCalendarError, dayLabel, describeSkippedDays, type Walk, type WorkCalendar } from '../calendar.ts';
import { dutiesText as T } from '../text/duties.ts';
import { addDays, daysBetween, yearOf, type LocalDate } from '../time.ts';
import type { DayRule, RuleAnchor, RuleMove, RuleRange } from './format.ts';
import { monthEnd, monthStart, type Occurrence } from './periods.ts';

/** An occurrence the calendar cannot make a task of (no 20th working day in a 1-week period…). */
export class RuleProblem extends Error {}

export interface Found {
  date: LocalDate;
  trace: string;
  /** The days the computation depended on: their years' confirmation matters. */
  examined: [LocalDate, LocalDate];
}

export interface RuleContext {
  cal: WorkCalendar;
  occ: Occurrence;
  meeting: boolean;
  opening?: LocalDate;
}

function rangeOf(rule: { in?: RuleRange }, occ: Occurrence): { start: LocalDate; end: LocalDate; label: string; monthly: boolean } {
  if (rule.in === 'next_month') {
    const after = addDays(occ.end, 1);
    const [y, m] = [yearOf(after), Number(after.slice(5, 7))];
    // A period ending mid-month (days, weeks): the month after the one it ends in.
    const start = after.slice(8) === '01' ? after : m === 12 ? `${y + 1}-01-01` : monthStart(y, m + 1);
    return { start, end: monthEnd(yearOf(start), Number(start.slice(5, 7))), label: T.nextMonth[occ.kind], monthly: true };
  }
  return { start: occ.start, end: occ.end, label: T.unit[occ.kind], monthly: occ.kind === 'month' };
}

const skippedText = (walk: Walk) => describeSkippedDays(walk.skipped);

/** Runs a calendar step; a period too short for it is a problem of this occurrence, not an error. */
function step<R>(what: string, run: () => R): R {
  try {
    return run();
  } catch (error) {
    if (error instanceof OutsideCalendarError || !(error instanceof RangeError)) throw error;
    throw new RuleProblem(T.noSuchWorkday(what, error.message));
  }
}

interface AnchorView {
  date: LocalDate;
  /** The rule's words: 清明节放假首日, 本季度结束, 会议. */
  label: string;
  /** The sentence showing the date: 清明节放假 2030-04-05 至 2030-04-07，首日 2030-04-05. */
  text: string;
}

function anchorOf(of: RuleAnchor, ctx: RuleContext, direction: 'before' | 'after'): AnchorView {
  const { occ } = ctx;
  const unit = T.unit[occ.kind];
  switch (of) {
    case 'period_start':
      return { date: occ.start, label: T.periodStartLabel(unit), text: T.periodStart(unit, occ.start) };
    case 'period_end':
      return {
        date: occ.end,
        label: direction === 'after' ? T.periodEndAfterLabel(unit) : T.periodEndLabel(unit),
        text: T.periodEnd(unit, occ.end),
      };
    case 'holiday': {
      const names = occ.holiday!.names;
      const text = occ.holiday!.notOff ? T.holidayNotOff(names, occ.start) : T.holidayFirst(names, occ.start, occ.end);
      return { date: occ.start, label: T.holidayFirstLabel(names), text };
    }
    case 'holiday_end': {
      const names = occ.holiday!.names;
      return {
        date: occ.end,
        label: direction === 'after' ? T.holidayEndLabel(names) : T.holidayLastLabel(names),
        text: T.holidayBreak(names, occ.start, occ.end),
      };
    }
    case 'opening':
      return { date: ctx.opening!, label: T.openingLabel(ctx.meeting), text: T.opening(ctx.meeting, ctx.opening!) };
  }
}

/** A day, moved off a day off as the rule says. `label` is the rule in words, `subject` shows the day. */
function moved(cal: WorkCalendar, raw: LocalDate, how: RuleMove, label: string, subject: string): Found {
  const info = cal.dayInfo(raw);
  if (info.working) return { date: raw, trace: `${label}: ${T.dayIsWorking(subject)}`, examined: [raw, raw] };
  if (how === 'none') return { date: raw, trace: `${label}: ${T.dayOffKept(subject, dayLabel(info))}`, examined: [raw, raw] };
  const walk = how === 'next' ? cal.firstWorkingDayOnOrAfter(raw) : cal.lastWorkingDayOnOrBefore(raw);
  const examined: [LocalDate, LocalDate] = how === 'next' ? [raw, walk.date] : [walk.date, raw];
  return { date: walk.date, trace: `${label}: ${T.dayMoved(subject, how, walk.date, skippedText(walk))}`, examined };
}

export function applyRule(rule: DayRule, ctx: RuleContext): Found {
  const { cal } = ctx;
  if ('workday' in rule) {
    const r = rangeOf(rule, ctx.occ);
    if (rule.workday === 'last') {
      const walk = step(T.lastWorkdayLabel(r.label), () => cal.lastWorkingDayOfRange(r.start, r.end));
      return { date: walk.date, trace: T.lastWorkdayOfRange(r.label, r.start, r.end, walk.date, skippedText(walk)), examined: [walk.date, r.end] };
    }
    const n = rule.workday;
    const walk = step(T.workdayLabel(r.label, n), () => cal.nthWorkingDayOfRange(r.start, r.end, n));
    return { date: walk.date, trace: T.workdayOfRange(r.label, n, r.start, r.end, walk.date, skippedText(walk)), examined: [r.start, walk.date] };
  }
  if ('day' in rule) {
    const r = rangeOf(rule, ctx.occ);
    const length = daysBetween(r.start, r.end) + 1;
    const clamped = rule.day > length;
    const raw = clamped ? r.end : addDays(r.start, rule.day - 1);
    const how = rule.move ?? 'next';
    return moved(cal, raw, how, T.dayOfRange(r.label, rule.day, r.monthly) + T.moveSuffix[how], clamped ? T.clamped(length, raw) : raw);
  }
  if ('workdaysBefore' in rule) {
    const a = anchorOf(rule.of, ctx, 'before');
    const walk = cal.nthWorkingDayBefore(a.date, rule.workdaysBefore);
    const examined: [LocalDate, LocalDate] = [walk.date, rule.of === 'holiday' || rule.of === 'holiday_end' ? a.date : addDays(a.date, -1)];
    return { date: walk.date, trace: T.workdaysBefore(a.label, rule.workdaysBefore, a.text, walk.date, skippedText(walk)), examined };
  }
  if ('workdaysAfter' in rule) {
    const a = anchorOf(rule.of, ctx, 'after');
    const walk = cal.nthWorkingDayAfter(a.date, rule.workdaysAfter);
    const examined: [LocalDate, LocalDate] = [rule.of === 'holiday' || rule.of === 'holiday_end' ? a.date : addDays(a.date, 1), walk.date];
    return { date: walk.date, trace: T.workdaysAfter(a.label, rule.workdaysAfter, a.text, walk.date, skippedText(walk)), examined };
  }
  const a = anchorOf(rule.of, ctx, 'after');
  const raw = addDays(a.date, rule.daysAfter);
  const how = rule.move ?? 'next';
  return moved(cal, raw, how, T.daysAfterLabel(a.label, rule.daysAfter) + T.moveSuffix[how], T.daysAfter(a.text, rule.daysAfter, raw));
}

/** Days the opening can possibly fall between, without the calendar (generous: 3 days per working day plus two months). */
export function openingBounds(rule: DayRule, occ: Occurrence): [LocalDate, LocalDate] {
  const widen = (n: number) => 3 * n + 60;
  const moveBounds = (d: LocalDate, how: RuleMove | undefined): [LocalDate, LocalDate] =>
    how === 'none' ? [d, d] : how === 'previous' ? [addDays(d, -60), d] : [d, addDays(d, 60)];
  if ('workday' in rule || 'day' in rule) {
    const r = rangeOf(rule, occ);
    if ('workday' in rule) return [r.start, r.end];
    const length = daysBetween(r.start, r.end) + 1;
    return moveBounds(rule.day > length ? r.end : addDays(r.start, rule.day - 1), rule.move);
  }
  const [lo, hi] = rule.of === 'period_start' || rule.of === 'holiday' ? [occ.start, occ.start] : rule.of === 'opening' ? [occ.start, occ.end] : [occ.end, occ.end];
  const [aLo, aHi] = occ.approximate ? [occ.start, occ.end] : [lo, hi];
  if ('workdaysBefore' in rule) return [addDays(aLo, -widen(rule.workdaysBefore)), addDays(aHi, -rule.workdaysBefore)];
  if ('workdaysAfter' in rule) return [addDays(aLo, rule.workdaysAfter), addDays(aHi, widen(rule.workdaysAfter))];
  const [b0] = moveBounds(addDays(aLo, rule.daysAfter), rule.move);
  const [, b1] = moveBounds(addDays(aHi, rule.daysAfter), rule.move);
  return [b0, b1];
}
