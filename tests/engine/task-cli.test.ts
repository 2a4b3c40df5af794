// `anwei task complete | list | show` as the office types them, run in this process (client/cli.ts's
// main) against an engine on the time-skipping server: what it prints, and exit code 2 with a zh-CN
// message for bad input.

import { afterEach, describe, expect, it } from 'vitest';
import { taskTable } from '../../client/task-format.ts';
import { listTasks } from '../../client/task-ledger.ts';
import { anwei } from '../support/cli.ts';
import { startEngine } from '../support/engine.ts';
import { TASK_TOWN, startTask, taskView, villageReport } from '../support/tasks.ts';

const ID = 'village-report:2030-08:v1';

/** An enterprise's inspection of a month, as the duty calendar makes it (its title ends with the enterprise's name). */
const inspection = (enterprise: string, name: string, month: '08' | '09') =>
  villageReport({
    id: `enterprise-inspection:2030-${month}:${enterprise}`,
    dutyId: 'enterprise-inspection',
    dutyName: '企业安全检查',
    title: `2030年${Number(month)}月企业安全检查（${name}）`,
    period: `2030-${month}`,
    scope: { kind: 'enterprise', id: enterprise },
    assigneeId: 'insp',
    level1: 'sector_leader',
    proof: '上传检查记录',
    ...(month === '09' ? { due: '2030-09-30', dueTrace: '2030-09 的最后一个工作日 = 2030-09-30' } : {}),
  });
const LONG_NAME = '青山精细化工有限公司第一加油站';

/** e1 (named LONG_NAME) inspected in August and September, e2 in September; Tue 2030-09-03 10:00. */
async function inspectionsEngine() {
  const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN.replace('name: 甲加油站', `name: ${LONG_NAME}`) });
  await startTask(engine, inspection('e1', LONG_NAME, '08'));
  await startTask(engine, inspection('e1', LONG_NAME, '09'));
  await startTask(engine, inspection('e2', '乙化工厂', '09'));
  await engine.advanceTo('2030-09-03T10:00');
  return engine;
}

const saved = { ...process.env };

afterEach(() => {
  for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'ANWEI_TASK_QUEUE', 'ANWEI_DATA_DIR', 'COLUMNS']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

describe('anwei task', () => {
  it('complete records the completion with its evidence; list and show then say done, with the story', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN });
    await startTask(engine, villageReport());
    await engine.advanceTo('2030-09-03T10:00');

    const listed = await anwei(engine, 'task', 'list', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id: ID, assignee: 'vs', assigneeName: '监督员辛', status: 'open', due: '2030-09-06' }]);

    const done = await anwei(engine, 'task', 'complete', ID, '--by', 'vs', '--evidence', '8月安全月报已上传');
    expect(done).toMatchObject({ code: 0, stderr: '' });
    expect(done.stdout).toContain(`已登记完成。任务 ${ID}：一村2030年8月安全生产月报，已完成`);
    expect(await taskView(engine, ID)).toMatchObject({ status: 'done', completedBy: 'vs' });

    const table = await anwei(engine, 'task', 'list', '--assignee', 'vs');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/village-report:2030-08:v1\s+一村2030年8月安全生产月报\s+监督员辛\s+已完成\s+2030-09-06/);

    const show = await anwei(engine, 'task', 'show', ID);
    expect(show.code).toBe(0);
    for (const line of ['截止日期：2030-09-06', '完成要求：上传村月度安全报告', '佐证：8月安全月报已上传', '任务生成', '发出任务通知', '任务通知 → vs@town.example']) {
      expect(show.stdout).toContain(line);
    }
    const json = JSON.parse((await anwei(engine, 'task', 'show', ID, '--json')).stdout);
    expect(json).toMatchObject({ id: ID, status: 'done', late: false, completedBy: 'vs', evidence: '8月安全月报已上传' });
  });

  it('lists only overdue tasks with --overdue (a task not yet due is left out), with how late they are', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN });
    await startTask(engine, villageReport());
    await startTask(engine, villageReport({ id: 'village-report:2030-09:v1', period: '2030-09', title: '一村2030年9月安全生产月报', opensOn: '2030-10-08', due: '2030-10-12' }));
    await engine.advanceTo('2030-09-10T10:00');
    const late = await anwei(engine, 'task', 'list', '--overdue', '--json');
    expect(late.code).toBe(0);
    expect(JSON.parse(late.stdout)).toMatchObject([{ id: ID, status: 'overdue', escalationLevel: 1 }]);
    // How late, counted at the simulated present (the CLI counts at the real one).
    expect(await listTasks(engine.db, { overdue: true }, await engine.now())).toMatchObject([{ id: ID, daysOverdue: 4, workdaysOverdue: 2 }]);
    expect(taskTable(await listTasks(engine.db, { overdue: true }, await engine.now()), Infinity)).toContain('逾期4天（2个工作日）');
    await expect(listTasks(engine.db, { assignee: 'vss' })).rejects.toMatchObject({ problems: ['--assignee vss: 没有编号为 “vss” 的人员，是否应为 vs？'] });
  });

  it('refuses bad input with exit 2 and a zh-CN message naming every problem, changing nothing', async () => {
    const engine = await startEngine({ start: '2030-09-01T08:00', profile: TASK_TOWN });
    await startTask(engine, villageReport());
    await engine.advanceTo('2030-09-03T10:00');

    const missing = await anwei(engine, 'task', 'complete', ID, '--by', 'vs');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('错误：缺少必填选项 --evidence');

    const bad = await anwei(engine, 'task', 'complete', ID, '--by', 'ghost', '--evidence', ' ');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`任务 ${ID} 完成登记未受理：`);
    expect(bad.stderr).toContain('完成佐证不能为空');
    expect(bad.stderr).toContain('by: 未知或已离任的人员 “ghost”');

    const unknown = await anwei(engine, 'task', 'complete', 'village-report:2030-07:v1', '--by', 'vs', '--evidence', '已报');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('未找到任务 village-report:2030-07:v1');

    expect((await anwei(engine, 'task', 'complete', ID, '--by', 'vs', '--evidence', '已报')).code).toBe(0);
    const twice = await anwei(engine, 'task', 'complete', ID, '--by', 'office', '--evidence', '再报');
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('已于 2030-09-03 10:00 由 vs 登记完成，不能重复完成');

    const status = await anwei(engine, 'task', 'list', '--status', 'finished');
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('选项 --status 的取值 “finished” 无效，可选：open、done、overdue、cancelled');
    const conflict = await anwei(engine, 'task', 'list', '--overdue', '--status', 'done');
    expect(conflict.code).toBe(2);
    expect(conflict.stderr).toContain('--overdue 与 --status done 不能同时使用');
    const nobody = await anwei(engine, 'task', 'list', '--assignee', 'ghost');
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('--assignee ghost: 没有编号为 “ghost” 的人员');
    const show = await anwei(engine, 'task', 'show', 'nope:2030');
    expect(show.code).toBe(2);
    expect(show.stderr).toContain('未找到任务 nope:2030');

    const events = await engine.db.prisma.taskEvent.findMany({ where: { taskId: ID, type: 'completed' } });
    expect(events.map((e) => e.by)).toEqual(['vs']);
  });
  it('list fits the terminal, cutting the titles\' heads and keeping each enterprise\'s name whole; --wide cuts nothing', async () => {
    const engine = await inspectionsEngine();
    // Not a terminal and no COLUMNS: 100 columns; the titles' heads give way, the names never.
    delete process.env.COLUMNS;
    const list = await anwei(engine, 'task', 'list');
    expect(list.code).toBe(0);
    const row = list.stdout.split('\n').find((line) => line.startsWith('enterprise-inspection:2030-09:e1'))!;
    expect(row).toContain(`…（${LONG_NAME}）`);
    process.env.COLUMNS = '200';
    expect((await anwei(engine, 'task', 'list')).stdout).toContain(`2030年9月企业安全检查（${LONG_NAME}）`);
    process.env.COLUMNS = '60';
    expect((await anwei(engine, 'task', 'list', '--wide')).stdout).toContain(`2030年9月企业安全检查（${LONG_NAME}）`);
  });

  it('complete and show take an id\'s start, or the duty with the enterprise; several matches are listed with their titles', async () => {
    const engine = await inspectionsEngine();
    const several = await anwei(engine, 'task', 'complete', 'enterprise-inspection:2030', '--by', 'insp', '--evidence', '已检查');
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('与 “enterprise-inspection:2030” 相符的任务有 3 项，请写出完整的任务编号：');
    expect(several.stderr).toContain(`  - enterprise-inspection:2030-09:e2  2030年9月企业安全检查（乙化工厂）  办理中`);

    const byStart = await anwei(engine, 'task', 'complete', 'enterprise-inspection:2030-08', '--by', 'insp', '--evidence', '已检查');
    expect(byStart).toMatchObject({ code: 0, stderr: '' });
    expect(byStart.stdout).toContain(`已登记完成。任务 enterprise-inspection:2030-08:e1：2030年8月企业安全检查（${LONG_NAME}），已完成`);
    // August's is done: of e1's two inspections only September's can still be completed.
    const byScope = await anwei(engine, 'task', 'complete', '--duty', 'enterprise-inspection', '--enterprise', 'e1', '--by', 'insp', '--evidence', '九月已检查');
    expect(byScope).toMatchObject({ code: 0, stderr: '' });
    expect(byScope.stdout).toContain('已登记完成。任务 enterprise-inspection:2030-09:e1');
    const show = await anwei(engine, 'task', 'show', 'enterprise-inspection:2030-09:e2');
    expect(show.code).toBe(0);
    const ambiguousShow = await anwei(engine, 'task', 'show', 'enterprise-inspection:2030-09');
    expect(ambiguousShow.code).toBe(2);
    expect(ambiguousShow.stderr).toContain(`  - enterprise-inspection:2030-09:e1  2030年9月企业安全检查（${LONG_NAME}）  已完成`);
    expect((await anwei(engine, 'task', 'show', 'enterprise-inspection:2030-09:e')).stderr).toContain('相符的任务有 2 项');
    expect((await anwei(engine, 'task', 'show', 'enterprise-inspection:2030-08')).stdout).toContain('任务 enterprise-inspection:2030-08:e1：');

    const typo = await anwei(engine, 'task', 'complete', '--duty', 'enterprise-inspektion', '--enterprise', 'e9', '--by', 'insp', '--evidence', '已检查');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--duty enterprise-inspektion: 没有编号为 “enterprise-inspektion” 的工作事项（或专项行动），是否应为 enterprise-inspection？');
    expect(typo.stderr).toContain('--enterprise e9: 没有编号为 “e9” 的企业');
    expect((await anwei(engine, 'task', 'complete', '--duty', 'enterprise-inspection', '--enterprise', 'e3', '--by', 'insp', '--evidence', '已检查')).stderr).toContain(
      '没有与 “--duty enterprise-inspection --enterprise e3” 相符的任务',
    );
    expect((await anwei(engine, 'task', 'complete', '--enterprise', 'e2', '--village', 'v1', '--by', 'insp', '--evidence', '已检查')).stderr).toContain('--enterprise、--village 只能给出一个');
    const nothing = await anwei(engine, 'task', 'complete', '--by', 'insp', '--evidence', '已检查');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('请给出任务编号（开头几位即可），或用 --duty 与 --enterprise、--village、--sector 之一指明任务');
    const events = await engine.db.prisma.taskEvent.findMany({ where: { type: 'completed' }, orderBy: { taskId: 'asc' } });
    expect(events.map((e) => e.taskId)).toEqual(['enterprise-inspection:2030-08:e1', 'enterprise-inspection:2030-09:e1']);
  });
});
