// The duty calendar (工作日历, contract §4): the format a profile's `duties` section is written in, the
// default calendar in that format, how a profile's entries change it, and the tasks it creates — each a
// TaskSpec (domain/task.ts) with how its opening and due dates were found.
//
// Pure: no Node built-ins, no clock, no I/O. The task and duty workflows import it.
//
// A duty is a rule over periods: `every` says which periods (months, quarters, half-years, years, the
// statutory holidays, every N days or weeks from a start date, or once), `per` how many tasks each period
// makes (one for the town, or one per sector, enterprise or village), `opens` and `due` which days the task
// opens and is due, `assignee` who does it. Dates are always computed on the town's working-day calendar.

import { closest } from './closest.ts';
import {
  HOLIDAY_IDS,
  OutsideCalendarError,
  WorkCalendar,
  dayLabel,
  describeSkippedDays,
  holidaysOfYear,
  type HolidayId,
  type Walk,
  type YearHoliday,
} from './calendar.ts';
import type { EnterpriseClass, Role } from './profile.ts';
import { describeIssues, idSchema, z } from './schema.ts';
import { taskSpecSchema, type MeetingSpec, type TaskLevel1, type TaskScope, type TaskSpec } from './task.ts';
import { calendarText } from './text/calendar.ts';
import { TITLE_PLACEHOLDERS, dutiesText as T } from './text/duties.ts';
import { profileText as P } from './text/profile.ts';
import { addDays, daysBetween, isLocalDate, yearOf, type LocalDate } from './time.ts';

// ── the vocabulary ──────────────────────────────────────────────────────────────────────────────

/** Calendar periods: `2027-03`, `2027-Q2`, `2027-H1`, `2027`. */
export const PERIODIC_FREQUENCIES = ['month', 'quarter', 'half_year', 'year'] as const;
export type PeriodicFrequency = (typeof PERIODIC_FREQUENCIES)[number];

/** What `every` may be written as in one word (`holiday`: each of the seven statutory holidays). */
export const FREQUENCY_WORDS = [...PERIODIC_FREQUENCIES, 'holiday'] as const;
export type FrequencyWord = (typeof FREQUENCY_WORDS)[number];

/** Every kind of period a duty can run over; rules may be given per kind (`due: { quarter: …, year: … }`). */
export const FREQUENCY_KINDS = [...FREQUENCY_WORDS, 'days', 'weeks', 'once'] as const;
export type FrequencyKind = (typeof FREQUENCY_KINDS)[number];

/** How many tasks a period makes: one for the town, or one per sector, enterprise or village. */
export const PER_KINDS = ['town', 'sector', 'enterprise', 'village'] as const;
export type Per = (typeof PER_KINDS)[number];

/** Who does a task, by role; or `{ person }`, or `{ rotate: [...] }` (in turn, one occurrence each). */
export const ASSIGNEE_ROLES = [
  'office_head',
  'safety_leader',
  'town_head',
  'party_secretary',
  'sector_inspector',
  'sector_leader',
  'village_supervisor',
  'village_leader',
] as const;
export type AssigneeRole = (typeof ASSIGNEE_ROLES)[number];
export type Assignee = AssigneeRole | { person: string } | { rotate: string[] };

export const LEVEL1_TARGETS = ['sector_leader', 'village_leader', 'safety_leader'] as const satisfies readonly TaskLevel1[];

/** Where a rule counts from. `holiday`: the first day off of the holiday's break; `holiday_end`: its last. */
export const RULE_ANCHORS = ['period_start', 'period_end', 'holiday', 'holiday_end', 'opening'] as const;
export type RuleAnchor = (typeof RULE_ANCHORS)[number];
const BEFORE_ANCHORS = ['period_start', 'period_end', 'holiday', 'holiday_end'] as const;

/** Which days `workday` and `day` count in: the period itself, or the calendar month after it. */
export const RULE_RANGES = ['period', 'next_month'] as const;
export type RuleRange = (typeof RULE_RANGES)[number];

/** A day that is off: keep looking forward (民法典 §203), back, or keep the day. */
export const RULE_MOVES = ['next', 'previous', 'none'] as const;
export type RuleMove = (typeof RULE_MOVES)[number];

/** The role names of a profile (profile.ts ROLES; repeated here so the workflow bundle need not load the YAML parser). */
const PERSON_ROLES = ['party_secretary', 'town_head', 'deputy_head', 'office_head', 'inspector', 'village_supervisor'] as const satisfies readonly Role[];
const CLASSES = ['A', 'B', 'C'] as const satisfies readonly EnterpriseClass[];

/**
 * Which periods a duty runs over:
 * - `month` | `quarter` | `half_year` | `year` | `holiday`, or a list of them (`[quarter, year]`);
 * - `{ holidays: [spring_festival, national_day] }`: some of the statutory holidays;
 * - `{ A: month, B: quarter, C: half_year }`: enterprise inspections by class (a class left out is not inspected);
 * - `{ days: N, from, until? }`, `{ weeks: N, from, until? }`: periods of N days or weeks from a start date;
 * - `{ once: date }`: one period, that day.
 */
export type Every =
  | FrequencyWord
  | FrequencyWord[]
  | { holidays: HolidayId[] }
  | { A?: PeriodicFrequency; B?: PeriodicFrequency; C?: PeriodicFrequency }
  | { days: number; from: LocalDate; until?: LocalDate }
  | { weeks: number; from: LocalDate; until?: LocalDate }
  | { once: LocalDate };

/**
 * One day, found on the working-day calendar:
 * - `{ workday: N }` — the N-th working day of the period (its first working day is the 1st); `{ workday: last }`;
 *   `in: next_month` counts in the calendar month after the period instead;
 * - `{ day: N, move }` — the N-th day of the period (of a month: the N-th), moved to the next (default) or
 *   previous working day if it is a day off, or kept (`move: none`);
 * - `{ workdaysBefore: N, of }` — the N-th working day counted back from the day before `of`;
 * - `{ workdaysAfter: N, of }` — the N-th working day counted from the day after `of`;
 * - `{ daysAfter: N, of, move }` — N calendar days after `of` (0: that day), moved like `day`.
 * `of`: `period_start`, `period_end`, `holiday` (first day off of the break), `holiday_end`, `opening` (due only).
 */
export type DayRule =
  | { workday: number | 'last'; in?: RuleRange }
  | { day: number; in?: RuleRange; move?: RuleMove }
  | { workdaysBefore: number; of: Exclude<RuleAnchor, 'opening'> }
  | { workdaysAfter: number; of: RuleAnchor }
  | { daysAfter: number; of: RuleAnchor; move?: RuleMove };

/** A rule for every period, or one per kind of period (`{ quarter: {…}, year: {…} }`). */
export type DateRules = DayRule | Partial<Record<FrequencyKind, DayRule>>;

export interface MeetingRule {
  /** `HH:MM`; default 14:30. */
  time?: string;
  /** Default 120. */
  durationMinutes?: number;
  location?: string;
  /** The invitation (.ics) goes out this many working days before the meeting; default 3. */
  inviteWorkdaysBefore?: number;
  /** `all` (default): every person of the town; or some roles and people. */
  attendees?: 'all' | { roles?: Role[]; people?: string[] };
}

export const MEETING_DEFAULTS = { time: '14:30', durationMinutes: 120, inviteWorkdaysBefore: 3 } as const;

/** Only some of the sectors, villages, enterprises or enterprise classes. Given filters intersect. */
export interface DutyFilter {
  sectors?: string[];
  villages?: string[];
  enterprises?: string[];
  classes?: EnterpriseClass[];
}

/** A complete duty: one of DEFAULT_DUTIES, a default changed by the profile, or a duty the profile adds. */
export interface DutyDefinition {
  /** Part of every task id: letters, digits, `.`, `_`, `-`. */
  id: string;
  /** How people say it: 安委会会议, 节前安全检查. */
  name: string;
  /** The task title; placeholders {period} {year} {holiday} {name} {start} {end}. Default `{period}{name}`
   * (`{period} {name}` for periods of days or weeks, whose period is written as dates).
   * The scope's name is added in brackets: 2027年第一季度拉网式大检查（危险化学品）. */
  title?: string;
  /** `false`: the duty makes no tasks (how a profile removes a default duty). */
  enabled?: boolean;
  every: Every;
  /** Default `town`. */
  per?: Per;
  only?: DutyFilter;
  opens: DateRules;
  due: DateRules;
  assignee: Assignee;
  /** Level 1 of escalation; default by `per`: sector and enterprise → sector_leader, village → village_leader, town → safety_leader. */
  level1?: TaskLevel1;
  /** The reminder goes out this many working days before the due date; default: policy.task (1, contract §4). */
  reminderWorkdaysBefore?: number;
  /** Level 2 follows level 1 after this many working days; default: policy.task (3, contract §4). */
  escalationWorkdays?: number;
  meeting?: MeetingRule;
  /** What completing a task means, shown in its notices. */
  proof?: string;
}

/** One entry of a profile's `duties` section: a default's id with the fields it changes (`meeting: null`
 * removes the meeting), `{ id, enabled: false }` to remove a default, or a new duty written in full. */
export type DutyEntry = { id: string } & Partial<Omit<DutyDefinition, 'id' | 'meeting'>> & { meeting?: MeetingRule | null };

// ── the format as a schema ──────────────────────────────────────────────────────────────────────

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

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

/** The key that says which form a rule is. */
export const RULE_KINDS = ['workday', 'day', 'workdaysBefore', 'workdaysAfter', 'daysAfter'] as const;
type RuleKind = (typeof RULE_KINDS)[number];

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
function wellFormedPart(raw: unknown): DutyEntry | undefined {
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

// ── the default calendar (contract §4) ──────────────────────────────────────────────────────────

const D = T.defaults;

/** Contract §4, in the format a profile writes. */
export const DEFAULT_DUTIES: readonly DutyDefinition[] = [
  {
    id: 'committee-meeting',
    ...D.committeeMeeting,
    every: 'month',
    per: 'town',
    opens: { day: 10, move: 'next' },
    due: { workdaysAfter: 2, of: 'opening' },
    assignee: 'office_head',
    meeting: { ...MEETING_DEFAULTS, attendees: 'all' },
  },
  {
    id: 'quarterly-sweep',
    ...D.quarterlySweep,
    every: 'quarter',
    per: 'sector',
    opens: { workday: 1 },
    due: { workday: 20 },
    assignee: 'sector_inspector',
  },
  {
    id: 'enterprise-inspection',
    ...D.enterpriseInspection,
    every: { A: 'month', B: 'quarter', C: 'half_year' },
    per: 'enterprise',
    opens: { workday: 1 },
    due: { workday: 'last' },
    assignee: 'sector_inspector',
  },
  {
    id: 'holiday-check',
    ...D.holidayCheck,
    every: 'holiday',
    per: 'sector',
    opens: { workdaysBefore: 10, of: 'holiday' },
    due: { workdaysBefore: 2, of: 'holiday' },
    assignee: 'sector_inspector',
  },
  {
    id: 'village-report',
    ...D.villageReport,
    every: 'month',
    per: 'village',
    opens: { workday: 1, in: 'next_month' },
    due: { workday: 5, in: 'next_month' },
    assignee: 'village_supervisor',
  },
  {
    id: 'statistics-report',
    ...D.statisticsReport,
    every: ['quarter', 'year'],
    per: 'town',
    opens: { workdaysAfter: 1, of: 'period_end' },
    due: {
      quarter: { day: 15, in: 'next_month', move: 'previous' },
      year: { day: 31, in: 'next_month', move: 'previous' },
    },
    assignee: 'office_head',
  },
];

const DEFAULT_BY_ID = new Map(DEFAULT_DUTIES.map((d) => [d.id, d]));

export function isDefaultDuty(id: string): boolean {
  return DEFAULT_BY_ID.has(id);
}

/** A default changed by an entry: each field the entry gives replaces the default's whole. */
function merged(entry: DutyEntry): DutyDefinition {
  const base = DEFAULT_BY_ID.get(entry.id);
  const out = { ...(base ?? {}), ...entry } as DutyDefinition & { meeting?: MeetingRule | null };
  if (out.meeting === null) delete out.meeting;
  return out;
}

/**
 * Every duty the profile's section makes, in order — the defaults (as changed) first, then the duties it
 * adds — disabled ones included (`enabled: false`). No section: the defaults of contract §4.
 * The entries must have passed the profile's validation.
 */
export function mergeDuties(entries: readonly DutyEntry[] | undefined): DutyDefinition[] {
  const list = entries ?? [];
  const byId = new Map(list.map((e) => [e.id, e]));
  const defaults = DEFAULT_DUTIES.map((d) => (byId.has(d.id) ? merged(byId.get(d.id)!) : d));
  const added = list.filter((e) => !DEFAULT_BY_ID.has(e.id)).map((e) => merged(e));
  return [...defaults, ...added];
}

/** The duties that make tasks for a profile: its `duties` section applied to the default calendar. */
export function effectiveDuties(profile: { duties?: readonly DutyEntry[] | undefined }): DutyDefinition[] {
  return mergeDuties(profile.duties).filter((d) => d.enabled !== false);
}

// ── checking a profile's section ────────────────────────────────────────────────────────────────

type PathPart = string | number;

export interface DutyIssue {
  /** From the profile root: `['duties', 2, 'assignee', 'person']`. */
  path: PathPart[];
  message: string;
  /** `container`: the problem is a missing key; the mapping that lacks it is shown. */
  anchor?: 'value' | 'container';
}

/** What the duties may refer to: people (id → role), sectors, villages and enterprises of the profile. */
export interface DutyRefs {
  people: ReadonlyMap<string, string>;
  sectors: readonly string[];
  villages: readonly string[];
  enterprises: readonly string[];
}

const PER_FOR_ASSIGNEE: Partial<Record<AssigneeRole, readonly Per[]>> = {
  sector_inspector: ['sector', 'enterprise'],
  sector_leader: ['sector', 'enterprise'],
  village_supervisor: ['village'],
  village_leader: ['village'],
};
const PER_FOR_LEVEL1: Record<TaskLevel1, readonly Per[] | undefined> = {
  sector_leader: ['sector', 'enterprise'],
  village_leader: ['village'],
  safety_leader: undefined,
};
const PER_FOR_FILTER: Record<keyof DutyFilter, readonly Per[]> = {
  sectors: ['sector', 'enterprise'],
  villages: ['village', 'enterprise'],
  enterprises: ['enterprise'],
  classes: ['enterprise'],
};
const REQUIRED_FOR_NEW = ['name', 'every', 'opens', 'due', 'assignee'] as const;

/**
 * Everything shape alone cannot say about a `duties` section: duplicate ids, new duties missing a field,
 * rules that do not fit the duty's periods, assignees and filters that do not fit `per`, and references to
 * people, sectors, villages and enterprises the profile does not have. Entries whose shape is wrong are
 * skipped (their shape problems are reported already). A problem caused by a field the entry did not
 * write (kept from the default) points at the entry's id.
 */
export function checkDuties(section: unknown, refs: DutyRefs): DutyIssue[] {
  if (!Array.isArray(section)) return [];
  const issues: DutyIssue[] = [];
  const firstIndex = new Map<string, number>();
  section.forEach((raw: unknown, index) => {
    const entry = wellFormedPart(raw);
    if (!entry || !isRecord(raw)) return;
    const first = firstIndex.get(entry.id);
    if (first !== undefined) {
      issues.push({ path: ['duties', index, 'id'], message: T.duplicateDuty(entry.id, `duties[${first}]`) });
      return;
    }
    firstIndex.set(entry.id, index);
    if (!DEFAULT_BY_ID.has(entry.id)) {
      const missing = REQUIRED_FOR_NEW.filter((f) => !(f in raw));
      for (const field of missing) issues.push({ path: ['duties', index, field], message: T.newDutyMissing(entry.id, field), anchor: 'container' });
    } else if (entry.enabled === false && Object.keys(raw).length === 2) return;
    checkDefinition(merged(entry), entry, index, refs, issues);
  });
  return issues;
}

/** Checks what the (possibly incomplete: a field missing or malformed) definition says. */
function checkDefinition(duty: Partial<DutyDefinition> & { id: string }, entry: DutyEntry, index: number, refs: DutyRefs, issues: DutyIssue[]): void {
  /**
   * Where a problem with `field` is shown: the field if the entry wrote it; else the field it clashes
   * with (`also`) if the entry wrote that, saying the other came from the default; else the entry's id.
   */
  const report: Report = (field, sub, message, also = []) => {
    if (field in entry) issues.push({ path: ['duties', index, field, ...sub], message });
    else {
      const written = also.find((f) => f in entry);
      issues.push({ path: ['duties', index, written ?? 'id'], message: message + T.fromDefault(duty.id, field) });
    }
  };
  const per = duty.per ?? 'town';
  const kinds = duty.every ? [...new Set(schedulesOf(duty.every).map((s) => s.kind))] : undefined;

  if (duty.every && isClassMap(duty.every) && per !== 'enterprise') report('every', [], T.classMapNeedsEnterprise, ['per']);
  const every = duty.every;
  if (isRecord(every) && 'from' in every && every.until !== undefined && every.until < every.from) {
    report('every', ['until'], T.untilBeforeFrom(every.until, every.from));
  }

  for (const key of Object.keys(duty.only ?? {}) as (keyof DutyFilter)[]) {
    const allowed = PER_FOR_FILTER[key];
    if (!allowed.includes(per)) {
      report('only', [key], T.onlyNeeds(key, allowed), ['per']);
      continue;
    }
    const known = key === 'sectors' ? refs.sectors : key === 'villages' ? refs.villages : key === 'enterprises' ? refs.enterprises : undefined;
    const what = key === 'sectors' ? '行业领域' : key === 'villages' ? '村（社区）' : '企业';
    if (!known) continue;
    (duty.only![key] as string[]).forEach((id, i) => {
      if (!known.includes(id)) report('only', [key, i], T.unknownInOnly(what, id, closest(id, known), known));
    });
  }

  if (kinds && duty.every) {
    const full = { ...duty, every: duty.every };
    for (const which of ['opens', 'due'] as const) {
      const rules = duty[which];
      if (rules) checkRules(which, rules, kinds, full, report);
    }
  }

  const assignee = duty.assignee;
  const people = [...refs.people.keys()];
  const unknownPerson = (id: string) => P.unknownPerson(id, closest(id, people), '人员', []);
  if (assignee === undefined) {
    // Missing or malformed: said already.
  } else if (typeof assignee === 'string') {
    const allowed = PER_FOR_ASSIGNEE[assignee];
    if (allowed && !allowed.includes(per)) report('assignee', [], T.assigneeNeedsPer(assignee, allowed), ['per']);
  } else if ('person' in assignee) {
    if (!refs.people.has(assignee.person)) report('assignee', ['person'], unknownPerson(assignee.person));
  } else {
    assignee.rotate.forEach((id, i) => {
      if (!refs.people.has(id)) report('assignee', ['rotate', i], unknownPerson(id));
    });
    if (kinds?.some((k) => k !== 'days' && k !== 'weeks')) report('assignee', [], T.rotateNeedsSpan, ['every']);
  }

  const level1 = duty.level1;
  const level1Per = level1 ? PER_FOR_LEVEL1[level1] : undefined;
  if (level1 && level1Per && !level1Per.includes(per)) report('level1', [], T.level1NeedsPer(level1, level1Per), ['per']);

  const attendees = duty.meeting?.attendees;
  if (isRecord(attendees)) {
    attendees.people?.forEach((id, i) => {
      if (!refs.people.has(id)) report('meeting', ['attendees', 'people', i], unknownPerson(id));
    });
  }

  if (duty.title?.includes('{holiday}') && kinds?.some((k) => k !== 'holiday')) report('title', [], T.holidayPlaceholder, ['every']);
}

type Report = (field: keyof DutyEntry, sub: PathPart[], message: string, also?: (keyof DutyEntry)[]) => void;

/** The shortest a period of each kind can be, in days (next_month ranges are months). */
const SHORTEST: Record<FrequencyKind, (every: Every) => number> = {
  month: () => 28,
  quarter: () => 90,
  half_year: () => 181,
  year: () => 365,
  holiday: () => 1,
  days: (e) => (isRecord(e) && 'days' in e ? (e.days as number) : 1),
  weeks: (e) => (isRecord(e) && 'weeks' in e ? (e.weeks as number) * 7 : 7),
  once: () => 1,
};

function checkRules(which: 'opens' | 'due', rules: DateRules, kinds: FrequencyKind[], duty: Partial<DutyDefinition> & { every: Every }, report: Report): void {
  const perKind = isRuleMap(rules);
  if (perKind) {
    for (const kind of kinds) if (!rules[kind]) report(which, [], T.ruleForFrequencies.missing(kind));
    for (const key of Object.keys(rules) as FrequencyKind[]) if (!kinds.includes(key)) report(which, [key], T.ruleForFrequencies.extra(key));
  }
  for (const kind of kinds) {
    const rule = ruleFor(rules, kind);
    if (!rule) continue;
    const sub = perKind ? [kind] : [];
    const at = (message: string) => report(which, sub, message, ['every']);
    const of = 'of' in rule ? rule.of : undefined;
    if (kind === 'holiday' && ('workday' in rule || 'day' in rule || of === 'period_start' || of === 'period_end')) at(T.holidayNeedsAnchor);
    if (kind !== 'holiday' && (of === 'holiday' || of === 'holiday_end')) at(T.anchorNeedsHoliday(of));
    if (which === 'opens' && of === 'opening') at(T.openingInOpens);
    if ('workday' in rule && typeof rule.workday === 'number') {
      const days = rule.in === 'next_month' ? 28 : SHORTEST[kind](duty.every);
      if (rule.workday > days) at(T.workdayTooLarge(rule.workday, days));
    }
    if (which === 'due' && duty.opens) {
      const opens = ruleFor(duty.opens, kind);
      if (opens && dueAlwaysBefore(opens, rule)) at(T.dueBeforeOpensRule);
    }
  }
}

/** Pairs of rules whose due date comes before the opening whatever the calendar says. */
function dueAlwaysBefore(opens: DayRule, due: DayRule): boolean {
  if ('workdaysBefore' in opens && 'workdaysBefore' in due) return opens.of === due.of && due.workdaysBefore > opens.workdaysBefore;
  if ('workday' in opens && 'workday' in due && (opens.in ?? 'period') === (due.in ?? 'period')) {
    if (opens.workday === 'last') return due.workday !== 'last';
    return due.workday !== 'last' && due.workday < opens.workday;
  }
  if ('day' in opens && 'day' in due && (opens.in ?? 'period') === (due.in ?? 'period')) return due.day < opens.day;
  return false;
}

function isRuleMap(rules: DateRules): rules is Partial<Record<FrequencyKind, DayRule>> {
  return !RULE_KINDS.some((k) => k in rules);
}

function ruleFor(rules: DateRules, kind: FrequencyKind): DayRule | undefined {
  return isRuleMap(rules) ? rules[kind] : rules;
}

function isClassMap(every: Every): every is { A?: PeriodicFrequency; B?: PeriodicFrequency; C?: PeriodicFrequency } {
  return isRecord(every) && CLASSES.some((c) => c in every);
}

// ── the town the tasks are for ──────────────────────────────────────────────────────────────────

/** What the duty calendar needs of a town: a Profile is one; the CLI and activities build it from the database. */
export interface DutyTown {
  /** The deputy head in charge of safety. */
  safetyLeader: string;
  /** The active people; the first person of a role is the one a role assignee means. */
  people: readonly { id: string; name: string; role: string }[];
  sectors: readonly { id: string; name: string; leader: string; inspector: string }[];
  villages: readonly { id: string; name: string; supervisor: string; leader: string }[];
  enterprises: readonly { id: string; name: string; sector: string; class: string; village?: string | undefined }[];
}

// ── periods ─────────────────────────────────────────────────────────────────────────────────────

type Schedule =
  | { kind: PeriodicFrequency; classes?: EnterpriseClass[] }
  | { kind: 'holiday'; holidays: readonly HolidayId[] }
  | { kind: 'days' | 'weeks'; step: number; from: LocalDate; until?: LocalDate }
  | { kind: 'once'; date: LocalDate };

function schedulesOf(every: Every): Schedule[] {
  if (typeof every === 'string') return [wordSchedule(every)];
  if (Array.isArray(every)) return [...new Set(every)].map(wordSchedule);
  if ('holidays' in every) return [{ kind: 'holiday', holidays: every.holidays }];
  if ('days' in every) return [{ kind: 'days', step: every.days, from: every.from, ...(every.until ? { until: every.until } : {}) }];
  if ('weeks' in every) return [{ kind: 'weeks', step: every.weeks * 7, from: every.from, ...(every.until ? { until: every.until } : {}) }];
  if ('once' in every) return [{ kind: 'once', date: every.once }];
  const byFrequency = new Map<PeriodicFrequency, EnterpriseClass[]>();
  for (const c of CLASSES) {
    const f = every[c];
    if (f) byFrequency.set(f, [...(byFrequency.get(f) ?? []), c]);
  }
  return PERIODIC_FREQUENCIES.filter((f) => byFrequency.has(f)).map((kind) => ({ kind, classes: byFrequency.get(kind)! }));
}

function wordSchedule(word: FrequencyWord): Schedule {
  return word === 'holiday' ? { kind: 'holiday', holidays: HOLIDAY_IDS } : { kind: word };
}

/** One period of a schedule: what a task is about. */
interface Occurrence {
  kind: FrequencyKind;
  /** The period part of task ids: `2027-03`, `2027-Q2`, `2027-H1`, `2027`, `qingming-2027`, `2027-05-03`. */
  key: string;
  /** 2027年3月, 2027年第二季度, 2027年清明节, 2027-05-03 至 2027-05-09. */
  label: string;
  year: number;
  /** The period; for a holiday, its break (first to last day off). */
  start: LocalDate;
  end: LocalDate;
  /** Counts the periods of a days/weeks schedule from 0: who is next in a rotation. */
  ordinal: number;
  classes?: EnterpriseClass[];
  holiday?: { names: string; notOff: boolean };
  /** A holiday of a year the calendar has no data for: `start`..`end` only bound where it can be. */
  approximate?: boolean;
}

const pad = (n: number) => String(n).padStart(2, '0');
const monthStart = (year: number, month: number): LocalDate => `${year}-${pad(month)}-01`;
/** The last day of a month. */
const monthEnd = (year: number, month: number): LocalDate => addDays(month === 12 ? `${year + 1}-01-01` : monthStart(year, month + 1), -1);

function periodicOccurrences(kind: PeriodicFrequency, fromYear: number, toYear: number, classes?: EnterpriseClass[]): Occurrence[] {
  const out: Occurrence[] = [];
  const extra = classes ? { classes } : {};
  for (let year = fromYear; year <= toYear; year++) {
    if (kind === 'month') {
      for (let m = 1; m <= 12; m++) {
        out.push({ kind, key: `${year}-${pad(m)}`, label: T.monthPeriod(year, m), year, start: monthStart(year, m), end: monthEnd(year, m), ordinal: 0, ...extra });
      }
    } else if (kind === 'quarter') {
      for (let q = 1; q <= 4; q++) {
        const m = 3 * q - 2;
        out.push({ kind, key: `${year}-Q${q}`, label: T.quarterPeriod(year, q), year, start: monthStart(year, m), end: monthEnd(year, m + 2), ordinal: 0, ...extra });
      }
    } else if (kind === 'half_year') {
      for (let h = 1; h <= 2; h++) {
        const m = 6 * h - 5;
        out.push({ kind, key: `${year}-H${h}`, label: T.halfPeriod(year, h), year, start: monthStart(year, m), end: monthEnd(year, m + 5), ordinal: 0, ...extra });
      }
    } else {
      out.push({ kind, key: `${year}`, label: T.yearPeriod(year), year, start: `${year}-01-01`, end: `${year}-12-31`, ordinal: 0, ...extra });
    }
  }
  return out;
}

/** Where each holiday's break can be, for a year the calendar has no data for (generous on both sides). */
const HOLIDAY_BOUNDS: Record<HolidayId, [string, string]> = {
  new_year: ['01-01', '01-01'],
  spring_festival: ['01-15', '02-25'],
  qingming: ['04-03', '04-07'],
  labour_day: ['05-01', '05-01'],
  dragon_boat: ['05-25', '06-25'],
  mid_autumn: ['09-05', '10-08'],
  national_day: ['10-01', '10-01'],
};

/**
 * The holidays of a year as periods. Holidays that share one break (中秋 inside 国庆, 2025) make one
 * period, named after the longer holiday (then the earlier): one pre-holiday check before one break.
 */
function holidayOccurrences(cal: WorkCalendar, year: number, wanted: readonly HolidayId[]): Occurrence[] {
  let holidays: YearHoliday[];
  try {
    holidays = holidaysOfYear(cal, year);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    // No data for the year: placeholders whose dates only bound where the break can be.
    return wanted.map((id) => {
      const [lo, hi] = HOLIDAY_BOUNDS[id];
      return {
        kind: 'holiday' as const,
        key: `${id}-${year}`,
        label: T.holidayPeriod(year, calendarText.holidayName[id]),
        year,
        start: addDays(`${year}-${lo}`, -12),
        end: addDays(`${year}-${hi}`, 12),
        ordinal: 0,
        approximate: true,
      };
    });
  }
  const chosen = holidays.filter((h) => wanted.includes(h.id));
  const breaks = new Map<LocalDate, YearHoliday[]>();
  for (const h of chosen) breaks.set(h.firstDayOff, [...(breaks.get(h.firstDayOff) ?? []), h]);
  return [...breaks.values()].map((group) => {
    const main = [...group].sort((a, b) => b.dates.length - a.dates.length || (a.dates[0]! < b.dates[0]! ? -1 : a.dates[0]! > b.dates[0]! ? 1 : 0))[0]!;
    const names = T.holidayNames([main, ...group.filter((h) => h !== main)].map((h) => h.name));
    const start = group.map((h) => h.firstDayOff).sort()[0]!;
    const end = group.map((h) => h.lastDayOff).sort().at(-1)!;
    return {
      kind: 'holiday' as const,
      key: `${main.id}-${year}`,
      label: T.holidayPeriod(year, names),
      year,
      start,
      end,
      ordinal: 0,
      holiday: { names, notOff: cal.isWorkingDay(start) },
    };
  });
}

/** The occurrences of a schedule whose period is anywhere near `from`..`to` (openings are filtered later). */
function occurrencesNear(schedule: Schedule, cal: WorkCalendar, from: LocalDate, to: LocalDate): Occurrence[] {
  const [y0, y1] = [yearOf(from) - 1, yearOf(to) + 1];
  switch (schedule.kind) {
    case 'month':
    case 'quarter':
    case 'half_year':
    case 'year':
      return periodicOccurrences(schedule.kind, y0, y1, schedule.classes);
    case 'holiday': {
      const out: Occurrence[] = [];
      for (let y = y0; y <= y1; y++) out.push(...holidayOccurrences(cal, y, schedule.holidays));
      return out;
    }
    case 'once':
      return [{ kind: 'once', key: schedule.date, label: T.spanPeriod(schedule.date, schedule.date), year: yearOf(schedule.date), start: schedule.date, end: schedule.date, ordinal: 0 }];
    case 'days':
    case 'weeks': {
      const { step, from: first, until } = schedule;
      const reach = 400;
      const kMin = Math.max(0, Math.ceil(daysBetween(first, addDays(from, -reach)) / step));
      let kMax = Math.floor(daysBetween(first, addDays(to, reach)) / step);
      if (until !== undefined) kMax = Math.min(kMax, Math.floor(daysBetween(first, until) / step));
      const out: Occurrence[] = [];
      for (let k = kMin; k <= kMax; k++) {
        const start = addDays(first, k * step);
        let end = addDays(start, step - 1);
        if (until !== undefined && end > until) end = until;
        out.push({ kind: schedule.kind, key: start, label: T.spanPeriod(start, end), year: yearOf(start), start, end, ordinal: k });
      }
      return out;
    }
  }
}

// ── rules ───────────────────────────────────────────────────────────────────────────────────────

/** An occurrence the calendar cannot make a task of (no 20th working day in a 1-week period…). */
class RuleProblem extends Error {}

interface Found {
  date: LocalDate;
  trace: string;
  /** The days the computation depended on: their years' confirmation matters. */
  examined: [LocalDate, LocalDate];
}

interface RuleContext {
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

function applyRule(rule: DayRule, ctx: RuleContext): Found {
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
function openingBounds(rule: DayRule, occ: Occurrence): [LocalDate, LocalDate] {
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

// ── tasks ───────────────────────────────────────────────────────────────────────────────────────

/**
 * A TaskSpec, with the duty's own notice timing when it sets one. The task workflow takes these fields over
 * the town's policy.task (`spec.reminderWorkdaysBefore ?? policy.reminderWorkdaysBefore`); absent, the
 * policy applies. (The workflow's spec schema is loose, so they travel through it.)
 */
export type DutyTaskSpec = TaskSpec & {
  reminderWorkdaysBefore?: number;
  escalationWorkdays?: number;
};

/** An occurrence in the window that makes no task, or makes one that needs a look; shown by the preview. */
export interface DutyProblem {
  dutyId: string;
  period: string;
  /** The task the problem is about, when it has one. */
  taskId?: string;
  /** The day it was to open, when known. */
  opensOn?: LocalDate;
  message: string;
}

export interface DutyPlan {
  /** Sorted by opening day, then (for several duties) duty order, then id. */
  tasks: DutyTaskSpec[];
  problems: DutyProblem[];
}

interface ScopeItem {
  scope?: TaskScope;
  name?: string;
  sector?: { leader: string; inspector: string };
  village?: { leader: string; supervisor: string };
}

function scopesOf(duty: DutyDefinition, town: DutyTown, occ: Occurrence, problems: (message: string) => void): ScopeItem[] {
  const only = duty.only ?? {};
  const byId = <X extends { id: string }>(list: readonly X[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  switch (duty.per ?? 'town') {
    case 'town':
      return [{}];
    case 'sector':
      return byId(town.sectors)
        .filter((s) => !only.sectors || only.sectors.includes(s.id))
        .map((s) => ({ scope: { kind: 'sector', id: s.id }, name: s.name, sector: s }));
    case 'village':
      return byId(town.villages)
        .filter((v) => !only.villages || only.villages.includes(v.id))
        .map((v) => ({ scope: { kind: 'village', id: v.id }, name: v.name, village: v }));
    case 'enterprise': {
      const sectors = new Map(town.sectors.map((s) => [s.id, s]));
      const out: ScopeItem[] = [];
      for (const e of byId(town.enterprises)) {
        if (occ.classes && !occ.classes.includes(e.class as EnterpriseClass)) continue;
        if (only.classes && !only.classes.includes(e.class as EnterpriseClass)) continue;
        if (only.sectors && !only.sectors.includes(e.sector)) continue;
        if (only.villages && !(e.village && only.villages.includes(e.village))) continue;
        if (only.enterprises && !only.enterprises.includes(e.id)) continue;
        const sector = sectors.get(e.sector);
        if (!sector) {
          problems(T.unknownSectorOf(e.id, e.sector));
          continue;
        }
        out.push({ scope: { kind: 'enterprise', id: e.id }, name: e.name, sector });
      }
      return out;
    }
  }
}

const ASSIGNEE_NAMES: Record<AssigneeRole, string> = {
  office_head: P.roleName.office_head,
  safety_leader: P.refName.safetyLeader,
  town_head: P.roleName.town_head,
  party_secretary: P.roleName.party_secretary,
  sector_inspector: P.refName.inspector,
  sector_leader: P.refName.leader,
  village_supervisor: P.refName.supervisor,
  village_leader: P.refName.villageLeader,
};

/** The person a task goes to, or the reason there is none. */
function assigneeOf(duty: DutyDefinition, town: DutyTown, item: ScopeItem, occ: Occurrence): { id: string } | { problem: string } {
  const present = (id: string | undefined, what: string) =>
    id !== undefined && town.people.some((p) => p.id === id) ? { id } : { problem: T.missingPerson(id ?? '', what) };
  const a = duty.assignee;
  if (typeof a !== 'string') {
    if ('person' in a) return present(a.person, '承办人');
    return present(a.rotate[occ.ordinal % a.rotate.length], '轮流承办人');
  }
  switch (a) {
    case 'office_head':
    case 'town_head':
    case 'party_secretary': {
      const person = town.people.find((p) => p.role === a);
      return person ? { id: person.id } : { problem: T.noPersonWithRole(ASSIGNEE_NAMES[a]) };
    }
    case 'safety_leader':
      return present(town.safetyLeader, ASSIGNEE_NAMES[a]);
    case 'sector_inspector':
      return present(item.sector?.inspector, ASSIGNEE_NAMES[a]);
    case 'sector_leader':
      return present(item.sector?.leader, ASSIGNEE_NAMES[a]);
    case 'village_supervisor':
      return present(item.village?.supervisor, ASSIGNEE_NAMES[a]);
    case 'village_leader':
      return present(item.village?.leader, ASSIGNEE_NAMES[a]);
  }
}

const DEFAULT_LEVEL1: Record<Per, TaskLevel1> = { town: 'safety_leader', sector: 'sector_leader', enterprise: 'sector_leader', village: 'village_leader' };

function titleOf(duty: DutyDefinition, occ: Occurrence, item: ScopeItem): string {
  const values: Record<string, string> = {
    period: occ.label,
    year: String(occ.year),
    holiday: occ.holiday?.names ?? '',
    name: duty.name,
    start: occ.start,
    end: occ.end,
  };
  const span = occ.kind === 'days' || occ.kind === 'weeks' || occ.kind === 'once';
  const title = (duty.title ?? (span ? '{period} {name}' : '{period}{name}')).replace(/\{([^}]*)\}/g, (whole, key: string) => values[key] ?? whole);
  return item.name ? title + T.scopeSuffix(item.name) : title;
}

function meetingOf(rule: MeetingRule, date: LocalDate, cal: WorkCalendar, town: DutyTown): MeetingSpec {
  const attendees = rule.attendees ?? 'all';
  const people =
    attendees === 'all'
      ? town.people.map((p) => p.id)
      : town.people.filter((p) => attendees.roles?.includes(p.role as Role) || attendees.people?.includes(p.id)).map((p) => p.id);
  return {
    date,
    time: rule.time ?? MEETING_DEFAULTS.time,
    durationMinutes: rule.durationMinutes ?? MEETING_DEFAULTS.durationMinutes,
    ...(rule.location ? { location: rule.location } : {}),
    inviteOn: cal.nthWorkingDayBefore(date, rule.inviteWorkdaysBefore ?? MEETING_DEFAULTS.inviteWorkdaysBefore).date,
    attendees: [...new Set(people)].sort(),
  };
}

const withNote = (cal: WorkCalendar, found: Found): string => {
  const years = cal.unconfirmedYearsIn(...found.examined);
  return years.length ? found.trace + calendarText.unconfirmedNote(years) : found.trace;
};

/**
 * Every task of one duty whose opening day is in `from`..`to` (both included), sorted by opening day and
 * id, with the occurrences in the window that make no task (or a doubtful one) as problems.
 *
 * The calendar must cover the window with a year's margin on both sides (dutyCalendarYears); asking about
 * a day it does not cover throws OutsideCalendarError rather than guess.
 */
export function planDuty(duty: DutyDefinition, town: DutyTown, cal: WorkCalendar, from: LocalDate, to: LocalDate): DutyPlan {
  const tasks: DutyTaskSpec[] = [];
  const problems: DutyProblem[] = [];
  if (duty.enabled === false || from > to) return { tasks, problems };
  const meetingRule = duty.meeting;
  for (const schedule of schedulesOf(duty.every)) {
    const opensRule = ruleFor(duty.opens, schedule.kind);
    const dueRule = ruleFor(duty.due, schedule.kind);
    if (!opensRule || !dueRule) continue;
    for (const occ of occurrencesNear(schedule, cal, from, to)) {
      const [lo, hi] = openingBounds(opensRule, occ);
      if (hi < from || lo > to) continue;
      if (occ.approximate) throw new OutsideCalendarError(`${occ.year}-01-01`, cal.from, cal.to);
      const problem = (message: string, extra: Partial<DutyProblem> = {}) => problems.push({ dutyId: duty.id, period: occ.key, ...extra, message });
      const ctx: RuleContext = { cal, occ, meeting: meetingRule !== undefined };
      let opens: Found;
      try {
        opens = applyRule(opensRule, ctx);
      } catch (error) {
        if (!(error instanceof RuleProblem)) throw error;
        // Said once, by the window its earliest possible opening falls in.
        if (lo >= from) problem(error.message);
        continue;
      }
      if (opens.date < from || opens.date > to) continue;
      let due: Found;
      try {
        due = applyRule(dueRule, { ...ctx, opening: opens.date });
      } catch (error) {
        if (!(error instanceof RuleProblem)) throw error;
        problem(error.message, { opensOn: opens.date });
        continue;
      }
      let dueTrace = withNote(cal, due);
      let dueLate = false;
      if (due.date < opens.date) {
        dueTrace += T.dueClamped(opens.date);
        dueLate = true;
      }
      const dueDate = dueLate ? opens.date : due.date;
      const opensTrace = withNote(cal, opens);
      const meeting = meetingRule ? meetingOf(meetingRule, opens.date, cal, town) : undefined;
      const firstDay = [opens.examined[0], due.examined[0], meeting?.inviteOn ?? opens.date].sort()[0]!;
      const lastDay = [opens.examined[1], due.examined[1], dueDate].sort().at(-1)!;
      const unconfirmedYears = cal.unconfirmedYearsIn(firstDay, lastDay);
      const per = duty.per ?? 'town';
      for (const item of scopesOf(duty, town, occ, (m) => problem(m, { opensOn: opens.date }))) {
        const id = `${duty.id}:${occ.key}${item.scope ? `:${item.scope.id}` : ''}`;
        const assignee = assigneeOf(duty, town, item, occ);
        if ('problem' in assignee) {
          problem(assignee.problem, { taskId: id, opensOn: opens.date });
          continue;
        }
        if (meeting && meeting.attendees.length === 0) {
          problem(T.noAttendees, { taskId: id, opensOn: opens.date });
          continue;
        }
        if (dueLate) problem(T.dueBeforeOpening(due.date, opens.date), { taskId: id, opensOn: opens.date });
        const spec: DutyTaskSpec = {
          id,
          dutyId: duty.id,
          dutyName: duty.name,
          title: titleOf(duty, occ, item),
          period: occ.key,
          ...(item.scope ? { scope: item.scope } : {}),
          assigneeId: assignee.id,
          level1: duty.level1 ?? DEFAULT_LEVEL1[per],
          opensOn: opens.date,
          opensTrace,
          due: dueDate,
          dueTrace,
          proof: duty.proof ?? T.defaultProof,
          ...(meeting ? { meeting } : {}),
          unconfirmedYears,
          ...(duty.reminderWorkdaysBefore ? { reminderWorkdaysBefore: duty.reminderWorkdaysBefore } : {}),
          ...(duty.escalationWorkdays ? { escalationWorkdays: duty.escalationWorkdays } : {}),
        };
        // What the task workflow would refuse (a title too long for its scope's name…) is named here, not started.
        const checked = taskSpecSchema.safeParse(spec);
        if (!checked.success) {
          problem(T.refusedSpec(describeIssues(checked.error)), { taskId: id, opensOn: opens.date });
          continue;
        }
        tasks.push(spec);
      }
    }
  }
  tasks.sort((a, b) => (a.opensOn < b.opensOn ? -1 : a.opensOn > b.opensOn ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { tasks, problems };
}

/** The tasks of one duty that open in `from`..`to` (both included), sorted by opening day and id. */
export function tasksOpeningBetween(duty: DutyDefinition, town: DutyTown, cal: WorkCalendar, from: LocalDate, to: LocalDate): DutyTaskSpec[] {
  return planDuty(duty, town, cal, from, to).tasks;
}

/** Every task of several duties opening in the window, sorted by opening day, then duty order, then id. */
export function planDuties(duties: readonly DutyDefinition[], town: DutyTown, cal: WorkCalendar, from: LocalDate, to: LocalDate): DutyPlan {
  const order = new Map(duties.map((d, i) => [d.id, i]));
  const tasks: DutyTaskSpec[] = [];
  const problems: DutyProblem[] = [];
  for (const duty of duties) {
    const plan = planDuty(duty, town, cal, from, to);
    tasks.push(...plan.tasks);
    problems.push(...plan.problems);
  }
  tasks.sort(
    (a, b) =>
      (a.opensOn < b.opensOn ? -1 : a.opensOn > b.opensOn ? 1 : 0) ||
      order.get(a.dutyId)! - order.get(b.dutyId)! ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  problems.sort((a, b) => ((a.opensOn ?? a.period) < (b.opensOn ?? b.period) ? -1 : (a.opensOn ?? a.period) > (b.opensOn ?? b.period) ? 1 : 0));
  return { tasks, problems };
}

export type NextOpening =
  /** The next day the duty opens tasks, with all of them (one per scope). */
  | { kind: 'tasks'; opensOn: LocalDate; tasks: DutyTaskSpec[]; problems: DutyProblem[] }
  /** The duty will open nothing more: disabled, or a `once`/`until` duty past its last period. */
  | { kind: 'none'; problems: DutyProblem[] }
  /** Nothing opens up to the end of the calendar (or a due date lies past it): widen the calendar and ask again. */
  | { kind: 'beyond_calendar'; searchedTo: LocalDate; problems: DutyProblem[] };

/** The next tasks of a duty to open strictly after `after`: what the duty workflow sleeps until. */
export function nextOpeningAfter(duty: DutyDefinition, town: DutyTown, cal: WorkCalendar, after: LocalDate): NextOpening {
  const problems: DutyProblem[] = [];
  if (duty.enabled === false) return { kind: 'none', problems };
  const last = lastPossibleOpening(duty);
  const WINDOW = 62;
  for (let start = addDays(after, 1); start <= cal.to; start = addDays(start, WINDOW)) {
    if (last !== undefined && start > last) return { kind: 'none', problems };
    const end = [addDays(start, WINDOW - 1), cal.to].sort()[0]!;
    let plan: DutyPlan;
    try {
      plan = planDuty(duty, town, cal, start, end);
    } catch (error) {
      if (error instanceof OutsideCalendarError) return { kind: 'beyond_calendar', searchedTo: addDays(start, -1), problems };
      throw error;
    }
    problems.push(...plan.problems);
    const first = plan.tasks[0];
    if (first) {
      return { kind: 'tasks', opensOn: first.opensOn, tasks: plan.tasks.filter((t) => t.opensOn === first.opensOn), problems };
    }
  }
  if (last !== undefined && last <= cal.to) return { kind: 'none', problems };
  return { kind: 'beyond_calendar', searchedTo: cal.to, problems };
}

/** For a duty with a last period (`once`, `until`): the latest day it can open a task; else undefined. */
function lastPossibleOpening(duty: DutyDefinition): LocalDate | undefined {
  let latest: LocalDate | undefined;
  for (const schedule of schedulesOf(duty.every)) {
    let occ: Occurrence;
    if (schedule.kind === 'once') {
      occ = { kind: 'once', key: schedule.date, label: '', year: yearOf(schedule.date), start: schedule.date, end: schedule.date, ordinal: 0 };
    } else if ((schedule.kind === 'days' || schedule.kind === 'weeks') && schedule.until !== undefined) {
      const k = Math.floor(daysBetween(schedule.from, schedule.until) / schedule.step);
      const start = addDays(schedule.from, k * schedule.step);
      occ = { kind: schedule.kind, key: start, label: '', year: yearOf(start), start, end: schedule.until, ordinal: k };
    } else return undefined;
    const rule = ruleFor(duty.opens, schedule.kind);
    if (!rule) continue;
    const hi = openingBounds(rule, occ)[1];
    if (latest === undefined || hi > latest) latest = hi;
  }
  return latest;
}

/** The years a calendar must cover to plan tasks opening in `from`..`to` (resolveCalendar's fromYear/toYear). */
export function dutyCalendarYears(from: LocalDate, to: LocalDate): { fromYear: number; toYear: number } {
  return { fromYear: yearOf(from) - 1, toYear: yearOf(to) + 1 };
}

/** The first day a task needs the engine: its meeting invitation or its opening. */
export function firstNoticeOn(task: TaskSpec): LocalDate {
  return task.meeting && task.meeting.inviteOn < task.opensOn ? task.meeting.inviteOn : task.opensOn;
}
