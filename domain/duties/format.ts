// The duty calendar's format (工作日历, contract §4): the words and types a profile's `duties` section is
// written in, and how a written rule is read. The rest of domain/duties/ checks, merges and plans it.
//
// A duty is a rule over periods: `every` says which periods (months, quarters, half-years, years, the
// statutory holidays, every N days or weeks from a start date, or once), `per` how many tasks each period
// makes (one for the town, or one per sector, enterprise or village), `opens` and `due` which days the task
// opens and is due, `assignee` who does it. Dates are always computed on the town's working-day calendar.
//
// Pure, like every room of domain/duties/: no Node built-ins, no clock, no I/O. The task and duty
// workflows import it.

import type { HolidayId } from '../calendar.ts';
import type { EnterpriseClass, Role } from '../profile.ts';
import type { TaskLevel1 } from '../task.ts';
import type { LocalDate } from '../time.ts';

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

/** Which days `workday` and `day` count in: the period itself, or the calendar month after it. */
export const RULE_RANGES = ['period', 'next_month'] as const;
export type RuleRange = (typeof RULE_RANGES)[number];

/** A day that is off: keep looking forward (民法典 §203), back, or keep the day. */
export const RULE_MOVES = ['next', 'previous', 'none'] as const;
export type RuleMove = (typeof RULE_MOVES)[number];

/** The enterprise classes (profile.ts ENTERPRISE_CLASSES; repeated here so the workflow bundle need not load the YAML parser). */
export const CLASSES = ['A', 'B', 'C'] as const satisfies readonly EnterpriseClass[];

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

/** The key that says which form a rule is. */
export const RULE_KINDS = ['workday', 'day', 'workdaysBefore', 'workdaysAfter', 'daysAfter'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isRuleMap(rules: DateRules): rules is Partial<Record<FrequencyKind, DayRule>> {
  return !RULE_KINDS.some((k) => k in rules);
}

export function ruleFor(rules: DateRules, kind: FrequencyKind): DayRule | undefined {
  return isRuleMap(rules) ? rules[kind] : rules;
}

export function isClassMap(every: Every): every is { A?: PeriodicFrequency; B?: PeriodicFrequency; C?: PeriodicFrequency } {
  return isRecord(every) && CLASSES.some((c) => c in every);
}
