// The duty calendar's format as a schema: the shape of one entry of a profile's `duties` section, each
// problem with its own path (what an entry refers to is checked by check.ts).

import { HOLIDAY_IDS } from '../calendar.ts';
import type { Role } from '../profile.ts';
import { idSchema, z } from '../schema.ts';
import { TITLE_PLACEHOLDERS, dutiesText as T } from '../text/duties.ts';
import { profileText as P } from '../text/profile.ts';
import { isLocalDate } from '../time.ts';
import {
  ASSIGNEE_ROLES,
  CLASSES,
  FREQUENCY_KINDS,
  FREQUENCY_WORDS,
  LEVEL1_TARGETS,
  PERIODIC_FREQUENCIES,
  PER_KINDS,
  RULE_ANCHORS,
  RULE_KINDS,
  RULE_MOVES,
  RULE_RANGES,
  isRecord,
  type Assignee,
  type DateRules,
  type DayRule,
  type DutyEntry,
  type Every,
  type MeetingRule,
  type RuleKind,
} from './format.ts';

const BEFORE_ANCHORS = ['period_start', 'period_end', 'holiday', 'holiday_end'] as const;

/** The role names of a profile (profile.ts ROLES; repeated here so the workflow bundle need not load the YAML parser). */
const PERSON_ROLES = ['party_secretary', 'town_head', 'deputy_head', 'office_head', 'inspector', 'village_supervisor'] as const satisfies readonly Role[];

/**
 * A field written in one of several shapes, told apart by type or by key, each checked by its own schema so
 * every problem keeps its own path (a zod union would only say that none of the shapes fit). `pick` returns
 * the schema for a value, or the message when no shape fits.
 */
function oneOf<T>(pick: (value: unknown) => z.ZodType | string): z.ZodType<T> {
  return z.unknown().transform((value, ctx) => {
    const schema = pick(value);
    if (typeof schema === 'string') {
      ctx.addIssue({ code: 'custom', message: schema, input: value });
      return z.NEVER;
    }
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data as T;
    for (const issue of result.error.issues) ctx.addIssue({ ...(issue as z.core.$ZodRawIssue) });
    return z.NEVER;
  }) as unknown as z.ZodType<T>;
}

const count = (max: number) => z.number().int().min(1).max(max);
const localDate = z.string().refine(isLocalDate, { error: (iss) => P.badDate(iss.input) });
const text = (max: number) => z.string().trim().min(1).max(max);
const ids = z.array(idSchema).min(1);

const frequencyWord = z.enum(FREQUENCY_WORDS, { error: (iss) => T.badFrequency(iss.input) });
const periodic = z.enum(PERIODIC_FREQUENCIES, { error: (iss) => T.badPeriodic(iss.input) });
const holidayId = z.enum(HOLIDAY_IDS, { error: (iss) => T.badHoliday(iss.input) });
const classId = z.enum(CLASSES, { error: (iss) => P.badClass(iss.input) });
const roleId = z.enum(PERSON_ROLES, { error: (iss) => P.badRole(iss.input, PERSON_ROLES.map((id) => ({ id, name: P.roleName[id] }))) });
const range = z.enum(RULE_RANGES, { error: (iss) => T.badRange(iss.input) });
const move = z.enum(RULE_MOVES, { error: (iss) => T.badMove(iss.input) });
const anchor = <const A extends readonly [string, ...string[]]>(allowed: A) =>
  z.enum(allowed, { error: (iss) => T.badAnchor(iss.input, allowed) });

const EVERY_SHAPES: Record<string, z.ZodType> = {
  holidays: z.strictObject({ holidays: z.array(holidayId).min(1) }),
  days: z.strictObject({ days: count(366), from: localDate, until: localDate.optional() }),
  weeks: z.strictObject({ weeks: count(53), from: localDate, until: localDate.optional() }),
  once: z.strictObject({ once: localDate }),
};
const classFrequencies = z.strictObject({ A: periodic.optional(), B: periodic.optional(), C: periodic.optional() });

const everySchema = oneOf<Every>((v) => {
  if (typeof v === 'string') return frequencyWord;
  if (Array.isArray(v)) return z.array(frequencyWord).min(1);
  if (!isRecord(v)) return T.badEvery(v);
  const key = Object.keys(EVERY_SHAPES).find((k) => k in v);
  if (key) return EVERY_SHAPES[key]!;
  if (CLASSES.some((c) => c in v)) return classFrequencies;
  return T.badEvery(v);
});

const workdayValue = oneOf<number | 'last'>((v) => (typeof v === 'number' ? count(250) : v === 'last' ? z.literal('last') : T.badWorkday(v)));
const RULE_SHAPES: Record<RuleKind, z.ZodType> = {
  workday: z.strictObject({ workday: workdayValue, in: range.optional() }),
  day: z.strictObject({ day: count(366), in: range.optional(), move: move.optional() }),
  workdaysBefore: z.strictObject({ workdaysBefore: count(120), of: anchor(BEFORE_ANCHORS) }),
  workdaysAfter: z.strictObject({ workdaysAfter: count(120), of: anchor(RULE_ANCHORS) }),
  daysAfter: z.strictObject({ daysAfter: z.number().int().min(0).max(200), of: anchor(RULE_ANCHORS), move: move.optional() }),
};

const ruleKindsOf = (v: Record<string, unknown>) => RULE_KINDS.filter((k) => k in v);

const dayRuleSchema = oneOf<DayRule>((v) => {
  if (!isRecord(v)) return T.badRule(v);
  const kinds = ruleKindsOf(v);
  if (kinds.length > 1) return T.ruleKinds(kinds);
  if (kinds.length === 1) return RULE_SHAPES[kinds[0]!];
  return Object.keys(v).length === 0 ? T.badRule(v) : T.unknownKind(RULE_KINDS);
});

const rulesByKind = z.strictObject(Object.fromEntries(FREQUENCY_KINDS.map((k) => [k, dayRuleSchema.optional()])));

const dateRulesSchema = oneOf<DateRules>((v) => {
  if (isRecord(v) && ruleKindsOf(v).length === 0 && Object.keys(v).some((k) => (FREQUENCY_KINDS as readonly string[]).includes(k))) {
    return rulesByKind;
  }
  return dayRuleSchema;
});

const assigneeSchema = oneOf<Assignee>((v) => {
  if (typeof v === 'string') return z.enum(ASSIGNEE_ROLES, { error: (iss) => T.badAssignee(iss.input, ASSIGNEE_ROLES) });
  if (isRecord(v) && 'person' in v) return z.strictObject({ person: idSchema });
  if (isRecord(v) && 'rotate' in v) return z.strictObject({ rotate: ids });
  return T.badAssignee(v, ASSIGNEE_ROLES);
});

const attendeesSchema = oneOf<MeetingRule['attendees']>((v) => {
  if (v === 'all') return z.literal('all');
  if (isRecord(v)) return z.strictObject({ roles: z.array(roleId).min(1).optional(), people: ids.optional() });
  return T.badAttendees(v);
});

const meetingSchema = z.strictObject({
  time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应为 24 小时制时间 HH:MM，如 14:30').optional(),
  durationMinutes: count(720).optional(),
  location: text(200).optional(),
  inviteWorkdaysBefore: count(30).optional(),
  attendees: attendeesSchema.optional(),
});

const titleSchema = text(100).superRefine((value, ctx) => {
  for (const [, name] of value.matchAll(/\{([^}]*)\}/g)) {
    if (!(TITLE_PLACEHOLDERS as readonly string[]).includes(name!)) ctx.addIssue({ code: 'custom', message: T.badTitle(name!, TITLE_PLACEHOLDERS) });
  }
});

const DUTY_FIELDS = [
  'id', 'enabled', 'name', 'title', 'every', 'per', 'only', 'opens', 'due', 'assignee',
  'level1', 'reminderWorkdaysBefore', 'escalationWorkdays', 'meeting', 'proof',
] as const;

const ENTRY_SHAPE = {
  id: idSchema,
  enabled: z.boolean().optional(),
  name: text(40).optional(),
  title: titleSchema.optional(),
  every: everySchema.optional(),
  per: z.enum(PER_KINDS, { error: (iss) => T.badPer(iss.input) }).optional(),
  only: z.strictObject({ sectors: ids.optional(), villages: ids.optional(), enterprises: ids.optional(), classes: z.array(classId).min(1).optional() }).optional(),
  opens: dateRulesSchema.optional(),
  due: dateRulesSchema.optional(),
  assignee: assigneeSchema.optional(),
  level1: z.enum(LEVEL1_TARGETS, { error: (iss) => T.badLevel1(iss.input) }).optional(),
  reminderWorkdaysBefore: count(30).optional(),
  escalationWorkdays: count(30).optional(),
  meeting: meetingSchema.nullable().optional(),
  proof: text(200).optional(),
};

/** One entry of a profile's `duties` section, shape only (what it refers to is checked by checkDuties). */
export const dutyEntrySchema = z.strictObject(ENTRY_SHAPE) as unknown as z.ZodType<DutyEntry>;

/** The fields of an entry that are well formed (an entry with a malformed field is still checked for the rest). */
export function wellFormedPart(raw: unknown): DutyEntry | undefined {
  if (!isRecord(raw)) return undefined;
  const id = idSchema.safeParse(raw.id);
  if (!id.success) return undefined;
  const entry: Record<string, unknown> = { id: id.data };
  for (const [key, schema] of Object.entries(ENTRY_SHAPE)) {
    if (key === 'id' || !(key in raw)) continue;
    const field = (schema as z.ZodType).safeParse(raw[key]);
    if (field.success && field.data !== undefined) entry[key] = field.data;
  }
  return entry as DutyEntry;
}

/** The keys a mapping at `path` (inside one entry of `duties`) may have, for "unknown key" messages. */
export function dutyKeysAt(path: readonly (string | number)[]): string[] {
  const [field, next, third] = path;
  const ruleKeys = ['workday', 'day', 'workdaysBefore', 'workdaysAfter', 'daysAfter', 'in', 'move', 'of'];
  switch (field) {
    case undefined:
      return [...DUTY_FIELDS];
    case 'every':
      return ['holidays', 'A', 'B', 'C', 'days', 'weeks', 'from', 'until', 'once'];
    case 'opens':
    case 'due':
      return next === undefined ? [...ruleKeys, ...FREQUENCY_KINDS] : ruleKeys;
    case 'only':
      return ['sectors', 'villages', 'enterprises', 'classes'];
    case 'assignee':
      return ['person', 'rotate'];
    case 'meeting':
      return next === 'attendees' && third === undefined ? ['roles', 'people'] : ['time', 'durationMinutes', 'location', 'inviteWorkdaysBefore', 'attendees'];
    default:
      return [];
  }
}

/** Every key an entry of `duties` may hold, at any depth. */
export function dutyKeys(): string[] {
  const paths = [[], ...DUTY_FIELDS.flatMap((field) => [[field], [field, 'any'], [field, 'attendees']])];
  return [...new Set(paths.flatMap((path) => dutyKeysAt(path)))];
}
