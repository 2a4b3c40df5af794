// 工作任务 in Chromium, JavaScript off: on a 360 px phone the list (a card per task), its filters and a task's
// page fit the screen with no sideways scrolling; at 1440 px the list is a table whose titles wrap.

import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../web/office/routes.ts';
import { startEngine } from '../support/engine.ts';
import { TASK_TOWN, committeeMeeting, startTask, villageReport } from '../support/tasks.ts';
import { startOffice } from '../web/office-support.ts';
import { settled } from '../web/support.ts';
import { openPhone } from './phone.ts';

describe('工作任务 in a browser', () => {
  it('the office head reads the list and a task on a phone and on a desk', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: TASK_TOWN });
    const long = villageReport({ id: 'village-report:2030-08:v1', title: '一村2030年8月安全生产月报（含汛期隐患排查、燃气用户入户检查和有限空间作业专项检查情况）' });
    for (const spec of [long, committeeMeeting()]) await startTask(engine, spec);
    await engine.advanceTo('2030-09-09T10:00');
    await settled(() => engine.db.prisma.task.count(), (n) => n === 2);
    const office = await startOffice(engine);
    const head = office.browser();
    await head.signIn('office@town.example');

    const phone = await openPhone(office.base, { javaScript: false });
    await phone.page.context().addCookies([{ name: SESSION_COOKIE, value: head.cookie()!, domain: '127.0.0.1', path: '/office' }]);
    expect(await phone.open('/office/tasks')).toBe(200); // fits the phone (checked on every page it lands on)
    expect(await phone.text()).toContain('共 2 项');
    expect(await phone.open('/office/tasks?status=overdue&village=v1')).toBe(200);
    expect(await phone.text()).toContain('共 1 项');
    expect(await phone.tap(long.title)).toBe(200);
    expect(await phone.text()).toContain('期限计算');

    await phone.page.setViewportSize({ width: 1440, height: 900 });
    await phone.page.goto(`${office.base}/office/tasks`);
    const { scrollWidth, clientWidth } = await phone.page.evaluate<{ scrollWidth: number; clientWidth: number }>(
      '({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth })',
    );
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    expect(await phone.page.locator('table.ledger.tasks thead').isVisible()).toBe(true);
    // The long title wraps in its cell (the ledger's other short cells stay on one line).
    expect(await phone.page.evaluate<string>("getComputedStyle(document.querySelector('table.ledger.tasks tbody td')).whiteSpace")).toBe('normal');
  }, 120_000);
});
