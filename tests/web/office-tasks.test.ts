// 工作任务 (GET /office/tasks): each role signs in and sees the task ledger of their scope — exactly the rows
// listTasks (`anwei task list`) gives with domain/visibility.ts taskWhere, for each filter; each task's page
// and its evidence files to those who see the task, 403 to others; 导出Excel holds the page's rows; a filter
// value not among the page's choices is a 400 page naming each; no session goes to sign in.

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { taskLedgerOf } from '../../client/task-export.ts';
import { listTasks, type TaskFilter } from '../../client/task-ledger.ts';
import { taskWhere } from '../../domain/visibility.ts';
import { loadScope } from '../../web/office/access.ts';
import { SESSION_COOKIE } from '../../web/office/routes.ts';
import { recordEvidence } from '../../web/uploads.ts';
import { startEngine } from '../support/engine.ts';
import { photo } from '../support/evidence-files.ts';
import { TASK_TOWN, committeeMeeting, startTask, villageReport } from '../support/tasks.ts';
import { startOffice, type Browser, type Office } from './office-support.ts';
import { settled } from './support.ts';

// Task town (v1 led by lead3, supervised by vs) and an inspector in charge of nothing.
const TOWN = TASK_TOWN.replace('  - { id: vs,', '  - { id: insp3, name: 安监员壬, role: inspector, email: insp3@town.example }\n  - { id: vs,');

/** A village's report (v1, vs), the office's meeting (no scope), an enterprise's check (e3: industry, v1), a sector's check (hazchem). */
const SPECS = [
  villageReport(),
  committeeMeeting(),
  villageReport({ id: 'enterprise-check:2030-09:e3', dutyId: 'enterprise-check', dutyName: '企业检查', title: '丙机械厂2030年9月检查', period: '2030-09', scope: { kind: 'enterprise', id: 'e3' }, assigneeId: 'insp2', level1: 'sector_leader', due: '2030-09-20' }),
  villageReport({ id: 'sector-check:2030-09:hazchem', dutyId: 'sector-check', dutyName: '行业领域检查', title: '危险化学品2030年9月检查', period: '2030-09', scope: { kind: 'sector', id: 'hazchem' }, assigneeId: 'insp', level1: 'sector_leader', due: '2030-09-20' }),
];

const ids = (text: string) => [...text.matchAll(/<a href="\/office\/tasks\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!));

async function cells(file: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push(Array.from({ length: sheet.columnCount }, (_, i) => String(row.getCell(i + 1).value ?? ''))));
  return rows;
}

async function download(office: Office, browser: Browser, path: string) {
  const session = browser.cookie();
  const response = await fetch(office.base + path, { redirect: 'manual', headers: session ? { cookie: `${SESSION_COOKIE}=${session}` } : {} });
  return { status: response.status, headers: response.headers, body: Buffer.from(await response.arrayBuffer()) };
}

describe('工作任务', () => {
  it.each(['sqlite', 'postgresql'] as const)('each role sees listTasks’ rows for their scope and filter; item pages and files to those who see the task, 403 to others; 导出Excel holds the rows (%s)', async (provider) => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: TOWN, provider });
    for (const spec of SPECS) await startTask(engine, spec);
    await engine.advanceTo('2030-09-09T10:00'); // the village report (due 09-06) is overdue
    await settled(() => engine.db.prisma.task.findUnique({ where: { id: 'village-report:2030-08:v1' } }), (t) => t?.status === 'overdue');
    await settled(() => engine.db.prisma.task.count(), (n) => n === SPECS.length);
    const office = await startOffice(engine);

    const seen: Record<string, string[]> = {
      'office@town.example': SPECS.map((s) => s.id),
      'lead2@town.example': ['enterprise-check:2030-09:e3'], // industry → e3
      'insp@town.example': ['sector-check:2030-09:hazchem'], // hazchem, and assigned to him
      'vs@town.example': ['village-report:2030-08:v1', 'enterprise-check:2030-09:e3'], // v1 and its enterprises
      'lead3@town.example': ['village-report:2030-08:v1', 'enterprise-check:2030-09:e3'],
    };
    const browsers = new Map<string, Browser>();
    for (const [address, expected] of Object.entries(seen)) {
      const browser = office.browser();
      await browser.signIn(address);
      browsers.set(address, browser);
      const person = address.split('@')[0]!;
      const scope = await loadScope(engine.db, person);
      const ledger = async (filter: TaskFilter = {}) => (await listTasks(engine.db, { ...filter, also: [taskWhere(scope)] }, await engine.now())).map((r) => r.id);
      const listed = await browser.get('/office/tasks');
      expect(listed.status, address).toBe(200);
      expect(listed.text).toContain('aria-current="page">工作任务</a>');
      expect(ids(listed.text), address).toEqual(await ledger());
      expect([...ids(listed.text)].sort(), address).toEqual([...expected].sort());
      for (const [query, filter] of [
        ['?overdue=1', { overdue: true }],
        ['?status=open', { status: 'open' }],
        ['?village=v1', { village: 'v1' }],
      ] as Array<[string, TaskFilter]>) {
        expect(ids((await browser.get(`/office/tasks${query}`)).text), `${address} ${query}`).toEqual(await ledger(filter));
      }
      // Every task: its page when seen, 403 when not.
      for (const spec of SPECS) {
        const item = await browser.get(`/office/tasks/${encodeURIComponent(spec.id)}`);
        expect(item.status, `${address} ${spec.id}`).toBe(expected.includes(spec.id) ? 200 : 403);
        if (item.status === 200) {
          expect(item.text).toContain(spec.title);
          expect(item.text).not.toContain('登记完成</a>'); // no action buttons in the office
        } else expect(item.text).toContain('不在您分管或负责的范围内');
      }
    }

    // The whole town's columns and filters, as the CLI's list shows them.
    const head = browsers.get('office@town.example')!;
    const page = (await head.get('/office/tasks')).text;
    for (const word of ['<th>任务</th><th>承办人</th><th>期间</th><th>期限</th><th>状态</th><th>逾期</th>', '一村2030年8月安全生产月报', '监督员辛', '2030年8月', '已逾期', '3 天', '<a href="/office/tasks.xlsx" download>导出Excel</a>']) {
      expect(page).toContain(word);
    }
    const scope = await loadScope(engine.db, 'office');
    for (const [query, filter] of [
      ['?duty=enterprise-check', { duty: 'enterprise-check' }],
      ['?assignee=insp', { assignee: 'insp' }],
      ['?status=overdue&overdue=1', { status: 'overdue', overdue: true }],
    ] as Array<[string, TaskFilter]>) {
      expect(ids((await head.get(`/office/tasks${query}`)).text), query).toEqual((await listTasks(engine.db, { ...filter, also: [taskWhere(scope)] }, await engine.now())).map((r) => r.id));
    }
    expect(ids((await head.get('/office/tasks?assignee=insp')).text)).toEqual(['sector-check:2030-09:hazchem']);

    // 导出Excel: the page's rows, cell for cell the workbook of listTasks' rows.
    const vs = browsers.get('vs@town.example')!;
    expect((await vs.get('/office/tasks?status=overdue')).text).toContain('<a href="/office/tasks.xlsx?status=overdue" download>导出Excel</a>');
    const vsScope = await loadScope(engine.db, 'vs');
    for (const [query, filter] of [
      ['', {}],
      ['?status=overdue', { status: 'overdue' }],
    ] as Array<[string, TaskFilter]>) {
      const file = await download(office, vs, `/office/tasks.xlsx${query}`);
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      expect(file.headers.get('content-disposition')).toContain(encodeURIComponent('工作任务台账-2030-09-09.xlsx'));
      const at = await engine.now();
      const rows = await listTasks(engine.db, { ...filter, also: [taskWhere(vsScope)] }, at);
      const sheet = await cells(file.body);
      expect(sheet.slice(1).map((r) => r[0]), query).toEqual(rows.map((r) => r.id));
      expect(sheet, query).toEqual(await cells(await taskLedgerOf(engine.db, rows, at)));
    }
    const whole = await cells((await download(office, head, '/office/tasks.xlsx')).body);
    expect(whole[0]).toEqual(['任务编号', '工作事项', '期间', '范围', '承办人', '开始日期', '截止日期', '状态', '完成时间', '完成人', '完成情况', '逾期', '佐证材料']);
    expect(whole.find((r) => r[0] === 'village-report:2030-08:v1')!.slice(0, 8)).toEqual(['village-report:2030-08:v1', '村月度安全报告', '2030年8月', '村（社区）：一村', '监督员辛', '2030-09-02', '2030-09-06', '已逾期']);
    expect(whole.find((r) => r[0] === 'village-report:2030-08:v1')![11]).toBe('3');
    expect(whole.find((r) => r[0] === 'committee-meeting:2030-09')![3]).toBe('安委办');

    // A task's evidence files, to those who see the task.
    const image = await photo();
    const kept = await office.evidence.put((async function* () { yield image; })());
    if (!('sha256' in kept)) throw new Error('the photo was not kept');
    const report = 'village-report:2030-08:v1';
    await recordEvidence(engine.db, office.evidence, { itemKind: 'task', itemId: report, action: 'complete', by: 'vs', at: await engine.now(), files: [{ ...kept, name: '月报.jpg' }] });
    const base = `/office/tasks/${encodeURIComponent(report)}`;
    expect((await vs.get(base)).text).toContain(`<img src="${base}/thumbs/${kept.sha256}"`);
    const file = await vs.get(`${base}/files/${kept.sha256}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    expect((await vs.get(`${base}/thumbs/${kept.sha256}`)).status).toBe(200);
    expect((await vs.get(`/office/tasks/${encodeURIComponent('enterprise-check:2030-09:e3')}/files/${kept.sha256}`)).status).toBe(404); // not that task's file
    expect((await browsers.get('lead2@town.example')!.get(`${base}/files/${kept.sha256}`)).status).toBe(403);
    expect((await browsers.get('insp@town.example')!.get(`${base}/thumbs/${kept.sha256}`)).status).toBe(403);
    expect((await office.browser().get(`${base}/files/${kept.sha256}`)).status).toBe(303);
    expect(whole.length).toBeGreaterThan(1);
    expect((await cells((await download(office, vs, '/office/tasks.xlsx')).body)).find((r) => r[0] === report)![12]).toBe(`月报.jpg（sha256:${kept.sha256}）`);

    // Bad filters: each named, on a 400 page; an assignee or village outside the person's choices is one too.
    const lead2 = browsers.get('lead2@town.example')!;
    const bad = await lead2.get('/office/tasks?status=late&duty=nothing&assignee=vs&village=v9');
    expect(bad.status).toBe(400);
    for (const word of ['筛选条件“状态”的值“late”无法识别', '筛选条件“工作事项”的值“nothing”无法识别', '筛选条件“承办人”的值“vs”无法识别', '筛选条件“村”的值“v9”无法识别']) expect(bad.text).toContain(word);
    const both = await head.get('/office/tasks.xlsx?status=done&overdue=1');
    expect(both.status).toBe(400);
    expect(both.text).toContain('“只看逾期”只列状态为“已逾期”的任务，不能同时选择状态“已完成”');

    // No session: to sign in (list, export, item). In charge of nothing: 403.
    const stranger = office.browser();
    for (const path of ['/office/tasks', '/office/tasks.xlsx', base]) expect(await stranger.get(path), path).toMatchObject({ status: 303, location: '/office/login' });
    const idle = office.browser();
    await idle.signIn('insp3@town.example');
    expect((await idle.get('/office/tasks')).status).toBe(403);
    expect((await idle.get('/office/tasks.xlsx')).status).toBe(403);
    expect((await idle.get(base)).status).toBe(403);
    expect((await head.get('/office/tasks/no-such-task')).status).toBe(404);
  }, 180_000);
});
