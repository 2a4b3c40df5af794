// `anwei campaign start | status | list | close | export` as the office types them, run in this process
// (client/cli.ts's main) against an engine on the time-skipping server: what they print, the .xlsx
// written, and exit code 2 with every problem named for bad input.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { act } from '../../client/act.ts';
import { campaignStartWarnings } from '../../domain/campaign.ts';
import { statusText } from '../../domain/text/status.ts';
import { localDateOf } from '../../domain/time.ts';
import { anwei, runCli } from '../support/cli.ts';
import { startEngine } from '../support/engine.ts';
import { mails, readSheets, settled, start } from './campaign-helpers.ts';
import { tempDir } from '../cli/support.ts';

const saved = { ...process.env };

afterEach(() => {
  for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'ANWEI_TASK_QUEUE']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('anwei campaign', () => {
  it('status per sector and inspector, list, export the ledger, close; bad input exits 2 naming every problem', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await start(engine, { id: 'SC2030', template: 'special', title: '秋季专项整治', due: { workdays: 5 }, by: 'lead' });
    await act(engine.gateway, 'task', 'SC2030:e3', 'complete', { by: 'insp2', evidence: '已检查' });
    await engine.report({ id: 'H1', enterprise: 'e1', level: 'general', description: '配电箱未接地', deadline: { workdays: 3 }, by: 'insp', campaign: 'SC2030' });

    const status = await anwei(engine, 'campaign', 'status', 'SC2030', '--json');
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as { counts: Record<string, number>; bySector: Array<Record<string, unknown>>; byInspector: Array<Record<string, unknown>> };
    expect(report.counts).toMatchObject({ tasks: 3, done: 1, hazards: 1, rectified: 0 });
    expect(report.bySector.map((r) => [r.name, r.tasks, r.done, r.hazards])).toEqual([
      ['危险化学品', 2, 0, 1],
      ['工贸企业', 1, 1, 0],
    ]);
    expect(report.byInspector.map((r) => [r.key, r.name, r.tasks])).toEqual([
      ['insp', '安监员己', 2],
      ['insp2', '安监员庚', 1],
    ]);
    const text = await anwei(engine, 'campaign', 'status', 'SC2030');
    expect(text.stdout).toContain('按行业领域：');
    expect(text.stdout).toContain('危险化学品：2 家：已完成 0，办理中 2，已逾期 0；隐患 1，已销号 0');

    expect((await anwei(engine, 'campaign', 'list')).stdout).toContain('SC2030\t进行中\t秋季专项整治\t截止 2030-09-09\t已完成 1/3，已逾期 0，隐患 1');

    const out = join(tempDir(), 'ledger.xlsx');
    const exported = await anwei(engine, 'campaign', 'export', 'SC2030', '--out', out);
    expect(exported.code).toBe(0);
    const sheets = await readSheets(readFileSync(out));
    expect(sheets['检查任务']!.slice(1).map((r) => [r[0], r[8]])).toEqual([
      ['SC2030:e1', '办理中'],
      ['SC2030:e2', '办理中'],
      ['SC2030:e3', '已完成'],
    ]);
    expect(sheets['隐患']!.slice(1).map((r) => r[0])).toEqual(['H1']);

    const bad = await anwei(engine, 'campaign', 'start', '--template', 'special', '--id', 'SC2030', '--sectors', 'mining', '--by', 'ghost');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('专项行动 SC2030 已经存在');
    expect(bad.stderr).toContain('by: 未知的人员 “ghost”');
    expect(bad.stderr).toContain('scope.sectors: 未知的行业领域 “mining”');
    // A wrong template, a sector the town lacks and an unreadable due date: all three at once.
    const all = await anwei(engine, 'campaign', 'start', '--template', 'nope', '--sectors', 'mining', '--due', 'soon', '--by', 'lead');
    expect(all.code).toBe(2);
    expect(all.stderr).toContain('--due soon: 无法识别的期限');
    expect(all.stderr).toContain('template: 模板应为');
    expect(all.stderr).toContain('scope.sectors: 未知的行业领域 “mining”');
    expect((await anwei(engine, 'campaign', 'start', '--template', 'special', '--due', 'soon', '--by', 'lead')).stderr).toContain('--due soon: 无法识别的期限');
    expect((await anwei(engine, 'campaign', 'status', 'NOPE')).code).toBe(2);
    expect((await anwei(engine, 'hazard', 'report', '--enterprise', 'e1', '--level', 'general', '--description', '漏电', '--workdays', '3', '--by', 'insp', '--campaign', 'NOPE')).stderr).toContain('未找到专项行动 NOPE');

    const closed = await anwei(engine, 'campaign', 'close', 'SC2030', '--by', 'lead');
    expect(closed.code).toBe(0);
    expect(closed.stdout).toContain('专项行动 SC2030 已结束');
    const again = await anwei(engine, 'campaign', 'close', 'SC2030', '--by', 'lead');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('专项行动 SC2030 已经结束');
  });
  it('names each state with one word, the same in the CLI, the emails and the Excel ledger', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await start(engine, { id: 'SW2030', template: 'special', title: '秋季专项整治', due: { workdays: 5 }, by: 'lead' });
    await act(engine.gateway, 'task', 'SW2030:e3', 'complete', { by: 'insp2', evidence: '已检查' });
    await engine.report({ id: 'H1', enterprise: 'e3', level: 'general', description: '通道堆放杂物', deadline: { workdays: 3 }, by: 'insp2', campaign: 'SW2030' });
    await engine.report({ id: 'H2', enterprise: 'e1', level: 'general', description: '配电箱未接地', deadline: { workdays: 3 }, by: 'insp', campaign: 'SW2030' });
    await engine.act('submit', 'H1', { evidence: '已清理' });
    await engine.act('verify', 'H1', { by: 'insp2', result: 'pass' });
    // Friday 09-06 09:00: the reminder lists each of insp's enterprises with its task's state.
    await engine.advanceTo('2030-09-06T10:00');

    const { open, done } = statusText.task;
    const taskList = (await anwei(engine, 'task', 'list')).stdout;
    expect(taskList).toMatch(new RegExp(`SW2030:e1\\s.*\\s${open}\\s`));
    expect(taskList).toMatch(new RegExp(`SW2030:e3\\s.*\\s${done}\\s`));
    const hazardList = (await anwei(engine, 'hazard', 'list')).stdout;
    expect(hazardList).toMatch(new RegExp(`H1\\s.*\\s${statusText.hazard.closed}\\s`));
    expect(hazardList).toMatch(new RegExp(`H2\\s.*\\s${statusText.hazard.open}\\s`));
    const status = (await anwei(engine, 'campaign', 'status', 'SW2030')).stdout;
    expect(status).toContain(`SW2030 秋季专项整治（专项整治，${statusText.campaign.open}）`);
    expect(status).toContain(`共 3 家企业：${done} 1，${open} 2，${statusText.task.overdue} 0；发现隐患 2 项，${statusText.hazard.closed} 1 项`);

    const reminder = await engine.db.prisma.notice.findFirstOrThrow({ where: { ref: 'SW2030', kind: 'campaign.reminder' } });
    expect(reminder.text).toContain(`甲加油站（e1，危险化学品，一村）：${open}`);
    expect(reminder.text).toContain(`乙化工厂（e2，危险化学品，一村）：${open}`);

    const out = join(tempDir(), 'ledger.xlsx');
    expect((await anwei(engine, 'campaign', 'export', 'SW2030', '--out', out)).code).toBe(0);
    const sheets = await readSheets(readFileSync(out));
    expect(sheets['检查任务']!.slice(1).map((r) => r[8])).toEqual([open, open, done]);
    expect(sheets['隐患']!.slice(1).map((r) => [r[0], r[7]])).toEqual([
      ['H1', statusText.hazard.closed],
      ['H2', statusText.hazard.open],
    ]);
    const summary = Object.fromEntries(sheets['汇总']!.slice(1).map((r) => [r[0], r[1]]));
    expect(summary).toMatchObject({ 状态: statusText.campaign.open, [done]: '1', [open]: '2', [statusText.task.overdue]: '0', [statusText.hazard.closed]: '1' });

    // Nowhere another word for an open task (检查中 was the ledger's, 进行中 the counts').
    for (const text of [taskList, status, reminder.text, JSON.stringify(sheets)]) expect(text).not.toMatch(/检查中|已整改销号|：进行中/);
  });
  it('start says by name who is told, as the notices go; a 安全生产月 started outside June is warned of', async () => {
    const help = await runCli('campaign', 'start', '--help');
    expect(help.stdout).toContain('启动通知发给分管安全的领导、镇长和党委书记，检查任务通知发给有任务的每位安监员，列出其负责的企业（每人一封邮件）');
    expect(help.stdout).not.toContain('分管领导和各安监员');

    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    // The CLI starts a campaign on today's (real) date, before the simulated present: only its first notices are looked at.
    const started = await anwei(engine, 'campaign', 'start', '--template', 'special', '--id', 'SC2030', '--by', 'office');
    expect(started.code).toBe(0);
    expect(started.stdout).toContain('启动通知发给：副镇长丙（副镇长）、镇长乙（镇长）、书记甲（党委书记）');
    expect(started.stdout).toContain('检查任务通知发给（每人一封，列出其负责的企业）：安监员己（2 家企业）、安监员庚（1 家企业）');
    expect(started.stdout).not.toContain('注意：');
    await settled(engine, 'SC2030');
    // The campaign has started; its first emails go one by one after that.
    const first = async () => (await mails(engine, 'SC2030')).filter((m) => m.kind === 'campaign.started' || m.kind === 'campaign.assigned').map((m) => [m.kind, m.to]);
    const told = await vi.waitFor(async () => {
      const sent = await first();
      if (sent.length < 3) throw new Error(`${sent.length} of the first 3 emails sent`);
      return sent;
    }, { timeout: 30_000, interval: 100 });
    expect(told).toEqual([
      ['campaign.started', ['head', 'lead', 'sec']],
      ['campaign.assigned', ['insp']],
      ['campaign.assigned', ['insp2']],
    ]);

    const month = await anwei(engine, 'campaign', 'start', '--template', 'safety_month', '--id', 'SM2030', '--by', 'lead', '--no-wait');
    expect(month.code).toBe(0);
    const [warning] = campaignStartWarnings({ id: 'SM2030', template: 'safety_month', opensOn: localDateOf(Date.now()) });
    if (warning) expect(month.stdout).toContain(`注意：专项行动 SM2030 用的是安全生产月模板（safety_month），启动日期 ${localDateOf(Date.now())} 却不在 6 月`);
    else expect(month.stdout).not.toContain('注意：');
    // Not waiting for the tasks: the leaders by name, the inspectors once their tasks exist.
    expect(month.stdout).toContain('启动通知发给：副镇长丙（副镇长）、镇长乙（镇长）、书记甲（党委书记）');
    expect(month.stdout).toContain('检查任务通知在任务创建后发给有任务的每位安监员（每人一封，列出其负责的企业）。');
  });
});
