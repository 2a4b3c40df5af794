// The one schema library (zod, set to report in zh-CN in ./zod.ts), and the field schemas every edge shares:
// profile files, scenario files, CLI arguments and workflow update validators.

import { inputText } from './text/input.ts';
import { isLocalDate } from './time.ts';
import { z } from './zod.ts';

export { z };

// ── text people type ────────────────────────────────────────────────────────────────────────────

/**
 * Characters that change what a reader sees without being seen themselves: the C0 and C1 controls
 * (ESC starts a terminal escape sequence, CR sends the cursor back over the line, BEL rings) and the
 * Unicode bidi controls (U+202E shows what follows backwards). Bidi_Control also holds the direction
 * marks U+200E, U+200F and U+061C: invisible, of no use in Chinese text, and they make two equal-looking
 * names differ, so they are refused as well.
 */
const INVISIBLE = /[\p{Cc}\p{Bidi_Control}]/u;

/**
 * `line`: names, titles, ids, places. `lines`: descriptions, evidence, notes, reasons, which keep line
 * feeds and tabs (a tab moves nothing back and hides nothing; pasted tables carry them).
 */
export type TextLines = 'line' | 'lines';

/** Why `value` is refused (its first invisible character, counted from 1), or undefined. */
export function invisibleCharacterProblem(value: string, lines: TextLines): string | undefined {
  if (!INVISIBLE.test(value)) return undefined;
  let position = 0;
  for (const ch of value) {
    position += 1;
    if (!INVISIBLE.test(ch) || (lines === 'lines' && (ch === '\n' || ch === '\t'))) continue;
    if (ch === '\n') return inputText.lineBreak(position);
    const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return /\p{Bidi_Control}/u.test(ch) ? inputText.bidi(code, position) : inputText.control(code, position);
  }
  return undefined;
}

/**
 * A string of text people type or a file carries. Checked before anything else (trim, length, format),
 * on the text as given, so the position is the one the person sees; nothing after it runs.
 */
export const plainText = (lines: TextLines = 'line', params?: { error: string }) =>
  z.string(params).check((ctx) => {
    const message = invisibleCharacterProblem(ctx.value, lines);
    if (message) ctx.issues.push({ code: 'custom', message, input: ctx.value, continue: false });
  });

/** The keys of a mapping people write (a plan's parts): a key is one line of text too. */
export function plainKeys(ctx: z.core.ParsePayload<Record<string, unknown>>): void {
  for (const key of Object.keys(ctx.value)) {
    const problem = invisibleCharacterProblem(key, 'line');
    if (problem) ctx.issues.push({ code: 'custom', message: inputText.inKey(problem), input: ctx.value });
  }
}

export const localDateSchema = z
  .string()
  .refine(isLocalDate, { message: '应为有效日期，格式 YYYY-MM-DD' });

/** Ids people type and see: hazard ids, person ids, enterprise ids. */
export const idSchema = plainText()
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

export const nonEmptyText = (what: string, max = 2000, lines: TextLines = 'line') =>
  plainText(lines, { error: `${what}不能为空` })
    .trim()
    .min(1, `${what}不能为空`)
    .max(max, `${what}过长（最多 ${max} 个字符）`);

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

/** Every key an object anywhere inside the schemas may have: the words a file of that format uses as keys. */
export function keysWithin(...schemas: readonly z.core.$ZodType[]): Set<string> {
  const keys = new Set<string>();
  const seen = new Set<z.core.$ZodType>();
  const walk = (schema: z.core.$ZodType): void => {
    if (seen.has(schema)) return;
    seen.add(schema);
    const def = schema._zod.def as z.core.$ZodTypeDef & Record<string, unknown>;
    if (def.type === 'object') {
      for (const [key, field] of Object.entries(def.shape as Record<string, z.core.$ZodType>)) {
        keys.add(key);
        walk(field);
      }
    }
    if (def.type === 'lazy') walk((def.getter as () => z.core.$ZodType)());
    // Wrappers (optional, default, pipe, union, array, record …) hold their inner schemas in these fields.
    for (const field of ['innerType', 'element', 'in', 'out', 'left', 'right', 'valueType', 'catchall', 'options', 'items', 'rest']) {
      const inner = def[field];
      for (const s of Array.isArray(inner) ? inner : [inner]) if (s instanceof z.core.$ZodType) walk(s);
    }
  };
  schemas.forEach(walk);
  return keys;
}
