// The task ledger (工作任务台账) as an Excel file: the tasks `anwei task list` shows for a filter, with what
// was done and the files that prove it. `anwei task export --out` writes it; the office's 导出Excel
// (GET /office/tasks.xlsx) sends the same bytes for the same filter narrowed to what the person may see.

import ExcelJS from 'exceljs';
import { evidenceCells, personNames } from '../activities/campaign-ledger.ts';
import type { TaskSpec } from '../domain/task.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { periodName } from '../domain/text/task.ts';
import { statusText } from '../domain/text/status.ts';
import { formatLocalMinute } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import { writeMadeFile, type OutputFile } from './output-file.ts';
import { listTasks, type TaskFilter, type TaskRow } from './task-ledger.ts';

const t = ledgerText.task;

/** The workbook of these rows (listTasks' order), dated `at` so the same ledger is the same file content. */
export async function taskLedgerOf(db: Database, rows: readonly TaskRow[], at: number): Promise<Buffer> {
  const ids = rows.map((r) => r.id);
  const { prisma } = db;
  const [tasks, sectors, villages, enterprises, names, files] = await Promise.all([
    prisma.task.findMany({ where: { id: { in: ids } }, select: { id: true, scopeKind: true, scopeId: true, specJson: true, completedAt: true, completedBy: true, evidence: true } }),
    prisma.sector.findMany({ select: { id: true, name: true } }),
    prisma.village.findMany({ select: { id: true, name: true } }),
    prisma.enterprise.findMany({ select: { id: true, name: true } }),
    personNames(db),
    evidenceCells(db, 'task', ids),
  ]);
  const byId = new Map(tasks.map((task) => [task.id, task]));
  const named = { sector: new Map(sectors.map((s) => [s.id, s.name])), village: new Map(villages.map((v) => [v.id, v.name])), enterprise: new Map(enterprises.map((e) => [e.id, e.name])) };
  const scopeCell = (kind: string | null, id: string | null) => {
    if (kind !== 'sector' && kind !== 'village' && kind !== 'enterprise') return t.scope.office;
    return t.scope[kind](named[kind].get(id ?? '') ?? id ?? '');
  };
  const name = (id: string | null | undefined) => (id ? (names[id] ?? id) : '');

  const wb = new ExcelJS.Workbook();
  wb.creator = 'anwei';
  wb.created = new Date(at);
  wb.modified = new Date(at);
  const sheet = wb.addWorksheet(t.sheet);
  sheet.columns = t.exportColumns.map((header, i) => ({ header, width: [30, 20, 14, 20, 12, 12, 12, 14, 18, 12, 40, 8, 60][i] ?? 12 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) {
    const task = byId.get(r.id);
    const spec = task ? (JSON.parse(task.specJson) as Partial<TaskSpec>) : {};
    sheet.addRow([
      r.id,
      spec.dutyName ?? r.dutyId,
      periodName(r.period),
      scopeCell(task?.scopeKind ?? null, task?.scopeId ?? null),
      r.assigneeName,
      r.opensOn,
      r.due,
      t.status(statusText.name(statusText.task, r.status), r.status === 'done' && r.late),
      task?.completedAt ? formatLocalMinute(task.completedAt.getTime()) : '',
      name(task?.completedBy),
      task?.evidence ?? '',
      r.daysOverdue,
      files.get(r.id) ?? '',
    ]).alignment = { vertical: 'top', wrapText: true };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The workbook of what `listTasks` lists for the filter at `at`, and how many tasks it holds. */
export async function taskLedger(db: Database, filter: TaskFilter, at: number): Promise<{ file: Buffer; count: number }> {
  const rows = await listTasks(db, filter, at);
  return { file: await taskLedgerOf(db, rows, at), count: rows.length };
}

/** `anwei task export --out`: client/output-file.ts writeMadeFile names every problem first, then writes the file whole. */
export async function exportTasks(db: Database, filter: TaskFilter, out: OutputFile, at = Date.now()): Promise<{ bytes: number; count: number }> {
  return writeMadeFile(out, () => taskLedger(db, filter, at));
}
