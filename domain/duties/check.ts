// Checking a profile's `duties` section beyond its shape: what the entries refer to, and whether their
// rules fit their periods. Called by the profile's validation (domain/profile.ts) and the duty town.

import { closest } from '../closest.ts';
import type { TaskLevel1 } from '../task.ts';
import { dutiesText as T } from '../text/duties.ts';
import { profileText as P } from '../text/profile.ts';
import { isDefaultDuty, merged } from './defaults.ts';
import {
  isClassMap,
  isRecord,
  isRuleMap,
  ruleFor,
  type AssigneeRole,
  type DateRules,
  type DayRule,
  type DutyDefinition,
  type DutyEntry,
  type DutyFilter,
  type Every,
  type FrequencyKind,
  type Per,
} from './format.ts';
import { schedulesOf } from './periods.ts';
import { wellFormedPart } from './schema.ts';

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
    if (!isDefaultDuty(entry.id)) {
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
