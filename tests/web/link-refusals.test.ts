// Contract §7: a changed, expired or spent link, a page that is not there, a body too large and a flood of
// posts each get their own clear zh-CN page, and change nothing.

import { describe, expect, it } from 'vitest';
import { TEST_TOWN, startEngine } from '../support/engine.ts';
import { general } from '../engine/hazard-helpers.ts';
import { BODY_LIMIT, POSTS_PER_MINUTE } from '../../web/server.ts';
import { formTokenOf, hazardEvents, startWeb } from './support.ts';

describe('links the web refuses', () => {
  it('forged 403, expired 410, an action not in the link 403, an unknown action or path 404, another method 404, a body over the limit 413, too many posts 429 — none records anything', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    const web = await startWeb(engine);
    const link = await web.link('principal', 'hazard', 'H1', ['submit']);

    // A token changed by one character: its signature no longer matches.
    const [payload, mac] = link.token.split('.') as [string, string];
    const changed = `${payload}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    for (const path of [`/a/${changed}`, `/a/${changed}/submit`, '/a/not-a-token']) {
      const page = await web.get(path);
      expect(page.status, path).toBe(403);
      expect(page.text).toContain('链接无效');
    }
    // Another person's grant under this signature: forged too.
    const otherPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), w: 'lead' })).toString('base64url');
    expect((await web.get(`/a/${otherPayload}.${mac}`)).status).toBe(403);

    const expired = await web.link('principal', 'hazard', 'H1', ['submit'], (await engine.now()) - 1);
    for (const path of [expired.view, expired.path('submit')]) {
      const page = await web.get(path);
      expect(page.status, path).toBe(410);
      expect(page.text).toContain('链接已过期');
    }
    // Still valid a minute before it ends.
    expect((await web.get((await web.link('principal', 'hazard', 'H1', ['submit'], (await engine.now()) + 60_000)).view)).status).toBe(200);

    const notGranted = await web.get(link.path('verify'));
    expect(notGranted.status).toBe(403);
    expect(notGranted.text).toContain('无权办理');
    expect((await web.submit(link.path('submit'), {})).status).toBe(422); // the form exists; its own link works
    const form = formTokenOf((await web.get(link.path('submit'))).text);
    expect((await web.post(link.path('verify'), { form, result: 'pass' })).status).toBe(403);

    for (const path of [`${link.view}/delete`, '/', '/a', `${link.view}/submit/more`]) {
      const page = await web.get(path);
      expect(page.status, path).toBe(404);
      expect(page.text).toContain('页面不存在');
    }
    const put = await fetch(web.base + link.path('submit'), { method: 'PUT', body: 'x' });
    expect(put.status).toBe(404);

    const json = await fetch(web.base + link.path('submit'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ form, evidence: '已整改' }) });
    expect(json.status).toBe(400);
    expect(await json.text()).toContain('请求无法处理');

    const huge = await web.post(link.path('submit'), { form, evidence: '大'.repeat(BODY_LIMIT) });
    expect(huge.status).toBe(413);
    expect(huge.text).toContain('内容过大');

    // Refused posts count too: a script trying words on one link is stopped after a minute's share.
    let last = 0;
    for (let i = 0; i <= POSTS_PER_MINUTE; i++) last = (await web.post(link.path('submit'), { form, evidence: '' })).status;
    expect(last).toBe(429);
    const flooded = await web.post(link.path('submit'), { form, evidence: '已整改' });
    expect(flooded.text).toContain('操作过于频繁');

    expect(await hazardEvents(engine, 'H1')).toEqual(['reported insp']);
  });

  it('a link acts only while its person holds the responsibility it was given for: a reassigned inspector’s 复查 is 已不由您办理 (403), the new inspector’s works; a person taken off the profile holds no link at all', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }));
    const web = await startWeb(engine);
    const principal = await web.link('principal', 'hazard', 'H1', ['submit']);
    expect((await web.submit(principal.path('submit'), { evidence: '已整改' })).status).toBe(303);
    const oldInspector = await web.link('insp', 'hazard', 'H1', ['verify']);
    expect((await web.get(oldInspector.path('verify'))).status).toBe(200);

    // The office hands 危险化学品 to insp2.
    await engine.reload(TEST_TOWN.replace('leader: lead, inspector: insp }', 'leader: lead, inspector: insp2 }'));
    const refused = await web.get(oldInspector.path('verify'));
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('已不由您办理');
    expect((await web.submit(oldInspector.path('verify'), { result: 'pass' })).status).toBe(403);
    const view = await web.get(oldInspector.view);
    expect(view.status).toBe(200); // still theirs to look at, without the button
    expect(view.text).not.toContain('/verify"');
    const newInspector = await web.link('insp2', 'hazard', 'H1', ['verify']);
    expect((await web.get(newInspector.path('verify'))).status).toBe(200);

    // insp leaves the town: their links open nothing.
    await engine.reload(TEST_TOWN.replace('leader: lead, inspector: insp }', 'leader: lead, inspector: insp2 }').replace(/^ {2}- \{ id: insp,.*\n/m, ''));
    const gone = await web.get(oldInspector.view);
    expect(gone.status).toBe(403);
    expect(gone.text).toContain('您已不在本镇安委会的人员名单中');
    expect(await hazardEvents(engine, 'H1')).toEqual(['reported insp', 'submitted principal']);
  });

  it('a link to an item the ledger does not have is 事项不存在 (404), a campaign’s as a hazard’s; a target after another link’s action is no page (404)', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    const web = await startWeb(engine);
    const link = await web.link('insp', 'hazard', 'YH-2030-9999', ['verify']);
    const page = await web.get(link.view);
    expect(page.status).toBe(404);
    expect(page.text).toContain('事项不存在');
    expect((await web.get(link.path('verify'))).status).toBe(404);
    expect((await web.get(`${link.path('verify')}/e1`)).text).toContain('页面不存在');

    const campaign = await web.link('insp', 'campaign', 'SM2030', ['report', 'complete']);
    for (const path of [campaign.view, campaign.path('report'), campaign.path('complete'), `${campaign.path('complete')}/e1`]) {
      const unknown = await web.get(path);
      expect(unknown.status, path).toBe(404);
      expect(unknown.text).toContain('事项不存在');
    }
  });
});
