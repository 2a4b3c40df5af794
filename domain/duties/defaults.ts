// The default duty calendar (contract §4) in the format a profile writes, and how a profile's `duties`
// section changes it: the duties that make tasks.

import { dutiesText as T } from '../text/duties.ts';
import { MEETING_DEFAULTS, type DutyDefinition, type DutyEntry, type MeetingRule } from './format.ts';

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
export function merged(entry: DutyEntry): DutyDefinition {
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
