// The profile's `duties` section as the office writes it: every problem named with its path, line and
// column, in zh-CN, all at once; the shipped examples pass.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { effectiveDuties } from '../../domain/duties/defaults.ts';
import { formatProfileProblem, parseProfile, type ProfileProblem } from '../../domain/profile.ts';

const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const TOWN = read('../fixtures/town.yaml');
const withDuties = (yaml: string) => `${TOWN}duties:\n${yaml}`;

function problemsOf(source: string): ProfileProblem[] {
  const result = parseProfile(source);
  if (result.ok) throw new Error('expected problems, but the profile was accepted');
  return result.problems;
}

/** Asserts the problems are exactly these, each at the line and column where `needle` is written. */
function expectProblems(source: string, expected: [path: string, needle: string, message: string][]): void {
  const problems = problemsOf(source);
  const shown = problems.map((p) => formatProfileProblem('town.yaml', p)).join('\n');
  expect(problems.map((p) => p.path), shown).toEqual(expected.map(([path]) => path));
  expected.forEach(([path, needle, message], i) => {
    const offset = source.indexOf(needle);
    expect(offset, `the source should contain ${needle}`).toBeGreaterThanOrEqual(0);
    const line = source.slice(0, offset).split('\n').length;
    const column = offset - source.lastIndexOf('\n', offset - 1);
    expect([problems[i]!.line, problems[i]!.column], `${path}\n${shown}`).toEqual([line, column]);
    expect(problems[i]!.message, path).toBe(message);
  });
}

describe('a duties section that is right', () => {
  it('the shipped examples pass without a warning; the demo town keeps the default calendar', () => {
    for (const name of ['demo-town.yaml', 'custom-duties.yaml']) {
      const result = parseProfile(read(`../../examples/${name}`));
      expect(result.ok && result.warnings, name).toEqual([]);
    }
    const demo = parseProfile(read('../../examples/demo-town.yaml'));
    expect(demo.ok && demo.profile.duties).toBeUndefined();
    const custom = parseProfile(read('../../examples/custom-duties.yaml'));
    expect(custom.ok && effectiveDuties(custom.profile).map((d) => d.id)).toEqual([
      'committee-meeting',
      'quarterly-sweep',
      'enterprise-inspection',
      'village-report',
      'statistics-report',
      'topic-meeting',
      'pre-flood-check',
      'flood-check',
      'duty-roster',
      'after-holiday-check',
    ]);
  });

  it('keeps the entries as written: times, dates and numbers as the office typed them, ids as text (007)', () => {
    const result = parseProfile(
      withDuties(`  - { id: committee-meeting, meeting: { time: "09:00", inviteWorkdaysBefore: 5 } }
  - { id: roster, name: 值班, every: { weeks: 1, from: 2030-01-07 }, opens: { workdaysBefore: 1, of: period_start }, due: { daysAfter: 6, of: period_start, move: none }, assignee: { rotate: [lead, lead2] } }
  - { id: village-report, enabled: false }
  - { id: office-duty, name: 值班, every: month, opens: { workday: 1 }, due: { workday: last }, assignee: { person: 007 } }
`.replace('[lead, lead2]', '[lead, lead2, 007]'),
      ).replace('  - { id: vs,', '  - { id: 007, name: 值班员, role: deputy_head, email: d007@town.example }\n  - { id: vs,'),
    );
    if (!result.ok) throw new Error(result.problems.map((p) => formatProfileProblem('town.yaml', p)).join('\n'));
    expect(result.profile.duties).toEqual([
      { id: 'committee-meeting', meeting: { time: '09:00', inviteWorkdaysBefore: 5 } },
      {
        id: 'roster',
        name: '值班',
        every: { weeks: 1, from: '2030-01-07' },
        opens: { workdaysBefore: 1, of: 'period_start' },
        due: { daysAfter: 6, of: 'period_start', move: 'none' },
        assignee: { rotate: ['lead', 'lead2', '007'] },
      },
      { id: 'village-report', enabled: false },
      { id: 'office-duty', name: '值班', every: 'month', opens: { workday: 1 }, due: { workday: 'last' }, assignee: { person: '007' } },
    ]);
  });
});

describe('a duties section with mistakes: each named where it is written', () => {
  it('words and shapes the format does not have', () => {
    const source = withDuties(`  - { id: committee-meeting, every: mnth }
  - { id: quarterly-sweep, opens: { workday: 1, day: 3 } }
  - { id: enterprise-inspection, every: { A: month, D: year } }
  - { id: village-report, due: { workday: 5, inn: next_month } }
  - { id: holiday-check, opens: { workdaysBefore: 10, of: holliday } }
  - { id: statistics-report, due: { quarter: { day: 15, in: next_month, move: previous } }, assignee: mayor }
  - { id: committee-meeting2, name: 会议, every: month, opens: { day: 10 }, due: { workday: first }, assignee: office_head, per: country }
`);
    expectProblems(source, [
      ['duties[0].every', 'mnth', '未知的周期 "mnth"（应为 month 每月、quarter 每季度、half_year 每半年、year 每年、holiday 每个法定节假日之一）'],
      ['duties[1].opens', '{ workday: 1, day: 3 }', '一条日期规则只能用其中一种写法，这里同时有 workday、day'],
      ['duties[2].every.D', 'D: year', '未知的字段 "D"（此处可用的字段：holidays、A、B、C、days、weeks、from、until、once）'],
      [
        'duties[3].due.inn',
        'inn',
        '未知的字段 "inn"，是否应为 "in"？（此处可用的字段：workday、day、workdaysBefore、workdaysAfter、daysAfter、in、move、of、month、quarter、half_year、year、holiday、days、weeks、once）',
      ],
      ['duties[4].opens.of', 'holliday', '未知的起算点 "holliday"（此处可用：period_start、period_end、holiday、holiday_end）'],
      ['duties[5].due', '{ quarter: {', 'every 含有 year，这里缺少 year 的规则'],
      [
        'duties[5].assignee',
        'mayor',
        '无法识别的承办人 "mayor"：应为 office_head、safety_leader、town_head、party_secretary、sector_inspector、sector_leader、village_supervisor、village_leader 之一，或 { person: 人员编号 }，或 { rotate: [人员编号, …] }（轮流）',
      ],
      ['duties[6].due.workday', 'first', '应为正整数（第几个工作日）或 last（最后一个工作日），实际为 "first"'],
      ['duties[6].per', 'country', '未知的范围 "country"（应为 town 全镇一项、sector 每个行业领域、enterprise 每家企业、village 每个村之一）'],
    ]);
  });

  it('a new duty without its rules, people who are not in the profile, a rotation out of place, an end before the start', () => {
    const source = withDuties(`  - id: fire-drill
    name: 消防演练
    every: half_year
  - id: roster
    name: 值班
    every: { weeks: 1, from: 2030-01-07, until: 2029-12-01 }
    opens: { workdaysBefore: 1, of: period_start }
    due: { daysAfter: 6, of: period_start, move: none }
    assignee: { rotate: [lead, leed] }
    title: "{start}起{week}值班"
  - { id: report, name: 报告, every: month, opens: { workday: 1 }, due: { workday: 5 }, assignee: { rotate: [lead] } }
  - { id: meeting2, name: 会议, every: month, opens: { day: 10 }, due: { workdaysAfter: 2, of: opening }, assignee: { person: ofice }, meeting: { attendees: { people: [sec, nobody] } } }
`);
    const missing = (field: string) => `缺少必填项 "${field}"："fire-drill" 不是默认工作日历中的工作，新增的工作须写明 name、every、opens、due、assignee`;
    expectProblems(source, [
      ['duties[0].assignee', 'id: fire-drill', missing('assignee')],
      ['duties[0].due', 'id: fire-drill', missing('due')],
      ['duties[0].opens', 'id: fire-drill', missing('opens')],
      ['duties[1].every.until', '2029-12-01', '结束日期 2029-12-01 早于开始日期 2030-01-07'],
      ['duties[1].assignee.rotate[1]', 'leed', '未知的人员 "leed"：people 中没有此编号，是否应为 "lead"？'],
      ['duties[1].title', '"{start}起{week}值班"', '标题中有未知的占位符 {week}（可用：{period}、{year}、{holiday}、{name}、{start}、{end}）'],
      ['duties[2].assignee', '{ rotate: [lead] }', '轮流承办（rotate）只能用于 every: { days: N, from: … } 或 { weeks: N, from: … }'],
      ['duties[3].assignee.person', 'ofice', '未知的人员 "ofice"：people 中没有此编号，是否应为 "office"？'],
      ['duties[3].meeting.attendees.people[1]', 'nobody', '未知的人员 "nobody"：people 中没有此编号'],
    ]);
  });

  it('rules, assignees, filters and escalation that do not fit the duty — a default changed in one field says which default field clashes', () => {
    const source = withDuties(`  - id: checks
    name: 专项检查
    every: month
    only: { sectors: [hazchem] }
    opens: { workdaysBefore: 3, of: holiday }
    due: { workdaysAfter: 2, of: opening }
    assignee: sector_inspector
    level1: village_leader
  - { id: quarterly-sweep, per: village }
  - { id: quarterly-sweep, enabled: false }
  - { id: committee-meeting, opens: { workdaysAfter: 1, of: opening }, due: { workday: 30 } }
  - { id: holiday-check, opens: { workday: 1 }, due: { workdaysBefore: 12, of: holiday } }
  - { id: enterprise-inspection, per: sector, only: { villages: [v2], classes: [A] } }
  - { id: village-report, only: { villages: [v9] }, title: "{holiday}村月报" }
`);
    expectProblems(source, [
      ['duties[0].only.sectors', '[hazchem]', 'only.sectors 只能用于 per: sector 或 per: enterprise'],
      ['duties[0].opens', '{ workdaysBefore: 3, of: holiday }', 'of: holiday 只能用于节假日工作（every: holiday 或 { holidays: [...] }）'],
      ['duties[0].assignee', 'sector_inspector', '承办人 sector_inspector 只能用于 per: sector 或 per: enterprise'],
      ['duties[0].level1', 'village_leader', '第一级督办 village_leader 只能用于 per: village'],
      // The office changed `per`; the assignee it clashes with is the default's.
      ['duties[1].per', 'village }', '承办人 sector_inspector 只能用于 per: sector 或 per: enterprise（assignee 沿用默认工作 "quarterly-sweep" 的设定）'],
      ['duties[2].id', 'quarterly-sweep, enabled', '工作编号 "quarterly-sweep" 重复：duties[1] 已使用此编号，后写的无法生效，请合并为一项'],
      ['duties[3].opens', '{ workdaysAfter: 1, of: opening }', '开始日的规则不能以开始日（opening）起算'],
      ['duties[3].due', '{ workday: 30 }', '第30个工作日超出了本期（最短 28 天）'],
      ['duties[4].opens', '{ workday: 1 }, due: { workdaysBefore: 12', '节假日工作没有“本期”可数，请用 workdaysBefore / workdaysAfter / daysAfter 并以 of: holiday 或 holiday_end 起算'],
      ['duties[5].per', 'sector, only', '按企业分级的周期（{ A: …, B: …, C: … }）只能用于 per: enterprise（every 沿用默认工作 "enterprise-inspection" 的设定）'],
      ['duties[5].only.villages', '[v2]', 'only.villages 只能用于 per: village 或 per: enterprise'],
      ['duties[5].only.classes', '[A]', 'only.classes 只能用于 per: enterprise'],
      ['duties[6].only.villages[0]', 'v9', '未知的村（社区） "v9"，是否应为 "v1"？（已定义的村（社区）：v1）'],
      ['duties[6].title', '"{holiday}村月报"', '标题中的 {holiday} 只能用于节假日工作（every: holiday）'],
    ]);
  });

  it('a due rule that always falls before the opening', () => {
    const source = withDuties('  - { id: holiday-check, due: { workdaysBefore: 12, of: holiday } }\n');
    expectProblems(source, [['duties[0].due', '{ workdaysBefore: 12, of: holiday }', '按此规则截止日总是早于开始日，请检查 opens 和 due']]);
  });

  it('is reported together with the rest of the file, in file order', () => {
    const source = withDuties('  - { id: committee-meeting, every: weekly }\n').replace('class: A, village: v1', 'class: E, village: v1');
    expect(problemsOf(source).map((p) => p.path)).toEqual(['enterprises[0].class', 'duties[0].every']);
  });
});
