// Issue 11, 隐患台账's filters by 企业, 专项行动 and 发现时间 (from/to): each page's rows are listHazards' rows
// for the same filter and the visitor's scope; an enterprise out of the visitor's scope or an unreadable date is
// a 400 page naming the field; 导出Excel carries the same query; `anwei hazard list` takes the same filters
// (--campaign, --from, --to), run in this process against the same ledger, with the same words for a bad date.

import { afterEach, describe, expect, it } from 'vitest';
import { listHazards, type HazardFilter } from '../../client/ledger.ts';
import { hazardWhere } from '../../domain/visibility.ts';
import { loadScope } from '../../web/office/access.ts';
import { anwei } from '../support/cli.ts';
import { startEngine } from '../support/engine.ts';
import { general } from '../engine/hazard-helpers.ts';
import { start } from '../engine/campaign-helpers.ts';
import { startOffice } from './office-support.ts';

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'ANWEI_TASK_QUEUE']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

/** The hazard ids listed on a ledger page, in order. */
const listed = (html: string) => [...html.matchAll(/<a href="\/office\/hazards\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!));

describe('隐患台账 by enterprise, campaign and 发现时间', () => {
  it('lists what listHazards lists for the same filter and scope; out of scope or a bad date is a 400; the CLI filters alike', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await start(engine, { id: 'SC2030', template: 'special', title: '秋季专项整治', due: { workdays: 5 }, by: 'lead' });
    // H1 (e1, hazchem) in the campaign, found 09-02; H2 (e2) and H3 (e3, industry, in the campaign) found 09-04.
    await engine.report(general('H1', { workdays: 5 }, { campaign: 'SC2030' }));
    await engine.advanceTo('2030-09-04T23:30'); // late in the Shanghai day: still 09-04, already 09-04 15:30 UTC
    await engine.report(general('H2', { workdays: 5 }, { enterprise: 'e2', description: '反应釜温度计失灵' }));
    await engine.report(general('H3', { workdays: 5 }, { enterprise: 'e3', by: 'insp2', description: '冲床防护罩缺失', campaign: 'SC2030' }));
    const office = await startOffice(engine);
    const now = await engine.now();

    const visitors = [
      ['office@town.example', 'office'],
      ['insp2@town.example', 'insp2'],
    ] as const;
    const cases: Array<[string, Omit<HazardFilter, 'also'>]> = [
      ['?enterprise=e2', { enterprise: 'e2' }],
      ['?enterprise=e3', { enterprise: 'e3' }],
      ['?campaign=SC2030', { campaign: 'SC2030' }],
      ['?from=2030-09-03', { reportedFrom: '2030-09-03' }],
      ['?to=2030-09-03', { reportedTo: '2030-09-03' }],
      ['?from=2030-09-04&to=2030-09-04', { reportedFrom: '2030-09-04', reportedTo: '2030-09-04' }],
      ['?campaign=SC2030&from=2030-09-04&to=2030-09-05', { campaign: 'SC2030', reportedFrom: '2030-09-04', reportedTo: '2030-09-05' }],
    ];
    const expected: Record<string, Record<string, string[]>> = {
      office: { '?enterprise=e2': ['H2'], '?campaign=SC2030': ['H1', 'H3'], '?from=2030-09-03': ['H2', 'H3'], '?to=2030-09-03': ['H1'], '?from=2030-09-04&to=2030-09-04': ['H2', 'H3'] },
      insp2: { '?campaign=SC2030': ['H3'], '?to=2030-09-03': [] },
    };
    for (const [address, key] of visitors) {
      const browser = office.browser();
      await browser.signIn(address);
      const where = hazardWhere(await loadScope(engine.db, key));
      for (const [query, filter] of cases) {
        if (key === 'insp2' && query === '?enterprise=e2') continue; // out of scope: below
        const page = await browser.get(`/office${query}`);
        expect(page.status, `${address} ${query}`).toBe(200);
        const rows = (await listHazards(engine.db, { ...filter, also: [where] }, now)).map((r) => r.id);
        expect(listed(page.text), `${address} ${query}`).toEqual(rows);
        if (expected[key]![query]) expect(rows, `${address} ${query}`).toEqual(expected[key]![query]);
        // 导出Excel carries the page's query and answers for it.
        const href = /<a href="(\/office\/hazards\.xlsx[^"]*)" download>/.exec(page.text)![1]!.replaceAll('&amp;', '&');
        expect(new URLSearchParams(href.split('?')[1]).toString()).toBe(new URLSearchParams(query.slice(1)).toString());
        expect((await browser.get(href)).status, href).toBe(200);
      }
    }

    // The choices: the enterprises the visitor sees, the campaigns of hazards they see.
    const head = office.browser();
    await head.signIn('office@town.example');
    const all = (await head.get('/office?campaign=SC2030&from=2030-09-02')).text;
    for (const e of ['e1', 'e2', 'e3']) expect(all).toContain(`<option value="${e}"`);
    expect(all).toContain('<option value="SC2030" selected>秋季专项整治</option>');
    expect(all).toContain('<input type="date" id="from" name="from" value="2030-09-02">');
    const insp2 = office.browser();
    await insp2.signIn('insp2@town.example');
    const mine = (await insp2.get('/office')).text;
    expect(mine).toContain('<option value="e3"');
    expect(mine).not.toContain('<option value="e1"');
    expect(mine).toContain('<option value="SC2030">');

    // An enterprise out of scope, or one the town never had, is the filters' 400; so are bad dates.
    for (const query of ['?enterprise=e1', '?enterprise=e9']) {
      const bad = await insp2.get(`/office${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.text).toContain(`筛选条件“企业”的值“${query.slice(12)}”无法识别`);
    }
    const badDate = await head.get('/office?from=2030-13-01&to=9月5日');
    expect(badDate.status).toBe(400);
    expect(badDate.text).toContain('发现时间起 2030-13-01: 不是有效的日期（格式为 YYYY-MM-DD，如 2030-09-01）');
    expect(badDate.text).toContain('发现时间止 9月5日: 不是有效的日期');
    const reversed = await head.get('/office?from=2030-09-05&to=2030-09-01');
    expect(reversed.status).toBe(400);
    expect(reversed.text).toContain('发现时间起 2030-09-05 晚于 发现时间止 2030-09-01：开始日期不能晚于结束日期');
    expect((await head.get('/office/hazards.xlsx?from=2030-02-30')).status).toBe(400);
    expect((await head.get('/office?campaign=NOPE')).status).toBe(400);

    // The CLI: the same filter from its flags, the same words for a bad date (exit 2).
    const cli = await anwei(engine, 'hazard', 'list', '--campaign', 'SC2030', '--from', '2030-09-04', '--to', '2030-09-04', '--json');
    expect(cli.code, cli.stderr).toBe(0);
    expect((JSON.parse(cli.stdout) as Array<{ id: string }>).map((r) => r.id)).toEqual(['H3']);
    const badCli = await anwei(engine, 'hazard', 'list', '--from', '2030-13-01');
    expect(badCli.code).toBe(2);
    expect(badCli.stderr).toContain('--from 2030-13-01: 不是有效的日期（格式为 YYYY-MM-DD，如 2030-09-01）');
    const reversedCli = await anwei(engine, 'hazard', 'list', '--from', '2030-09-05', '--to', '2030-09-01');
    expect(reversedCli.code).toBe(2);
    expect(reversedCli.stderr).toContain('--from 2030-09-05 晚于 --to 2030-09-01');
    const unknownCli = await anwei(engine, 'hazard', 'list', '--campaign', 'SC2031');
    expect(unknownCli.code).toBe(2);
    expect(unknownCli.stderr).toContain('--campaign SC2031: 没有编号为 “SC2031” 的专项行动，是否应为 SC2030？');
  });
});
