// The tasks a duty makes: for each occurrence whose opening falls in a window, one TaskSpec per scope
// (town, sector, enterprise, village) with its assignee, dates and how they were found — or the problem
// that keeps it from being made. What the duty workflow plans with and `anwei duties preview` shows.

import { OutsideCalendarError, type WorkCalendar } from '../calendar.ts';
import type { EnterpriseClass, Role } from '../profile.ts';
import { describeIssues } from '../schema.ts';
import { taskSpecSchema, type MeetingSpec, type TaskLevel1, type TaskScope, type TaskSpec } from '../task.ts';
import { calendarText } from '../text/calendar.ts';
import { dutiesText as T } from '../text/duties.ts';
import { profileText as P } from '../text/profile.ts';
import { addDays, daysBetween, yearOf, type LocalDate } from '../time.ts';
import { MEETING_DEFAULTS, ruleFor, type AssigneeRole, type DutyDefinition, type MeetingRule, type Per } from './format.ts';
import { occurrencesNear, schedulesOf, type Occurrence } from './periods.ts';
import { RuleProblem, applyRule, openingBounds, type Found, type RuleContext } from './rules.ts';

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
