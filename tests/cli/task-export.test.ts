// `anwei task export --out` against the whole engine (Temporal's time-skipping server, the real worker): duty
// tasks open, overdue and done (with 完成情况 and a file) are written as the 工作任务台账 — its thirteen
// columns, the rows `task list` shows for the same filters (--duty and --village too), each cell read back
// with exceljs — and a bad --out or an unknown id is refused in zh-CN (exit 2) with nothing written.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatLocalMinute } from '../../domain/time.ts';
import { startEngine } from '../support/engine.ts';
import { TASK_TOWN, committeeMeeting, startTask, villageReport } from '../support/tasks.ts';
import { settled } from '../web/support.ts';
import { anwei, tempDir, type Run } from './support.ts';

const COLUMNS = ['任务编号', '工作事项', '期间', '范围', '承办人', '开始日期', '截止日期', '状态', '完成时间', '完成人', '完成情况', '逾期', '佐证材料'];
const SHA = 'b'.repeat(64);

async function readLedger(file: Buffer): Promise<{ sheets: string[]; rows: string[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = wb.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => rows.push(Array.from({ length: COLUMNS.length }, (_, i) => String(row.getCell(i + 1).value ?? ''))));
  return { sheets: wb.worksheets.map((s) => s.name), rows };
}

function refused(run: Run, message: string): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`错误：${message}\n`);
}

describe('anwei task export --out', () => {
  it('writes the rows task list shows, in the ledger’s columns; its filters narrow both alike; refuses a bad --out and unknown ids', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: TASK_TOWN });
    const check = villageReport({ id: 'enterprise-check:2030-09:e3', dutyId: 'enterprise-check', dutyName: '企业检查', title: '丙机械厂2030年9月检查', period: '2030-09', scope: { kind: 'enterprise', id: 'e3' }, assigneeId: 'insp2', level1: 'sector_leader', due: '2030-09-20' });
    for (const spec of [villageReport(), committeeMeeting(), check]) await startTask(engine, spec);
    await engine.advanceTo('2030-09-03T10:00');
    await settled(() => engine.db.prisma.task.count(), (n) => n === 3);
    const env = { DATABASE_URL: engine.databaseUrl, TEMPORAL_ADDRESS: engine.env.address, ANWEI_TASK_QUEUE: engine.gateway.taskQueue };
    const done = await anwei(['task', 'complete', check.id, '--by', 'insp2', '--evidence', '检查记录已归档'], env);
    expect(done.code, done.stderr).toBe(0);
    const completed = await settled(() => engine.db.prisma.task.findUnique({ where: { id: check.id } }), (t) => t?.status === 'done');
    await engine.db.prisma.evidence.create({
      data: { itemKind: 'task', itemId: check.id, action: 'complete', sha256: SHA, fileName: '检查记录.pdf', mimeType: 'application/pdf', size: 1000, uploadedBy: 'insp2', uploadedAt: new Date(await engine.now()) },
    });
    await engine.advanceTo('2030-09-09T10:00'); // the village report (due 09-06) is overdue
    await settled(() => engine.db.prisma.task.findUnique({ where: { id: 'village-report:2030-08:v1' } }), (t) => t?.status === 'overdue');

    const dir = tempDir();
    const out = join(dir, '工作任务台账.xlsx');
    const run = await anwei(['task', 'export', '--out', out], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^已导出 ${out}：3 项任务（\\d+ KB）。\n$`));
    const { sheets, rows } = await readLedger(readFileSync(out));
    expect(sheets).toEqual(['工作任务台账']);
    expect(rows[0]).toEqual(COLUMNS);
    const listed = JSON.parse((await anwei(['task', 'list', '--json'], env)).stdout) as Array<{ id: string; daysOverdue: number }>;
    expect(rows.slice(1).map((r) => r[0])).toEqual(listed.map((r) => r.id));
    expect(rows.slice(1).map((r) => r[11])).toEqual(listed.map((r) => String(r.daysOverdue)));
    const row = (id: string) => rows.find((r) => r[0] === id)!;
    expect(row(check.id)).toEqual([
      check.id, '企业检查', '2030年9月', '企业：丙机械厂', '安监员庚', '2030-09-02', '2030-09-20', '已完成',
      formatLocalMinute(completed!.completedAt!.getTime()), '安监员庚', '检查记录已归档', '0', `检查记录.pdf（sha256:${SHA}）`,
    ]);
    // (逾期 counts to the machine's today, as task list does: checked against the list above.)
    expect(row('village-report:2030-08:v1').slice(3, 11)).toEqual(['村（社区）：一村', '监督员辛', '2030-09-02', '2030-09-06', '已逾期', '', '', '']);
    expect(row('committee-meeting:2030-09')[3]).toBe('安委办');

    // task list's filters narrow the file as they narrow the list.
    for (const [name, filter] of [
      ['逾期.xlsx', ['--overdue']],
      ['检查.xlsx', ['--duty', 'enterprise-check']],
      ['一村.xlsx', ['--village', 'v1']],
      ['庚.xlsx', ['--assignee', 'insp2', '--status', 'done']],
    ] as Array<[string, string[]]>) {
      const file = join(dir, name);
      expect((await anwei(['task', 'export', ...filter, '--out', file], env)).code, name).toBe(0);
      const shown = JSON.parse((await anwei(['task', 'list', ...filter, '--json'], env)).stdout) as Array<{ id: string }>;
      expect((await readLedger(readFileSync(file))).rows.slice(1).map((r) => r[0]), name).toEqual(shown.map((r) => r.id));
    }
    expect(JSON.parse((await anwei(['task', 'list', '--village', 'v1', '--json'], env)).stdout).map((r: { id: string }) => r.id).sort()).toEqual([check.id, 'village-report:2030-08:v1'].sort());

    // Refusals: nothing written, what was there kept.
    refused(await anwei(['task', 'export', '--out', out], env), `--out ${out}: 文件已存在；要覆盖它，请加上 --force`);
    expect((await anwei(['task', 'export', '--out', out, '--force'], env)).code).toBe(0);
    refused(await anwei(['task', 'export', '--overdue', '--status', 'done', '--out', join(dir, 'x.xlsx')], env), '--overdue 与 --status done 不能同时使用');
    const both = await anwei(['task', 'export', '--duty', 'enterprise-chek', '--village', 'v9', '--out', dir], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--duty enterprise-chek: 没有编号为 “enterprise-chek” 的工作事项或专项行动，是否应为 enterprise-check？');
    expect(both.stderr).toContain('--village v9: 没有编号为 “v9” 的村（社区）');
    expect(both.stderr).toContain(`--out ${dir}: 这是一个文件夹`);
    expect(readdirSync(dir).sort()).toEqual(['一村.xlsx', '工作任务台账.xlsx', '庚.xlsx', '检查.xlsx', '逾期.xlsx'].sort());
  }, 180_000);
});
