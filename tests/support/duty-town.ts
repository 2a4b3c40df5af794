// Towns and calendars for the duty-calendar tests: the 2030 test town (tests/fixtures/town.yaml, whose
// calendar section spells out 2030) and the contract's example town on the official calendar.

import { readFileSync } from 'node:fs';
import { WorkCalendar } from '../../domain/calendar.ts';
import { resolveCalendar } from '../../domain/calendar-data.ts';
import type { DutyTown } from '../../domain/duties/plan.ts';
import { formatProfileProblem, parseProfile, type Profile } from '../../domain/profile.ts';

export function fixtureProfile(name = 'town.yaml'): Profile {
  const text = readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
  const result = parseProfile(text);
  if (!result.ok) throw new Error(result.problems.map((p) => formatProfileProblem(name, p)).join('\n'));
  return result.profile;
}

/** The calendar a year's tasks need: the year before and after as well (dutyCalendarYears). */
export function calendarFor(profile: Pick<Profile, 'calendar'>, fromYear: number, toYear = fromYear): WorkCalendar {
  return new WorkCalendar(resolveCalendar({ fromYear: fromYear - 1, toYear: toYear + 1, overrides: profile.calendar }));
}

/** The contract's example town (§2), with the people it names. */
export const CONTRACT_TOWN: DutyTown = {
  safetyLeader: 'li',
  people: [
    { id: 'wang', name: '王书记', role: 'party_secretary' },
    { id: 'liu', name: '刘镇长', role: 'town_head' },
    { id: 'li', name: '李副镇长', role: 'deputy_head' },
    { id: 'zhang', name: '张主任', role: 'office_head' },
    { id: 'zhao', name: '赵安监员', role: 'inspector' },
    { id: 'chen', name: '陈监督员', role: 'village_supervisor' },
  ],
  sectors: [{ id: 'hazchem', name: '危险化学品', leader: 'li', inspector: 'zhao' }],
  villages: [{ id: 'dongcun', name: '东村', supervisor: 'chen', leader: 'li' }],
  enterprises: [{ id: 'e001', name: '东方加油站', sector: 'hazchem', class: 'A', village: 'dongcun' }],
};

/** The contract example's calendar section: it enters two 2027 dates, so 2027 counts as confirmed. */
export const CONTRACT_OVERRIDES = { holidays: ['2027-02-05'], workdays: ['2027-02-14'] };
