// `anwei duties preview`: every task the duty calendar will create in a window, with how each opening and
// due date was found — so an office can check its year before going live. Reads the town from the
// database (as loaded by `anwei profile load`) or from a profile file that is not loaded.

import { WorkCalendar } from '../domain/calendar.ts';
import { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR, calendarWarnings, resolveCalendar } from '../domain/calendar-data.ts';
import { DEFAULT_DUTIES, mergeDuties } from '../domain/duties/defaults.ts';
import type { DutyDefinition, DutyEntry } from '../domain/duties/format.ts';
import { dutyCalendarYears, planDuties, type DutyProblem, type DutyTaskSpec, type DutyTown } from '../domain/duties/plan.ts';
import { formatProfileProblem, parseProfile, type CalendarOverrides } from '../domain/profile.ts';
import { dutiesText } from '../domain/text/duties.ts';
import { addDays, isLocalDate, localDateOf, weekdayName, yearOf, type LocalDate } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import { StoredDutiesError, loadDutyTown, type LoadedDutyTown } from '../activities/duty-town.ts';
import { UserInputError } from './errors.ts';

const T = dutiesText.preview;

export interface PreviewOptions {
  /** First day of the window; default today (Asia/Shanghai). */
  from?: string;
  /** Length of the window in days, `from` included; default 365. */
  days?: string | number;
  /** Only this duty. */
  duty?: string;
  /** For tests: what "today" is. */
  now?: number;
}

/** A town as the preview needs it, from the database or a profile file. */
export interface PreviewTown {
  name: string;
  town: DutyTown;
  /** The profile's `duties` section as written (undefined: none). */
  entries: DutyEntry[] | undefined;
  calendar: CalendarOverrides;
}

export interface PreviewDuty {
  id: string;
  name: string;
  /** `default`: as in contract §4; `changed`: a default the profile changes; `added`: the profile's own. */
  source: 'default' | 'changed' | 'added';
  enabled: boolean;
}

export interface PreviewTask extends DutyTaskSpec {
  assigneeName: string;
}

export interface DutyPreview {
  town: string;
  from: LocalDate;
  to: LocalDate;
  days: number;
  /** Whether the profile has a `duties` section at all. */
  hasDutiesSection: boolean;
  duties: PreviewDuty[];
  /** Set when --duty chose one. */
  only?: string;
  tasks: PreviewTask[];
  problems: DutyProblem[];
  /** The years the window or its tasks depend on whose holidays are only computed (zh-CN). */
  warnings: string[];
}

/** The window the options name; bad options are named (exit 2) before anything is read. */
export function previewWindow(options: PreviewOptions): { from: LocalDate; to: LocalDate; days: number } {
  const problems: string[] = [];
  const from = options.from ?? localDateOf(options.now ?? Date.now());
  if (!isLocalDate(from)) problems.push(T.badFrom(from));
  const daysText = String(options.days ?? 365);
  const days = /^\d+$/.test(daysText) ? Number(daysText) : NaN;
  if (!Number.isInteger(days) || days < 1 || days > 3660) problems.push(T.badDays(daysText));
  if (problems.length) throw new UserInputError(problems);
  const to = addDays(from, days - 1);
  if (yearOf(from) < MIN_CALENDAR_YEAR || yearOf(to) > MAX_CALENDAR_YEAR) {
    throw new UserInputError([T.outOfYears(from, to, MIN_CALENDAR_YEAR, MAX_CALENDAR_YEAR)]);
  }
  return { from, to, days };
}

/** The preview of a town's duty calendar over a window. */
export function previewDuties(input: PreviewTown, options: PreviewOptions = {}): DutyPreview {
  const { from, to, days } = previewWindow(options);
  const all = mergeDuties(input.entries);
  const written = new Set((input.entries ?? []).map((e) => e.id));
  const duties: PreviewDuty[] = all.map((d) => ({
    id: d.id,
    name: d.name,
    source: DEFAULT_DUTIES.some((x) => x.id === d.id) ? (written.has(d.id) ? 'changed' : 'default') : 'added',
    enabled: d.enabled !== false,
  }));
  let chosen: DutyDefinition[] = all.filter((d) => d.enabled !== false);
  if (options.duty !== undefined) {
    const one = chosen.find((d) => d.id === options.duty);
    if (!one) throw new UserInputError([T.unknownDuty(options.duty, chosen.map((d) => d.id))]);
    chosen = [one];
  }
  const years = dutyCalendarYears(from, to);
  const data = resolveCalendar({
    fromYear: Math.max(years.fromYear, MIN_CALENDAR_YEAR),
    toYear: Math.min(years.toYear, MAX_CALENDAR_YEAR),
    overrides: input.calendar,
  });
  const plan = planDuties(chosen, input.town, new WorkCalendar(data), from, to);
  const names = new Map(input.town.people.map((p) => [p.id, p.name]));
  const tasks = plan.tasks.map((t) => ({ ...t, assigneeName: names.get(t.assigneeId) ?? t.assigneeId }));
  // Warn about the years the window covers or a task depends on, once each.
  const touched = new Set<number>(plan.tasks.flatMap((t) => t.unconfirmedYears));
  for (let y = yearOf(from); y <= yearOf(to); y++) touched.add(y);
  const warnings = calendarWarnings({ ...data, unconfirmedYears: data.unconfirmedYears.filter((y) => touched.has(y)) });
  return {
    town: input.name,
    from,
    to,
    days,
    hasDutiesSection: input.entries !== undefined,
    duties,
    ...(options.duty !== undefined ? { only: options.duty } : {}),
    tasks,
    problems: plan.problems,
    warnings,
  };
}

/** A profile file's town, validated whole (every problem named, as `anwei profile check` does). */
export function townFromProfileText(text: string, file: string): PreviewTown {
  const result = parseProfile(text);
  if (!result.ok) {
    throw new UserInputError(
      result.problems.map((p) => formatProfileProblem(file, p)),
      T.profileInvalid(file, result.problems.length),
    );
  }
  const p = result.profile;
  return {
    name: p.town,
    town: { safetyLeader: p.safetyLeader, people: p.people, sectors: p.sectors, villages: p.villages, enterprises: p.enterprises },
    entries: p.duties,
    calendar: p.calendar,
  };
}

/** The loaded town: active people, sectors, villages and enterprises, and the duties as loaded. */
export async function townFromDatabase(db: Database): Promise<PreviewTown> {
  let loaded: LoadedDutyTown | undefined;
  try {
    loaded = await loadDutyTown(db);
  } catch (error) {
    if (error instanceof StoredDutiesError) throw new UserInputError(error.problems, T.storedDutiesInvalid);
    throw error;
  }
  if (!loaded) throw new UserInputError([T.noTown]);
  return loaded;
}

/** The preview for people: tasks by opening day, each with its assignee, due date and both traces. */
export function previewText(p: DutyPreview): string {
  const lines: string[] = [T.heading(p.town, p.from, p.to, p.days)];
  const changed = p.duties.filter((d) => d.source === 'changed' && d.enabled).map((d) => d.id);
  const disabled = p.duties.filter((d) => !d.enabled).map((d) => d.id);
  const added = p.duties.filter((d) => d.source === 'added' && d.enabled).map((d) => d.id);
  const parts = [
    ...(changed.length ? [T.changedDuties(changed)] : []),
    ...(disabled.length ? [T.disabledDuties(disabled)] : []),
    ...(added.length ? [T.addedDuties(added)] : []),
  ];
  lines.push(!p.hasDutiesSection ? T.source.defaults : parts.length ? T.source.changed(parts) : T.source.unchanged);
  if (p.only) lines.push(T.onlyDuty(p.only, p.duties.find((d) => d.id === p.only)?.name ?? ''));
  const counts = p.duties
    .filter((d) => d.enabled)
    .map((d) => [d.name, p.tasks.filter((t) => t.dutyId === d.id).length] as const)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => T.dutyCount(name, n));
  lines.push(T.total(p.tasks.length, counts));
  for (const w of p.warnings) lines.push(T.warning(w));

  // Tasks of one duty and period opening the same day with the same dates and traces (one per sector,
  // enterprise or village) are shown together: the traces once, then each task with its assignee.
  const groups: PreviewTask[][] = [];
  for (const t of p.tasks) {
    const last = groups.at(-1)?.[0];
    const same =
      last && !t.meeting && !last.meeting && last.dutyId === t.dutyId && last.period === t.period && last.opensOn === t.opensOn &&
      last.due === t.due && last.opensTrace === t.opensTrace && last.dueTrace === t.dueTrace;
    if (same) groups.at(-1)!.push(t);
    else groups.push([t]);
  }
  let day: LocalDate | undefined;
  for (const group of groups) {
    const t = group[0]!;
    if (t.opensOn !== day) {
      day = t.opensOn;
      lines.push('', T.day(day, weekdayName(day), p.tasks.filter((x) => x.opensOn === day).length));
    }
    if (group.length > 1) {
      lines.push(`  ${T.group(t.dutyName, t.period, group.length, t.due, weekdayName(t.due))}`);
      lines.push(`    ${T.opens(t.opensTrace)}`);
      lines.push(`    ${T.due(t.dueTrace)}`);
      for (const x of group) lines.push(`    ${x.id}  ${x.title}  ${T.assigneeOnly(x.assigneeName, x.assigneeId)}`);
      continue;
    }
    lines.push(`  ${t.id}  ${t.title}`);
    lines.push(`    ${T.assignee(t.assigneeName, t.assigneeId, t.due, weekdayName(t.due))}`);
    if (t.meeting) {
      const m = t.meeting;
      lines.push(`    ${T.meeting(m.date, m.time, m.durationMinutes, m.location, m.inviteOn, m.attendees.length)}`);
    }
    lines.push(`    ${T.opens(t.opensTrace)}`);
    lines.push(`    ${T.due(t.dueTrace)}`);
  }
  if (p.problems.length) {
    lines.push('', T.problemsHeading(p.problems.length));
    for (const problem of p.problems) lines.push(T.problem(problem.taskId ?? `${problem.dutyId}:${problem.period}`, problem.message));
  }
  return lines.join('\n');
}
