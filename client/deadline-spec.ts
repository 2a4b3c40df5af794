// Deadlines as people type them on the command line: `2027-04-30`, `5个工作日` / `5wd`, `10天` / `10d`,
// or the explicit flags --workdays / --days / --date. Turned into the contract's deadline forms.

import type { DeadlineForm } from '../domain/calendar.ts';
import { isLocalDate } from '../domain/time.ts';

export const DEADLINE_HELP = '期限：YYYY-MM-DD（指定日期）、N个工作日（或 Nwd）、N天（或 Nd，日历日，逢休息日顺延）';

export function parseDeadlineSpec(spec: string): DeadlineForm | undefined {
  const s = spec.trim().replace(/\s+/g, '');
  if (isLocalDate(s)) return { date: s };
  const workdays = /^(\d+)(?:个?工作日|wd|workdays?)$/i.exec(s) ?? /^workdays[:=](\d+)$/i.exec(s);
  if (workdays) return { workdays: Number(workdays[1]) };
  const days = /^(\d+)(?:天|日|d|days?)$/i.exec(s) ?? /^days[:=](\d+)$/i.exec(s);
  if (days) return { days: Number(days[1]) };
  return undefined;
}

const COUNT_FLAGS: Record<string, string | undefined> = { '--workdays': '工作日数', '--days': '日历日数，逢休息日顺延' };

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
  if (given.length === 0) return required ? { problem: `缺少整改期限：请用 --workdays N、--days N、--date YYYY-MM-DD 或 --deadline 之一（${DEADLINE_HELP}）` } : {};
  if (given.length > 1) return { problem: `期限只能给一个，收到了 ${given.map(([f]) => f).join('、')}` };
  const [flag, value] = given[0]!;
  const count = COUNT_FLAGS[flag];
  if (count) {
    // The flag names the unit, so its value is the number alone: what was typed is what the error shows.
    const n = value.trim();
    if (!/^\d+$/.test(n) || Number(n) < 1) return { problem: `${flag} ${value}: 应为正整数（${count}），如 ${flag} 5` };
    return { form: flag === '--workdays' ? { workdays: Number(n) } : { days: Number(n) } };
  }
  if (/^\d{4}-\d{1,2}-\d{1,2}$/.test(value.trim()) && !isLocalDate(value.trim())) {
    return { problem: `${flag} ${value}: 不是有效的日期（格式为 YYYY-MM-DD，如 2027-03-20）` };
  }
  const form = parseDeadlineSpec(value);
  if (!form || ('date' in form && flag !== '--deadline' && flag !== '--date')) return { problem: `${flag} ${value}: 无法识别的期限（${DEADLINE_HELP}）` };
  if (flag === '--date' && !('date' in form)) return { problem: `--date ${value}: 应为 YYYY-MM-DD` };
  return { form };
}
