import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProfileProblem, parseProfile } from '../../domain/profile.ts';
import type { Profile, ProfileProblem } from '../../domain/profile.ts';
import { resolvePolicy } from '../../domain/policy.ts';

// ── fixtures ────────────────────────────────────────────────────────────────────────────────────

const example = (name: string) => readFileSync(new URL(`../../examples/${name}`, import.meta.url), 'utf8');

/** The example of contract §2, word for word. */
const CONTRACT_EXAMPLE = `town: 示例镇
safetyLeader: li            # the deputy head in charge of safety (分管安全); first escalation for duties
people:                      # role: party_secretary | town_head | deputy_head | office_head | inspector | village_supervisor
  - { id: wang, name: 王书记, role: party_secretary, email: wang@town.example }
sectors:                     # 一岗双责: each sector has a leader and an inspector
  - { id: hazchem, name: 危险化学品, leader: li, inspector: zhao }
villages:
  - { id: dongcun, name: 东村, supervisor: chen, leader: li }
enterprises:                 # class: A | B | C
  - { id: e001, name: 东方加油站, sector: hazchem, class: A, village: dongcun,
      principal: { name: 周经理, email: zhou@e001.example } }
calendar:                    # optional: overrides of the official calendar
  holidays: [2027-02-05]     # days off
  workdays: [2027-02-14]     # make-up working days
policy: {}                   # optional: overrides of the defaults in sections 3 and 4
duties: []                   # optional: replaces the default duty calendar of section 4
`;

/** The contract's example completed with the people it refers to and the roles escalation needs. */
const TOWN = CONTRACT_EXAMPLE.replace(
  '  - { id: wang, name: 王书记, role: party_secretary, email: wang@town.example }\n',
  `  - { id: wang, name: 王书记, role: party_secretary, email: wang@town.example }
  - { id: liu, name: 刘镇长, role: town_head, email: liu@town.example }
  - { id: li, name: 李副镇长, role: deputy_head, email: li@town.example }
  - { id: zhang, name: 张主任, role: office_head, email: zhang@town.example }
  - { id: zhao, name: 赵安监员, role: inspector, email: zhao@town.example }
  - { id: chen, name: 陈监督员, role: village_supervisor, email: chen@town.example }
`,
);

/** The town with one piece of text replaced; fails loudly if the piece is not there. */
function edit(source: string, from: string, to: string): string {
  expect(source, `the fixture should contain ${from}`).toContain(from);
  return source.replace(from, to);
}

/** 1-based line of the first occurrence of a piece of text. */
function lineOf(source: string, needle: string): number {
  const offset = source.indexOf(needle);
  expect(offset, `the fixture should contain ${needle}`).toBeGreaterThanOrEqual(0);
  return source.slice(0, offset).split('\n').length;
}

/** 1-based column of the first occurrence of a piece of text. */
function columnOf(source: string, needle: string): number {
  const offset = source.indexOf(needle);
  return offset - source.lastIndexOf('\n', offset - 1);
}

function errorsOf(source: string): ProfileProblem[] {
  const result = parseProfile(source);
  if (result.ok) throw new Error('expected problems, but the profile was accepted');
  return result.problems;
}

function accepted(source: string): { profile: Profile; warnings: ProfileProblem[] } {
  const result = parseProfile(source);
  if (!result.ok) throw new Error(`expected the profile to pass:\n${result.problems.map((p) => formatProfileProblem('town.yaml', p)).join('\n')}`);
  return result;
}

/** The one problem at a path (fails when there is none, or more than one). */
function at(problems: ProfileProblem[], path: string): ProfileProblem {
  const found = problems.filter((p) => p.path === path);
  expect(found.map((p) => p.path), problems.map((p) => formatProfileProblem('town.yaml', p)).join('\n')).toEqual([path]);
  return found[0]!;
}

/** Asserts one problem at a path, on the line (and column) where `needle` is written. */
function expectAt(problems: ProfileProblem[], source: string, path: string, needle: string, message: string | RegExp): ProfileProblem {
  const problem = at(problems, path);
  expect(problem.line).toBe(lineOf(source, needle));
  expect(problem.column).toBe(columnOf(source, needle));
  if (typeof message === 'string') expect(problem.message).toContain(message);
  else expect(problem.message).toMatch(message);
  return problem;
}

// ── the shipped examples ────────────────────────────────────────────────────────────────────────

describe('the demo town 青山镇', () => {
  const source = example('demo-town.yaml');
  const { profile, warnings } = accepted(source);

  it('passes without a single warning', () => {
    expect(warnings).toEqual([]);
  });

  it('has the leadership escalation needs and a full team', () => {
    const byRole = (role: string) => profile.people.filter((p) => p.role === role).length;
    expect(profile.town).toBe('青山镇');
    expect(byRole('party_secretary')).toBe(1);
    expect(byRole('town_head')).toBe(1);
    expect(byRole('office_head')).toBe(1);
    expect(byRole('deputy_head')).toBeGreaterThanOrEqual(3);
    expect(byRole('inspector')).toBeGreaterThanOrEqual(4);
    expect(profile.people.find((p) => p.id === profile.safetyLeader)?.role).toBe('deputy_head');
  });

  it('has at least 50 enterprises of every class, spread over sectors and villages', () => {
    expect(profile.enterprises.length).toBeGreaterThanOrEqual(50);
    expect(new Set(profile.enterprises.map((e) => e.class))).toEqual(new Set(['A', 'B', 'C']));
    expect(profile.sectors.length).toBeGreaterThanOrEqual(12);
    expect(profile.villages.length).toBeGreaterThanOrEqual(8);
    expect(new Set(profile.enterprises.map((e) => e.village)).size).toBe(profile.villages.length);
  });

  it('gives every deputy head sectors to lead (一岗双责)', () => {
    for (const deputy of profile.people.filter((p) => p.role === 'deputy_head')) {
      expect(profile.sectors.some((s) => s.leader === deputy.id), deputy.id).toBe(true);
    }
  });

  it('only uses .example mail domains, so a demo never mails anyone real', () => {
    const emails = [...profile.people.map((p) => p.email), ...profile.enterprises.map((e) => e.principal.email)];
    expect(emails.length).toBeGreaterThan(80);
    for (const email of emails) expect(email).toMatch(/@[a-z0-9.-]+\.example$/);
  });

  it('reads phone numbers as written, leading zero kept', () => {
    expect(profile.people.find((p) => p.id === 'liuwb')?.phone).toBe('07918800101');
  });

  it('leaves the calendar, policy and duty calendar at their defaults', () => {
    expect(profile.calendar).toEqual({ holidays: [], workdays: [] });
    expect(profile.policy).toEqual({});
    expect(profile.duties).toBeUndefined();
  });
});

describe('the contract example (§2)', () => {
  it('passes once the people it names and the required roles are added', () => {
    const { profile, warnings } = accepted(TOWN);
    expect(warnings).toEqual([]);
    expect(profile.enterprises[0]).toEqual({
      id: 'e001',
      name: '东方加油站',
      sector: 'hazchem',
      class: 'A',
      village: 'dongcun',
      principal: { name: '周经理', email: 'zhou@e001.example' },
    });
    expect(profile.calendar).toEqual({ holidays: ['2027-02-05'], workdays: ['2027-02-14'] });
    expect(profile.duties).toEqual([]);
  });

  it('as printed, names every person it lacks and every role escalation needs', () => {
    const problems = errorsOf(CONTRACT_EXAMPLE);
    expect(problems.map((p) => p.path).sort()).toEqual(
      [
        'safetyLeader',
        'people',
        'people',
        'sectors[0].leader',
        'sectors[0].inspector',
        'villages[0].supervisor',
        'villages[0].leader',
      ].sort(),
    );
    expect(problems.filter((p) => p.path === 'people').map((p) => p.message).join('\n')).toMatch(/镇长[\s\S]*安办主任/);
  });
});

describe('broken-town.yaml', () => {
  const source = example('broken-town.yaml');
  const problems = errorsOf(source);

  it('reports each deliberate mistake at its line', () => {
    const expected: [path: string, needle: string, message: string][] = [
      ['safetyLeader', 'sunjg', '未知的人员 "sunjg"'],
      ['people', 'people:', '没有登记安办主任'],
      ['people[3].email', 'lvhm@baishi ', '不是有效的电子邮箱地址 "lvhm@baishi"'],
      ['people[4].role', 'inspecter', '未知的角色 "inspecter"'],
      ['people[5].id', 'lvhm, name: 吕红梅', '编号 "lvhm" 重复'],
      ['sectors[1].leader', 'lvhm, inspector: lvhm', '"lvhm" 是安监员，不能担任分管领导'],
      ['enterprises[1].sector', 'hazhem', '未知的行业领域 "hazhem"，是否应为 "hazchem"'],
      ['enterprises[1].class', 'D, village', '未知的企业分级 "D"'],
      ['enterprises[2].sector', '{ id: e003', '缺少必填项 "sector"'],
      ['enterprises[2].sectr', 'sectr', '未知的字段 "sectr"，是否应为 "sector"'],
      ['calendar.holidays[1]', '2027-02-30', '不是有效的日期 "2027-02-30"'],
      ['calendar.workdays[1]', '2027-02-05] #', '同时列在 holidays（放假）和 workdays（调休上班）中'],
      ['policy.hazard.maxExtensions', '20 ', '应不大于 10，实际为 20'],
    ];
    for (const [path, needle, message] of expected) expectAt(problems, source, path, needle, message);
    expect(problems).toHaveLength(expected.length);
  });

  it('lists them in file order, one line each', () => {
    const lines = problems.map((p) => p.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(formatProfileProblem('broken-town.yaml', at(problems, 'enterprises[1].sector'))).toBe(
      `broken-town.yaml:${lineOf(source, 'hazhem')}:${columnOf(source, 'hazhem')} enterprises[1].sector: 未知的行业领域 "hazhem"，是否应为 "hazchem"？（已定义的行业领域：hazchem、fireworks）`,
    );
  });
});

// ── shape ───────────────────────────────────────────────────────────────────────────────────────

describe('shape: each field is checked where it is written', () => {
  it('refuses an unknown key, and suggests the key that was meant', () => {
    const source = edit(TOWN, 'sector: hazchem, class: A', 'sectr: hazchem, class: A');
    const problems = errorsOf(source);
    const p = expectAt(problems, source, 'enterprises[0].sectr', 'sectr', '未知的字段 "sectr"，是否应为 "sector"？');
    expect(p.message).toContain('id、name、sector、class、village、address、principal');
    expectAt(problems, source, 'enterprises[0].sector', '{ id: e001', '缺少必填项 "sector"');
  });

  it('refuses unknown keys at every level, the top included', () => {
    const source = edit(edit(TOWN, 'enterprises:', 'enterprise:'), 'principal: { name: 周经理,', 'principal: { nmae: 周经理,');
    const problems = errorsOf(source);
    expectAt(problems, source, 'enterprise', 'enterprise:', '是否应为 "enterprises"');
    expectAt(problems, source, 'enterprises', 'town:', '缺少必填项 "enterprises"');
  });

  it('refuses a key written twice in one mapping', () => {
    const source = edit(TOWN, 'town: 示例镇\n', 'town: 示例镇\ntown: 样例镇\n');
    expectAt(errorsOf(source), source, 'town', 'town: 样例镇', '字段 "town" 重复出现（第 1 行已有）');
  });

  it('points a missing field at the mapping that lacks it', () => {
    const source = edit(TOWN, '{ name: 周经理, email: zhou@e001.example }', '{ name: 周经理 }');
    expectAt(errorsOf(source), source, 'enterprises[0].principal.email', '{ name: 周经理 }', '缺少必填项 "email"');
  });

  it('refuses a bad e-mail address, saying what one looks like', () => {
    const source = edit(TOWN, 'email: zhao@town.example', 'email: zhao@town');
    expectAt(errorsOf(source), source, 'people[4].email', 'zhao@town ', '不是有效的电子邮箱地址 "zhao@town"（应形如');
  });

  it('refuses a class other than A, B or C', () => {
    const source = edit(TOWN, 'class: A, village', 'class: A类, village');
    expectAt(errorsOf(source), source, 'enterprises[0].class', 'A类', '未知的企业分级 "A类"（应为 A、B 或 C');
  });

  it('refuses an unknown role, listing the roles with their Chinese names', () => {
    const source = edit(TOWN, 'role: town_head', 'role: townhead');
    const p = expectAt(errorsOf(source), source, 'people[1].role', 'townhead', '未知的角色 "townhead"');
    expect(p.message).toContain('town_head（镇长）');
    expect(p.message).toContain('village_supervisor（村级安全监督员）');
  });

  it('refuses impossible dates and other date formats', () => {
    const source = edit(TOWN, 'holidays: [2027-02-05]', 'holidays: [2027-02-29, 2027/02/05]');
    const problems = errorsOf(source);
    expectAt(problems, source, 'calendar.holidays[0]', '2027-02-29', '不是有效的日期 "2027-02-29"（格式为 YYYY-MM-DD');
    expectAt(problems, source, 'calendar.holidays[1]', '2027/02/05', '不是有效的日期 "2027/02/05"');
  });

  it('refuses ids that are not plain letters and digits', () => {
    const source = edit(TOWN, 'id: dongcun', 'id: 东村');
    const problems = errorsOf(source);
    expectAt(problems, source, 'villages[0].id', '东村, name', '编号只能由字母、数字和 . _ - 组成');
    // The enterprise in 东村 now points at a village that does not exist.
    expectAt(problems, source, 'enterprises[0].village', 'dongcun,\n', '未知的村（社区） "dongcun"');
  });

  it('refuses empty names and sections of the wrong kind', () => {
    const source = edit(edit(TOWN, 'name: 东村', 'name: ""'), 'villages:\n', 'villages: 东村\nvillages_:\n');
    const problems = errorsOf(source);
    expectAt(problems, source, 'villages', '东村\n', '应为列表');
    expectAt(problems, source, 'villages_', 'villages_', '未知的字段 "villages_"，是否应为 "villages"');
  });

  it('reports an empty entry as empty', () => {
    const source = edit(TOWN, 'sectors:                     # 一岗双责: each sector has a leader and an inspector\n', 'sectors:\n  -\n');
    const p = at(errorsOf(source), 'sectors[0]');
    expect(p.line).toBe(lineOf(source, '-\n  - { id: hazchem'));
    expect(p.message).toBe('此项为空，应为映射（“字段: 值”，或写成 { 字段: 值 }）');
  });

  it('reads ids and phone numbers as the text written', () => {
    const source = edit(
      edit(TOWN, 'id: e001, name: 东方加油站', 'id: 001, name: 东方加油站'),
      '{ name: 周经理, email: zhou@e001.example }',
      '{ name: 周经理, email: zhou@e001.example, phone: 057112345678 }',
    );
    const { profile } = accepted(source);
    expect(profile.enterprises[0]?.id).toBe('001');
    expect(profile.enterprises[0]?.principal.phone).toBe('057112345678');
  });

  it('accepts a missing villages section and missing optional fields', () => {
    const source = edit(
      edit(TOWN, 'villages:\n  - { id: dongcun, name: 东村, supervisor: chen, leader: li }\n', ''),
      'village: dongcun,',
      '',
    ).replace(/calendar:[\s\S]*$/, '');
    const { profile, warnings } = accepted(source);
    expect(profile.villages).toEqual([]);
    expect(profile.enterprises[0]?.village).toBeUndefined();
    expect(profile.calendar).toEqual({ holidays: [], workdays: [] });
    expect(profile.policy).toEqual({});
    expect(profile.duties).toBeUndefined();
    // chen supervises no village any more.
    expect(warnings.map((w) => w.path)).toEqual(['people[5].id']);
  });
});

describe('the file as a whole', () => {
  it('an empty file or one with only comments', () => {
    expect(errorsOf('')).toEqual([{ path: '', message: expect.stringContaining('文件为空') }]);
    expect(errorsOf('# 青山镇\n\n')[0]?.message).toContain('文件为空');
  });

  it('a file that is a list, not a mapping', () => {
    const [p] = errorsOf('- town: 示例镇\n');
    expect(p).toMatchObject({ path: '', line: 1, column: 1 });
    expect(p?.message).toContain('文件顶层应为“字段: 值”的映射');
  });
});

// ── YAML syntax ─────────────────────────────────────────────────────────────────────────────────

describe('YAML syntax errors', () => {
  it('reports an unclosed brace at the line the parser stopped, and nothing else', () => {
    const source = edit(TOWN, 'email: liu@town.example }', 'email: liu@town.example');
    const problems = errorsOf(source);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: '', line: lineOf(source, '- { id: li,') });
    expect(problems[0]?.message).toMatch(/^YAML 语法错误：花括号 \{ 或方括号 \[ 没有正确结束/);
  });

  it('reports Chinese punctuation where YAML needs ASCII', () => {
    const source = edit(TOWN, 'id: wang, name: 王书记', 'id: wang，name: 王书记');
    const [p] = errorsOf(source);
    expect(p?.line).toBe(lineOf(source, 'wang，'));
    expect(p?.message).toContain(`第 ${lineOf(source, 'wang，')} 行有中文标点 “，”`);
  });

  it('reports only the first one: after it the parser is lost and would flag every later line', () => {
    const source = edit(example('demo-town.yaml'), '  - { id: chenzy,', '  - ｛ id: chenzy,');
    const problems = errorsOf(source);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain(`第 ${lineOf(source, '｛')} 行有中文标点 “｛”`);
    expect(problems[0]?.message).toContain('改正后才能检查文件的其余内容');
  });

  it('reports a tab used for indentation', () => {
    const source = edit(TOWN, '  holidays:', '\tholidays:');
    const [p] = errorsOf(source);
    expect(p?.line).toBe(lineOf(source, '\tholidays'));
    expect(p?.message).toContain('不能用 Tab 键缩进，请改用空格');
  });

  it('reports an unclosed quote', () => {
    const source = edit(TOWN, 'town: 示例镇', 'town: "示例镇');
    const [p] = errorsOf(source);
    expect(p?.message).toContain('引号没有配对');
    expect(p?.line).toBeGreaterThanOrEqual(1);
  });

  it('reports a second document', () => {
    const [p] = errorsOf(`${TOWN}---\ntown: 另一个镇\n`);
    expect(p?.line).toBe(lineOf(`${TOWN}---\n`, '---'));
    expect(p?.message).toContain('文件中只能有一份配置');
  });
});

describe('a key typed without the space after its colon', () => {
  /** The one problem on the line of `needle`, at its column. */
  const slipAt = (problems: ProfileProblem[], source: string, needle: string) => {
    const found = problems.filter((p) => p.line === lineOf(source, needle) && p.column === columnOf(source, needle));
    expect(found, problems.map((p) => formatProfileProblem('town.yaml', p)).join('\n')).toHaveLength(1);
    return found[0]!;
  };

  it('`town:青山镇` in the demo town is named at its own line, not at the next key the parser trips on', () => {
    const source = edit(example('demo-town.yaml'), 'town: 青山镇', 'town:青山镇');
    const problems = errorsOf(source);
    expect(problems).toEqual([
      { path: '', line: 14, column: 1, message: 'YAML 语法错误：“town:青山镇”冒号后须有空格，应写成“town: 青山镇”' },
    ]);
    expect(lineOf(source, 'town:青山镇')).toBe(14);
  });

  it('a full-width colon from a Chinese input method, with or without a space after it', () => {
    for (const written of ['town：青山镇', 'town： 青山镇']) {
      const source = edit(example('demo-town.yaml'), 'town: 青山镇', written);
      expect(errorsOf(source)).toEqual([
        { path: '', line: 14, column: 1, message: `YAML 语法错误：“${written}”应使用半角冒号“:”，冒号后须有空格，应写成“town: 青山镇”` },
      ]);
    }
  });

  it('is found in block and flow mappings at every depth, the duties included, and named together with every other problem', () => {
    const withDuty = `${TOWN.replace('duties: []', 'duties:')}\n  - id: fire-drill\n    name: 消防演练\n    every:quarter\n    opens: { workday: 1 }\n    due: { workday:5 }\n    assignee: { person: zhang }\n`;
    let source = edit(withDuty, 'safetyLeader: li ', 'safetyLeader:li ');
    source = edit(source, '{ id: liu, name: 刘镇长,', '{ id: liu, name:刘镇长,');
    source = edit(source, 'principal: { name: 周经理,', 'principal: { name：周经理,');
    // A problem after a slip on the same line keeps the column it has in the file as written.
    source = edit(source, '{ id: hazchem, name: 危险化学品, leader: li, inspector: zhao }', '{ id:hazchem, name: 危险化学品, leader: lii, inspector: zhao }');
    const problems = errorsOf(source);
    expect(slipAt(problems, source, 'safetyLeader:li').message).toContain('“safetyLeader:li”冒号后须有空格，应写成“safetyLeader: li”');
    expect(slipAt(problems, source, 'name:刘镇长').message).toContain('“name:刘镇长”冒号后须有空格，应写成“name: 刘镇长”');
    expect(slipAt(problems, source, 'name：周经理').message).toContain('“name：周经理”应使用半角冒号“:”');
    expect(slipAt(problems, source, 'id:hazchem').message).toContain('应写成“id: hazchem”');
    expect(slipAt(problems, source, 'every:quarter').message).toContain('应写成“every: quarter”');
    expect(slipAt(problems, source, 'workday:5').message).toContain('应写成“workday: 5”');
    expectAt(problems, source, 'sectors[0].leader', 'lii', '未知的人员 "lii"');
    expect(problems).toHaveLength(7);
  });

  it('leaves values that hold a colon alone: web addresses, quoted times, env:VAR, comments and block text', () => {
    const source = edit(
      edit(
        edit(TOWN, 'policy: {}', 'policy:\n  hazard: { noticeTime: "09:30" }\n  task:\n    noticeTime: \'08:30\''),
        'principal: { name: 周经理, email: zhou@e001.example }',
        'address: http://map.example/e001?at=12:30, principal: { name: "town:周经理, id:7", email: zhou@e001.example }',
      ),
      '  - { id: dongcun, name: 东村, supervisor: chen, leader: li }\n',
      '  # 也可写成一行：{ id:dongcun, name:东村 } 是错的，冒号后要有空格\n  - id: dongcun        # town:东村 id:dongcun\n    name: env:VILLAGE\n    supervisor: chen\n    leader: li\n  - id: xicun\n    name: >-\n      name:西村\n      leader:li\n    supervisor: chen\n    leader: li\n',
    );
    const { profile } = accepted(source);
    expect(profile.enterprises[0]?.address).toBe('http://map.example/e001?at=12:30');
    expect(profile.enterprises[0]?.principal.name).toBe('town:周经理, id:7');
    expect(profile.villages.map((v) => v.name)).toEqual(['env:VILLAGE', 'name:西村 leader:li']);
    expect(profile.policy).toMatchObject({ hazard: { noticeTime: '09:30' }, task: { noticeTime: '08:30' } });
  });
});

// ── cross-references ────────────────────────────────────────────────────────────────────────────

describe('cross-references', () => {
  /** The town with a line added after the line that ends with `anchor`. */
  const withLine = (anchor: string, added: string) => edit(TOWN, anchor, `${anchor}  ${added}\n`);

  it.each([
    [
      'people',
      withLine('chen@town.example }\n', '- { id: zhang, name: 张二, role: inspector, email: zhang2@town.example }'),
      'people[6].id',
      'zhang, name: 张二',
      '编号 "zhang" 重复：people[3]（第 7 行）已使用此编号',
    ],
    [
      'sectors',
      withLine('inspector: zhao }\n', '- { id: hazchem, name: 加油站, leader: li, inspector: zhao }'),
      'sectors[1].id',
      'hazchem, name: 加油站',
      '编号 "hazchem" 重复：sectors[0]',
    ],
    [
      'villages',
      withLine('leader: li }\n', '- { id: dongcun, name: 西村, supervisor: chen, leader: li }'),
      'villages[1].id',
      'dongcun, name: 西村',
      '编号 "dongcun" 重复：villages[0]',
    ],
    [
      'enterprises',
      withLine('zhou@e001.example } }\n', '- { id: e001, name: 西方加油站, sector: hazchem, class: B, principal: { name: 吴经理, email: wu@e002.example } }'),
      'enterprises[1].id',
      'e001, name: 西方加油站',
      '编号 "e001" 重复：enterprises[0]',
    ],
  ])('refuses a duplicate id in %s', (_section, source, path, needle, message) => {
    expectAt(errorsOf(source), source, path, needle, message);
  });

  it.each([
    ['safetyLeader', 'safetyLeader: li ', 'safetyLeader: lii ', 'lii', '未知的人员 "lii"：people 中没有此编号，是否应为 "li"？（已登记的副镇长：li）'],
    ['sectors[0].leader', 'leader: li, inspector', 'leader: lii, inspector', 'lii', '未知的人员 "lii"'],
    ['sectors[0].inspector', 'inspector: zhao', 'inspector: zhou', 'zhou', '未知的人员 "zhou"：people 中没有此编号，是否应为 "zhao"？（已登记的安监员：zhao）'],
    ['villages[0].supervisor', 'supervisor: chen', 'supervisor: chan', 'chan', '（已登记的村级安全监督员：chen）'],
    ['villages[0].leader', 'chen, leader: li', 'chen, leader: wu', 'wu }', '未知的人员 "wu"：people 中没有此编号（已登记的副镇长、镇长或党委书记：wang、liu、li）'],
    ['enterprises[0].sector', 'sector: hazchem', 'sector: hazhem', 'hazhem', '未知的行业领域 "hazhem"，是否应为 "hazchem"？（已定义的行业领域：hazchem）'],
    ['enterprises[0].village', 'village: dongcun', 'village: xicun', 'xicun', '未知的村（社区） "xicun"（已定义的村（社区）：dongcun）'],
  ])('refuses an unknown reference in %s', (path, from, to, needle, message) => {
    const source = edit(TOWN, from, to);
    expectAt(errorsOf(source), source, path, needle, message);
  });

  it.each([
    ['party_secretary', '党委书记', 'role: party_secretary, email: wang', 'role: deputy_head, email: wang'],
    ['town_head', '镇长', 'role: town_head', 'role: deputy_head'],
    ['office_head', '安办主任', 'role: office_head', 'role: deputy_head'],
  ])('requires at least one %s', (role, name, from, to) => {
    const source = edit(TOWN, from, to);
    const p = expectAt(errorsOf(source), source, 'people', 'people:', `没有登记${name}（role: ${role}）`);
    expect(p.column).toBe(1);
  });
});

describe('role fit', () => {
  it('refuses an inspector as a sector leader: escalation must reach a town leader', () => {
    const source = edit(TOWN, 'leader: li, inspector: zhao', 'leader: zhao, inspector: zhao');
    const problems = errorsOf(source);
    expectAt(problems, source, 'sectors[0].leader', 'zhao, inspector', '"zhao" 是安监员，不能担任分管领导：超期督办会发给分管领导，应为副镇长、镇长或党委书记');
    expect(problems).toHaveLength(1);
  });

  it('refuses a village supervisor as the village leader', () => {
    const source = edit(TOWN, 'chen, leader: li', 'chen, leader: chen');
    expectAt(errorsOf(source), source, 'villages[0].leader', 'chen }', '"chen" 是村级安全监督员，不能担任包村领导');
  });

  it('refuses an inspector as the safety leader', () => {
    const source = edit(TOWN, 'safetyLeader: li ', 'safetyLeader: zhao ');
    expectAt(errorsOf(source), source, 'safetyLeader', 'zhao ', '"zhao" 是安监员，不能担任分管安全的领导');
  });

  it('refuses one person as both the leader and the inspector of a sector', () => {
    const source = edit(TOWN, 'leader: li, inspector: zhao', 'leader: li, inspector: li');
    const result = parseProfile(source);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expectAt(result.problems, source, 'sectors[0].inspector', 'li }', '"li" 同时是安监员和分管领导：超期督办会发给本人');
  });

  it('warns, but accepts, the town head as safety leader and the office head as inspector', () => {
    const source = edit(edit(TOWN, 'safetyLeader: li ', 'safetyLeader: liu '), 'inspector: zhao', 'inspector: zhang');
    const { warnings } = accepted(source);
    expectAt(warnings, source, 'safetyLeader', 'liu ', '"liu" 的角色是镇长，不是副镇长，请确认由其担任分管安全的领导');
    expectAt(warnings, source, 'sectors[0].inspector', 'zhang }', '"zhang" 的角色是安办主任，不是安监员，请确认由其担任安监员');
    // zhao now inspects nothing.
    expectAt(warnings, source, 'people[4].id', 'zhao, name', '安监员 "zhao" 未负责任何行业领域');
  });

  it('warns about an inspector writing a village report', () => {
    const source = edit(TOWN, 'supervisor: chen', 'supervisor: zhao');
    const { warnings } = accepted(source);
    expectAt(warnings, source, 'villages[0].supervisor', 'zhao, leader', '"zhao" 的角色是安监员，不是村级安全监督员，请确认由其担任村级安全监督员');
    expectAt(warnings, source, 'people[5].id', 'chen, name', '村级安全监督员 "chen" 未负责任何村');
  });
});

describe('calendar overrides', () => {
  it('refuses a day that is both a holiday and a working day', () => {
    const source = edit(TOWN, 'workdays: [2027-02-14]', 'workdays: [2027-02-14, 2027-02-05]');
    const message = '日期 2027-02-05 同时列在 holidays（放假）和 workdays（调休上班）中（另见 calendar.holidays[0]）';
    expectAt(errorsOf(source), source, 'calendar.workdays[1]', '2027-02-05]     # make-up', message);
  });

  it('warns about a holiday on a weekend and a make-up day on a weekday', () => {
    let source = edit(TOWN, 'holidays: [2027-02-05]', 'holidays: [2027-02-05, 2027-02-06]');
    source = edit(source, 'workdays: [2027-02-14]', 'workdays: [2027-02-15]');
    const { profile, warnings } = accepted(source);
    expect(profile.calendar).toEqual({ holidays: ['2027-02-05', '2027-02-06'], workdays: ['2027-02-15'] });
    expectAt(warnings, source, 'calendar.holidays[1]', '2027-02-06', '2027-02-06 是周六，本来就不上班');
    expectAt(warnings, source, 'calendar.workdays[0]', '2027-02-15', '2027-02-15 是周一：调休上班日通常是周六或周日');
  });
});

describe('warnings that do not stop loading', () => {
  it('the same enterprise name twice, and two people sharing a mailbox', () => {
    const source = edit(
      edit(TOWN, 'calendar:', '  - { id: e002, name: 东方加油站, sector: hazchem, class: B, principal: { name: 吴经理, email: wu@e002.example } }\ncalendar:'),
      'email: chen@town.example',
      'email: ZHAO@town.example',
    );
    const { warnings } = accepted(source);
    expectAt(warnings, source, 'enterprises[1].name', '东方加油站, sector: hazchem, class: B', '名称 "东方加油站" 与 enterprises[0] 相同');
    expectAt(warnings, source, 'people[5].email', 'ZHAO@town.example', '电子邮箱 "ZHAO@town.example" 与 people[4] 相同');
  });
});

// ── policy and duties ───────────────────────────────────────────────────────────────────────────

describe('policy overrides', () => {
  it('accepts overrides of the defaults and keeps only what was written', () => {
    const source = edit(TOWN, 'policy: {}', 'policy:\n  hazard:\n    maxExtensions: 2\n    maxExtensionDays: 30\n    noticeTime: "08:30"\n');
    const { profile } = accepted(source);
    expect(profile.policy).toEqual({ hazard: { maxExtensions: 2, maxExtensionDays: 30, noticeTime: '08:30' } });
    expect(resolvePolicy(profile.policy).hazard).toMatchObject({
      maxExtensions: 2,
      maxExtensionDays: 30,
      noticeTime: '08:30',
      escalationWorkdays: 3,
    });
  });

  it('accepts "no limit" for the longest extension', () => {
    const source = edit(TOWN, 'policy: {}', 'policy: { hazard: { maxExtensionDays: null, noticeTime: 08:30 } }');
    expect(accepted(source).profile.policy).toEqual({ hazard: { maxExtensionDays: null, noticeTime: '08:30' } });
  });

  it('refuses values out of range, of the wrong type, and unknown keys, each with its path and line', () => {
    const source = edit(
      TOWN,
      'policy: {}',
      'policy:\n  hazard:\n    maxExtensions: 20\n    escalationWorkdays: 0\n    verificationDays: 十天\n    noticeTime: 9点\n    maxExtension: 1\n  hazrd: {}\n',
    );
    const problems = errorsOf(source);
    expectAt(problems, source, 'policy.hazard.maxExtensions', '20\n', '应不大于 10，实际为 20');
    expectAt(problems, source, 'policy.hazard.escalationWorkdays', '0\n    verificationDays', '应不小于 1，实际为 0');
    expectAt(problems, source, 'policy.hazard.verificationDays', '十天', '应为数字，实际为文字 "十天"');
    expectAt(problems, source, 'policy.hazard.noticeTime', '9点', '不是有效的时间 "9点"');
    expectAt(problems, source, 'policy.hazard.maxExtension', 'maxExtension:', '未知的字段 "maxExtension"，是否应为 "maxExtensions"？');
    expectAt(problems, source, 'policy.hazrd', 'hazrd', '未知的字段 "hazrd"，是否应为 "hazard"？');
    expect(problems).toHaveLength(6);
  });

  it('refuses a fractional number of days', () => {
    const source = edit(TOWN, 'policy: {}', 'policy: { hazard: { verificationDays: 7.5 } }');
    expectAt(errorsOf(source), source, 'policy.hazard.verificationDays', '7.5', '应为整数，实际为数字 7.5');
  });
});

describe('duties (the format is domain/duties/; tests/unit/duties-profile.test.ts checks it in full)', () => {
  it('keeps each entry as written', () => {
    const source = edit(TOWN, 'duties: []', 'duties:\n  - { id: committee-meeting, every: quarter, assignee: { person: zhang } }\n');
    expect(accepted(source).profile.duties).toEqual([{ id: 'committee-meeting', every: 'quarter', assignee: { person: 'zhang' } }]);
  });

  it('names a field the format does not have, with the fields it does', () => {
    const source = edit(TOWN, 'duties: []', 'duties:\n  - { id: committee-meeting, every: quarter, extra: [1, 2] }\n');
    expectAt(errorsOf(source), source, 'duties[0].extra', 'extra', /未知的字段 "extra".*every/);
  });

  it('refuses an entry without an id, an entry that is not a mapping, and a section that is not a list', () => {
    const source = edit(TOWN, 'duties: []', 'duties:\n  - { name: 月度会议 }\n  - 季度检查\n');
    const problems = errorsOf(source);
    expectAt(problems, source, 'duties[0].id', '{ name: 月度会议 }', '缺少必填项 "id"');
    expectAt(problems, source, 'duties[1]', '季度检查', '应为映射');
    const notAList = edit(TOWN, 'duties: []', 'duties: { id: x }');
    expectAt(errorsOf(notAList), notAList, 'duties', '{ id: x }', '应为列表');
  });
});

// ── whole-file reporting ────────────────────────────────────────────────────────────────────────

describe('whole-file validation', () => {
  it('reports every problem of a file with many, in file order, and returns no profile', () => {
    let source = TOWN;
    source = edit(source, 'safetyLeader: li ', 'safetyLeader: lee ');
    source = edit(source, 'email: wang@town.example', 'email: wang-at-town');
    source = edit(source, 'role: office_head', 'role: office');
    source = edit(source, 'inspector: zhao', 'inspector: zhou');
    source = edit(source, 'supervisor: chen', 'supervisr: chen');
    source = edit(source, 'sector: hazchem', 'sector: hazhem');
    source = edit(source, 'class: A, village', 'class: E, village');
    source = edit(source, 'holidays: [2027-02-05]', 'holidays: [2027-13-01]');
    source = edit(source, 'policy: {}', 'policy: { hazard: { maxExtensions: -1 } }');
    source = edit(source, 'duties: []', 'duties: [ 1 ]');
    const result = parseProfile(source);
    expect(result.ok).toBe(false);
    expect('profile' in result).toBe(false);
    const problems = errorsOf(source);
    expect(problems.map((p) => p.path)).toEqual([
      'safetyLeader',
      'people',
      'people[0].email',
      'people[3].role',
      'sectors[0].inspector',
      'villages[0].supervisor',
      'villages[0].supervisr',
      'enterprises[0].sector',
      'enterprises[0].class',
      'calendar.holidays[0]',
      'policy.hazard.maxExtensions',
      'duties[0]',
    ]);
    for (const p of problems) expect(p.line, p.path).toBeGreaterThan(0);
  });

  it('does not report a reference again when its value is already malformed', () => {
    const source = edit(TOWN, 'sector: hazchem', 'sector: 危化');
    const problems = errorsOf(source);
    expect(problems).toHaveLength(1);
    expectAt(problems, source, 'enterprises[0].sector', '危化', '编号只能由字母、数字和 . _ - 组成');
  });
});

describe('the daily digest settings (contract §8)', () => {
  it('reads people[].digest, people[].digestAt and policy.digest', () => {
    let source = edit(TOWN, '{ id: zhao, name: 赵安监员, role: inspector, email: zhao@town.example }', '{ id: zhao, name: 赵安监员, role: inspector, email: zhao@town.example, digest: false }');
    source = edit(source, '{ id: chen, name: 陈监督员, role: village_supervisor, email: chen@town.example }', '{ id: chen, name: 陈监督员, role: village_supervisor, email: chen@town.example, digestAt: "17:30" }');
    source = edit(source, 'policy: {}', 'policy: { digest: false }');
    const { profile } = accepted(source);
    expect(profile.people.find((p) => p.id === 'zhao')).toMatchObject({ digest: false });
    expect(profile.people.find((p) => p.id === 'chen')).toMatchObject({ digestAt: '17:30' });
    expect(profile.policy).toEqual({ digest: false });
  });

  it('names a digest time that is no time, and a digest that is not true or false, where they are', () => {
    let source = edit(TOWN, '{ id: zhao, name: 赵安监员, role: inspector, email: zhao@town.example }', '{ id: zhao, name: 赵安监员, role: inspector, email: zhao@town.example, digestAt: 9点 }');
    source = edit(source, '{ id: chen, name: 陈监督员, role: village_supervisor, email: chen@town.example }', '{ id: chen, name: 陈监督员, role: village_supervisor, email: chen@town.example, digest: 不要 }');
    const problems = errorsOf(source);
    expect(problems).toHaveLength(2);
    expectAt(problems, source, 'people[4].digestAt', '9点', '不是有效的时刻 "9点"（应形如 09:00，24 小时制）');
    expectAt(problems, source, 'people[5].digest', '不要', '应为true 或 false，实际为文字 "不要"');
  });
});

describe('formatProfileProblem', () => {
  it('prints file, line, column, path and message on one line', () => {
    expect(formatProfileProblem('town.yaml', { path: 'enterprises[3].sector', line: 23, column: 5, message: '未知的行业领域 "hazhem"' })).toBe(
      'town.yaml:23:5 enterprises[3].sector: 未知的行业领域 "hazhem"',
    );
  });

  it('leaves out what it does not know', () => {
    expect(formatProfileProblem('town.yaml', { path: '', message: '文件为空' })).toBe('town.yaml 文件为空');
    expect(formatProfileProblem('town.yaml', { path: '', line: 3, column: 1, message: 'YAML 语法错误' })).toBe('town.yaml:3:1 YAML 语法错误');
    expect(formatProfileProblem('town.yaml', { path: 'people', line: 3, message: 'x' })).toBe('town.yaml:3 people: x');
  });
});
