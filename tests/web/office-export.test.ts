// 隐患台账's 导出Excel (GET /office/hazards.xlsx): the workbook `anwei hazard export` writes, for the page's
// filters narrowed to what the signed-in person may see. A deputy head's file holds exactly their hazards —
// listHazards' rows for the same filter, cell for cell — downloaded as an attachment with a zh-CN name; no
// session is sent to sign in, no scope is a 403, a filter outside the person's choices a 400 page.

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { hazardLedgerOf } from '../../client/hazard-export.ts';
import { listHazards, type HazardFilter } from '../../client/ledger.ts';
import { hazardWhere } from '../../domain/visibility.ts';
import { loadScope } from '../../web/office/access.ts';
import { SESSION_COOKIE } from '../../web/office/routes.ts';
import { general } from '../engine/hazard-helpers.ts';
import { startEngine } from '../support/engine.ts';
import { OFFICE_TOWN, startOffice, type Browser, type Office } from './office-support.ts';


const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Every cell of the workbook's sheets, as text. */
async function cells(file: Buffer): Promise<Record<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const out: Record<string, string[][]> = {};
  for (const sheet of wb.worksheets) {
    const rows: string[][] = [];
    sheet.eachRow((row) => rows.push(Array.from({ length: sheet.columnCount }, (_, i) => String(row.getCell(i + 1).value ?? ''))));
    out[sheet.name] = rows;
  }
  return out;
}

/** The download as a browser gets it: status, headers and the bytes (not decoded as text). */
async function download(office: Office, browser: Browser, path: string) {
  const session = browser.cookie();
  const response = await fetch(office.base + path, { redirect: 'manual', headers: session ? { cookie: `${SESSION_COOKIE}=${session}` } : {} });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

describe('隐患台账 导出Excel', () => {
  it('a deputy head’s file holds exactly their visible hazards, as listHazards lists them for the filter', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: OFFICE_TOWN });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 1 })); // e1: hazchem, v1 — not lead2's
    await engine.report(general('H2', { workdays: 1 }, { enterprise: 'e2', description: '反应釜温度计失灵' })); // e2: hazchem, v2
    await engine.report(general('H3', { workdays: 5 }, { enterprise: 'e3', by: 'insp2', description: '冲床防护罩缺失' })); // e3: industry
    await engine.advanceTo('2030-09-05T10:00'); // H1 and H2 were due 09-03: 2 days overdue
    const office = await startOffice(engine);
    const lead2 = office.browser();
    await lead2.signIn('lead2@town.example');

    // The page links its export with its own filters.
    expect((await lead2.get('/office')).text).toContain('<a href="/office/hazards.xlsx" download>导出Excel</a>');
    expect((await lead2.get('/office?status=open&overdue=1')).text).toContain('<a href="/office/hazards.xlsx?status=open&amp;overdue=1" download>导出Excel</a>');

    const scope = await loadScope(engine.db, 'lead2');
    const expected = async (filter: HazardFilter) => {
      const at = await engine.now();
      return cells(await hazardLedgerOf(engine.db, await listHazards(engine.db, { ...filter, also: [hazardWhere(scope)] }, at), at));
    };
    const file = await download(office, lead2, '/office/hazards.xlsx');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe(XLSX);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="____-2030-09-05.xlsx"; filename*=UTF-8''${encodeURIComponent('隐患台账-2030-09-05.xlsx')}`);
    const sheet = (await cells(file.body))['隐患台账']!;
    expect(sheet[0]).toEqual(['编号', '企业', '行业领域', '村', '隐患描述', '等级', '发现时间', '发现人', '整改期限', '整改情况', '复查人', '复查时间', '状态', '逾期天数', '佐证材料']);
    expect(sheet.slice(1).map((r) => r[0])).toEqual(['H2', 'H3']); // their sector (industry) and village (v2); never H1
    expect(sheet[1]!.slice(0, 6)).toEqual(['H2', '乙化工厂', '危险化学品', '二村', '反应釜温度计失灵', '一般隐患']);
    expect(sheet[1]![13]).toBe('2');
    expect(await cells(file.body)).toEqual(await expected({}));

    // The page's filters narrow the file as they narrow the page.
    for (const [query, filter, ids] of [
      ['?overdue=1', { overdue: true }, ['H2']],
      ['?sector=industry', { sector: 'industry' }, ['H3']],
      ['?sector=hazchem', { sector: 'hazchem' }, ['H2']], // e2 is in their village; H1 (e1, v1) stays out

      ['?status=submitted', { status: 'submitted' }, []],
    ] as Array<[string, HazardFilter, string[]]>) {
      const narrowed = await cells((await download(office, lead2, `/office/hazards.xlsx${query}`)).body);
      expect(narrowed['隐患台账']!.slice(1).map((r) => r[0]), query).toEqual(ids);
      expect(narrowed, query).toEqual(await expected(filter));
    }

    // The whole town's office head gets all three.
    const head = office.browser();
    await head.signIn('office@town.example');
    expect((await cells((await download(office, head, '/office/hazards.xlsx')).body))['隐患台账']!.slice(1).map((r) => r[0])).toEqual(
      (await listHazards(engine.db, {}, await engine.now())).map((r) => r.id),
    );

    // A value not among the page's choices is a bad filter (400 page), not an empty file.
    const bad = await lead2.get('/office/hazards.xlsx?sector=nowhere&status=late');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/^text\/html/);
    expect(bad.text).toContain('筛选条件“行业领域”的值“nowhere”无法识别');
    expect(bad.text).toContain('筛选条件“状态”的值“late”无法识别');

    // No session: to sign in. In charge of nothing: 403, no file.
    expect(await office.browser().get('/office/hazards.xlsx')).toMatchObject({ status: 303, location: '/office/login' });
    const idle = office.browser();
    await idle.signIn('insp3@town.example');
    const refused = await idle.get('/office/hazards.xlsx');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('没有分管的行业领域或村');
  }, 120_000);
});
