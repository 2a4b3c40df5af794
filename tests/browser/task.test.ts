// Contract §7 on a phone with JavaScript off (the pages need none): the village supervisor registers the monthly
// report done (登记完成) from the duty's email.

import { describe, expect, it } from 'vitest';
import { startEngine } from '../support/engine.ts';
import { PDF } from '../support/evidence-files.ts';
import { TASK_TOWN, startTask, taskView, villageReport } from '../support/tasks.ts';
import { emailLinks, linkSigner, settled, startWeb } from '../web/support.ts';
import { openPhone } from './phone.ts';
import { describeWork } from './steps.ts';

describe('a duty task on the phone, from its email', () => {
  it('the village supervisor, JavaScript off, opens 登记完成 from the 月报 email, fills 完成情况, attaches the report as a PDF, presses 提交; the task is done by them, the PDF kept with it', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: TASK_TOWN, links: linkSigner().maker() });
    await engine.advanceTo('2030-09-02T10:00');
    await startTask(engine, villageReport());
    // Assigned at once (its opening was 09:00), in the supervisor's daily digest a minute later.
    await engine.advanceTo('2030-09-02T10:05');
    const web = await startWeb(engine);

    const supervisor = await openPhone(web.base, { javaScript: false });
    const assigned = await emailLinks(engine, 'duty.assigned', 'vs@town.example');
    expect(Object.keys(assigned)).toEqual(['登记完成', '查看详情']);
    expect(await supervisor.open(assigned['查看详情']!)).toBe(200);
    expect(await supervisor.text()).toContain('一村2030年8月安全生产月报');
    expect(await supervisor.tap('登记完成')).toBe(200);
    await describeWork(supervisor, '完成情况', '8月月报已填报：排查隐患2处，均已整改。', [{ name: '一村8月月报.pdf', mimeType: 'application/pdf', buffer: PDF }]);
    expect(await supervisor.tap('提交')).toBe(200);
    expect(await supervisor.text()).toContain('任务已登记完成。');
    expect(await supervisor.text()).toContain('已完成');
    expect(await taskView(engine, 'village-report:2030-08:v1')).toMatchObject({ status: 'done', completedBy: 'vs' });
    const events = await settled(
      () => engine.db.prisma.taskEvent.findMany({ where: { taskId: 'village-report:2030-08:v1', type: 'completed' } }),
      (e) => e.length > 0,
    );
    expect(events.map((e) => e.by)).toEqual(['vs']);
    expect(events[0]!.evidence).toBe('8月月报已填报：排查隐患2处，均已整改。\n附件：一村8月月报.pdf');
    const files = await engine.db.prisma.evidence.findMany({ where: { itemKind: 'task', itemId: 'village-report:2030-08:v1' } });
    expect(files.map((f) => [f.fileName, f.mimeType, f.size, f.uploadedBy])).toEqual([['一村8月月报.pdf', 'application/pdf', PDF.length, 'vs']]);
    // The task's page lists it, for the supervisor to open again.
    expect(await supervisor.text()).toContain('一村8月月报.pdf');
  });
});
