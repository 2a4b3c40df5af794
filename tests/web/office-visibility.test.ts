// Contract §7 "Office pages", who sees what: each role signs in from the email and walks 隐患台账 and the item
// pages. The whole-town people see every hazard; a deputy head their sectors and villages; an inspector their
// sectors; a village supervisor their village; anyone else is refused (403) — in the list and on the item page.

import { describe, expect, it } from 'vitest';
import { listHazards } from '../../client/ledger.ts';
import { startEngine } from '../support/engine.ts';
import { general } from '../engine/hazard-helpers.ts';
import { photo } from '../support/evidence-files.ts';
import { recordEvidence } from '../../web/uploads.ts';
import { OFFICE_TOWN, startOffice, type Browser } from './office-support.ts';
import { MENU } from '../../web/office/pages.ts';
import { officeText } from '../../domain/text/office.ts';


/** The hazard ids listed on a ledger page, in order. */
const listed = (html: string) => [...html.matchAll(/<a href="\/office\/hazards\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!));

const ALL = ['H1', 'H2', 'H3'];
// H1: e1 (hazchem, v1); H2: e2 (hazchem, v2); H3: e3 (industry, v1).
const SEES: Record<string, string[]> = {
  'sec@town.example': ALL, // party secretary
  'head@town.example': ALL, // town head
  'office@town.example': ALL, // office head
  'lead@town.example': ALL, // the safety leader (a deputy head)
  'lead2@town.example': ['H2', 'H3'], // deputy head: industry, and village v2
  'insp@town.example': ['H1', 'H2'], // inspector of hazchem
  'insp2@town.example': ['H3'], // inspector of industry
  'vs@town.example': ['H1', 'H3'], // supervisor of v1
  'vs2@town.example': ['H2'], // supervisor of v2
};

describe('who sees what in the office pages', () => {
  it('each role walks 隐患台账 and every item page: allowed where the profile puts them in charge, 403 elsewhere', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: OFFICE_TOWN });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 1 }));
    await engine.report(general('H2', { workdays: 5 }, { enterprise: 'e2', description: '反应釜温度计失灵' }));
    await engine.report(general('H3', { workdays: 5 }, { enterprise: 'e3', by: 'insp2', description: '冲床防护罩缺失' }));
    const office = await startOffice(engine);
    // An enterprise principal has no sign-in: the same page, no email.
    expect((await office.browser().post('/office/login', { email: 'li@e2.example' })).status).toBe(200);

    const browsers = new Map<string, Browser>();
    for (const [address, sees] of Object.entries(SEES)) {
      const browser = office.browser();
      await browser.signIn(address);
      browsers.set(address, browser);
      const ledger = await browser.get('/office');
      expect(ledger.status, address).toBe(200);
      expect(listed(ledger.text), address).toEqual(sees);
      for (const id of ALL) {
        const item = await browser.get(`/office/hazards/${id}`);
        expect(item.status, `${address} ${id}`).toBe(sees.includes(id) ? 200 : 403);
        if (item.status === 403) expect(item.text).toContain('不在您分管或负责的范围内');
      }
    }
    const lead2 = await browsers.get('lead2@town.example')!.get('/office');
    expect(lead2.text).toContain('您可以查看：行业领域 工贸企业；村 二村（及其企业）的隐患。');
    expect(lead2.text).not.toContain('甲加油站');

    // An inspector with no sector signs in but sees nothing: 403 on the list and on every item.
    const idle = office.browser();
    await idle.signIn('insp3@town.example');
    const refused = await idle.get('/office');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('没有分管的行业领域或村');
    expect(refused.text).toContain('退出'); // still able to sign out
    expect((await idle.get('/office/hazards/H1')).status).toBe(403);

    // The item's evidence files, to those who may see the item: a photo given with H1 (hazchem, v1), kept and
    // recorded as an accepted 提交整改 keeps it; the item page shows its thumbnail, served as data.
    const image = await photo();
    const kept = await office.evidence.put((async function* () { yield image; })());
    if (!('sha256' in kept)) throw new Error('the photo was not kept');
    await recordEvidence(engine.db, office.evidence, { itemKind: 'hazard', itemId: 'H1', action: 'submit', by: 'principal', at: await engine.now(), files: [{ ...kept, name: '现场.jpg' }] });
    const insp = browsers.get('insp@town.example')!;
    expect((await insp.get('/office/hazards/H1')).text).toContain(`<img src="/office/hazards/H1/thumbs/${kept.sha256}"`);
    const file = await insp.get(`/office/hazards/H1/files/${kept.sha256}`);
    expect(file).toMatchObject({ status: 200 });
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await insp.get(`/office/hazards/H1/thumbs/${kept.sha256}`)).status).toBe(200);
    expect((await insp.get(`/office/hazards/H2/files/${kept.sha256}`)).status).toBe(404); // not H2's file
    expect((await browsers.get('insp2@town.example')!.get(`/office/hazards/H1/files/${kept.sha256}`)).status).toBe(403);
    expect((await idle.get(`/office/hazards/H1/thumbs/${kept.sha256}`)).status).toBe(403);
    expect((await office.browser().get(`/office/hazards/H1/files/${kept.sha256}`)).status).toBe(303);

    // A browser without a session is sent to sign in; the principal got no email.
    expect(await office.browser().get('/office/hazards/H1')).toMatchObject({ status: 303, location: '/office/login' });
    expect(office.signinMails('li@e2.example')).toEqual([]);
  });

  it.each(['sqlite', 'postgresql'] as const)('the item page is the action links’ page without buttons; the ledger filters by status, level, sector, village and overdue, as the CLI ledger counts (%s)', async (provider) => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: OFFICE_TOWN, provider });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 1 }));
    await engine.report(general('H2', { workdays: 5 }, { enterprise: 'e2', description: '反应釜温度计失灵' }));
    await engine.report(general('H3', { workdays: 5 }, { enterprise: 'e3', by: 'insp2', description: '冲床防护罩缺失' }));
    await engine.advanceTo('2030-09-05T10:00'); // H1 was due 2030-09-03: 2 days overdue
    const office = await startOffice(engine);
    const head = office.browser();
    await head.signIn('office@town.example');

    const all = await head.get('/office');
    expect(listed(all.text)).toEqual((await listHazards(engine.db, {}, await engine.now())).map((r) => r.id));
    for (const column of ['编号', '企业', '隐患', '等级', '状态', '期限', '逾期']) expect(all.text).toContain(`<th>${column}</th>`);
    expect(all.text).toContain('data-label="逾期" class="late">2 天</td>');
    expect(all.text).toContain('共 3 项');
    expect(all.text).not.toContain('<script');
    // The built entries are links; those not built yet are words, not links.
    for (const { key, href } of MENU) {
      const word = officeText.menu[key];
      if (href) expect(all.text).toContain(`<a href="${href}"`);
      else {
        expect(all.text).toContain(`<span class="soon">${word}<small>建设中</small></span>`);
        expect(all.text).not.toMatch(new RegExp(`<a [^>]*>${word}`));
      }
    }

    const cases: Array<[string, string[]]> = [
      ['?overdue=1', ['H1']],
      ['?sector=industry', ['H3']],
      ['?village=v2', ['H2']],
      ['?status=open&level=general&sector=hazchem&village=v1', ['H1']],
      ['?status=submitted', []],
      ['?level=major', []],
      ['?status=&level=&sector=&village=', ['H1', 'H2', 'H3']], // the form's 全部
    ];
    for (const [query, ids] of cases) {
      const page = await head.get(`/office${query}`);
      expect(page.status, query).toBe(200);
      expect(listed(page.text), query).toEqual(ids);
    }
    expect((await head.get('/office?overdue=1')).text).toContain('<input type="checkbox" name="overdue" value="1" checked>');
    const bad = await head.get('/office?status=late&sector=nowhere');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('筛选条件“状态”的值“late”无法识别');
    expect(bad.text).toContain('筛选条件“行业领域”的值“nowhere”无法识别');

    // An inspector cannot filter their way into another sector.
    const insp = office.browser();
    await insp.signIn('insp@town.example');
    expect((await insp.get('/office?sector=industry')).status).toBe(400);
    expect(listed((await insp.get('/office?village=v1')).text)).toEqual(['H1']);

    const item = await head.get('/office/hazards/H1');
    expect(item.status).toBe(200);
    expect(item.text).toContain('<h1>隐患 H1</h1>');
    expect(item.text).toContain('您好，安办主任戊');
    expect(item.text).toContain('甲加油站');
    expect(item.text).toContain('办理记录');
    expect(item.text).not.toContain('class="button"'); // no action buttons
    expect(item.text).toContain('隐患台账');
    expect((await head.get('/office/hazards/H9')).status).toBe(404);
  });
});
