// 档案 in Chromium, JavaScript off: on a 360 px phone the office head reads the town, pastes a broken profile
// and gets every problem line, pastes a valid one and loads it with 载入 — no page scrolls sideways (checked on
// every page it lands on); at 1440 px the tables show their headers and fit.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../web/office/routes.ts';
import { TEST_TOWN, startEngine } from '../support/engine.ts';
import { startOffice } from '../web/office-support.ts';
import { openPhone } from './phone.ts';

const BROKEN = readFileSync(new URL('../../examples/broken-town.yaml', import.meta.url), 'utf8');
const CHANGED = TEST_TOWN.replace(
  'calendar:\n',
  '  - { id: e4, name: 丁烟花爆竹零售店（城南路与建设大街交叉口东北角）, sector: hazchem, class: C, village: v1, principal: { name: 周店主, email: zhou.dianzhu.very.long.address@e4-fireworks-shop.example } }\ncalendar:\n',
);

describe('档案 in a browser', () => {
  it('the office head checks and loads a profile on a phone, and reads the town on a desk', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: TEST_TOWN });
    const office = await startOffice(engine);
    const head = office.browser();
    await head.signIn('office@town.example');

    const phone = await openPhone(office.base, { javaScript: false });
    await phone.page.context().addCookies([{ name: SESSION_COOKIE, value: head.cookie()!, domain: '127.0.0.1', path: '/office' }]);
    expect(await phone.open('/office')).toBe(200);
    expect(await phone.tap('档案')).toBe(200);
    expect(await phone.text()).toContain('安监员庚');

    await phone.page.locator('textarea#profile').fill(BROKEN);
    expect(await phone.tap('检查')).toBe(422);
    expect(await phone.text()).toContain('有 13 处问题');
    expect(await phone.page.locator('.problems li').count()).toBe(13);

    await phone.page.locator('textarea#profile').fill(CHANGED);
    expect(await phone.tap('检查')).toBe(200);
    expect(await phone.text()).toContain('检查通过');
    expect(await phone.tap('载入')).toBe(200);
    expect(await phone.text()).toContain('第 2 版');
    expect(await phone.tap('返回档案')).toBe(200);
    expect(await phone.text()).toContain('周店主');

    await phone.page.setViewportSize({ width: 1440, height: 900 });
    await phone.page.goto(`${office.base}/office/profile`);
    const { scrollWidth, clientWidth } = await phone.page.evaluate<{ scrollWidth: number; clientWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
    );
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    expect(await phone.page.locator('table.ledger.profile thead').first().isVisible()).toBe(true);
  }, 120_000);
});
