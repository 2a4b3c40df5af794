// Contract §7 / issue 11, 上报隐患 from the office: the office head, the safety leader and the inspectors report a
// hazard of an enterprise they see, with its 佐证材料, through the same act() as `anwei hazard report` — the same
// rules and refusals (the typing kept, no file kept), the same 整改通知; anyone else is refused (403).

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { startEngine } from '../support/engine.ts';
import { photo } from '../support/evidence-files.ts';
import { settled } from './support.ts';
import { officeFormToken, startOffice } from './office-support.ts';

const NEW = '/office/hazards/new';

describe('上报隐患 from the office', () => {
  it('the office head reports with a photo: the hazard is theirs, its 整改通知 goes out, the photo is on its page', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    const office = await startOffice(engine);
    const head = office.browser();
    await head.signIn('office@town.example');

    // The button on 隐患台账, and the form of contract §7.
    expect((await head.get('/office')).text).toContain(`<a class="button" href="${NEW}">上报隐患</a>`);
    const form = await head.get(NEW);
    expect(form.status).toBe(200);
    expect(form.text).toContain('enctype="multipart/form-data"');
    for (const label of ['企业', '隐患描述', '隐患等级', '整改期限', '佐证材料', '提交']) expect(form.text).toContain(label);
    for (const enterprise of ['甲加油站', '乙化工厂', '丙机械厂']) expect(form.text).toContain(enterprise);

    const spot = await photo();
    const done = await head.upload(NEW, { enterprise: 'e2', level: 'general', description: '储罐区静电接地损坏', deadline: '2030-09-20' }, [{ name: '现场.jpg', data: spot, type: 'image/jpeg' }]);
    expect(done.status, done.text).toBe(303);
    const id = /^\/office\/hazards\/(.+)$/.exec(done.location ?? '')?.[1];
    expect(id).toBeDefined();
    const hazard = await settled(() => engine.db.prisma.hazard.findUnique({ where: { id: id! } }), (h) => h !== null);
    expect(hazard).toMatchObject({ enterpriseId: 'e2', reportedBy: 'office', level: 'general', due: '2030-09-20', description: '储罐区静电接地损坏' });
    const told = await settled(() => engine.sent({ ref: id!, kind: 'hazard.assigned' }), (sent) => sent.length === 1, 30_000);
    expect(told.map((n) => n.to)).toEqual([['insp', 'li']]);
    const files = await engine.db.prisma.evidence.findMany({ where: { itemKind: 'hazard', itemId: id! } });
    expect(files.map((f) => [f.action, f.fileName, f.size, f.uploadedBy])).toEqual([['report', '现场.jpg', spot.length, 'office']]);
    const page = await head.get(done.location!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('储罐区静电接地损坏');
    expect(page.text).toContain(`<img src="/office/hazards/${id}/thumbs/${files[0]!.sha256}"`);
    expect((await head.get(`/office/hazards/${id}/files/${files[0]!.sha256}`)).status).toBe(200);

    // The safety leader (a deputy head) reports too, for any enterprise of the town.
    const lead = office.browser();
    await lead.signIn('lead@town.example');
    const byLead = await lead.upload(NEW, { enterprise: 'e3', level: 'general', description: '冲床防护罩缺失', deadline: '2030-09-20' }, []);
    expect(byLead.status, byLead.text).toBe(303);
    const leadId = byLead.location!.split('/').pop()!;
    expect(await settled(() => engine.db.prisma.hazard.findUnique({ where: { id: leadId } }), (h) => h !== null)).toMatchObject({ enterpriseId: 'e3', reportedBy: 'lead' });
  });

  it('an inspector reports for their sector only; other roles, a refusal, no form token and no sign-in keep nothing', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    const office = await startOffice(engine);
    const insp = office.browser();
    await insp.signIn('insp@town.example');

    // insp inspects 危险化学品 (e1, e2): e3 (工贸企业) is neither offered nor accepted.
    const form = await insp.get(NEW);
    expect(form.status).toBe(200);
    expect(form.text).toContain('乙化工厂');
    expect(form.text).not.toContain('丙机械厂');
    const spot = await photo();
    const other = await insp.upload(NEW, { enterprise: 'e3', level: 'general', description: '通道堵塞', deadline: '2030-09-20' }, [{ name: '现场.jpg', data: spot, type: 'image/jpeg' }]);
    expect(other.status).toBe(403);
    expect(other.text).toContain('企业“e3”不在您负责的范围内');

    // A refusal in the rules' words: the form again (422) with the typing kept, the photo not kept.
    const refused = await insp.upload(NEW, { enterprise: 'e1', level: 'general', description: '', deadline: '2030-08-20', 'plan-1': '' }, [{ name: '现场.jpg', data: spot, type: 'image/jpeg' }]);
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('隐患描述不能为空');
    expect(refused.text).toContain('value="2030-08-20"');
    expect(refused.text).toContain('<option value="e1" selected>');
    expect(refused.text).toContain('所选的佐证材料未保存');
    const past = await insp.upload(NEW, { enterprise: 'e2', level: 'major', description: '储罐区防火堤破损', deadline: '2030-08-20', 'plan-1': '修复防火堤' }, [{ name: '现场.jpg', data: spot, type: 'image/jpeg' }]);
    expect(past.status).toBe(422);
    expect(past.text).toContain('期限 2030-08-20 早于 2030-09-02，期限不能在过去');
    expect(past.text).toContain('储罐区防火堤破损</textarea>');
    expect(past.text).toContain('修复防火堤</textarea>');
    expect(past.text).toContain('<input type="radio" name="level" value="major" checked>');

    // No form token, or another site's page: refused before anything is kept.
    const good = { enterprise: 'e1', level: 'general', description: '加油机接地线松脱', deadline: '2030-09-20' };
    expect((await insp.upload(NEW, good, [{ name: '现场.jpg', data: spot, type: 'image/jpeg' }], { form: false })).status).toBe(403);
    expect((await insp.upload(NEW, { ...good, form: 'forged' }, [{ name: '现场.jpg', data: spot, type: 'image/jpeg' }])).status).toBe(403);
    expect((await insp.post(NEW, good)).status).toBe(403);
    const crossSite = await insp.post(NEW, { form: officeFormToken(form.text), ...good }, { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
    expect(crossSite.text).toContain('请求被拒绝');

    // A deputy head (not the safety leader) and a village supervisor may not report.
    for (const address of ['lead2@town.example', 'vs@town.example', 'head@town.example']) {
      const browser = office.browser();
      await browser.signIn(address);
      const page = await browser.get(NEW);
      expect(page.status, address).toBe(403);
      expect(page.text).toContain('只有安办主任、分管安全的领导和安监员');
      expect((await browser.upload(NEW, good, [{ name: '现场.jpg', data: spot, type: 'image/jpeg' }])).status, address).toBe(403);
    }
    // Not signed in: to the sign-in page.
    expect(await office.browser().get(NEW)).toMatchObject({ status: 303, location: '/office/login' });
    expect(await office.browser().post(NEW, good)).toMatchObject({ status: 303, location: '/office/login' });

    expect(await engine.db.prisma.hazard.count()).toBe(0);
    expect(await engine.db.prisma.evidence.count()).toBe(0);
    expect(await office.evidence.has(office.evidence.pathOf(createHash('sha256').update(spot).digest('hex')))).toBe(false);

    // The inspector's own report, a plain form (no file), goes through.
    const ok = await insp.upload(NEW, good, []);
    expect(ok.status, ok.text).toBe(303);
    const id = ok.location!.split('/').pop()!;
    expect(await settled(() => engine.db.prisma.hazard.findUnique({ where: { id } }), (h) => h !== null)).toMatchObject({ enterpriseId: 'e1', reportedBy: 'insp' });
  });
});
