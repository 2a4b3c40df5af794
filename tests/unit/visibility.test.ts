// Who sees what in the office pages (contract §7): the scope of each role in a small town, and the list
// filters agreeing with the item checks on every hazard and task.

import { describe, expect, it } from 'vitest';
import { hazardWhere, mayEnter, scopeOf, seesEnterprise, seesHazard, seesTask, taskWhere, type Scope, type ScopeTown } from '../../domain/visibility.ts';

// The test town (tests/fixtures/town.yaml) plus a second village led by lead2, and a sector removed from the profile.
const TOWN: ScopeTown = {
  safetyLeaderId: 'lead',
  sectors: [
    { id: 'hazchem', leaderId: 'lead', inspectorId: 'insp', active: true },
    { id: 'industry', leaderId: 'lead2', inspectorId: 'insp2', active: true },
    { id: 'mining', leaderId: 'lead2', inspectorId: 'insp2', active: false },
  ],
  villages: [
    { id: 'v1', leaderId: 'lead', supervisorId: 'vs', active: true },
    { id: 'v2', leaderId: 'lead2', supervisorId: 'vs2', active: true },
  ],
  enterprises: [
    { id: 'e1', sectorId: 'hazchem', villageId: 'v1' },
    { id: 'e2', sectorId: 'hazchem', villageId: 'v2' },
    { id: 'e3', sectorId: 'industry', villageId: 'v1' },
    { id: 'e4', sectorId: 'industry', villageId: null },
    { id: 'e5', sectorId: 'mining', villageId: null },
  ],
};

const person = (id: string, role: string, active = true) => ({ id, role, active });

const HAZARDS = TOWN.enterprises.map((e) => ({ id: `h-${e.id}`, sectorId: e.sectorId, enterpriseId: e.id }));
const TASKS = [
  { id: 't-office', scopeKind: null, scopeId: null, assigneeId: 'office' },
  { id: 't-hazchem', scopeKind: 'sector', scopeId: 'hazchem', assigneeId: 'insp' },
  { id: 't-industry', scopeKind: 'sector', scopeId: 'industry', assigneeId: 'insp2' },
  { id: 't-v1', scopeKind: 'village', scopeId: 'v1', assigneeId: 'vs' },
  { id: 't-v2', scopeKind: 'village', scopeId: 'v2', assigneeId: 'vs2' },
  ...TOWN.enterprises.map((e) => ({ id: `t-${e.id}`, scopeKind: 'enterprise', scopeId: e.id, assigneeId: 'insp' })),
  // A meeting the safety leader's deputy was made to run, outside their sectors.
  { id: 't-lead2-meeting', scopeKind: null, scopeId: null, assigneeId: 'lead2' },
];

const seenHazards = (scope: Scope) => HAZARDS.filter((h) => seesHazard(scope, h)).map((h) => h.id);
const seenTasks = (scope: Scope) => TASKS.filter((t) => seesTask(scope, t)).map((t) => t.id);

/** Evaluates the filters the way the database does, for the shapes visibility makes (OR of `in` / equals). */
function matches(where: object, row: Record<string, unknown>): boolean {
  const w = where as Record<string, unknown>;
  if ('OR' in w) return (w.OR as object[]).some((part) => matches(part, row));
  return Object.entries(w).every(([field, cond]) =>
    typeof cond === 'object' && cond !== null && 'in' in cond ? (cond.in as unknown[]).includes(row[field]) : row[field] === cond,
  );
}

describe('who sees what', () => {
  it('the party secretary, the town head, the office head and the safety leader see the whole town', () => {
    for (const p of [person('sec', 'party_secretary'), person('head', 'town_head'), person('office', 'office_head'), person('lead', 'deputy_head')]) {
      const scope = scopeOf(p, TOWN);
      expect(scope.kind, p.id).toBe('town');
      expect(seenHazards(scope)).toHaveLength(HAZARDS.length);
      expect(seenTasks(scope)).toHaveLength(TASKS.length);
    }
  });

  it('a deputy head sees the sectors and villages they lead, and their enterprises — not a sector removed from the profile', () => {
    const scope = scopeOf(person('lead2', 'deputy_head'), TOWN);
    expect(scope.kind).toBe('part');
    // industry (e3, e4) and village v2 (e2); mining left the profile, so e5 is not theirs any more.
    expect(seenHazards(scope)).toEqual(['h-e2', 'h-e3', 'h-e4']);
    expect(seenTasks(scope)).toEqual(['t-industry', 't-v2', 't-e2', 't-e3', 't-e4', 't-lead2-meeting']);
    expect(seesEnterprise(scope, { id: 'e1', sectorId: 'hazchem', villageId: 'v1' })).toBe(false);
    expect(seesEnterprise(scope, { id: 'e2', sectorId: 'hazchem', villageId: 'v2' })).toBe(true);
  });

  it('an inspector sees their sectors only', () => {
    const scope = scopeOf(person('insp', 'inspector'), TOWN);
    expect(seenHazards(scope)).toEqual(['h-e1', 'h-e2']);
    // Their sector's tasks and every task assigned to them (the enterprise inspections are theirs).
    expect(seenTasks(scope)).toEqual(['t-hazchem', 't-e1', 't-e2', 't-e3', 't-e4', 't-e5']);
  });

  it('a village supervisor sees their village and its enterprises', () => {
    const scope = scopeOf(person('vs', 'village_supervisor'), TOWN);
    expect(seenHazards(scope)).toEqual(['h-e1', 'h-e3']);
    expect(seenTasks(scope)).toEqual(['t-v1', 't-e1', 't-e3']);
  });

  it('nobody else gets in: a person in charge of nothing, a deactivated person, an unknown one', () => {
    const idle = scopeOf(person('insp3', 'inspector'), TOWN);
    expect(idle.kind).toBe('none');
    expect(mayEnter(idle)).toBe(false);
    expect(seenHazards(idle)).toEqual([]);
    expect(seenTasks(idle)).toEqual([]);
    expect(scopeOf(person('sec', 'party_secretary', false), TOWN).kind).toBe('none');
    expect(scopeOf(undefined, TOWN).kind).toBe('none');
  });

  it('the list filters select exactly the hazards and tasks the item checks allow, for every person', () => {
    const people = [
      person('sec', 'party_secretary'),
      person('lead', 'deputy_head'),
      person('lead2', 'deputy_head'),
      person('insp', 'inspector'),
      person('insp2', 'inspector'),
      person('vs', 'village_supervisor'),
      person('vs2', 'village_supervisor'),
      person('nobody', 'inspector'),
      person('office', 'office_head', false),
    ];
    for (const p of people) {
      const scope = scopeOf(p, TOWN);
      expect(HAZARDS.filter((h) => matches(hazardWhere(scope), h)).map((h) => h.id), p.id).toEqual(seenHazards(scope));
      expect(TASKS.filter((t) => matches(taskWhere(scope), t)).map((t) => t.id), p.id).toEqual(seenTasks(scope));
    }
  });
});
