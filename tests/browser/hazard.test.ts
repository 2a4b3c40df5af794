// Contract §7 in a real browser on a phone: people act on a hazard from the links in their emails — the real
// engine sends the emails (links signed as `anwei start` signs them), the real web server serves the pages,
// Chromium at 360 px opens them, fills the forms and presses the buttons.

import { describe, expect, it } from 'vitest';
import { startEngine } from '../support/engine.ts';
import { photo } from '../support/evidence-files.ts';
import { general } from '../engine/hazard-helpers.ts';
import { emailLinks, hazardEvents, linkSigner, settled, startWeb } from '../web/support.ts';
import { openPhone } from './phone.ts';
import { choose, describeWork } from './steps.ts';

describe('a hazard on the phone, from its emails', () => {
  it('reported through the client; the principal opens 提交整改 from the 整改通知, fills 整改情况, attaches a photo, presses 提交; the inspector opens 复查 from its email, sees the words and the photo, chooses 合格, 提交; the hazard is closed and the 销号 email goes out', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', links: linkSigner().maker() });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 5 }, { description: '储罐区静电接地线断开，法兰跨接线缺失' }));
    const web = await startWeb(engine);

    const principal = await openPhone(web.base);
    const assigned = await emailLinks(engine, 'hazard.assigned', 'wang@e1.example');
    expect(Object.keys(assigned)).toEqual(['提交整改', '申请延期', '查看详情']);
    expect(await principal.open(assigned['查看详情']!)).toBe(200);
    expect(await principal.text()).toContain('储罐区静电接地线断开，法兰跨接线缺失');
    expect(await principal.text()).toContain('整改中');
    expect(await principal.tap('提交整改')).toBe(200);
    expect(principal.page.url()).toBe(web.base + assigned['提交整改']);
    const repair = await photo();
    await describeWork(principal, '整改情况', '已重新敷设接地线并加装法兰跨接线，经检测接地电阻 3.2Ω。', [{ name: '整改后.jpg', mimeType: 'image/jpeg', buffer: repair }]);
    expect(await principal.tap('提交')).toBe(200);
    expect(await principal.text()).toContain('整改情况已提交，等待安监员复查。');
    expect(await principal.text()).toContain('待复查');
    expect(await settled(() => hazardEvents(engine, 'H1'), (e) => e.length >= 2)).toEqual(['reported insp', 'submitted principal']);

    const inspector = await openPhone(web.base);
    const toVerify = await emailLinks(engine, 'hazard.verification_requested', 'insp@town.example');
    expect(Object.keys(toVerify)).toEqual(['复查', '查看详情']);
    expect(await inspector.open(toVerify['复查']!)).toBe(200);
    expect(await inspector.text()).toContain('待复查');
    // What is to be verified is on the form: the principal's words and photo (its thumbnail shown, as a phone draws it).
    expect(await inspector.text()).toContain('待复查的整改情况');
    expect(await inspector.text()).toContain('经检测接地电阻 3.2Ω');
    const thumb = inspector.page.getByRole('img', { name: '整改后.jpg' });
    await expect.poll(() => thumb.evaluate((img) => { const drawn = img as unknown as { complete: boolean; naturalWidth: number }; return drawn.complete && drawn.naturalWidth; })).toBe(320);
    const [file] = await engine.db.prisma.evidence.findMany({ where: { itemId: 'H1' } });
    expect(file).toMatchObject({ action: 'submit', uploadedBy: 'principal', fileName: '整改后.jpg', size: repair.length, takenAt: '2030-09-03 10:15:00' });
    await choose(inspector, '合格');
    expect(await inspector.tap('提交')).toBe(200);
    expect(await inspector.text()).toContain('复查结论已提交。');
    expect(await inspector.text()).toContain('已销号');
    // The record shows what the principal wrote, by them.
    expect(await inspector.text()).toContain('已重新敷设接地线并加装法兰跨接线');

    expect((await engine.state('H1'))?.status).toBe('closed');
    expect(await settled(() => hazardEvents(engine, 'H1'), (e) => e.length >= 3)).toEqual(['reported insp', 'submitted principal', 'closed insp']);
    // The 销号 email, to the principal: 查看详情 only, and it shows the hazard closed.
    const closed = await emailLinks(engine, 'hazard.closed', 'wang@e1.example');
    expect(Object.keys(closed)).toEqual(['查看详情']);
    expect(await principal.open(closed['查看详情']!)).toBe(200);
    expect(await principal.text()).toContain('已销号');
    // The principal's 提交整改 from the first email ends with the hazard.
    expect(await principal.open(assigned['提交整改']!)).toBe(410);
    expect(await principal.text()).toContain('事项已办结');
  });

  it('the sector leader signs for an overdue hazard (签收督办) from the 督办 email', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', links: linkSigner().maker() });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H3', { workdays: 1 })); // due Tue 09-03; overdue, and level 1 to the leader on Wed 09-04 09:00
    await engine.advanceTo('2030-09-04T10:00');
    const web = await startWeb(engine);

    const leader = await openPhone(web.base);
    const escalation = await emailLinks(engine, 'hazard.escalation', 'lead@town.example');
    expect(Object.keys(escalation)).toEqual(['签收督办', '查看详情']);
    expect(await leader.open(escalation['签收督办']!)).toBe(200);
    await leader.page.getByLabel('签收意见').fill('已电话督促企业负责人，本周内完成整改。');
    expect(await leader.tap('签收')).toBe(200);
    expect(await leader.text()).toContain('已签收督办。');
    expect(await settled(() => hazardEvents(engine, 'H3'), (e) => e.includes('acknowledged lead'))).toContain('acknowledged lead');
    expect(await leader.open(escalation['签收督办']!)).toBe(409);
    expect(await leader.text()).toContain('无需再办理');
  });
});
