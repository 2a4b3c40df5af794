// Deadlines as people type them on the command line: `2027-04-30`, `5个工作日` / `5wd`, `10天` / `10d`,
// or the explicit flags --workdays / --days / --date. Turned into the contract's deadline forms.

import type { DeadlineForm } from '../domain/calendar.ts';
import { cliText } from '../domain/text/cli.ts';
import { isLocalDate } from '../domain/time.ts';

export function parseDeadlineSpec(spec: string): DeadlineForm | undefined {
  const s = spec.trim().replace(/\s+/g, '');
  if (isLocalDate(s)) return { date: s };
  const workdays = /^(\d+)(?:个?工作日|wd|workdays?)$/i.exec(s) ?? /^workdays[:=](\d+)$/i.exec(s);
  if (workdays) return { workdays: Number(workdays[1]) };
  const days = /^(\d+)(?:天|日|d|days?)$/i.exec(s) ?? /^days[:=](\d+)$/i.exec(s);
  if (days) return { days: Number(days[1]) };
  return undefined;
}

export interface DeadlineFlags {
  deadline?: string;
  workdays?: string;
  days?: string;
  date?: string;
}

/**
 * The one deadline given by the flags, or a zh-CN problem. `required` false allows none at all.
 */
export function deadlineFromFlags(flags: DeadlineFlags, required: boolean): { form?: DeadlineForm; problem?: string } {
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
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(value.trim()) && !isLocalDate(value.trim())) {
    return { problem: cliText.deadline.notADate(flag, value) };
  }
  const form = parseDeadlineSpec(value);
  if (!form || ('date' in form && flag !== '--deadline' && flag !== '--date')) return { problem: cliText.deadline.unrecognized(flag, value) };
  if (flag === '--date' && !('date' in form)) return { problem: cliText.deadline.dateOnly(value) };
  return { form };
}
