// 看板 in the machine's Chromium: at 1440 px the charts are drawn (ECharts from our server, our script, under the
// page's CSP — a refused script would leave no canvas); at 360 px nothing scrolls sideways; with JavaScript off
// the figures are there as tables. ANWEI_SCREENSHOT_DIR=docs/screenshots also writes office-dashboard.png (1440 px).

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dashboardTown } from '../web/office-dashboard-town.ts';
import { startOffice } from '../web/office-support.ts';
import { SESSION_COOKIE } from '../../web/office/routes.ts';
import { fitsThePhone, launchChromium, PHONE } from './phone.ts';

const SECTIONS = ['onTime', 'overdueBySector', 'overdueByVillage', 'foundClosed', 'campaigns'];

describe('看板 in a browser', () => {
  it('draws a chart (a canvas) in every chart section at 1440 px, with no CSP refusals; fits 360 px; reads as tables without JavaScript', async () => {
    const engine = await dashboardTown();
    const office = await startOffice(engine);
    const head = office.browser();
    await head.signIn('head@town.example');
    const cookie = { name: SESSION_COOKIE, value: head.cookie()!, url: `${office.base}/office` };
    const browser = await launchChromium();
    try {
      const desk = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
      await desk.addCookies([cookie]);
      const page = await desk.newPage();
      const refused: string[] = [];
      page.on('console', (m) => {
        // The browser's own favicon request (we serve none) is no refusal of the page's.
        if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) refused.push(`${m.text()} ${m.location().url}`);
      });
      page.on('pageerror', (e) => refused.push(e.message));
      expect((await page.goto(`${office.base}/office/dashboard`))?.status()).toBe(200);
      for (const name of SECTIONS) await page.locator(`[data-chart="${name}"] .chart canvas`).first().waitFor({ timeout: 10_000 });
      expect(await page.locator('.chart canvas').count()).toBeGreaterThanOrEqual(SECTIONS.length);
      expect(refused).toEqual([]);
      const dir = process.env.ANWEI_SCREENSHOT_DIR;
      if (dir) await page.screenshot({ path: join(dir, 'office-dashboard.png'), fullPage: true });

      const phone = await browser.newContext(PHONE);
      await phone.addCookies([cookie]);
      const small = await phone.newPage();
      expect((await small.goto(`${office.base}/office/dashboard`))?.status()).toBe(200);
      await small.locator('[data-chart="onTime"] .chart canvas').first().waitFor({ timeout: 10_000 });
      await fitsThePhone(small);

      const plain = await browser.newContext({ ...PHONE, javaScriptEnabled: false });
      await plain.addCookies([cookie]);
      const still = await plain.newPage();
      expect((await still.goto(`${office.base}/office/dashboard`))?.status()).toBe(200);
      await fitsThePhone(still);
      expect(await still.locator('canvas').count()).toBe(0);
      const text = (await still.locator('main').innerText()).replace(/\s+/g, ' ');
      for (const words of ['逾期隐患', '重大隐患挂牌督办', 'M1', '剩 25 天', '2030年秋季专项整治', '33%', '危险化学品']) expect(text).toContain(words);
    } finally {
      await browser.close();
    }
  }, 240_000);
});
