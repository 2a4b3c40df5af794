// `anwei hazard export --out` as the office types it, against the whole engine (Temporal's time-skipping
// server, the real worker): hazards reported and taken through 整改中, 待复查, 已销号 and a failed 复查 are
// written as the county 隐患台账 — its fifteen columns, the rows `hazard list` shows for the same filters,
// each cell read back with exceljs — and a bad --out is refused in zh-CN (exit 2) with nothing written.

import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { formatLocalMinute, localDateOf } from '../../domain/time.ts';
import { general } from '../engine/hazard-helpers.ts';
import { startEngine, type Engine } from '../support/engine.ts';
import { anwei, tempDir, type Run } from './support.ts';

const COLUMNS = ['编号', '企业', '行业领域', '村', '隐患描述', '等级', '发现时间', '发现人', '整改期限', '整改情况', '复查人', '复查时间', '状态', '逾期天数', '佐证材料'];
const SHA = 'a'.repeat(64);

/** The workbook's one sheet as rows of cell texts, every row the header's width. */
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

describe('anwei hazard export --out', () => {
  it('writes the rows hazard list shows, in the county ledger’s columns; refuses a bad --out', async () => {
    const engine: Engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    await engine.report(general('H1', { workdays: 3 })); // stays 整改中
    await engine.report(general('H2', { workdays: 5 }, { enterprise: 'e2', description: '反应釜温度计失灵' })); // 待复查
    await engine.report(general('H3', { workdays: 5 }, { enterprise: 'e3', by: 'insp2', description: '冲床防护罩缺失' })); // 已销号
    await engine.report(general('H4', { workdays: 5 }, { description: '消防通道堵塞' })); // 复查不合格, 整改中 again
    await engine.advanceTo('2030-09-03T10:00');
    await engine.act('submit', 'H2', { evidence: '已更换温度计' });
    await engine.act('submit', 'H3', { evidence: '已加装防护罩并试车' });
    await engine.act('submit', 'H4', { evidence: '已清理' });
    await engine.advanceTo('2030-09-04T15:30');
    await engine.act('verify', 'H3', { by: 'insp2', result: 'pass' });
    await engine.act('verify', 'H4', { by: 'insp', result: 'fail', note: '仍有杂物', deadline: { workdays: 2 } });
    // H3's photo as 提交整改 recorded it (the Evidence table; the files themselves are the web's).
    await engine.db.prisma.evidence.create({
      data: { itemKind: 'hazard', itemId: 'H3', action: 'submit', sha256: SHA, fileName: '防护罩.jpg', mimeType: 'image/jpeg', size: 1000, uploadedBy: 'principal', uploadedAt: new Date(await engine.now()) },
    });

    const env = { DATABASE_URL: engine.databaseUrl, TEMPORAL_ADDRESS: engine.env.address, ANWEI_TASK_QUEUE: engine.gateway.taskQueue };
    const dir = tempDir();
    const out = join(dir, '隐患台账.xlsx');
    const run = await anwei(['hazard', 'export', '--out', out], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^已导出 ${out}：4 项隐患（\\d+ KB）。\n$`));
    expect(readdirSync(dir)).toEqual(['隐患台账.xlsx']);

    const { sheets, rows } = await readLedger(readFileSync(out));
    expect(sheets).toEqual(['隐患台账']);
    expect(rows[0]).toEqual(COLUMNS);
    // The rows and their order are hazard list's (the same filters, the same clock).
    const listed = JSON.parse((await anwei(['hazard', 'list', '--json'], env)).stdout) as Array<{ id: string; daysOverdue: number }>;
    expect(rows.slice(1).map((r) => r[0])).toEqual(listed.map((r) => r.id));
    expect(rows.slice(1).map((r) => r[13])).toEqual(listed.map((r) => String(r.daysOverdue)));

    const hazard = async (id: string) => engine.db.prisma.hazard.findUniqueOrThrow({ where: { id } });
    const closedAt = formatLocalMinute(new Date('2030-09-04T07:30:00Z').getTime());
    const row = (id: string) => rows.find((r) => r[0] === id)!;
    expect(row('H3')).toEqual([
      'H3', '丙机械厂', '工贸企业', '一村', '冲床防护罩缺失', '一般隐患', formatLocalMinute((await hazard('H3')).reportedAt.getTime()), '安监员庚',
      (await hazard('H3')).due, '已加装防护罩并试车', '安监员庚', closedAt, '已销号', '0', `防护罩.jpg（sha256:${SHA}）`,
    ]);
    // Submitted, not yet checked: what was done, no 复查; a failed check names its checker, the hazard open again.
    expect(row('H2').slice(9, 13)).toEqual(['已更换温度计', '', '', '待复查']);
    expect(row('H4').slice(9, 13)).toEqual(['已清理', '安监员己', closedAt, '整改中']);
    expect(row('H1').slice(9, 15)).toEqual(['', '', '', '整改中', '0', '']);

    // hazard list's filters narrow the file as they narrow the list.
    const submitted = join(dir, '待复查.xlsx');
    expect((await anwei(['hazard', 'export', '--status', 'submitted', '--out', submitted], env)).code).toBe(0);
    expect((await readLedger(readFileSync(submitted))).rows.slice(1).map((r) => r[0])).toEqual(['H2']);
    const industry = join(dir, '工贸.xlsx');
    expect((await anwei(['hazard', 'export', '--sector', 'industry', '--out', industry], env)).code).toBe(0);
    expect((await readLedger(readFileSync(industry))).rows.slice(1).map((r) => r[0])).toEqual(['H3']);

    // A bad --out, as campaign export refuses it: nothing written, what was there kept.
    refused(await anwei(['hazard', 'export', '--out', out], env), `--out ${out}: 文件已存在；要覆盖它，请加上 --force`);
    expect((await anwei(['hazard', 'export', '--out', out, '--force'], env)).code).toBe(0);
    refused(await anwei(['hazard', 'export', '--out', dir], env), `--out ${dir}: 这是一个文件夹，请写出要保存的文件名，如 ${join(dir, `隐患台账-${localDateOf(Date.now())}.xlsx`)}`);
    const missing = join(dir, '二〇三〇', '台账.xlsx');
    refused(await anwei(['hazard', 'export', '--out', missing], env), `--out ${missing}: 文件夹 ${join(dir, '二〇三〇')} 不存在，请先建立它，或写到已有的文件夹中`);
    // An unknown sector and a bad --out are named together.
    mkdirSync(join(dir, 'sub'));
    const both = await anwei(['hazard', 'export', '--sector', 'industy', '--out', join(dir, 'sub')], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--sector industy: 没有编号为 “industy” 的行业领域，是否应为 industry？');
    expect(both.stderr).toContain(`--out ${join(dir, 'sub')}: 这是一个文件夹`);
    // Nothing half-written beside the files (no temporary file left by a refusal).
    expect(readdirSync(dir).sort()).toEqual(['sub', '工贸.xlsx', '待复查.xlsx', '隐患台账.xlsx'].sort());
  }, 180_000);
});
