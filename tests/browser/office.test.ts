// The office pages in the machine's Chromium, as issue 11 asks: a deputy head signs in from the email on a 360 px
// phone and sees on 看板 and 隐患台账 only their sectors' and village's hazards (what listHazards gives with
// hazardWhere for their scope), and the file 导出Excel downloads holds the page's rows; the office head starts a
// campaign from the form at 1440 px and follows its progress; the year calendar marks a 调休 working day.
// Every page the phone lands on is checked for sideways scrolling (phone.ts); the desk pages at 1440 px likewise.
// ANWEI_SCREENSHOT_DIR=docs/screenshots also writes office-hazards.png and office-calendar.png (1440 px).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser as Chromium, Page } from 'playwright-core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { campaignStatus } from '../../client/campaigns.ts';
import { listHazards, type HazardFilter } from '../../client/ledger.ts';
import { campaignText } from '../../domain/text/campaign.ts';
import { hazardWhere } from '../../domain/visibility.ts';
import { loadScope } from '../../web/office/access.ts';
import { SESSION_COOKIE } from '../../web/office/routes.ts';
import { settled as campaignSettled } from '../engine/campaign-helpers.ts';
import { TEST_TOWN, startEngine } from '../support/engine.ts';
import { dashboardTown } from '../web/office-dashboard-town.ts';
import { linkPathIn, startOffice, type Office } from '../web/office-support.ts';
import { launchChromium, phoneIn, type Phone } from './phone.ts';

const DESK = { viewport: { width: 1440, height: 900 }, locale: 'zh-CN' } as const;

/** A Chromium for this test, closed when it ends. */
async function chromium(): Promise<Chromium> {
  const browser = await launchChromium();
  onTestFinished(() => browser.close());
  return browser;
}

/** 邮箱 → 发送登录链接 on the page, then the email's link opened → 登录: the phone is signed in. */
async function signInFromTheEmail(office: Office, phone: Phone, address: string): Promise<void> {
  const before = office.signinMails(address).length;
  expect(await phone.open('/office/login')).toBe(200);
  await phone.page.getByLabel('邮箱').fill(address);
  expect(await phone.tap('发送登录链接')).toBe(200);
  const mails = await office.waitForMails(address, before + 1);
  expect(await phone.open(linkPathIn(mails.at(-1)!.text, office.base))).toBe(200);
  expect(await phone.text()).toContain('确认登录');
  expect(await phone.tap('登录')).toBe(200);
  expect(await phone.text()).toContain('退出');
}

/** A desk browser (1440 px) holding the session of a person signed in through office.browser(). */
async function desk(chromium: Chromium, office: Office, address: string): Promise<Page> {
  const person = office.browser();
  await person.signIn(address);
  const context = await chromium.newContext(DESK);
  await context.addCookies([{ name: SESSION_COOKIE, value: person.cookie()!, url: `${office.base}/office` }]);
  return context.newPage();
}

/** Opens a path on the desk: 200, and nothing to scroll sideways at 1440 px. */
async function openOnDesk(page: Page, base: string, path: string): Promise<void> {
  expect((await page.goto(base + path))?.status(), path).toBe(200);
  const { scrollWidth, clientWidth } = await page.evaluate<{ scrollWidth: number; clientWidth: number }>(
    '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
  );
  expect(clientWidth, path).toBe(DESK.viewport.width);
  expect(scrollWidth, path).toBeLessThanOrEqual(clientWidth);
}

async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.ANWEI_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: join(dir, name), fullPage: true });
}

/** The workbook's first sheet's rows, every cell as text. */
async function sheetRows(file: Buffer): Promise<string[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push(Array.from({ length: sheet.columnCount }, (_, i) => String(row.getCell(i + 1).value ?? ''))));
  return rows;
}

describe('the office in a browser', () => {
  it('a deputy head signs in from the email on a phone, sees only their hazards on 看板 and 隐患台账, and the downloaded Excel holds the page’s rows', async () => {
    const engine = await dashboardTown();
    const office = await startOffice(engine);
    const phone = await phoneIn(await chromium(), office.base);
    // lead2: deputy head of industry (e3) and leader of village v2 (e2) — never e1's hazards.
    await signInFromTheEmail(office, phone, 'lead2@town.example');

    const at = await engine.now();
    const scope = await loadScope(engine.db, 'lead2');
    const theirs = (filter: HazardFilter = {}) => listHazards(engine.db, { ...filter, also: [hazardWhere(scope)] }, at);
    const visible = (await theirs()).map((h) => h.id);
    const everyone = (await listHazards(engine.db, {}, at)).map((h) => h.id);
    expect(visible.length).toBeGreaterThan(0);
    expect(everyone.filter((id) => !visible.includes(id)).length).toBeGreaterThan(0); // someone else's hazards exist

    // 看板: the counts are the ledger's for their scope; every hazard it links to is one of theirs.
    expect(await phone.tap('看板')).toBe(200);
    const tile = async (label: string) => Number(await phone.page.locator('ul.tiles li', { hasText: label }).locator('strong').innerText());
    expect(await tile('未整改隐患')).toBe((await theirs({ status: 'open' })).length);
    expect(await tile('逾期隐患')).toBe((await theirs({ overdue: true })).length);
    const linked = await phone.page.locator('main a[href^="/office/hazards/"]').allInnerTexts();
    expect(linked.length).toBeGreaterThan(0);
    for (const id of linked) expect(visible, id).toContain(id);

    // 隐患台账: exactly their hazards, in the ledger's order.
    expect(await phone.tap('隐患台账')).toBe(200);
    const onPage: string[][] = [];
    for (const row of await phone.page.locator('table.ledger tbody tr').all()) onPage.push((await row.locator('td').allInnerTexts()).map((cell) => cell.trim()));
    expect(onPage.map((r) => r[0])).toEqual(visible);

    // 导出Excel: the file the phone downloads holds the same rows (编号, 企业, 隐患描述, 等级, 状态, 整改期限, 逾期天数).
    const [download] = await Promise.all([phone.page.waitForEvent('download'), phone.page.getByRole('link', { name: '导出Excel', exact: true }).tap()]);
    expect(download.suggestedFilename()).toMatch(/^隐患台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const [head, ...body] = await sheetRows(await readFile((await download.path())!));
    const column = (name: string) => head!.indexOf(name);
    const fromFile = body.map((r) => [
      r[column('编号')],
      r[column('企业')],
      r[column('隐患描述')],
      r[column('等级')],
      r[column('状态')],
      r[column('整改期限')],
      Number(r[column('逾期天数')] || 0) > 0 ? `${r[column('逾期天数')]} 天` : '—',
    ]);
    expect(fromFile).toEqual(onPage);

    // The office head's 隐患台账 at 1440 px (the whole town): for the docs.
    const page = await desk(await chromium(), office, 'office@town.example');
    await openOnDesk(page, office.base, '/office');
    expect(await page.locator('table.ledger tbody tr').count()).toBe(everyone.length);
    await screenshot(page, 'office-hazards.png');
  }, 240_000);

  it('the office head starts a campaign from the form (预览, 确认开始) and sees its progress on its page', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: TEST_TOWN });
    await engine.advanceTo('2030-09-02T10:00');
    const office = await startOffice(engine);
    const page = await desk(await chromium(), office, 'office@town.example');

    await openOnDesk(page, office.base, '/office/campaigns/new');
    await page.getByLabel('标题').fill('危化品专项整治');
    await page.getByLabel('编号', { exact: true }).fill('WH2030');
    await page.getByRole('checkbox', { name: '危险化学品' }).check();
    await page.getByLabel('截止期限').fill('5个工作日');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '预览', exact: true }).click()]);
    expect(await page.locator('main').innerText()).toContain('目标企业 2 家');
    expect(await engine.db.prisma.campaign.count()).toBe(0); // 预览 starts nothing

    const [started] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: '确认开始', exact: true }).click()]);
    expect(started?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe('/office/campaigns/WH2030');
    await campaignSettled(engine, 'WH2030');

    // Its page shows the CLI's progress once its tasks exist.
    await expect.poll(async () => {
      await openOnDesk(page, office.base, '/office/campaigns/WH2030');
      return (await page.locator('main').innerText()).includes('WH2030:e2');
    }, { timeout: 60_000 }).toBe(true);
    const status = (await campaignStatus(engine.db, 'WH2030', await engine.now()))!;
    const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(text).toContain(campaignText.counts(status.counts).replace(/\s+/g, ' '));
    for (const words of ['危化品专项整治', 'WH2030:e1', '甲加油站', '安监员己']) expect(text).toContain(words);
    await openOnDesk(page, office.base, '/office/campaigns');
    expect(await page.locator('table.ledger.campaigns').innerText()).toContain('0/2');
  }, 240_000);

  it('the year calendar marks 2026-01-04, a Sunday worked for 元旦, as a 调休 working day — on a phone and on a desk', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: TEST_TOWN });
    const office = await startOffice(engine);
    const chromiumBrowser = await chromium();
    const phone = await phoneIn(chromiumBrowser, office.base);
    await signInFromTheEmail(office, phone, 'office@town.example');
    expect(await phone.tap('工作日历')).toBe(200);
    expect(await phone.open('/office/calendar?year=2026')).toBe(200);

    const cell = (page: Page, date: string) => page.locator(`td[aria-label^="${date} "]`);
    const makeup = cell(phone.page, '2026-01-04');
    expect(await makeup.getAttribute('aria-label')).toMatch(/^2026-01-04 周日，调休上班（元旦）/);
    expect((await makeup.getAttribute('class'))!.split(' ')).toContain('makeup');
    // Marked so one sees it: not painted like a plain working day (2026-01-05) nor like a weekend off (2026-01-03).
    // Evaluated as a string in the page (the project's types have no DOM).
    const background = (page: Page, date: string) =>
      page.evaluate<string>(`getComputedStyle(document.querySelector('td[aria-label^="${date} "]')).backgroundColor`);
    const worked = await background(phone.page, '2026-01-04');
    expect(worked).not.toBe(await background(phone.page, '2026-01-05'));
    expect(worked).not.toBe(await background(phone.page, '2026-01-03'));
    expect(await phone.page.locator('section.legend').innerText()).toContain('调休上班');

    const page = await desk(chromiumBrowser, office, 'office@town.example');
    await openOnDesk(page, office.base, '/office/calendar?year=2026');
    expect((await cell(page, '2026-01-04').getAttribute('class'))!.split(' ')).toContain('makeup');
    expect(await page.locator('section.month').count()).toBe(12);
    await screenshot(page, 'office-calendar.png');
  }, 240_000);
});
