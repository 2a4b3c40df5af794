// The profile's group robots (`channels`) and people's `mobile`: what loads, and every refusal with its path.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../domain/profile.ts';
import { channelsFor, groupPosts, missingChannelEnv } from '../../domain/robots.ts';

const TOWN = readFileSync(new URL('../fixtures/town.yaml', import.meta.url), 'utf8');

const withChannels = (channels: string, town = TOWN) => `${town.trimEnd()}\nchannels:\n${channels}`;

function problems(source: string): Array<{ path: string; message: string; line: number | undefined }> {
  const result = parseProfile(source);
  expect(result.ok, 'the profile should be refused').toBe(false);
  return result.ok ? [] : result.problems.map((p) => ({ path: p.path, message: p.message, line: p.line }));
}

describe('group robots in the profile', () => {
  it('loads the contract’s example: a DingTalk group for hazchem with its secret, a WeCom group for the whole town, mobiles kept as text', () => {
    const source = withChannels(
      `  - { id: hazchem-group, kind: dingtalk, webhook: env:ANWEI_DINGTALK_HAZCHEM, secret: env:ANWEI_DINGTALK_HAZCHEM_SECRET, sectors: [hazchem] }
  - { id: town-group, kind: wecom, webhook: env:ANWEI_WECOM_TOWN, town: true }
  - { id: v1-group, kind: feishu, webhook: env:ANWEI_FEISHU_V1, villages: [v1] }
`,
      TOWN.replace('email: insp@town.example }', 'email: insp@town.example, mobile: 13800000006 }'),
    );
    const result = parseProfile(source);
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.profile.people.find((p) => p.id === 'insp')?.mobile).toBe('13800000006');
    const channels = result.profile.channels ?? [];
    expect(channels.map((c) => c.id)).toEqual(['hazchem-group', 'town-group', 'v1-group']);
    expect(channelsFor(channels, { sectors: ['hazchem'], villages: [] }).map((c) => c.id)).toEqual(['hazchem-group', 'town-group']);
    expect(channelsFor(channels, { sectors: ['industry'], villages: ['v1'] }).map((c) => c.id)).toEqual(['town-group', 'v1-group']);
    expect(channelsFor(channels, { sectors: [], villages: [] }).map((c) => c.id)).toEqual(['town-group']);
    expect(missingChannelEnv(channels, { ANWEI_WECOM_TOWN: 'https://example', ANWEI_FEISHU_V1: ' ' })).toEqual([
      'ANWEI_DINGTALK_HAZCHEM',
      'ANWEI_DINGTALK_HAZCHEM_SECRET',
      'ANWEI_FEISHU_V1',
    ]);
  });

  it('refuses a webhook written as a URL, a secret on WeCom, a duplicate id, unknown sectors and villages, a group for nothing', () => {
    const source = withChannels(`  - { id: a, kind: wecom, webhook: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", town: true }
  - { id: b, kind: wecom, webhook: env:B, secret: env:B_SECRET, town: true }
  - { id: a, kind: dingtalk, webhook: env:C, secret: "SECabc", sectors: [hazchme], villages: [v2] }
  - { id: d, kind: feishu, webhook: env:D }
  - { id: e, kind: slack, webhook: env:B, town: true }
`);
    const found = problems(source);
    const at = (path: string) => found.filter((p) => p.path === path).map((p) => p.message);
    expect(at('channels[0].webhook')[0]).toMatch(/应写成 env:环境变量名/);
    expect(at('channels[1].secret')[0]).toMatch(/企业微信群机器人没有签名密钥/);
    expect(at('channels[2].id')[0]).toMatch(/群机器人编号 "a" 重复（已在 channels\[0\] 使用）/);
    expect(at('channels[2].secret')[0]).toMatch(/应写成 env:环境变量名/);
    expect(at('channels[2].sectors[0]')[0]).toMatch(/未知的行业领域 "hazchme"，是否应为 "hazchem"？/);
    expect(at('channels[2].villages[0]')[0]).toMatch(/未知的村（社区） "v2"/);
    expect(at('channels[3]')[0]).toMatch(/没有指定接收哪些消息/);
    expect(at('channels[4].kind')[0]).toMatch(/不支持的机器人类型 "slack"/);
    const lines = source.split('\n');
    expect(found.find((p) => p.path === 'channels[3]')?.line).toBe(lines.findIndex((l) => l.includes('id: d,')) + 1);
  });

  it('refuses a mobile that is not an 11-digit mainland number, saying what to write', () => {
    const source = TOWN.replace('email: insp@town.example }', 'email: insp@town.example, mobile: "138-0000-0006" }');
    const [problem] = problems(source);
    expect(problem?.path).toBe('people[5].mobile');
    expect(problem?.message).toMatch(/不是有效的手机号 "138-0000-0006"（应为 11 位中国大陆手机号/);
  });

  it('gathers queued rows of one group, item and moment into one post, oldest first', () => {
    const at = (m: number) => new Date(Date.UTC(2030, 9, 8, 1, m));
    const rows = [
      { id: 3, channel: 'g', ref: 'YH-1', at: at(5) },
      { id: 1, channel: 'g', ref: 'YH-2', at: at(5) },
      { id: 2, channel: 'g', ref: 'YH-1', at: at(5) },
      { id: 4, channel: 'g', ref: 'YH-1', at: at(1) },
      { id: 5, channel: 'h', ref: 'YH-1', at: at(5) },
    ];
    expect(groupPosts(rows).map((g) => g.map((r) => r.id))).toEqual([[4], [1], [2, 3], [5]]);
  });
});

describe('how a person hears (people[].channels, contract §8)', () => {
  it('takes email, robot or both; robot needs a mobile to @ them by, and another word is named with the three', () => {
    const ok = parseProfile(TOWN.replace('email: insp@town.example }', 'email: insp@town.example, mobile: 13800000006, channels: robot }'));
    expect(ok.ok && ok.profile.people.find((p) => p.id === 'insp')?.channels).toBe('robot');

    expect(problems(TOWN.replace('email: insp@town.example }', 'email: insp@town.example, channels: robot }'))).toEqual([
      { path: 'people[5].channels', message: '选择 channels: robot（只用群机器人）须填写 mobile：群机器人按手机号 @ 本人', line: 10 },
    ]);
    expect(problems(TOWN.replace('email: insp@town.example }', 'email: insp@town.example, channels: 微信 }'))).toEqual([
      { path: 'people[5].channels', message: '不支持的接收方式 "微信"（应为 email（只发邮件）、robot（群机器人 @ 本人的不再发邮件）或 both（都要，默认））', line: 10 },
    ]);
  });
});
