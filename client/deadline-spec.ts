// Deadlines as people type them on the command line, read into the contract's deadline forms: working days
// (`5个工作日`, `五个工作日`, `5wd`), calendar days (`10天`, `十日`, `10d`), a date (`3月20日`, `2027年3月20日`,
// `2027-03-20`), or the explicit flags --workdays / --days / --date.

import type { DeadlineForm } from '../domain/calendar.ts';
import { cliText } from '../domain/text/cli.ts';
import { isLocalDate, yearOf, type LocalDate } from '../domain/time.ts';

/** What a typed deadline was read as — its form, and that form in words for the echo — or why it was not. */
export type DeadlineReading = { form: DeadlineForm; reading: string } | { refusal: string };

const NUMBER = '(\\d+|[零〇一二两三四五六七八九十]+)';
const WORKDAYS = [new RegExp(`^${NUMBER}个?工作日内?$`), /^(\d+)(?:wd|workdays?)$/i, /^workdays[:=](\d+)$/i];
const DAYS = [new RegExp(`^${NUMBER}(?:天|日)内?$`), /^(\d+)(?:d|days?)$/i, /^days[:=](\d+)$/i];
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const FULL_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]$/;
const MONTH_DAY = /^(\d{1,2})月(\d{1,2})[日号]$/;

const CHINESE_DIGIT: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
/** Chinese numerals count up to this; larger counts are written in digits. */
const CHINESE_MAX = 30;

/**
 * Reads a deadline as typed. `today` (a Shanghai day: the real one on the command line) places a month and
 * day without a year: this year's, or next year's once this year's has passed.
 */
export function readDeadline(typed: string, today: LocalDate): DeadlineReading {
  // Full-width digits and letters (５个工作日) as their ASCII selves; spaces anywhere (5 个工作日).
  const s = typed.normalize('NFKC').replace(/\s+/g, '');
  const iso = ISO_DATE.exec(s) ?? FULL_DATE.exec(s);
  if (iso) return dateReading(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const monthDay = MONTH_DAY.exec(s);
  if (monthDay) {
    const [month, day] = [Number(monthDay[1]), Number(monthDay[2])];
    const passed = `${pad(month)}-${pad(day)}` < today.slice(5);
    const read = dateReading(yearOf(today) + (passed ? 1 : 0), month, day);
    return 'form' in read ? { ...read, reading: cliText.deadline.reading.monthDay(read.reading, month, day, passed) } : read;
  }
  for (const [patterns, unit] of [[WORKDAYS, 'workdays'], [DAYS, 'days']] as const) {
    const m = patterns.map((p) => p.exec(s)).find(Boolean);
    if (!m) continue;
    const n = countOf(m[1]!);
    if (n === undefined) break;
    if (n > CHINESE_MAX && !/^\d+$/.test(m[1]!)) return { refusal: cliText.deadline.chineseTooLarge };
    if (n < 1) return { refusal: cliText.deadline.zero };
    return unit === 'workdays'
      ? { form: { workdays: n }, reading: cliText.deadline.reading.workdays(n) }
      : { form: { days: n }, reading: cliText.deadline.reading.days(n) };
  }
  return { refusal: cliText.deadline.unrecognized };
}

function dateReading(year: number, month: number, day: number): DeadlineReading {
  if (month < 1 || month > 12) return { refusal: cliText.deadline.noSuchMonth(month) };
  const date = `${year}-${pad(month)}-${pad(day)}`;
  if (!isLocalDate(date)) return { refusal: cliText.deadline.noSuchDay(year, month, day) };
  return { form: { date }, reading: date };
}

/** `5`, or a Chinese numeral: 一 … 九, 十, 十一 … 十九, 二十 … 九十九; 两 for 2. */
function countOf(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (text.length === 1 && text in CHINESE_DIGIT) return CHINESE_DIGIT[text];
  const m = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/.exec(text);
  if (!m) return undefined;
  return (m[1] ? CHINESE_DIGIT[m[1]]! : 1) * 10 + (m[2] ? CHINESE_DIGIT[m[2]]! : 0);
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A deadline option's value read, with the line that echoes what was typed and what it was read as (none
 * when it was typed as read: `2027-03-20`); or its problem.
 */
export function readDeadlineOption(flag: string, value: string, today: LocalDate): { form: DeadlineForm; echo?: string } | { problem: string } {
  const read = readDeadline(value, today);
  if ('refusal' in read) return { problem: cliText.deadline.refused(flag, value, read.refusal) };
  const typed = value.trim();
  return typed === read.reading ? { form: read.form } : { form: read.form, echo: cliText.deadline.echo(typed, read.reading) };
}

export interface DeadlineFlags {
  deadline?: string;
  workdays?: string;
  days?: string;
  date?: string;
}

/**
 * The one deadline given by the flags, or a zh-CN problem. `required` false allows none at all. A phrase
 * (--deadline, --date) comes with the line that echoes how it was read.
 */
export function deadlineFromFlags(flags: DeadlineFlags, required: boolean, today: LocalDate): { form?: DeadlineForm; problem?: string; echo?: string } {
  const given: Array<[string, string]> = [];
  if (flags.deadline !== undefined) given.push(['--deadline', flags.deadline]);
  if (flags.workdays !== undefined) given.push(['--workdays', flags.workdays]);
  if (flags.days !== undefined) given.push(['--days', flags.days]);
  if (flags.date !== undefined) given.push(['--date', flags.date]);
  if (given.length === 0) return required ? { problem: cliText.deadline.missing } : {};
  if (given.length > 1) return { problem: cliText.deadline.tooMany(given.map(([f]) => f)) };
  const [flag, value] = given[0]!;
  const count = cliText.deadline.unit[flag];
  if (count) {
    // The flag names the unit, so its value is the number alone: what was typed is what the error shows.
    const n = value.trim();
    if (!/^\d+$/.test(n) || Number(n) < 1) return { problem: cliText.deadline.notACount(flag, value, count) };
    return { form: flag === '--workdays' ? { workdays: Number(n) } : { days: Number(n) } };
  }
  const read = readDeadlineOption(flag, value, today);
  if (flag === '--date' && 'form' in read && !('date' in read.form)) return { problem: cliText.deadline.dateOnly(value) };
  return read;
}
