// `anwei simulate` as contract §5 has it: the real workflows on the time-skipping server, every hazard
// notice of §3 at its exact simulated time, the --json shape, and a bad scenario refused (exit 2) with
// every problem named.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, anwei, tempDir } from './support.ts';

interface Result {
  notifications: Array<{ at: string; kind: string; to: string[]; subject: string; ref: string; emails: Record<string, string | null> }>;
  hazards: Array<{ id: string; status: string; due: string }>;
  tasks: Array<{ id: string; assignee: string; due: string; status: string }>;
  campaigns: unknown[];
  warnings: string[];
}

const SEASON = 'tests/cli/fixtures/season-2030.yaml';
const TOWN = join(ROOT, 'tests', 'fixtures', 'town.yaml');

const HAZARD_KINDS = [
  'hazard.assigned',
  'hazard.major_listed',
  'hazard.reminder',
  'hazard.overdue',
  'hazard.escalation',
  'hazard.extension_requested',
  'hazard.extension_decided',
  'hazard.verification_requested',
  'hazard.verification_overdue',
  'hazard.rejected',
  'hazard.closed',
];

/** Recipients by the local part of their address (the test town's people and principals). */
const mail: Record<string, string> = {
  wang: 'wang@e1.example',
  li: 'li@e2.example',
  zhang: 'zhang@e3.example',
  ...Object.fromEntries(['sec', 'head', 'lead', 'lead2', 'insp', 'insp2'].map((id) => [id, `${id}@town.example`])),
};

/**
 * Every notice of the 2030 season (tests/cli/fixtures/season-2030.yaml), worked out by hand from the
 * contract and the test town's calendar: 中秋 09-12 (Thu) off, 国庆 10-01..10-07 off, 09-29 (Sun) worked.
 */
const EXPECTED: Array<[at: string, kind: string, ref: string, to: string[]]> = [
  // H1: 3 working days from Mon 09-09 skip 中秋 → due Fri 09-13.
  ['2030-09-09T10:00', 'hazard.assigned', 'H1', ['insp', 'wang']],
  ['2030-09-11T09:00', 'hazard.reminder', 'H1', ['insp', 'wang']], // working day before 09-13 (09-12 off)
  ['2030-09-16T09:00', 'hazard.overdue', 'H1', ['insp', 'wang']], // first working day after 09-13
  ['2030-09-16T09:00', 'hazard.escalation', 'H1', ['lead']], // level 1 with it
  // acknowledged by lead 09-17 11:00 → level 2 resumes 5 working days later (09-24), not 3 after level 1
  ['2030-09-24T09:00', 'hazard.escalation', 'H1', ['head', 'sec']],
  ['2030-09-25T15:00', 'hazard.verification_requested', 'H1', ['insp']],
  ['2030-09-26T10:00', 'hazard.rejected', 'H1', ['insp', 'wang']], // new deadline 10-08
  ['2030-09-30T09:00', 'hazard.reminder', 'H1', ['insp', 'wang']], // working day before 10-08 is before 国庆
  ['2030-10-08T16:00', 'hazard.verification_requested', 'H1', ['insp']],
  ['2030-10-19T09:00', 'hazard.verification_overdue', 'H1', ['lead']], // 11th calendar day after 10-08 (a Saturday)
  ['2030-10-21T10:00', 'hazard.closed', 'H1', ['insp', 'lead', 'wang']],
  // H2 (重大): due 09-27, extended by 2 working days from 09-27 → 09-29 (调休 Sunday), 09-30.
  ['2030-09-23T10:00', 'hazard.assigned', 'H2', ['insp', 'li']],
  ['2030-09-23T10:00', 'hazard.major_listed', 'H2', ['head', 'lead', 'sec']],
  ['2030-09-24T10:00', 'hazard.extension_requested', 'H2', ['lead']],
  ['2030-09-25T14:00', 'hazard.extension_decided', 'H2', ['insp', 'li']], // approved before the old reminder (09-26) was due
  ['2030-09-29T09:00', 'hazard.reminder', 'H2', ['insp', 'li']], // the 调休 Sunday is the working day before 09-30
  ['2030-10-01T09:00', 'hazard.overdue', 'H2', ['insp', 'li']], // 重大: the first day after, holiday or not
  ['2030-10-01T09:00', 'hazard.escalation', 'H2', ['lead']],
  ['2030-10-02T09:00', 'hazard.escalation', 'H2', ['head', 'sec']], // 重大: level 2 one day after level 1
  ['2030-10-09T10:00', 'hazard.verification_requested', 'H2', ['insp']],
  ['2030-10-10T10:00', 'hazard.closed', 'H2', ['head', 'insp', 'lead', 'li', 'sec']],
  // H3: 15 calendar days from 09-16 = 10-01, a holiday → the next working day 10-08.
  ['2030-09-16T10:00', 'hazard.assigned', 'H3', ['insp2', 'zhang']],
  ['2030-09-20T10:00', 'hazard.extension_requested', 'H3', ['lead2']],
  ['2030-09-23T10:00', 'hazard.extension_decided', 'H3', ['insp2', 'zhang']], // denied: due stays 10-08
  ['2030-09-30T09:00', 'hazard.reminder', 'H3', ['insp2', 'zhang']],
  ['2030-09-30T15:00', 'hazard.verification_requested', 'H3', ['insp2']],
  ['2030-10-08T10:00', 'hazard.closed', 'H3', ['insp2', 'lead2', 'zhang']],
];

const key = (n: { at: string; kind: string; ref: string; to: string[] }) => `${n.at} ${n.ref} ${n.kind} ${n.to.join(',')}`;

function parseResult(stdout: string): Result {
  return JSON.parse(stdout) as Result;
}

describe('anwei simulate', () => {
  it('sends every hazard notice of §3 at its exact time (test town, 2030), as --json and as a timeline', async () => {
    const [asJson, asText] = await Promise.all([anwei(['simulate', SEASON, '--json']), anwei(['simulate', SEASON])]);
    expect(asJson.code, asJson.stderr).toBe(0);
    const result = parseResult(asJson.stdout);
    expect(Object.keys(result)).toEqual(['notifications', 'hazards', 'tasks', 'campaigns', 'posts', 'warnings']);

    for (const n of result.notifications) {
      expect(Object.keys(n)).toEqual(['at', 'kind', 'to', 'subject', 'ref', 'links', 'emails']);
      // Contract §8: for each address in `to`, the email that carried it there.
      expect(Object.keys(n.emails).sort()).toEqual(n.to);
      expect(n.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
      expect(n.to).toEqual([...n.to].sort());
      expect(n.subject.length).toBeGreaterThan(0);
    }
    // In the order they were sent.
    expect(result.notifications.map((n) => n.at)).toEqual(result.notifications.map((n) => n.at).sort());

    const expected = EXPECTED.map(([at, kind, ref, to]) => ({ at: `${at}:00+08:00`, kind, ref, to: to.map((t) => mail[t]!).sort() }));
    // The duty calendar runs too (its own tests pin it); here, the hazards' notices.
    const hazardNotices = result.notifications.filter((n) => n.kind.startsWith('hazard.'));
    expect(hazardNotices.map(key).sort()).toEqual(expected.map(key).sort());
    expect(new Set(hazardNotices.map((n) => n.kind))).toEqual(new Set(HAZARD_KINDS));
    // The two levels of escalation, as their subjects say.
    const escalations = hazardNotices.filter((n) => n.kind === 'hazard.escalation').map((n) => [n.ref, n.at.slice(0, 10), n.subject]);
    expect(escalations.map(([ref, day, subject]) => [ref, day, /督办·一级/.test(subject!) ? 1 : /督办·二级/.test(subject!) ? 2 : 0])).toEqual([
      ['H1', '2030-09-16', 1],
      ['H1', '2030-09-24', 2],
      ['H2', '2030-10-01', 1],
      ['H2', '2030-10-02', 2],
    ]);

    expect(result.hazards).toEqual([
      { id: 'H1', status: 'closed', due: '2030-10-08' },
      { id: 'H2', status: 'closed', due: '2030-09-30' },
      { id: 'H3', status: 'closed', due: '2030-10-08' },
    ]);
    // The default duty calendar's tasks of the season, each as contract §5 lists them.
    expect(result.tasks.length).toBeGreaterThan(0);
    for (const t of result.tasks) {
      expect(Object.keys(t)).toEqual(['id', 'assignee', 'due', 'status']);
      expect(['open', 'done', 'overdue', 'cancelled']).toContain(t.status);
    }
    expect(result.tasks.map((t) => t.id)).toContain('holiday-check:national_day-2030:hazchem');
    expect(result.campaigns).toEqual([]);
    // 2030 is written out in the town's calendar: nothing unconfirmed to warn about.
    expect(result.warnings).toEqual([]);

    expect(asText.code, asText.stderr).toBe(0);
    expect(asText.stdout).toMatch(/^邮件时间线（每行一封邮件，其下是它载送的通知）：\n/);
    // H2 is 重大: its reminder goes at once, alone, one email to both.
    expect(asText.stdout).toContain('  2030-09-29 09:00  → insp@town.example, li@e2.example  【重大隐患整改到期提醒】');
    expect(asText.stdout).toContain('\n        hazard.reminder                H2\n');
    expect(asText.stdout).toMatch(/\n {2}\d{4}-\d\d-\d\d 09:01 {2}→ \S+ {2}今日待办（\d+项）\n/);
    expect(asText.stdout).toContain('  H2  已销号  期限 2030-09-30');
    const emails = new Set(result.notifications.flatMap((n) => Object.values(n.emails)));
    expect(asText.stdout).toMatch(new RegExp(`共 ${result.notifications.length} 条通知，${emails.size} 封邮件，3 项隐患，${result.tasks.length} 项任务。\\n$`));
    // Progress goes to stderr, without the worker's warnings about the test server.
    expect(asText.stderr).toContain('模拟：测试镇，2030-09-09T08:00:00+08:00 至 2030-10-31T18:00:00+08:00，16 个动作');
    expect(asText.stderr).not.toMatch(/WARN/);
  });

  it('runs the shipped demo scenario through every hazard notice kind and closes every hazard', async () => {
    // The demo is written for 2027; once that is past, run it whole years (52 weeks) later so weekdays stay.
    const original = readFileSync(join(ROOT, 'examples', 'demo-scenario.yaml'), 'utf8');
    const start = Date.parse(/^start: (\S+)$/m.exec(original)![1]!);
    const week = 7 * 86_400_000;
    let shift = 0;
    while (start + shift < Date.now() + 86_400_000) shift += 52 * week;
    const shifted = original
      .replace(/^profile: .*$/m, `profile: ${join(ROOT, 'examples', 'demo-town.yaml')}`)
      .replace(/(?<!\d)(\d{4}-\d\d-\d\d)(?!\d)/g, (d) => new Date(Date.parse(`${d}T00:00:00Z`) + shift).toISOString().slice(0, 10));
    const file = join(tempDir(), 'demo-scenario.yaml');
    writeFileSync(file, shifted);

    const run = await anwei(['simulate', file, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const result = parseResult(run.stdout);
    expect(new Set(result.notifications.filter((n) => n.kind.startsWith('hazard.')).map((n) => n.kind))).toEqual(new Set(HAZARD_KINDS));
    // The demo town's duty calendar runs alongside: a meeting invitation and escalated duty tasks.
    // (calendar.unconfirmed too while the demo's year has no official holiday arrangement: one email to the office head.)
    const kinds = new Set(result.notifications.map((n) => n.kind));
    const unconfirmed = result.notifications.filter((n) => n.kind === 'calendar.unconfirmed');
    expect(unconfirmed.length).toBe(result.warnings.length > 0 ? 1 : 0);
    if (unconfirmed.length) {
      expect(unconfirmed[0]!.to).toEqual(['liuwb@qingshan.example']);
      expect(unconfirmed[0]!.at).toMatch(/T09:00:00\+08:00$/); // a scheduled notice: 09:00 (contract §1)
    }
    kinds.delete('calendar.unconfirmed');
    expect(kinds).toEqual(new Set([...HAZARD_KINDS, 'meeting.invite', 'duty.assigned', 'duty.reminder', 'duty.overdue', 'duty.escalation']));
    const levels = result.notifications.filter((n) => n.kind === 'hazard.escalation').map((n) => (/督办·一级/.test(n.subject) ? 1 : 2));
    expect(new Set(levels)).toEqual(new Set([1, 2]));
    for (const n of result.notifications) expect(n.to).toEqual([...n.to].sort());
    expect(result.hazards.map((h) => [h.id, h.status])).toEqual([
      ['H1', 'closed'],
      ['H2', 'closed'],
      ['H3', 'closed'],
    ]);
    // Contract §8: at most one scheduled email a person a day — every scheduled, non-urgent notice went in
    // that person's daily digest (H2 is 重大; level 2, invitations and event notices go alone).
    const scheduled = new Set(['hazard.reminder', 'hazard.overdue', 'hazard.escalation', 'hazard.verification_overdue', 'duty.assigned', 'duty.reminder', 'duty.overdue', 'duty.escalation']);
    const digestible = result.notifications.filter((n) => scheduled.has(n.kind) && n.ref !== 'H2' && !/二级/.test(n.subject) && n.at.slice(11, 16) === '09:00');
    expect(digestible.length).toBeGreaterThan(300);
    const digests = new Map<string, Set<string>>();
    for (const n of digestible) {
      for (const [address, id] of Object.entries(n.emails)) {
        expect(id, `${n.kind} ${n.ref} to ${address}`).toMatch(/^digest:/);
        const day = `${address} ${n.at.slice(0, 10)}`;
        digests.set(day, (digests.get(day) ?? new Set()).add(id!));
      }
    }
    for (const [day, ids] of digests) expect(ids.size, day).toBe(1);
    const emails = new Set(result.notifications.flatMap((n) => Object.values(n.emails)));
    expect(emails.size).toBeLessThan(result.notifications.length / 2);

    // The 重大 hazard's closing reaches the town head and the party secretary too.
    expect(result.notifications.find((n) => n.kind === 'hazard.closed' && n.ref === 'H2')!.to).toEqual(
      expect.arrayContaining(['chenzy@qingshan.example', 'linht@qingshan.example']),
    );
  });

  it('refuses a bad scenario with exit 2, naming every problem with its line', async () => {
    const dir = tempDir();
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const head = `profile: ${TOWN}\nstart: 2030-09-09T08:00:00+08:00\nuntil: 2030-10-31T18:00:00+08:00\nactions:\n`;
    const bad = write(
      'bad.yaml',
      head +
        [
          '  - at: 2030-09-09T10:00:00+08:00', // line 5
          '    do: hazard.report',
          '    with: { id: H1, enterprise: e9, level: general, description: 仓库堆放超高, deadline: { workdays: 3 }, by: insp }',
          '  - { at: 2030-09-31T10:00:00+08:00, do: hazard.submit, with: { id: H1, evidence: 已整改 } }', // line 8
          '  - { at: 2030-09-12T10:00:00+08:00, do: hazard.close, with: { id: H1, by: insp } }',
          '  - { at: 2030-09-13T10:00:00+08:00, do: hazard.verify, with: { id: H2, by: nobody, result: pass } }',
          '  - { at: 2030-09-14T10:00:00+08:00, do: hazard.ack, with: { id: H1, by: lead, colour: red } }',
          '',
        ].join('\n'),
    );
    const refused = write(
      'refused.yaml',
      head +
        [
          '  - at: 2030-09-09T10:00:00+08:00',
          '    do: hazard.report',
          '    with: { id: H1, enterprise: e1, level: general, description: 仓库堆放超高, deadline: { workdays: 3 }, by: insp }',
          '  - { at: 2030-09-10T10:00:00+08:00, do: hazard.submit, with: { id: H1, evidence: 已整改, by: insp } }',
          '  - { at: 2030-09-11T10:00:00+08:00, do: hazard.verify, with: { id: H1, by: insp, result: pass } }', // line 9
          '',
        ].join('\n'),
    );
    const badTown = write(
      'bad-town.yaml',
      `profile: ${join(ROOT, 'examples', 'broken-town.yaml')}\nstart: tomorrow\nuntil: 2030-10-31T18:00:00+08:00\nactions: []\n`,
    );
    const past = write('past.yaml', head.replace('2030-09-09T08:00:00+08:00', '2020-01-06T08:00:00+08:00') + '  []\n');

    const simulate = (f: string) => anwei(['simulate', f, '--json']);
    const [b, r, t, p] = await Promise.all([simulate(bad), simulate(refused), simulate(badTown), simulate(past)]);

    expect(b.code).toBe(2);
    expect(b.stdout).toBe('');
    expect(b.stderr.split('\n').filter((l) => l.startsWith('  - '))).toEqual([
      `  - ${bad}:7 actions[0].with.enterprise: 未知的企业 “e9”（见档案 enterprises）`,
      `  - ${bad}:8 actions[1].at: 不是有效的时间：2030-09-31T10:00:00+08:00（应为 ISO 8601，如 2027-03-01T08:00:00+08:00）`,
      `  - ${bad}:9 actions[2].do: 未知的动作 “hazard.close”（可用：hazard.report、hazard.ack、hazard.submit、hazard.verify、hazard.extend、hazard.decide_extension、duty.complete、campaign.start、campaign.close）`,
      `  - ${bad}:10 actions[3].with.by: 未知的人员 “nobody”（见档案 people）`,
      `  - ${bad}:10 actions[3].with.id: 隐患 H2 未在此动作之前上报`,
      `  - ${bad}:11 actions[4].with.colour: 未知的字段 “colour”（此处可用的字段：by、note、id）`,
    ]);
    expect(b.stderr).toMatch(new RegExp(`^错误：场景 ${bad} 有 6 处问题：`));

    // Refused by the engine as the CLI would refuse it: stops there, exit 2, the reason and the line.
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`错误：场景 ${refused}:9 第 3 个动作（hazard.verify，2030-09-11T10:00:00+08:00）被拒绝：\n  - 复查人不能是整改提交人（insp）：请由其他人员现场复查`);

    // A bad profile is named problem by problem, together with the scenario's own problems.
    expect(t.code).toBe(2);
    expect(t.stderr).toContain(`${badTown}:2 start: 不是有效的时间：tomorrow`);
    expect(t.stderr).toContain('broken-town.yaml:20:42 enterprises[1].sector: 未知的行业领域 "hazhem"');
    expect(t.stderr.split('\n').filter((l) => l.startsWith('  - '))).toHaveLength(14);

    expect(p.code).toBe(2);
    expect(p.stderr).toContain('start: 开始时间 2020-01-06T08:00:00+08:00 已经过去');
  });

  it('names a key typed without the space after its colon at its own line, with every other problem', async () => {
    const file = join(tempDir(), 'colons.yaml');
    writeFileSync(
      file,
      [
        `profile: ${TOWN}`,
        'start: 2030-09-09T08:00:00+08:00',
        'until: 2030-10-31T18:00:00+08:00',
        'actions:',
        '  - at: 2030-09-09T10:00:00+08:00',
        '    do:hazard.report', // line 6
        '    with: { id: H1, enterprise:e9, level: general, description: "说明：见附件", deadline: { workdays：3 }, by: insp }',
        '',
      ].join('\n'),
    );
    const run = await anwei(['simulate', file, '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').filter((l) => l.startsWith('  - '))).toEqual([
      `  - ${file}:6 YAML 语法错误：“do:hazard.report”冒号后须有空格，应写成“do: hazard.report”`,
      `  - ${file}:7 YAML 语法错误：“enterprise:e9”冒号后须有空格，应写成“enterprise: e9”`,
      `  - ${file}:7 YAML 语法错误：“workdays：3”应使用半角冒号“:”，冒号后须有空格，应写成“workdays: 3”`,
      `  - ${file}:7 actions[0].with.enterprise: 未知的企业 “e9”（见档案 enterprises）`,
    ]);
  });
});
