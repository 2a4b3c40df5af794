// The quick reading of a tidy profile (domain/yaml-quick.ts, quickCheck in domain/profile.ts) gives exactly
// what the full reading gives, and gives up — leaving the full reading to report — on anything it could read
// differently. parseProfile(text) against parseProfile(text, { quick: false }) on every example and on
// variants that exercise the scalars the two parsers resolve.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../domain/profile.ts';
import { readTidyYaml, Written } from '../../domain/yaml-quick.ts';
import { districtProfile } from '../support/district.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const town = read('tests/fixtures/town.yaml');

/** The fixture with some text replaced (each replacement must apply). */
function variant(replacements: Array<[string, string]>): string {
  let text = town;
  for (const [from, to] of replacements) {
    expect(text, from).toContain(from);
    text = text.replace(from, to);
  }
  return text;
}

function sameBothWays(text: string) {
  const quick = parseProfile(text);
  const full = parseProfile(text, { quick: false });
  expect(quick).toEqual(full);
  return quick;
}

describe('a tidy profile read quickly', () => {
  const tidy: Record<string, string> = {
    'the test town': town,
    'the demo town': read('examples/demo-town.yaml'),
    'custom duties': read('examples/custom-duties.yaml'),
    'a district of 300': districtProfile(300),
    'numbers as ids and phones, counts in policy and duties': variant([
      ['{ id: e1, name: 甲加油站,', '{ id: 001, name: 甲加油站,'],
      ['principal: { name: 王经理, email: wang@e1.example }', 'principal: { name: 王经理, email: wang@e1.example, phone: 057112345678 }'],
      ['policy: {}', 'policy:\n  hazard: { maxExtensions: 2, maxExtensionDays: 30, escalationWorkdays: 0x3 }\nduties:\n  - { id: village-report, due: { workday: 3, in: next_month } }'],
    ]),
    'quoted, block and folded text, escapes': variant([
      ['name: 甲加油站,', 'name: "甲加油站\\u0020（东）",'],
      ["name: 乙化工厂,", "name: '乙化工厂 ''北厂''',"],
      ['  - { id: e3, name: 丙机械厂, sector: industry, class: C, village: v1, principal: { name: 张总, email: zhang@e3.example } }',
        '  - id: e3\n    name: >-\n      丙机械厂\n      二分厂\n    address: |-\n      青山路 1 号 2 栋\n    sector: industry\n    class: C\n    village: v1\n    principal: { name: 张总, email: zhang@e3.example }'],
    ]),
    'a multi-line plain name': variant([['town: 测试镇', 'town: 测试镇\n  北片']]),
  };
  for (const [name, text] of Object.entries(tidy)) {
    it(`${name}: the quick reader reads it, and the result is the full reading's`, () => {
      expect(readTidyYaml(text)).toBeDefined();
      const result = sameBothWays(text);
      // Each of these is a profile the full reading accepts (warnings or not).
      expect(result.ok).toBe(true);
    });
  }

  it('keeps a number as written where it is text, a number where it counts', () => {
    const text = variant([
      ['{ id: e1, name: 甲加油站,', '{ id: 001, name: 甲加油站,'],
      ['policy: {}', 'policy:\n  hazard: { maxExtensions: 02 }'],
    ]);
    const raw = readTidyYaml(text) as { enterprises: Array<{ id: unknown }>; policy: { hazard: { maxExtensions: unknown } } };
    expect(raw.enterprises[0]!.id).toEqual(new Written('001', 1));
    const result = sameBothWays(text);
    if (!result.ok) throw new Error('expected the profile to load');
    expect(result.profile.enterprises[0]!.id).toBe('001');
    expect(result.profile.policy.hazard?.maxExtensions).toBe(2);
  });
});

describe('anything the quick reader could read differently goes the full way', () => {
  const untidy: Record<string, string> = {
    'an anchor and an alias': variant([['  - { id: hazchem, name: 危险化学品, leader: lead, inspector: insp }', '  - &s { id: hazchem, name: 危险化学品, leader: lead, inspector: insp }\n  - *s']]),
    'a tag': variant([['town: 测试镇', 'town: !!str 测试镇']]),
    'a directive': `%YAML 1.2\n---\n${town}`,
    'two documents': `${town}\n---\n${town}`,
    'a flow mapping over two lines': variant([['  - { id: v1, name: 一村, supervisor: vs, leader: lead }', '  - { id: v1, name: 一村,\n  supervisor: vs, leader: lead }']]),
    'a key written twice': variant([['town: 测试镇', 'town: 测试镇\ntown: 测试镇']]),
    'a number as a key': variant([['policy: {}', 'policy: { 1: 2 }']]),
    'a null key': variant([['policy: {}', 'policy: { ~: 2 }']]),
    'a syntax error': variant([['town: 测试镇', 'town: [测试镇']]),
  };
  for (const [name, text] of Object.entries(untidy)) {
    it(`${name}: the quick reader gives up`, () => {
      expect(readTidyYaml(text)).toBeUndefined();
      sameBothWays(text);
    });
  }

  // Read tidily, but with something to tell: the full reading says it at its line.
  const toTell: Record<string, string> = {
    'an invisible character in a name': variant([['name: 甲加油站,', 'name: 甲加油\u202e站,']]),
    'an unknown field': variant([['town: 测试镇', 'town: 测试镇\ntonw: 测试镇']]),
    'a warning (a name used twice)': variant([['name: 乙化工厂,', 'name: 甲加油站,']]),
    'an unknown sector': variant([['sector: industry,', 'sector: indutsry,']]),
    'a duplicate id': variant([['{ id: e2,', '{ id: e1,']]),
  };
  for (const [name, text] of Object.entries(toTell)) {
    it(`${name}: reported with its line, as the full reading reports it`, () => {
      expect(readTidyYaml(text)).toBeDefined();
      const result = sameBothWays(text);
      const told = result.ok ? result.warnings : result.problems;
      expect(told.length).toBeGreaterThan(0);
      expect(told.every((p) => typeof p.line === 'number')).toBe(true);
    });
  }
});
