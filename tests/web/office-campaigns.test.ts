// Contract §7 "Office pages", 专项行动: the office head starts a campaign from the form (预览 counts the targets as
// `campaign start` does, 确认开始 starts it through the CLI's call), follows its progress, exports the CLI's
// workbook and closes it; a deputy head sees only the campaigns and lines of their sector and may neither start,
// close nor export the whole 台账 (403); nobody signed in is sent to sign in (303).
//
// Test town (tests/fixtures/town.yaml): hazchem (leader lead = the safety leader, inspector insp) — e1 (A),
// e2 (B); industry (leader lead2, inspector insp2) — e3 (C); all in v1 (led by lead). office = office head.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCampaignStart, campaignStatus, exportCampaign, listCampaigns } from '../../client/campaigns.ts';
import { campaignText } from '../../domain/text/campaign.ts';
import { TEST_TOWN, startEngine } from '../support/engine.ts';
import { readSheets, settled as campaignSettled, start } from '../engine/campaign-helpers.ts';
import { officeFormToken, startOffice } from './office-support.ts';
import { settled } from './support.ts';

/** The hidden fields of the page's start form (the preview carries them to 确认开始), repeated names kept. */
const hiddenFields = (html: string): Array<[string, string]> =>
  [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"')]);

describe('专项行动 in the office', () => {
  it.each(['sqlite', 'postgresql'] as const)('the office head starts, follows, exports and closes a campaign; a deputy head sees their part only (%s)', async (provider) => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: TEST_TOWN, provider });
    await engine.advanceTo('2030-09-02T10:00');
    const office = await startOffice(engine);

    // Not signed in: every page sends to sign-in.
    const stranger = office.browser();
    for (const path of ['/office/campaigns', '/office/campaigns/new', '/office/campaigns/ZX2030', '/office/campaigns/ZX2030.xlsx']) {
      const page = await stranger.get(path);
      expect(page.status, path).toBe(303);
      expect(page.location).toBe('/office/login');
    }
    expect((await stranger.post('/office/campaigns/ZX2030/close', { confirm: '1' })).status).toBe(303);

    const head = office.browser();
    await head.signIn('office@town.example');
    const empty = await head.get('/office/campaigns');
    expect(empty.status).toBe(200);
    expect(empty.text).toContain('没有可以查看的专项行动');
    expect(empty.text).toContain('href="/office/campaigns/new"');
    const form = await head.get('/office/campaigns/new');
    expect(form.status).toBe(200);
    const token = officeFormToken(form.text);

    // 预览 with check boxes repeated (both sectors, class A and B): the count is the CLI check's.
    const cookie = `anwei_office=${head.cookie()}`;
    const repeated = await fetch(`${office.base}/office/campaigns/new`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: `form=${encodeURIComponent(token)}&template=special&sectors=hazchem&sectors=industry&classes=A&classes=C&step=preview`,
    });
    const now = await engine.now();
    const cli = (scope: Record<string, string[]>) => checkCampaignStart(engine.db, { id: 'ZX2030', template: 'special', by: 'office', scope }, now);
    expect(repeated.status).toBe(200);
    expect(await repeated.text()).toContain(`目标企业 ${(await cli({ sectors: ['hazchem', 'industry'], classes: ['A', 'C'] })).expected} 家`);

    // A refusal in the CLI's words, the typing kept.
    const bad = await head.post('/office/campaigns/new', { form: token, template: 'special', title: '危化品专项整治', sectors: 'hazchem', due: '下个月吧', step: 'preview' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('不能启动专项行动 ZX2030：');
    expect(bad.text).toContain('value="下个月吧"');
    expect(bad.text).toContain('value="危化品专项整治"');
    expect(bad.text).toMatch(/<input type="checkbox" name="sectors" value="hazchem" checked>/);
    const unknown = await head.post('/office/campaigns/new', { form: token, template: 'special', enterprises: 'e9', step: 'preview' });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain(campaignText.unknownIn('enterprises', 'e9'));

    // 预览 for hazchem: the count equals the CLI's; nothing is started yet.
    const preview = await head.post('/office/campaigns/new', { form: token, template: 'special', title: '危化品专项整治', sectors: 'hazchem', due: '5个工作日', step: 'preview' });
    expect(preview.status).toBe(200);
    const spec = await cli({ sectors: ['hazchem'] });
    expect(preview.text).toContain(`目标企业 ${spec.expected} 家`);
    expect(spec.expected).toBe(2);
    expect(preview.text).toContain('确认开始');
    expect(await engine.db.prisma.campaign.count()).toBe(0);

    // 确认开始 carries the previewed fields: the campaign runs — its tasks exist, the inspector is told.
    const confirm = new URLSearchParams(hiddenFields(preview.text));
    confirm.set('step', 'start');
    const started = await fetch(`${office.base}/office/campaigns/new`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: confirm.toString() });
    expect(started.status).toBe(303);
    expect(started.headers.get('location')).toBe('/office/campaigns/ZX2030');
    await campaignSettled(engine, 'ZX2030');
    const tasks = await settled(
      () => engine.db.prisma.task.findMany({ where: { dutyId: 'ZX2030' }, orderBy: { id: 'asc' } }),
      (rows) => rows.length === 2,
      60_000,
    );
    expect(tasks.map((t) => [t.id, t.assigneeId, t.due])).toEqual([
      ['ZX2030:e1', 'insp', '2030-09-09'],
      ['ZX2030:e2', 'insp', '2030-09-09'],
    ]);
    const row = await engine.db.prisma.campaign.findUniqueOrThrow({ where: { id: 'ZX2030' } });
    expect([row.title, row.startedBy]).toEqual(['危化品专项整治', 'office']);
    const assigned = await settled(() => engine.sent({ ref: 'ZX2030', kind: 'campaign.assigned' }), (sent) => sent.length === 1, 30_000);
    expect(assigned.map((n) => n.to)).toEqual([['insp']]);
    // The same 确认开始 again is refused in the CLI's words (the id exists), nothing started twice.
    const again = await fetch(`${office.base}/office/campaigns/new`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: confirm.toString() });
    expect(again.status).toBe(422);
    expect(await again.text()).toContain(campaignText.exists('ZX2030'));

    // A second campaign, on industry, started as the CLI does.
    await start(engine, { id: 'IN2030', template: 'holiday_check', by: 'lead', scope: { sectors: ['industry'] } });

    // Progress: the list and the page show the CLI's figures.
    const at = await engine.now();
    const list = await head.get('/office/campaigns');
    for (const entry of await listCampaigns(engine.db, at)) {
      expect(list.text).toContain(`href="/office/campaigns/${entry.id}"`);
      expect(list.text).toContain(`>${entry.done}/${entry.tasks}<`);
    }
    const page = await head.get('/office/campaigns/ZX2030');
    expect(page.status).toBe(200);
    const status = (await campaignStatus(engine.db, 'ZX2030', at))!;
    expect(page.text).toContain(campaignText.counts(status.counts));
    expect(page.text).toContain('ZX2030:e1');
    expect(page.text).toContain('甲加油站');
    expect(page.text).toContain('安监员己');
    expect(page.text).toContain('结束专项行动');
    expect(page.text).toContain('href="/office/campaigns/ZX2030.xlsx"');

    // 导出Excel is the workbook `anwei campaign export --out` writes.
    const download = await fetch(`${office.base}/office/campaigns/ZX2030.xlsx`, { headers: { cookie } });
    expect(download.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'anwei-campaign-export-'));
    try {
      const path = join(dir, 'ZX2030.xlsx');
      await exportCampaign(engine.db, 'ZX2030', { path, force: false, option: '--out', exampleName: 'ZX2030-台账.xlsx' }, await engine.now());
      expect(await readSheets(Buffer.from(await download.arrayBuffer()))).toEqual(await readSheets(readFileSync(path)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }

    // A deputy head (industry): the list narrowed to industry's campaign; no start, close or whole export.
    const deputy = office.browser();
    await deputy.signIn('lead2@town.example');
    const theirs = await deputy.get('/office/campaigns');
    expect(theirs.status).toBe(200);
    expect(theirs.text).toContain('href="/office/campaigns/IN2030"');
    expect(theirs.text).not.toContain('href="/office/campaigns/ZX2030"');
    expect(theirs.text).not.toContain('href="/office/campaigns/new"');
    expect((await deputy.get('/office/campaigns/ZX2030')).status).toBe(403);
    const inPage = await deputy.get('/office/campaigns/IN2030');
    expect(inPage.status).toBe(200);
    expect(inPage.text).toContain('丙机械厂');
    expect(inPage.text).not.toContain('结束专项行动');
    expect((await deputy.get('/office/campaigns/IN2030.xlsx')).status).toBe(403);
    expect((await deputy.get('/office/campaigns/new')).status).toBe(403);
    const deputyToken = officeFormToken(theirs.text);
    expect((await deputy.post('/office/campaigns/new', { form: deputyToken, template: 'special', step: 'start' })).status).toBe(403);
    expect((await deputy.post('/office/campaigns/IN2030/close', { form: deputyToken, confirm: '1' })).status).toBe(403);
    expect(await engine.db.prisma.campaign.count()).toBe(2);

    // Of the whole-town people only the office head and the safety leader start and close: the town head sees
    // every campaign (and may export) but gets 403 on the start form and on close.
    const townHead = office.browser();
    await townHead.signIn('head@town.example');
    const headList = await townHead.get('/office/campaigns');
    expect(headList.text).toContain('href="/office/campaigns/ZX2030"');
    expect(headList.text).not.toContain('href="/office/campaigns/new"');
    expect((await townHead.get('/office/campaigns/new')).status).toBe(403);
    expect((await townHead.post('/office/campaigns/IN2030/close', { form: officeFormToken(headList.text), confirm: '1' })).status).toBe(403);
    expect((await townHead.get('/office/campaigns/IN2030.xlsx')).status).toBe(200);
    const safetyLeader = office.browser();
    await safetyLeader.signIn('lead@town.example');
    expect((await safetyLeader.get('/office/campaigns/new')).status).toBe(200);
    expect((await safetyLeader.get('/office/campaigns/IN2030')).text).toContain('结束专项行动</button>');

    // A form without the session's token, or from another site: refused, nothing closed.
    expect((await head.post('/office/campaigns/ZX2030/close', { form: 'x', confirm: '1' })).status).toBe(403);
    expect((await head.post('/office/campaigns/ZX2030/close', { form: token, confirm: '1' }, { origin: 'https://elsewhere.example' })).status).toBe(403);

    // Close: a confirm step first, then the CLI's close.
    const asked = await head.post('/office/campaigns/ZX2030/close', { form: token });
    expect(asked.status).toBe(200);
    expect(asked.text).toContain('确认结束');
    expect(asked.text).toContain('还有 2 项检查任务未完成');
    expect((await engine.db.prisma.campaign.findUniqueOrThrow({ where: { id: 'ZX2030' } })).status).toBe('open');
    const closed = await head.post('/office/campaigns/ZX2030/close', { form: token, confirm: '1', note: '提前结束' });
    expect(closed.status).toBe(303);
    expect(closed.location).toBe('/office/campaigns/ZX2030');
    expect((await campaignSettled(engine, 'ZX2030')).status).toBe('closed');
    const done = await head.get('/office/campaigns/ZX2030');
    expect(done.text).toContain('已结束');
    expect(done.text).not.toContain('结束专项行动</button>');
    // Closing again: the CLI's refusal.
    const twice = await head.post('/office/campaigns/ZX2030/close', { form: token });
    expect(twice.status).toBe(422);
    expect(twice.text).toContain(campaignText.alreadyClosed('ZX2030'));
  }, 240_000);
});
