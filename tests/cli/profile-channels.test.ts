// `anwei profile check` on a profile with group robots: it names the environment variables the channels need
// that are not set, and never prints a value (webhook URLs and secrets are credentials).

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, anwei, tempDir } from './support.ts';

/** The demo town with its commented `channels` block switched on and one mobile. */
function demoWithChannels(): string {
  const demo = readFileSync(join(ROOT, 'examples/demo-town.yaml'), 'utf8');
  const on = demo
    .replace('# channels:\n', 'channels:\n')
    .replace(/^# {3}- \{ id: (hazchem|town|qingshan)-group/gm, '  - { id: $1-group')
    .replace('email: zhaolei@qingshan.example }', 'email: zhaolei@qingshan.example, mobile: "13800000008" }');
  expect(on).toMatch(/^channels:\n {2}- \{ id: hazchem-group/m);
  return on;
}

describe('anwei profile check with group robots', () => {
  it('passes, and names the missing variables without printing the ones that are set', async () => {
    const dir = tempDir();
    const file = join(dir, 'town.yaml');
    writeFileSync(file, demoWithChannels());
    const secretUrl = 'https://oapi.dingtalk.com/robot/send?access_token=do-not-print-me';
    const run = await anwei(['profile', 'check', file], {
      ANWEI_DATA_DIR: join(dir, 'data'),
      ANWEI_DINGTALK_HAZCHEM: secretUrl,
      ANWEI_DINGTALK_HAZCHEM_SECRET: 'SECdo-not-print-me-either',
      ANWEI_WECOM_TOWN: '',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('检查通过：青山镇');
    expect(run.stdout).toContain('以下环境变量未设置，相关群机器人不会发消息');
    expect(run.stdout).toContain('ANWEI_WECOM_TOWN、ANWEI_FEISHU_QINGSHAN、ANWEI_FEISHU_QINGSHAN_SECRET');
    expect(run.stdout).not.toContain('ANWEI_DINGTALK_HAZCHEM');
    expect(`${run.stdout}${run.stderr}`).not.toContain('do-not-print-me');
  });

  it('refuses a webhook written into the file, at its line', async () => {
    const dir = tempDir();
    const file = join(dir, 'town.yaml');
    const source = demoWithChannels().replace('webhook: env:ANWEI_WECOM_TOWN', 'webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"');
    writeFileSync(file, source);
    const run = await anwei(['profile', 'check', file], { ANWEI_DATA_DIR: join(dir, 'data') });
    expect(run.code).toBe(2);
    const line = source.split('\n').findIndex((l) => l.includes('id: town-group')) + 1;
    expect(run.stderr).toMatch(new RegExp(`${file}:${line}:\\d+ channels\\[1\\]\\.webhook: webhook 应写成 env:环境变量名`));
  });
});
