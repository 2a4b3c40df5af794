// Contract §7 "Office pages": the profile's people sign in with a one-time link sent to their email. The page
// answers the same for every address and mails only profile people; the link works once, for 15 minutes, and
// only from its confirm button; the session is a 12-hour HttpOnly cookie that 退出 ends; a person the profile
// no longer has loses access at their next request.

import { describe, expect, it } from 'vitest';
import { TEST_TOWN, startEngine } from '../support/engine.ts';
import { SIGNIN_PER_CLIENT_PER_MINUTE } from '../../web/office/routes.ts';
import { linkPathIn, officeFormToken, startOffice } from './office-support.ts';

describe('signing in to the office pages', () => {
  it('an unknown address, a principal’s address and a known one get the same page; only the profile person gets a link, in zh-CN, for 15 minutes', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    const office = await startOffice(engine);
    const browser = office.browser();

    const form = await browser.get('/office/login');
    expect(form.status).toBe(200);
    for (const words of ['邮箱', '发送登录链接', 'type="email"', 'name="email"']) expect(form.text).toContain(words);
    expect(form.text).not.toContain('<script');

    const unknown = await browser.post('/office/login', { email: 'nobody@town.example' });
    const principal = await browser.post('/office/login', { email: 'wang@e1.example' }); // an enterprise principal: no sign-in
    const known = await browser.post('/office/login', { email: 'Office@Town.example' }); // addresses match whatever their case
    expect([unknown.status, principal.status, known.status]).toEqual([200, 200, 200]);
    expect(principal.text).toBe(unknown.text);
    expect(known.text).toBe(unknown.text);
    expect(known.text).toContain('15 分钟内有效');

    const [mail] = await office.waitForMails('office@town.example', 1);
    expect(mail!.subject).toBe('测试镇安委办网页登录链接');
    expect(mail!.text).toContain('安办主任戊（安办主任）');
    expect(mail!.text).toContain('15 分钟内');
    expect(mail!.html).toContain('登录安委办网页');
    // Nothing for the others, ever.
    await new Promise((r) => setTimeout(r, 300));
    expect(office.signinMails('nobody@town.example')).toEqual([]);
    expect(office.signinMails('wang@e1.example')).toEqual([]);
    expect(await engine.db.prisma.officeSignin.count()).toBe(1);

    const bad = await browser.post('/office/login', { email: '不是邮箱' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('不是有效的邮箱地址');
  });

  it.each(['sqlite', 'postgresql'] as const)('the link opens a confirm page (a mail scanner’s GET spends nothing), signs in once with a 12-hour HttpOnly SameSite=Lax cookie on /office, and is refused when reused (%s)', async (provider) => {
    const engine = await startEngine({ start: '2030-09-02T08:00', provider });
    const office = await startOffice(engine);
    const browser = office.browser();
    await browser.post('/office/login', { email: 'office@town.example' });
    const [mail] = await office.waitForMails('office@town.example', 1);
    const link = linkPathIn(mail!.text, office.base);

    // Opened twice (a scanner, then the person): still good.
    for (let i = 0; i < 2; i++) {
      const confirm = await browser.get(link);
      expect(confirm.status).toBe(200);
      expect(confirm.text).toContain('安办主任戊，请点击下面的按钮登录');
      expect(confirm.text).toContain(`<form method="post" action="${link}">`);
    }
    expect(await browser.get('/office')).toMatchObject({ status: 303, location: '/office/login' });

    const signedIn = await browser.post(link);
    expect(signedIn.status).toBe(303);
    expect(signedIn.location).toBe('/office');
    const cookie = signedIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^anwei_office=[A-Za-z0-9_-]{43}; /);
    for (const attribute of ['Path=/office', 'Max-Age=43200', 'HttpOnly', 'SameSite=Lax']) expect(cookie).toContain(attribute);
    expect(cookie).not.toContain('Secure'); // http://: a Secure cookie would never come back
    // Only the hash of the session's secret is stored.
    const session = await engine.db.prisma.officeSession.findFirstOrThrow();
    expect(session.idHash).not.toBe(browser.cookie());
    expect(session.expiresAt.getTime() - session.createdAt.getTime()).toBe(12 * 3600_000);

    const ledger = await browser.get('/office');
    expect(ledger.status).toBe(200);
    expect(ledger.text).toContain('隐患台账');

    const reused = await office.browser().post(link);
    expect(reused.status).toBe(409);
    expect(reused.text).toContain('登录链接已使用');
    expect(reused.headers.get('set-cookie')).toBeNull();
    expect((await office.browser().get(link)).status).toBe(409);
    expect((await office.browser().get('/office/signin/forged-token')).status).toBe(404);
  });

  it('a link older than 15 minutes is refused with a clear page', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    const office = await startOffice(engine);
    const browser = office.browser();
    await browser.post('/office/login', { email: 'insp@town.example' });
    const [mail] = await office.waitForMails('insp@town.example', 1);
    const link = linkPathIn(mail!.text, office.base);
    await engine.advanceTo('2030-09-02T08:16');
    const expired = await browser.post(link);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('登录链接已过期');
    expect(expired.text).toContain('href="/office/login"');
    expect(browser.cookie()).toBeUndefined();
    expect((await browser.get(link)).status).toBe(410);
  });

  it('sign-in requests are limited per address and per client, known or unknown alike', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    const office = await startOffice(engine);
    const browser = office.browser();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await browser.post('/office/login', { email: 'lead@town.example' })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const unknown: number[] = [];
    for (let i = 0; i < 4; i++) unknown.push((await browser.post('/office/login', { email: 'who@else.example' })).status);
    expect(unknown).toEqual([200, 200, 200, 429]);
    // 8 requests from this client so far; one more than SIGNIN_PER_CLIENT_PER_MINUTE is refused whatever the address.
    for (let i = 8; i < SIGNIN_PER_CLIENT_PER_MINUTE; i++) expect((await browser.post('/office/login', { email: `p${i}@else.example` })).status).toBe(200);
    const tooMany = await browser.post('/office/login', { email: 'last@else.example' });
    expect(tooMany.status).toBe(429);
    expect(tooMany.text).toContain('操作过于频繁');
    expect(await office.waitForMails('lead@town.example', 3)).toHaveLength(3);
  });

  it('退出 ends the session (and needs the page’s form token); a person removed from the profile loses access at once', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    const office = await startOffice(engine, { publicUrl: 'https://anwei.example.gov.cn' });
    const head = office.browser();
    await head.signIn('head@town.example');
    expect(office.signinMails('head@town.example')[0]!.text).toContain('https://anwei.example.gov.cn/office/signin/');
    const page = await head.get('/office');
    expect(page.status).toBe(200);
    // The menu of contract §7, every entry a page of its own.
    for (const [entry, href] of [['看板', '/office/dashboard'], ['隐患台账', '/office'], ['工作任务', '/office/tasks'], ['工作日历', '/office/calendar'], ['专项行动', '/office/campaigns']]) {
      expect(page.text).toMatch(new RegExp(`<a href="${href}"[^>]*>${entry}</a>`));
    }
    expect(page.text).toContain('退出');

    const forged = await head.post('/office/logout', { form: 'x' });
    expect(forged.status).toBe(403);
    expect((await head.get('/office')).status).toBe(200);
    const out = await head.post('/office/logout', { form: officeFormToken(page.text) });
    expect(out).toMatchObject({ status: 303, location: '/office/login?out=1' });
    expect(out.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await head.get('/office/login?out=1')).text).toContain('您已退出登录');
    expect(await engine.db.prisma.officeSession.count({ where: { endedAt: null } })).toBe(0);

    // Signed in over https: the cookie is Secure.
    const insp2 = office.browser();
    await insp2.post('/office/login', { email: 'insp2@town.example' });
    const [mail] = await office.waitForMails('insp2@town.example', 1);
    const signed = await insp2.post(linkPathIn(mail!.text, 'https://anwei.example.gov.cn'));
    expect(signed.headers.get('set-cookie')).toContain('; Secure');
    expect((await insp2.get('/office')).status).toBe(200);

    // insp2 leaves the town: the profile without them (their sector handed to insp).
    const without = TEST_TOWN.replace(/^ {2}- \{ id: insp2,.*\n/m, '').replace('leader: lead2, inspector: insp2', 'leader: lead2, inspector: insp');
    expect(without).not.toContain('insp2');
    await engine.reload(without);
    const refused = await insp2.get('/office');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('您已不在本镇安委会档案中');
    // Their sessions end for good: added back later, they sign in afresh.
    expect(await engine.db.prisma.officeSession.count({ where: { personId: 'insp2', endedAt: null } })).toBe(0);
    // And no new link for them.
    expect((await insp2.post('/office/login', { email: 'insp2@town.example' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(office.signinMails('insp2@town.example')).toHaveLength(1);
  });
});
