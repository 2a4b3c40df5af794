// Contract §7: a campaign email's links open its inspector's own list — their enterprises' inspection tasks
// with 登记完成 each — and 上报隐患 linked to the campaign, through the CLI's rules and words; another
// inspector's enterprise is refused.

import { describe, expect, it } from 'vitest';
import { act } from '../../client/act.ts';
import { UserInputError } from '../../client/errors.ts';
import { LinkSigner } from '../../web/links.ts';
import { photo } from '../support/evidence-files.ts';
import { startEngine, type Engine } from '../support/engine.ts';
import { close, start as startCampaign } from '../engine/campaign-helpers.ts';
import { formTokenOf, settled, startWeb } from './support.ts';

// Fixture town: insp inspects hazchem (e1 甲加油站, e2 乙化工厂), insp2 industry (e3 丙机械厂).
const CAMPAIGN = { id: 'SC2030', template: 'special', title: '2030年秋季专项整治', due: { workdays: 5 }, by: 'lead' };

/** The paths of the buttons in one recipient's own copy of a notice, by their words. */
async function emailedLinks(engine: Engine, kind: string, email: string): Promise<Record<string, string>> {
  const notice = await settled(
    () => engine.db.prisma.notice.findFirst({ where: { kind, ref: CAMPAIGN.id } }),
    (n) => n !== null,
  );
  const copies = JSON.parse(notice?.deliveriesJson ?? '[]') as Array<{ to: { email: string }; rendered: { text: string } }>;
  const text = copies.find((c) => c.to.email === email)?.rendered.text ?? '';
  return Object.fromEntries([...text.matchAll(/^ +(\S+)：http:\/\/127\.0\.0\.1(\/a\/\S+)$/gm)].map(([, label, path]) => [label!, path!]));
}

/** The refusal words the CLI's own call gets for the same input. */
async function cliWords(engine: Engine, input: Record<string, unknown>): Promise<string[]> {
  try {
    await act(engine.gateway, 'hazard', undefined, 'report', input);
  } catch (error) {
    if (error instanceof UserInputError) return error.problems;
    throw error;
  }
  throw new Error('the CLI accepted the report');
}

const escaped = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const reportPath = (links: Record<string, string>) => links['上报隐患']!;

async function campaignWeb() {
  const engine = await startEngine({ start: '2030-09-02T08:00', links: new LinkSigner(Buffer.alloc(32, 7), 'http://127.0.0.1').maker() });
  await engine.advanceTo('2030-09-02T10:00');
  await startCampaign(engine, CAMPAIGN);
  const web = await startWeb(engine);
  const links = await emailedLinks(engine, 'campaign.assigned', 'insp@town.example');
  return { engine, web, links };
}

describe('a campaign acted on from its inspector’s links', () => {
  it('the inspector’s email opens their own list; 登记完成 for 甲加油站 shows it done; 丙机械厂 (another inspector’s) is refused 403', async () => {
    const { engine, web, links } = await campaignWeb();
    expect(Object.keys(links)).toEqual(['登记完成', '上报隐患', '查看详情']);

    const list = await web.get(links['查看详情']!);
    expect(list.status).toBe(200);
    for (const text of ['2030年秋季专项整治', '安监员己', '2030-09-02 至 2030-09-09', '甲加油站', '乙化工厂', '办理中', '>上报隐患</a>']) expect(list.text).toContain(text);
    expect(list.text).not.toContain('丙机械厂');
    expect(list.text.match(/>登记完成<\/a>/g)).toHaveLength(2);
    // The email's 登记完成 opens the same list.
    expect((await web.get(links['登记完成']!)).text).toContain('乙化工厂');

    const e1 = `${links['登记完成']!}/e1`;
    const form = await web.get(e1);
    expect(form.status).toBe(200);
    for (const label of ['完成情况', '>提交</button>', '甲加油站']) expect(form.text).toContain(label);
    const empty = await web.submit(e1, { evidence: '  ' });
    expect(empty.status).toBe(422);

    const done = await web.submit(e1, { evidence: '现场检查完毕，未发现问题' });
    expect(done.status).toBe(303);
    const after = await web.get(done.location!);
    expect(after.text).toContain('任务已登记完成');
    const row = await settled(
      () => engine.db.prisma.task.findUnique({ where: { id: 'SC2030:e1' } }),
      (t) => t?.status === 'done',
    );
    expect(row).toMatchObject({ status: 'done', completedBy: 'insp', evidence: '现场检查完毕，未发现问题' });
    const shown = await web.get(links['查看详情']!);
    expect(shown.text).toMatch(/甲加油站<\/span><span class="state">已完成<\/span><\/li>/);
    expect(shown.text.match(/>登记完成<\/a>/g)).toHaveLength(1);
    expect((await web.get(e1)).status).toBe(410);

    // 丙机械厂 is insp2's: neither its form nor a post for it is this link's, and nothing is recorded.
    const e3 = `${links['登记完成']!}/e3`;
    const refused = await web.get(e3);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('不在本次专项行动分配给您的检查任务中');
    const posted = await web.post(e3, { form: formTokenOf(form.text), evidence: '已检查' });
    expect(posted.status).toBe(403);
    expect((await web.get(`${links['登记完成']!}/SC2030:e3`)).status).toBe(403);
    expect((await engine.db.prisma.task.findUnique({ where: { id: 'SC2030:e3' } }))?.status).toBe('open');

    // The campaign's 查看详情 of a town head: the campaign and the town's counts, nothing to do.
    const head = await web.link('head', 'campaign', 'SC2030', []);
    const headView = await web.get(head.view);
    expect(headView.status).toBe(200);
    expect(headView.text).toContain('共 3 家企业，已完成 1 家');
    expect(headView.text).toContain('本次行动中没有分配给您的检查任务');
    expect(headView.text).not.toContain('>上报隐患</a>');
    expect((await web.get(head.path('report'))).status).toBe(403);

    // Closed by hand: 乙化工厂's open task is cancelled; the list stays readable, its actions end (410).
    await close(engine, 'SC2030');
    // Waiting on the ledger, not on the workflow's end (which would skip simulated time past the link's expiry).
    await settled(() => engine.db.prisma.campaign.findUnique({ where: { id: 'SC2030' } }), (c) => c?.status === 'closed');
    await settled(() => engine.db.prisma.task.findUnique({ where: { id: 'SC2030:e2' } }), (t) => t?.status === 'cancelled');
    const closed = await web.get(links['查看详情']!);
    expect(closed.status).toBe(200);
    for (const text of ['已结束', '本次专项行动已结束', '已取消']) expect(closed.text).toContain(text);
    expect(closed.text).not.toMatch(/>(登记完成|上报隐患)<\/a>/);
    for (const path of [`${links['登记完成']!}/e2`, reportPath(links)]) {
      const page = await web.get(path);
      expect(page.status, path).toBe(410);
      expect(page.text).toContain('事项已办结');
    }
    const late = await web.post(reportPath(links), { form: formTokenOf(form.text), enterprise: 'e2', level: 'general', description: '通道堵塞', deadline: '2030-09-20' });
    expect(late.status).toBe(410);
    expect(await engine.db.prisma.hazard.count()).toBe(0);
  });

  it('上报隐患 records a hazard of 乙化工厂 reported by the inspector in the campaign; a refused report keeps the typing and shows the rule’s words', async () => {
    const { engine, web, links } = await campaignWeb();
    const report = links['上报隐患']!;
    const form = await web.get(report);
    expect(form.status).toBe(200);
    for (const label of ['企业', '隐患描述', '隐患等级', '> 一般</label>', '> 重大</label>', '整改期限', '>提交</button>', '甲加油站', '乙化工厂', '目标任务', '安全措施和应急预案']) {
      expect(form.text).toContain(label);
    }
    expect(form.text).not.toContain('丙机械厂');

    // No description, and a due date already past: both named, in the CLI's words, with what was typed kept.
    const bad = { enterprise: 'e2', level: 'general', description: '', deadline: '2030-08-01' };
    const words = await cliWords(engine, { enterprise: 'e2', level: 'general', description: '', deadline: { date: '2030-08-01' }, by: 'insp', campaign: 'SC2030' });
    expect(words.length).toBeGreaterThan(0);
    const refused = await web.submit(report, bad);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('本次上报未被受理');
    for (const word of words) expect(refused.text).toContain(escaped(word));
    expect(refused.text).toContain('value="e2" selected');
    expect(refused.text).toContain('value="2030-08-01"');

    // A major hazard without its plan is refused by the rule of the six parts; the typing stays.
    const major = await web.submit(report, { enterprise: 'e2', level: 'major', description: '储罐区防火堤破损', deadline: '2030-09-30', 'plan-1': '修复防火堤' });
    expect(major.status).toBe(422);
    expect(major.text).toContain('重大事故隐患须附整改方案，缺少：');
    expect(major.text).toContain('value="major" checked');
    expect(major.text).toContain('修复防火堤</textarea>');

    // A due date that cannot be read is named in the form's words, beside the rule's other problems.
    const unreadable = await web.submit(report, { enterprise: 'e2', level: 'general', description: '', deadline: '下个月' });
    expect(unreadable.status).toBe(422);
    expect(unreadable.text).toContain('整改期限“下个月”无法识别');
    expect(unreadable.text).toContain('隐患描述不能为空');

    // Another inspector's enterprise is not in the select, nor accepted when posted.
    expect((await web.submit(report, { enterprise: 'e3', level: 'general', description: '通道堵塞', deadline: '2030-09-20' })).status).toBe(403);

    // The server's guards hold for these forms too: no form token, or another site's page, changes nothing.
    const good = { enterprise: 'e2', level: 'general', description: '储罐区静电接地损坏', deadline: '2030-09-20' };
    expect((await web.post(report, good)).status).toBe(403);
    const crossSite = await web.post(report, { form: formTokenOf(form.text), ...good }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.text).toContain('请求被拒绝');
    expect(await engine.db.prisma.hazard.count()).toBe(0);

    // Reported with the photo taken on the spot (佐证材料): the hazard keeps it from its report on.
    const spot = await photo();
    expect((await web.get(report)).text).toContain('enctype="multipart/form-data"');
    const ok = await web.upload(report, good, [{ name: '现场.jpg', data: spot, type: 'image/jpeg' }]);
    expect(ok.status, ok.text).toBe(303);
    const shown = await web.get(ok.location!);
    const number = /隐患已上报，编号 (YH-\d{4}-\d{4})。/.exec(shown.text)?.[1];
    expect(number).toBeDefined();
    expect(shown.text).not.toMatch(/href="[^"]*YH-/);
    const hazard = await settled(
      () => engine.db.prisma.hazard.findUnique({ where: { id: number! } }),
      (h) => h !== null,
    );
    expect(hazard).toMatchObject({ enterpriseId: 'e2', reportedBy: 'insp', campaignId: 'SC2030', level: 'general', due: '2030-09-20' });
    const files = await engine.db.prisma.evidence.findMany({ where: { itemKind: 'hazard', itemId: number! } });
    expect(files.map((f) => [f.action, f.fileName, f.size, f.uploadedBy])).toEqual([['report', '现场.jpg', spot.length, 'insp']]);
    // The list names it among the inspector's reports; an address claiming another number names none.
    const listed = await settled(() => web.get(links['查看详情']!), (p) => p.text.includes(number!));
    expect(listed.text).toContain(`${number} 乙化工厂（一般隐患，整改中）`);
    expect(listed.text).toContain('上报隐患 1 条');
    const forged = await web.get(`${links['查看详情']!}?reported=YH-2030-0999&receipt=x`);
    expect(forged.text).not.toContain('隐患已上报');
  });
});
