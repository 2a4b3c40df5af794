// Text people type or files carry holds no character that changes what a reader sees without being
// seen (domain/schema.ts): control characters (ESC, BEL, CR…) and bidi controls (U+202E…) are refused
// with the character and where it is; multi-line fields keep line feeds and tabs.

import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { closeCampaignInputSchema, startCampaignInputSchema } from '../domain/campaign.ts';
import { ackInputSchema, reportInputSchema, submitInputSchema } from '../domain/hazard.ts';
import { formatProfileProblem, parseProfile } from '../domain/profile.ts';
import { describeIssues, idSchema, invisibleCharacterProblem, nonEmptyText, plainText } from '../domain/schema.ts';
import { completeTaskInputSchema } from '../domain/task.ts';

const refusal = (code: string, at: number) => `含有不可见的控制字符 ${code}（第 ${at} 个字符），请删除后重试`;
const bidiRefusal = (code: string, at: number) => `含有改变文字显示方向的不可见字符 ${code}（第 ${at} 个字符），请删除后重试`;

describe('invisibleCharacterProblem', () => {
  it.each([
    ['ESC', '消防\u001b[2J通道', refusal('U+001B', 3)],
    ['BEL', '消防通道\u0007', refusal('U+0007', 5)],
    ['CR', '消防通道\r已清理', refusal('U+000D', 5)],
    ['NUL', '\u0000', refusal('U+0000', 1)],
    ['DEL', 'a\u007f', refusal('U+007F', 2)],
    ['C1 CSI', 'a\u009b2J', refusal('U+009B', 2)],
    ['C1 NEL', 'a\u0085b', refusal('U+0085', 2)],
    ['U+202E right-to-left override', '文件\u202Efdp.exe', bidiRefusal('U+202E', 3)],
    ['U+202A left-to-right embedding', '\u202Aa', bidiRefusal('U+202A', 1)],
    ['U+2066 left-to-right isolate', 'a\u2066b\u2069', bidiRefusal('U+2066', 2)],
    ['U+2069 pop directional isolate', 'ab\u2069', bidiRefusal('U+2069', 3)],
    ['U+200F right-to-left mark', '张三\u200F', bidiRefusal('U+200F', 3)],
    ['U+200E left-to-right mark', '\u200E张三', bidiRefusal('U+200E', 1)],
    ['U+061C Arabic letter mark', '张\u061C三', bidiRefusal('U+061C', 2)],
  ])('refuses %s anywhere, naming it and its place', (_name, text, message) => {
    expect(invisibleCharacterProblem(text, 'line')).toBe(message);
    expect(invisibleCharacterProblem(text, 'lines')).toBe(message);
  });

  it('keeps line feeds and tabs in multi-line fields only', () => {
    const evidence = '已清理通道：\n\t1. 搬走杂物\n\t2. 安装防火门\n';
    expect(invisibleCharacterProblem(evidence, 'lines')).toBeUndefined();
    expect(invisibleCharacterProblem(evidence, 'line')).toBe('不能换行（第 7 个字符是换行符），请写在一行内');
    expect(invisibleCharacterProblem('赵\t磊', 'line')).toBe(refusal('U+0009', 2));
    // A Windows line end is a CR before the line feed: refused, since CR alone rewrites the line.
    expect(invisibleCharacterProblem('第一行\r\n第二行', 'lines')).toBe(refusal('U+000D', 4));
  });

  it('counts characters as people see them: a character outside the BMP is one', () => {
    expect(invisibleCharacterProblem('🔥🔥\u001b', 'line')).toBe(refusal('U+001B', 3));
  });

  it('passes Chinese text with its punctuation and spaces (full-width, no-break, ideographic)', () => {
    expect(invisibleCharacterProblem('东方加油站（后院）：消防通道堵塞，\u3000灭火器过期；“已整改”\u00a0—— 周经理', 'line')).toBeUndefined();
  });

  it('passes every text without a control or bidi character, and finds one put anywhere in it', () => {
    const visible = fc.string({ unit: 'grapheme' }).filter((s) => !/[\p{Cc}\p{Bidi_Control}]/u.test(s));
    const invisible = fc.constantFrom('\u0000', '\u0007', '\u001b', '\r', '\u007f', '\u0085', '\u009f', '\u202e', '\u2066', '\u200f');
    fc.assert(
      fc.property(visible, visible, invisible, (before, after, ch) => {
        expect(invisibleCharacterProblem(before + after, 'line')).toBeUndefined();
        const code = `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
        expect(invisibleCharacterProblem(before + ch + after, 'lines')).toContain(`${code}（第 ${[...before].length + 1} 个字符）`);
      }),
    );
  });
});

describe('the schemas of text people type', () => {
  it('refuse it first and alone: no length or format message about the same text', () => {
    const title = plainText().trim().min(1).max(3).regex(/^[a-z]+$/);
    expect(describeIssues(title.safeParse('ab\u001bcdef').error!)).toEqual([refusal('U+001B', 3)]);
    expect(describeIssues(idSchema.safeParse('zhao\u001blei').error!)).toEqual([refusal('U+001B', 5)]);
    expect(describeIssues(nonEmptyText('隐患描述', 5).safeParse('\r').error!)).toEqual([refusal('U+000D', 1)]);
    // Before trimming: the position is where the person put it.
    expect(describeIssues(nonEmptyText('隐患描述', 500, 'lines').safeParse('  \u0007x').error!)).toEqual([refusal('U+0007', 3)]);
  });

  it('name the field of a hazard report, an update and a campaign', () => {
    const report = { id: 'YH-1', enterprise: 'e1', level: 'general', deadline: { workdays: 3 }, by: 'insp' };
    const refused = (schema: { safeParse(v: unknown): { error?: unknown } }, value: unknown) =>
      describeIssues(schema.safeParse(value).error as Parameters<typeof describeIssues>[0]);
    expect(refused(reportInputSchema, { ...report, description: '储罐\u001b区' })).toEqual([`description: ${refusal('U+001B', 3)}`]);
    expect(refused(reportInputSchema, { ...report, description: '储罐区', location: '东\n侧' })).toEqual(['location: 不能换行（第 2 个字符是换行符），请写在一行内']);
    expect(refused(reportInputSchema, { ...report, description: '储罐区', plan: { 目标任务: '更换\u202e安全阀' } })).toEqual([`plan.目标任务: ${bidiRefusal('U+202E', 3)}`]);
    expect(refused(reportInputSchema, { ...report, description: '储罐区', plan: { '目标\u001b任务': '更换' } })).toEqual([`plan: 有一个字段名${refusal('U+001B', 3)}`]);
    expect(refused(submitInputSchema, { evidence: '已更换\u0007' })).toEqual([`evidence: ${refusal('U+0007', 4)}`]);
    expect(refused(ackInputSchema, { by: 'lead', note: '\u202e' })).toEqual([`note: ${bidiRefusal('U+202E', 1)}`]);
    expect(refused(completeTaskInputSchema, { by: 'insp', evidence: '纪要\r' })).toEqual([`evidence: ${refusal('U+000D', 3)}`]);
    expect(refused(startCampaignInputSchema, { id: 'SM2030', template: 'safety_month', by: 'lead', title: '安全生产月\n' })).toEqual([
      'title: 不能换行（第 6 个字符是换行符），请写在一行内',
    ]);
    expect(refused(closeCampaignInputSchema, { by: 'lead', note: '\u001b[31m' })).toEqual([`note: ${refusal('U+001B', 1)}`]);
  });

  it('keep line breaks and tabs in a description, evidence, notes and a plan', () => {
    const report = { id: 'YH-1', enterprise: 'e1', level: 'major', deadline: { date: '2030-10-08' }, by: 'insp' };
    const description = '储罐区静电接地线断开：\n\t1 号罐\n\t2 号罐';
    const plan = { 目标任务: '更换接地线\n并检测' };
    expect(reportInputSchema.parse({ ...report, description, plan })).toMatchObject({ description, plan });
    expect(submitInputSchema.parse({ evidence: '已更换。\n检测报告见附件。' }).evidence).toBe('已更换。\n检测报告见附件。');
    expect(ackInputSchema.parse({ by: 'lead', note: '已督促\n明日复查' }).note).toBe('已督促\n明日复查');
  });
});

describe('a profile', () => {
  const town = readFileSync(new URL('fixtures/town.yaml', import.meta.url), 'utf8');
  const problems = (text: string) => {
    const result = parseProfile(text);
    if (result.ok) throw new Error('the profile was accepted');
    return result.problems.map((p) => formatProfileProblem('town.yaml', p));
  };

  it.each([
    ['ESC', '\\e', refusal('U+001B', 4)],
    ['BEL', '\\a', refusal('U+0007', 4)],
    ['CR', '\\r', refusal('U+000D', 4)],
    ['U+202E', '\\u202E', bidiRefusal('U+202E', 4)],
  ])('refuses %s in a person’s name, at its line, and says nothing else about it', (_name, escape, message) => {
    expect(problems(town.replace('name: 副镇长丙', `name: "副镇长${escape}丙"`))).toEqual([`town.yaml:7:23 people[2].name: ${message}`]);
  });

  it('refuses one in an id, a role, a duty’s title or a key, each once and without quoting the character', () => {
    const found = problems(
      town
        .replace('{ id: insp2,', '{ id: "insp\\e2",')
        .replace('role: town_head', 'role: "town\\a_head"')
        .replace('policy: {}', 'policy: {}\nduties:\n  - { id: committee-meeting, title: "{year}年\\u202E{month}月安委会会议" }\n"town\\e": x'),
    );
    expect(found).toEqual([
      // What follows from them is said too: the town has no town head, and no person has the id insp2.
      'town.yaml:4:1 people: 没有登记镇长（role: town_head），至少须有一人：超期未整改的第二级督办发给镇长和党委书记（党政同责）',
      `town.yaml:6:34 people[1].role: ${refusal('U+0007', 5)}`,
      `town.yaml:11:11 people[6].id: ${refusal('U+001B', 5)}`,
      'town.yaml:15:59 sectors[1].inspector: 未知的人员 "insp2"：people 中没有此编号，是否应为 "insp"？（已登记的安监员：insp）',
      `town.yaml:29:37 duties[0].title: ${bidiRefusal('U+202E', 8)}`,
      `town.yaml:30:1 有一个字段名${refusal('U+001B', 5)}`,
    ]);
  });
});
