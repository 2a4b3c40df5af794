// Dates and times in Asia/Shanghai, whatever the machine's zone.
// China has kept UTC+8 without daylight saving since 1991, so local time is fixed-offset arithmetic:
// no Intl, no tz database, and the same code is deterministic inside workflows.

/** A calendar day in Asia/Shanghai, `YYYY-MM-DD`. */
export type LocalDate = string;

const OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const m = LOCAL_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function utcMidnight(date: LocalDate): number {
  const m = LOCAL_DATE.exec(date);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

function fromUtcMidnight(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The Shanghai calendar day an instant falls on. */
export function localDateOf(instantMs: number): LocalDate {
  return fromUtcMidnight(instantMs + OFFSET_MS);
}

/** The instant of a Shanghai wall-clock time (`HH:MM`) on a day. */
export function instantAt(date: LocalDate, time = '00:00'): number {
  const m = /^(\d{2}):(\d{2})$/.exec(time);
  if (!m) throw new RangeError(`not a time (HH:MM): ${time}`);
  return utcMidnight(date) + (Number(m[1]) * 60 + Number(m[2])) * 60_000 - OFFSET_MS;
}

/** The instant a Shanghai day ends (the first millisecond of the next day). */
export function endOfDay(date: LocalDate): number {
  return instantAt(addDays(date, 1));
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMidnight(utcMidnight(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const d = new Date(utcMidnight(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

export function isWeekend(date: LocalDate): boolean {
  return isoWeekday(date) >= 6;
}

export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/** `2027-03-01T10:00:00+08:00`: the output form of every instant (seconds, fixed +08:00). */
export function formatInstant(instantMs: number): string {
  const local = new Date(Math.floor((instantMs + OFFSET_MS) / 1000) * 1000).toISOString();
  return `${local.slice(0, 19)}+08:00`;
}

/** `2027-03-01 10:00`: how an instant is shown to people. */
export function formatLocalMinute(instantMs: number): string {
  return formatInstant(instantMs).slice(0, 16).replace('T', ' ');
}

const ISO_INSTANT =
  /^(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses an ISO 8601 instant. Without an offset the time is read as Shanghai time.
 * Returns undefined for anything else, so callers can report where the bad value was.
 */
export function parseInstant(text: string): number | undefined {
  const m = ISO_INSTANT.exec(text.trim());
  if (!m || !isLocalDate(m[1])) return undefined;
  const [hh, mm, ss] = [Number(m[2]), Number(m[3]), Number(m[4] ?? 0)];
  if (hh > 23 || mm > 59 || ss > 59) return undefined;
  const zone = m[5];
  let offsetMs = OFFSET_MS;
  if (zone === 'Z') offsetMs = 0;
  else if (zone) {
    const sign = zone.startsWith('-') ? -1 : 1;
    offsetMs = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  return utcMidnight(m[1]!) + ((hh * 60 + mm) * 60 + ss) * 1000 - offsetMs;
}

/** `03-06` — a day shown inside a trace, where the year is obvious. */
export function monthDay(date: LocalDate): string {
  return date.slice(5);
}

const WEEKDAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

export function weekdayName(date: LocalDate): string {
  return WEEKDAY_NAMES[isoWeekday(date)]!;
}
