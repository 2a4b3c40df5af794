// Contract §6, whom a campaign covers and how it tells them: each scope filter alone, filters
// intersected, no scope = every active enterprise, refusals named at the edge; and in a town where one
// inspector has 44 enterprises, one email per inspector listing them, with the ledger attached.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, onTestFinished } from 'vitest';
import { checkCampaignStart } from '../../client/campaigns.ts';
import { UserInputError } from '../../client/errors.ts';
import { enterprisesInScope } from '../../domain/campaign.ts';
import { migrateDatabase, openDatabase } from '../../prisma/client.ts';
import { TEST_TOWN, instant, startEngine } from '../support/engine.ts';
import { mails, readSheets, start } from './campaign-helpers.ts';

/** The fixture town plus village v2 (led by lead2) and 42 more enterprises: e04..e45, hazchem, classes A/B/C in turn, odd ones in v2. */
const BIG_TOWN = TEST_TOWN.replace(
  'villages:\n  - { id: v1, name: 一村, supervisor: vs, leader: lead }',
  'villages:\n  - { id: v1, name: 一村, supervisor: vs, leader: lead }\n  - { id: v2, name: 二村, supervisor: vs, leader: lead2 }',
).replace(
  /(enterprises:\n(?:  - .*\n)+)/,
  (block) =>
    block +
    Array.from({ length: 42 }, (_, i) => {
      const n = String(i + 4).padStart(2, '0');
      return `  - { id: e${n}, name: 第${n}号企业, sector: hazchem, class: ${'ABC'[i % 3]}, village: ${i % 2 ? 'v2' : 'v1'}, principal: { name: 负责人${n}, email: p${n}@e.example } }\n`;
    }).join(''),
);

describe('a campaign scope', () => {
  it('is every active enterprise when none is given; each filter alone; given filters intersect (pure rule)', () => {
    const all = [
      { id: 'e1', sectorId: 'hazchem', class: 'A', villageId: 'v1' },
      { id: 'e2', sectorId: 'hazchem', class: 'B', villageId: 'v1' },
      { id: 'e3', sectorId: 'industry', class: 'C', villageId: 'v2' },
      { id: 'e4', sectorId: 'industry', class: 'A', villageId: null },
    ];
    const ids = (scope: Parameters<typeof enterprisesInScope>[0]) => enterprisesInScope(scope, all).map((e) => e.id);
    expect(ids({})).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(ids({ sectors: ['industry'] })).toEqual(['e3', 'e4']);
    expect(ids({ classes: ['A'] })).toEqual(['e1', 'e4']);
    expect(ids({ villages: ['v1'] })).toEqual(['e1', 'e2']);
    expect(ids({ enterprises: ['e4', 'e2'] })).toEqual(['e2', 'e4']);
    expect(ids({ sectors: ['hazchem'], classes: ['B', 'C'] })).toEqual(['e2']);
    expect(ids({ sectors: ['industry'], villages: ['v2'], classes: ['C'] })).toEqual(['e3']);
    expect(ids({ enterprises: ['e1', 'e3'], sectors: ['industry'] })).toEqual(['e3']);
    expect(ids({ sectors: ['hazchem'], classes: ['C'] })).toEqual([]);
  });

  it('is checked at the edge against the town: every unknown id and an empty result named at once; the due date from the calendar', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: BIG_TOWN });
    const at = instant('2030-09-02T10:00');
    const spec = (scope: Record<string, unknown>) => checkCampaignStart(engine.db, { id: 'X', template: 'safety_month', scope, by: 'lead' }, at);
    expect((await spec({})).expected).toBe(45);
    expect((await spec({ sectors: ['industry'] })).expected).toBe(1);
    expect((await spec({ classes: ['A'] })).expected).toBe(1 + 14);
    expect((await spec({ villages: ['v2'] })).expected).toBe(21);
    expect((await spec({ enterprises: ['e1', 'e3'] })).expected).toBe(2);
    expect((await spec({ sectors: ['hazchem'], classes: ['B'], villages: ['v2'] })).expected).toBe(7);
    // 安全生产月 runs 20 working days by default: from Mon 09-02, skipping 中秋 (09-12), Sun 09-29 worked (调休) → Mon 09-30.
    const sm = await spec({});
    expect(sm).toMatchObject({ title: '2030年安全生产月企业大检查', opensOn: '2030-09-02', due: '2030-09-30' });
    expect(sm.dueTrace).toContain('20');

    const refused = await checkCampaignStart(
      engine.db,
      { id: 'Y', template: 'special', scope: { sectors: ['hazchem', 'mining'], villages: ['v9'], classes: ['C'], enterprises: ['e3'] }, by: 'nobody' },
      at,
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserInputError);
    expect((refused as UserInputError).problems).toEqual([
      'by: 未知的人员 “nobody”（见档案 people）',
      'scope.sectors: 未知的行业领域 “mining”（见档案 sectors）',
      'scope.villages: 未知的村（社区） “v9”（见档案 villages）',
      '范围内没有在册企业：请检查 scope 的行业领域、分级、村和企业（给出的条件同时满足）',
    ]);
    const badTemplate = await checkCampaignStart(engine.db, { id: 'Z', template: 'autumn', by: 'lead' }, at).catch((e: unknown) => e);
    expect((badTemplate as UserInputError).problems[0]).toContain('模板应为 holiday_check、safety_month、hundred_days、special 之一');
  });

  it('before a town is loaded is refused with what to do (exit 2), not a database error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anwei-campaign-'));
    const url = pathToFileURL(join(dir, 'anwei.db')).href;
    await migrateDatabase(url);
    const db = await openDatabase(url);
    onTestFinished(async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const refused = await checkCampaignStart(db, { id: 'SM2030', template: 'safety_month', by: 'lead' }, instant('2030-06-03T10:00')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UserInputError);
    expect((refused as UserInputError).problems).toEqual(['尚未载入档案：先运行 anwei profile load <档案文件>']);
    expect((refused as UserInputError).message).toContain('不能启动专项行动 SM2030');
  });

  it('tells each inspector once, however many enterprises: 44 listed in one email (30 in the body, the ledger attached), 1 in another', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: BIG_TOWN });
    await engine.advanceTo('2030-09-02T10:00');
    const view = await start(engine, { id: 'BIG', template: 'hundred_days', by: 'lead' });
    expect(view.total).toBe(45);
    // The start returns once the tasks exist; its emails follow: let the engine settle a minute.
    await engine.advanceTo('2030-09-02T10:01');
    const sent = (await mails(engine, 'BIG')).filter((m) => m.kind === 'campaign.assigned');
    expect(sent.map((m) => [m.to, m.subject, m.attachments])).toEqual([
      [['insp'], '【专项行动检查任务】2030年安全生产百日攻坚行动（44家企业）', ['BIG-台账.xlsx']],
      [['insp2'], '【专项行动检查任务】2030年安全生产百日攻坚行动（1家企业）', []],
    ]);
    const row = await engine.db.prisma.notice.findFirstOrThrow({ where: { ref: 'BIG', kind: 'campaign.assigned', recipientsJson: { contains: 'insp@' } } });
    expect(row.text).toContain('另有 14 家企业，完整名单见附件');
    const [file] = JSON.parse(row.attachmentsJson!) as Array<{ base64: string }>;
    const sheets = await readSheets(Buffer.from(file!.base64, 'base64'));
    // The inspector's own ledger: their 44 enterprises, all open.
    expect(sheets['检查任务']!.length).toBe(1 + 44);
    expect(new Set(sheets['检查任务']!.slice(1).map((r) => r[6]))).toEqual(new Set(['安监员己']));
    expect(await engine.db.prisma.notice.count({ where: { ref: 'BIG' } })).toBe(3); // started + 2 assigned
  });
});
