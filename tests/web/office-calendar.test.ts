// 工作日历 (contract §7 "Office pages"): the year's month grids mark days off, holidays and 调休 working days as
// the calendar data shipped with the project says; each duty task's opening and due date is on its day, as
// `anwei duties preview` plans them; a village supervisor sees their village's tasks only; an unpublished year
// carries the CLI's warning; a duty's page shows the CLI's traces. In Chromium: months stack on a phone and
// stand three or four across at 1440 px, with no sideways scrolling.

import { mkdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { previewDuties, townFromDatabase } from '../../client/duties.ts';
import { escapeHtml } from '../../web/html.ts';
import { SESSION_COOKIE } from '../../web/office/routes.ts';
import { launchChromium } from '../browser/phone.ts';
import { anwei } from '../support/cli.ts';
import { startEngine } from '../support/engine.ts';
import { OFFICE_TOWN, startOffice } from './office-support.ts';


/** A day cell's accessible name (its title and aria-label are the same words). */
const dayLabel = (page: string, date: string) => {
  const m = new RegExp(`<td class="([^"]*)" title="([^"]*)" aria-label="(${date} [^"]*)">`).exec(page);
  if (!m) throw new Error(`no cell for ${date}`);
  expect(m[2]).toBe(m[3]);
  return { classes: m[1]!.split(' '), label: m[3]! };
};

/** What a day cell's name lists as opening (开始) or falling due (截止) that day. */
const listed = (label: string, what: '开始' | '截止') => label.split('；').find((part) => part.startsWith(`${what}：`))?.slice(3) ?? '';

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'ANWEI_TASK_QUEUE']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('工作日历', () => {
  it('marks days off, holidays and 调休, puts each task on its days, narrows by scope, warns of unpublished years and shows the CLI traces', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: OFFICE_TOWN });
    const office = await startOffice(engine);

    // Not signed in: to the sign-in page, on both routes.
    for (const path of ['/office/calendar', '/office/calendar?year=2026', '/office/duties/committee-meeting?year=2026']) {
      const anonymous = await office.browser().get(path);
      expect(anonymous.status, path).toBe(303);
      expect(anonymous.location).toBe('/office/login');
    }

    // Every role in charge of something opens both pages; an inspector with no sector is refused (403).
    for (const address of ['sec@town.example', 'head@town.example', 'lead@town.example', 'lead2@town.example', 'insp@town.example', 'insp2@town.example', 'vs@town.example']) {
      const b = office.browser();
      await b.signIn(address);
      expect((await b.get('/office/calendar?year=2026')).status, address).toBe(200);
      expect((await b.get('/office/duties/holiday-check?year=2026')).status, address).toBe(200);
    }
    const idle = office.browser();
    await idle.signIn('insp3@town.example');
    for (const path of ['/office/calendar', '/office/duties/committee-meeting?year=2026']) {
      const refused = await idle.get(path);
      expect(refused.status, path).toBe(403);
      expect(refused.text).toContain('没有分管的行业领域或村');
    }

    const head = office.browser();
    await head.signIn('office@town.example');
    // The menu links the page; the default year is the engine clock's.
    const now = await head.get('/office/calendar');
    expect(now.status).toBe(200);
    expect(now.text).toContain('<a href="/office/calendar" aria-current="page">工作日历</a>');
    expect(now.text).toContain('<h1>2030年工作日历</h1>');
    expect(dayLabel(now.text, '2030-09-02').classes).toContain('today');

    // 2026 as the State Council published it (the chinese-days data the project ships): 02-16 is 春节, a
    // Monday off; 01-04 is a Sunday worked (调休 for 元旦); 03-07 a plain weekend; 03-09 a working day.
    const y2026 = await head.get('/office/calendar?year=2026');
    expect(y2026.status).toBe(200);
    expect(y2026.text).not.toContain('国务院尚未公布');
    const spring = dayLabel(y2026.text, '2026-02-16');
    expect(spring.classes).toEqual(['off', 'holiday']);
    expect(spring.label).toMatch(/^2026-02-16 周一，春节（休息）/);
    const makeup = dayLabel(y2026.text, '2026-01-04');
    expect(makeup.classes).toEqual(['work', 'makeup']);
    expect(makeup.label).toMatch(/^2026-01-04 周日，调休上班（元旦）/);
    expect(dayLabel(y2026.text, '2026-03-07').classes).toEqual(['off', 'weekend']);
    expect(dayLabel(y2026.text, '2026-03-09').classes).toEqual(['work']);
    for (const words of ['节假日休息', '调休上班', '周末休息', '任务开始', '任务截止']) expect(y2026.text).toContain(words);

    // Each town task's opening and due date is on its day, as duties preview plans them.
    const town = await townFromDatabase(engine.db);
    const plan = previewDuties(town, { from: '2026-01-01', days: 365 });
    const meetings = plan.tasks.filter((t) => t.dutyId === 'committee-meeting');
    expect(meetings.length).toBe(12); // monthly (contract §4)
    for (const t of meetings) {
      expect(listed(dayLabel(y2026.text, t.opensOn).label, '开始')).toContain(t.title);
      expect(listed(dayLabel(y2026.text, t.due).label, '截止')).toContain(t.title);
      expect(y2026.text).toContain(`<span class="d">${t.due.slice(5)}</span> <a href="/office/duties/committee-meeting?year=2026">● ${t.title} 截止</a>`);
    }

    // A village supervisor: their village's monthly report, not the other village's, nor the town's meeting.
    const vs = office.browser();
    await vs.signIn('vs@town.example');
    const mine = await vs.get('/office/calendar?year=2026');
    expect(mine.status).toBe(200);
    const reports = plan.tasks.filter((t) => t.dutyId === 'village-report');
    const v1 = reports.find((t) => t.scope?.id === 'v1')!;
    const v2 = reports.find((t) => t.scope?.id === 'v2')!;
    expect(v1.title).toContain('（一村）');
    expect(listed(dayLabel(mine.text, v1.due).label, '截止')).toContain(v1.title);
    expect(mine.text).toContain(escapeHtml(v1.title));
    expect(mine.text).not.toContain('（二村）');
    expect(mine.text).not.toContain(meetings[0]!.title);
    const theirs = await (async () => {
      const b = office.browser();
      await b.signIn('vs2@town.example');
      return b.get('/office/calendar?year=2026');
    })();
    expect(theirs.text).toContain(escapeHtml(v2.title));
    expect(theirs.text).not.toContain('（一村）');

    // A year whose holidays are not published: the CLI's warning, words and how-to-fix.
    const y2031 = await head.get('/office/calendar?year=2031');
    expect(y2031.status).toBe(200);
    const cli2031 = await anwei(engine, 'duties', 'preview', '--from', '2031-01-01', '--days', '365');
    expect(cli2031.code).toBe(0);
    const warning = cli2031.stdout.split('\n').find((l) => l.startsWith('注意：2031 年的放假安排国务院尚未公布'))!;
    expect(warning).toContain('公布后请在镇配置文件的 calendar 中录入放假（holidays）和调休上班（workdays）的日期');
    expect(y2031.text).toContain(escapeHtml(warning));
    // 2026 is published (above) and 2030's arrangement is in the profile: neither warns.
    expect(now.text).not.toContain('国务院尚未公布');

    // A duty's page: its rule, and every line of each task's computation as duties preview prints it.
    for (const duty of ['committee-meeting', 'village-report']) {
      const shown = await head.get(`/office/duties/${duty}?year=2026`);
      expect(shown.status).toBe(200);
      expect(shown.text).toContain('开始日规则');
      const cli = await anwei(engine, 'duties', 'preview', '--from', '2026-01-01', '--days', '365', '--duty', duty);
      expect(cli.code).toBe(0);
      const traces = cli.stdout.split('\n').map((l) => l.trim()).filter((l) => /^(开始|截止)：/.test(l));
      expect(traces.length).toBeGreaterThan(3);
      for (const line of traces) expect(shown.text, line).toContain(escapeHtml(line));
    }
    // The supervisor's page of the village report: their village's tasks only.
    const vsDuty = await vs.get('/office/duties/village-report?year=2026');
    expect(vsDuty.text).toContain(escapeHtml(v1.title));
    expect(vsDuty.text).not.toContain('（二村）');

    // Bad input: a 400 page naming it.
    const badYear = await head.get('/office/calendar?year=20x6');
    expect(badYear.status).toBe(400);
    expect(badYear.text).toContain('年份“20x6”无法识别');
    const badDuty = await head.get('/office/duties/no-such-duty?year=2026');
    expect(badDuty.status).toBe(400);
    expect(badDuty.text).toContain('没有编号为 &quot;no-such-duty&quot; 的工作');

    // In Chromium, no JavaScript: one month per row at 360 px, three or four per row at 1440 px, never wider
    // than the screen.
    const chromium = await launchChromium();
    try {
      for (const width of [360, 1440]) {
        const context = await chromium.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false, locale: 'zh-CN' });
        await context.addCookies([{ name: SESSION_COOKIE, value: head.cookie()!, url: `${office.base}/office` }]);
        const page = await context.newPage();
        const response = await page.goto(`${office.base}/office/calendar?year=2026`);
        expect(response?.status()).toBe(200);
        // A string: the project's types have no DOM (as tests/browser/phone.ts does it).
        const fits = await page.evaluate<boolean>('document.documentElement.scrollWidth <= document.documentElement.clientWidth');
        expect(fits, `${width} px`).toBe(true);
        const tops = await page.locator('section.month').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
        const perRow = tops.filter((t) => t === tops[0]).length;
        if (width === 360) expect(perRow).toBe(1);
        else expect([3, 4]).toContain(perRow);
        if (width === 1440 && process.env.ANWEI_SCREENSHOTS) {
          mkdirSync('docs/screenshots', { recursive: true });
          await page.screenshot({ path: 'docs/screenshots/office-calendar.png', fullPage: true });
        }
        await context.close();
      }
    } finally {
      await chromium.close();
    }
  });
});
