// Control characters (ESC, BEL, CR) and the right-to-left override U+202E are refused wherever people
// type text or files carry it — a hazard description on the command line, a person's name in the
// profile, a scenario for `anwei simulate` — with exit 2 and the field's path; nothing is written. A
// line break in a multi-line field (a description, evidence) is still accepted, through the real workflows.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, anwei, migrateDataDir, tempDir } from './support.ts';
import { freePort } from '../support/ports.ts';

const TOWN = join(ROOT, 'tests', 'fixtures', 'town.yaml');

const CASES = [
  ['ESC', '\u001b', '含有不可见的控制字符 U+001B'],
  ['BEL', '\u0007', '含有不可见的控制字符 U+0007'],
  ['CR', '\r', '含有不可见的控制字符 U+000D'],
  ['U+202E', '\u202e', '含有改变文字显示方向的不可见字符 U+202E'],
] as const;

describe('text with control characters', () => {
  // A data folder with the test town, shared: a refusal writes nothing. No engine runs (refusals need none).
  let env: Record<string, string>;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anwei-cli-'));
    env = { ANWEI_DATA_DIR: join(dir, 'data'), ANWEI_TEMPORAL_PORT: String(await freePort()) };
    await migrateDataDir(env.ANWEI_DATA_DIR!);
    const load = await anwei(['profile', 'load', TOWN], env);
    expect(load.stderr).toBe('');
  });
  afterAll(() => rmSync(join(env.ANWEI_DATA_DIR!, '..'), { recursive: true, force: true }));

  it.each(CASES)('a hazard description with %s is refused on the command line: exit 2, the field and the character named', async (_name, ch, message) => {
    const run = await anwei(['hazard', 'report', '--id', 'YH-T1', '--enterprise', 'e1', '--description', `储罐区${ch}接地线断开`, '--workdays', '3', '--by', 'insp'], env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`错误：本次上报未被受理：\n  - description: ${message}（第 4 个字符），请删除后重试\n`);
    expect((await anwei(['hazard', 'list', '--json'], env)).stdout).toBe('[]\n');
  });

  it.each(CASES)('a person’s name with %s in the profile is refused by profile check: exit 2, file:line and path', async (_name, ch, message) => {
    const file = join(tempDir(), 'town.yaml');
    writeFileSync(file, readFileSync(TOWN, 'utf8').replace('name: 副镇长丙', `name: 副镇长${ch}丙`));
    const run = await anwei(['profile', 'check', file], { ANWEI_DATA_DIR: join(tempDir(), 'data') });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`错误：档案 ${file} 有 1 处问题，未导入任何内容：\n  - ${file}:7:23 people[2].name: ${message}（第 4 个字符），请删除后重试\n`);
  });

  it('evidence, a campaign title and a scenario’s description are refused the same way', async () => {
    const complete = await anwei(['task', 'complete', 'committee-meeting:2030-09', '--by', 'insp', '--evidence', '会议纪要\u001b[2K'], env);
    expect(complete.code).toBe(2);
    expect(complete.stderr).toContain('  - evidence: 含有不可见的控制字符 U+001B（第 5 个字符），请删除后重试\n');
    const campaign = await anwei(['campaign', 'start', '--template', 'special', '--by', 'lead', '--title', '危化品\u202e专项整治'], env);
    expect(campaign.code).toBe(2);
    expect(campaign.stderr).toContain('  - title: 含有改变文字显示方向的不可见字符 U+202E（第 4 个字符），请删除后重试\n');

    const scenario = join(tempDir(), 'scenario.yaml');
    writeFileSync(
      scenario,
      [
        `profile: ${TOWN}`,
        'start: 2030-09-09T08:00:00+08:00',
        'until: 2030-09-10T18:00:00+08:00',
        'actions:',
        '  - at: 2030-09-09T10:00:00+08:00',
        '    do: hazard.report',
        '    with: { id: H1, enterprise: e1, level: general, description: "储罐区\\a接地线断开", deadline: { workdays: 3 }, by: insp }',
      ].join('\n'),
    );
    const simulated = await anwei(['simulate', scenario], env);
    expect(simulated.code).toBe(2);
    expect(simulated.stderr).toContain('actions[0].with.description: 含有不可见的控制字符 U+0007（第 4 个字符），请删除后重试');
  });

  it('a line break in a hazard description and in evidence is kept, through the real workflows', { timeout: 180_000 }, async () => {
    const scenario = join(tempDir(), 'scenario.yaml');
    writeFileSync(
      scenario,
      [
        `profile: ${TOWN}`,
        'start: 2030-09-09T08:00:00+08:00',
        'until: 2030-09-10T18:00:00+08:00',
        'actions:',
        '  - at: 2030-09-09T10:00:00+08:00',
        '    do: hazard.report',
        '    with:',
        '      { id: H1, enterprise: e1, level: general, deadline: { workdays: 3 }, by: insp,',
        '        description: "储罐区静电接地线断开：\\n\\t1 号罐\\n\\t2 号罐" }',
        '  - at: 2030-09-10T10:00:00+08:00',
        '    do: hazard.submit',
        '    with:',
        '      id: H1',
        '      evidence: |',
        '        已更换接地线。',
        '        检测报告见附件。',
      ].join('\n'),
    );
    const run = await anwei(['simulate', scenario, '--json'], { ANWEI_DATA_DIR: join(tempDir(), 'data') }, 150_000);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { hazards: Array<{ id: string; status: string }>; notifications: Array<{ kind: string; ref: string }> };
    expect(result.hazards).toMatchObject([{ id: 'H1', status: 'submitted' }]);
    expect(result.notifications.filter((n) => n.ref === 'H1').map((n) => n.kind)).toEqual(['hazard.assigned', 'hazard.verification_requested']);
  });
});
