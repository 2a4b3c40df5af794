// Contract §7: people act on a hazard from the links in their emails — the principal submits and asks to
// extend, the sector leader decides and acknowledges, the inspector verifies — on the web, through the same
// rules as the CLI, and the ledger records the link's person as the actor.

import { describe, expect, it } from 'vitest';
import { act } from '../../client/act.ts';
import { UserInputError } from '../../client/errors.ts';
import { startEngine, type Engine } from '../support/engine.ts';
import { general } from '../engine/hazard-helpers.ts';
import { formTokenOf, hazardEvents, settled, startWeb } from './support.ts';

/** The CLI's words for an input the rules refuse: the problems of client/act.ts's UserInputError. */
async function cliRefusal(engine: Engine, action: 'verify' | 'decide' | 'submit' | 'extend' | 'ack', id: string, input: Record<string, unknown>): Promise<string[]> {
  try {
    await act(engine.gateway, 'hazard', id, action, input);
  } catch (error) {
    if (error instanceof UserInputError) return error.problems;
    throw error;
  }
  throw new Error(`the CLI accepted ${action} ${JSON.stringify(input)}`);
}

const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

describe('a hazard acted on from its links', () => {
  it('the principal submits from 提交整改; a 不合格 without a new deadline is refused in the CLI’s words with the typing kept; 不合格 with 5个工作日 reopens it; 合格 closes it and its action links end', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }, { description: '储罐区<静电>接地线断开 & "松动"' }));
    const web = await startWeb(engine);
    const principal = await web.link('principal', 'hazard', 'H1', ['submit', 'extend']);
    const inspector = await web.link('insp', 'hazard', 'H1', ['verify']);

    const view = await web.get(principal.view);
    expect(view.status).toBe(200);
    expect(view.headers.get('content-type')).toContain('text/html');
    expect(view.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(view.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(view.headers.get('x-content-type-options')).toBe('nosniff');
    expect(view.headers.get('referrer-policy')).toBe('no-referrer');
    expect(view.headers.get('cache-control')).toBe('no-store');
    expect(view.text).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(view.text).not.toContain('<script');
    expect(view.text).toContain(escaped('储罐区<静电>接地线断开 & "松动"'));
    expect(view.text).not.toContain('<静电>');
    expect(view.text).toContain('整改中');
    // The due date with its computation, as hazard show gives it.
    expect(view.text).toMatch(/期限计算<\/dt><dd>[^<]*第5个工作日 = 2030-09-09/);
    expect(view.text).toContain('2030-09-09');
    expect(view.text).toContain('王经理');
    expect(view.text).toContain('安监员己'); // the reporter, by name, in the timeline
    expect(view.text).toContain(`href="${principal.path('submit')}">提交整改</a>`);
    expect(view.text).toContain(`href="${principal.path('extend')}">申请延期</a>`);
    const css = await web.get('/static/anwei.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');

    const form = await web.get(principal.path('submit'));
    expect(form.status).toBe(200);
    for (const label of ['整改情况', '>提交</button>']) expect(form.text).toContain(label);

    const submitted = await web.submit(principal.path('submit'), { evidence: '已更换接地线并检测合格' });
    expect(submitted.status).toBe(303);
    expect(submitted.location).toBe(`${principal.view}?done=submit`);
    const confirmed = await web.get(submitted.location!);
    expect(confirmed.text).toContain('整改情况已提交');
    expect(confirmed.text).toContain('待复查');
    expect(confirmed.text).not.toContain('>提交整改</a>');
    expect(await settled(() => hazardEvents(engine, 'H1'), (e) => e.length >= 2)).toEqual(['reported insp', 'submitted principal']);

    // The same link again: done already.
    const again = await web.get(principal.path('submit'));
    expect(again.status).toBe(409);
    expect(again.text).toContain('无需再办理');

    const verifyForm = await web.get(inspector.path('verify'));
    for (const label of ['复查结论', '合格', '不合格', '新的整改期限', '复查意见', '>提交</button>']) expect(verifyForm.text).toContain(label);
    const words = await cliRefusal(engine, 'verify', 'H1', { by: 'insp', result: 'fail', note: '接地电阻仍超标' });
    const refused = await web.submit(inspector.path('verify'), { result: 'fail', note: '接地电阻仍超标' });
    expect(refused.status).toBe(422);
    for (const word of words) expect(refused.text).toContain(escaped(word));
    expect(refused.text).toContain('接地电阻仍超标</textarea>');
    expect(refused.text).toContain('value="fail" checked');

    const rejected = await web.submit(inspector.path('verify'), { result: 'fail', deadline: '5个工作日', note: '接地电阻仍超标' });
    expect(rejected.status).toBe(303);
    expect((await engine.state('H1'))?.status).toBe('open');
    // Reopened: the principal's 提交整改 is possible again; the inspector's 复查 is spent.
    expect((await web.get(inspector.path('verify'))).status).toBe(409);
    expect((await web.submit(principal.path('submit'), { evidence: '重新敷设接地线' })).status).toBe(303);
    expect((await web.submit(inspector.path('verify'), { result: 'pass', note: '复测合格' })).status).toBe(303);
    expect(await settled(() => hazardEvents(engine, 'H1'), (e) => e.length >= 5)).toEqual([
      'reported insp',
      'submitted principal',
      'rejected insp',
      'submitted principal',
      'closed insp',
    ]);

    const closed = await web.get(principal.path('submit'));
    expect(closed.status).toBe(410);
    expect(closed.text).toContain('事项已办结');
    expect((await web.get(principal.path('extend'))).status).toBe(410);
    const after = await web.get(principal.view);
    expect(after.status).toBe(200);
    expect(after.text).toContain('已销号');
    expect(after.text).toContain('复测合格');
    expect(after.text).not.toContain('class="button"');
  });

  it('the principal asks to extend with 申请延至; the leader of another sector is refused in the CLI’s words; the sector leader approves and the due date moves; the decision link is then spent', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H2', { workdays: 5 }));
    const web = await startWeb(engine);
    const principal = await web.link('principal', 'hazard', 'H2', ['submit', 'extend']);

    const extendForm = await web.get(principal.path('extend'));
    for (const label of ['延期理由', '申请延至', '>提交</button>']) expect(extendForm.text).toContain(label);
    const unreadable = await web.submit(principal.path('extend'), { reason: '配件到货需时间', deadline: '下个月' });
    expect(unreadable.status).toBe(422);
    expect(unreadable.text).toContain('申请延至“下个月”无法识别');
    expect(unreadable.text).toContain('配件到货需时间</textarea>');

    const extended = await web.submit(principal.path('extend'), { reason: '配件到货需时间', deadline: '2030-09-20' });
    expect(extended.status).toBe(303);
    expect((await web.get(principal.path('extend'))).status).toBe(409);

    const other = await web.link('lead2', 'hazard', 'H2', ['decide']);
    const words = await cliRefusal(engine, 'decide', 'H2', { by: 'lead2', approve: true });
    const refused = await web.submit(other.path('decide'), { decision: 'approve', note: '同意' });
    expect(refused.status).toBe(422);
    for (const word of words) expect(refused.text).toContain(escaped(word));

    const leader = await web.link('lead', 'hazard', 'H2', ['decide']);
    const decideForm = await web.get(leader.path('decide'));
    for (const label of ['>批准</button>', '>不批准</button>', '审批意见', '2030-09-20', '配件到货需时间']) expect(decideForm.text).toContain(label);
    const noChoice = await web.submit(leader.path('decide'), { note: '同意延期' });
    expect(noChoice.status).toBe(422);
    expect(noChoice.text).toContain('请选择“批准”或“不批准”');
    expect(noChoice.text).toContain('同意延期</textarea>');

    const approved = await web.submit(leader.path('decide'), { decision: 'approve', note: '同意延期' });
    expect(approved.status).toBe(303);
    expect((await engine.state('H2'))?.due).toBe('2030-09-20');
    expect((await web.get(leader.path('decide'))).status).toBe(409);
    // The one extension a hazard has is used: 申请延期 is no longer offered.
    expect((await web.get(principal.path('extend'))).status).toBe(409);
    expect((await web.get(principal.view)).text).not.toContain('>申请延期</a>');
    expect(await settled(() => hazardEvents(engine, 'H2'), (e) => e.length >= 3)).toEqual(['reported insp', 'extension_requested principal', 'extension_approved lead']);
  });

  it('the sector leader told of an overdue hazard signs for it with 签收; the link is then spent', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H3', { workdays: 1 })); // due Tue 09-03; overdue and level 1 on Wed 09-04 09:00
    const web = await startWeb(engine);
    const leader = await web.link('lead', 'hazard', 'H3', ['ack']);
    expect((await web.get(leader.path('ack'))).status).toBe(409); // nothing to sign for yet

    await engine.advanceTo('2030-09-04T10:00');
    // Past the due date the principal may no longer ask to extend (§3), and the page says so before any typing.
    const principal = await web.link('principal', 'hazard', 'H3', ['submit', 'extend']);
    expect((await web.get(principal.path('extend'))).status).toBe(409);
    expect((await web.get(principal.path('submit'))).status).toBe(200);
    const form = await web.get(leader.path('ack'));
    expect(form.status).toBe(200);
    expect(form.text).toContain('>签收</button>');
    const acked = await web.submit(leader.path('ack'), { note: '已督促企业' });
    expect(acked.status).toBe(303);
    expect((await web.get(acked.location!)).text).toContain('已签收督办');
    expect((await web.get(leader.path('ack'))).status).toBe(409);
    const events = await settled(() => hazardEvents(engine, 'H3'), (e) => e.includes('acknowledged lead'));
    expect(events).toContain('acknowledged lead');
  });

  it('a form posted without the page’s form token, or from another site, changes nothing', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H4', { workdays: 5 }));
    const web = await startWeb(engine);
    const principal = await web.link('principal', 'hazard', 'H4', ['submit']);
    const other = await web.link('principal', 'hazard', 'H4', ['submit', 'extend']);

    const noToken = await web.post(principal.path('submit'), { evidence: '已整改' });
    expect(noToken.status).toBe(403);
    expect(noToken.text).toContain('页面已失效');
    // A form token is bound to its link.
    const stolen = await web.post(principal.path('submit'), { form: formTokenOf((await web.get(other.path('submit'))).text), evidence: '已整改' });
    expect(stolen.status).toBe(403);
    const form = formTokenOf((await web.get(principal.path('submit'))).text);
    const crossSite = await web.post(principal.path('submit'), { form, evidence: '已整改' }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.text).toContain('请求被拒绝');
    expect(await hazardEvents(engine, 'H4')).toEqual(['reported insp']);
    // Under no-referrer a browser sends `Origin: null`: that is our own form.
    const own = await web.post(principal.path('submit'), { form, evidence: '已整改' }, { origin: 'null' });
    expect(own.status).toBe(303);
  });
});
