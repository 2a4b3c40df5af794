// Contract §7 on a phone: a link changed after it left the email shows the zh-CN refusal page and changes nothing.

import { describe, expect, it } from 'vitest';
import { startEngine } from '../support/engine.ts';
import { general } from '../engine/hazard-helpers.ts';
import { emailLinks, hazardEvents, linkSigner, startWeb } from '../web/support.ts';
import { openPhone } from './phone.ts';

describe('a changed link on the phone', () => {
  it('a signature changed by one character, or the grant changed to another person, is 链接无效 (403) in words, with nothing done', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', links: linkSigner().maker() });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    const web = await startWeb(engine);
    const phone = await openPhone(web.base);
    const submit = (await emailLinks(engine, 'hazard.assigned', 'wang@e1.example'))['提交整改']!;

    const [, token] = /^\/a\/([^/]+)\/submit$/.exec(submit)!;
    const [payload, mac] = token!.split('.') as [string, string];
    const changedMac = `${payload}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    const grant = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const otherPerson = `${Buffer.from(JSON.stringify({ ...grant, w: 'lead' })).toString('base64url')}.${mac}`;
    for (const forged of [changedMac, otherPerson]) {
      for (const path of [`/a/${forged}`, `/a/${forged}/submit`]) {
        expect(await phone.open(path), path).toBe(403);
        const words = await phone.text();
        expect(words).toContain('链接无效');
        expect(words).toContain('请从邮件中重新点击链接');
        expect(await phone.page.locator('form, textarea, button').count()).toBe(0);
      }
    }
    expect(await hazardEvents(engine, 'H1')).toEqual(['reported insp']);
  });
});
