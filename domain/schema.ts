// The one schema library (zod, set to report in zh-CN in ./zod.ts), and the field schemas every edge shares:
// profile files, scenario files, CLI arguments and workflow update validators.

import { isLocalDate } from './time.ts';
import { z } from './zod.ts';

export { z };

export const localDateSchema = z
  .string()
  .refine(isLocalDate, { message: '应为有效日期，格式 YYYY-MM-DD' });

/** Ids people type and see: hazard ids, person ids, enterprise ids. */
export const idSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, '编号只能由字母、数字和 . _ - 组成（最长 64 个字符）');

/** `{ workdays: N }`, `{ days: N }` or `{ date: YYYY-MM-DD }` (contract §3). */
export const deadlineFormSchema = z.union(
  [
    z.object({ workdays: z.number().int().min(1).max(250) }).strict(),
    z.object({ days: z.number().int().min(1).max(3650) }).strict(),
    z.object({ date: localDateSchema }).strict(),
  ],
  { error: '期限应为 { workdays: N }、{ days: N } 或 { date: YYYY-MM-DD } 之一' },
);

export const nonEmptyText = (what: string, max = 2000) =>
  z.string({ error: `${what}不能为空` }).trim().min(1, `${what}不能为空`).max(max, `${what}过长（最多 ${max} 个字符）`);

/** One line per problem: `path: message`, the form every edge reports in. */
export function describeIssues(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((issue) => {
    const path = formatPath([...(prefix ? [prefix] : []), ...issue.path]);
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

/** `enterprises[3].sector` from `['enterprises', 3, 'sector']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}
