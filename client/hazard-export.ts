// The county 隐患台账 as an Excel file: the hazards `anwei hazard list` shows for a filter, in the columns a
// county ledger uses. `anwei hazard export --out` writes it; the office's 导出Excel (GET /office/hazards.xlsx)
// sends the same bytes for the same filter narrowed to what the person may see.

import ExcelJS from 'exceljs';
import { evidenceCells, personNames } from '../activities/campaign-ledger.ts';
import { hazardText } from '../domain/text/hazard.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { statusText } from '../domain/text/status.ts';
import { formatLocalMinute } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import { listHazards, type HazardFilter, type HazardRow } from './ledger.ts';
import { writeMadeFile, type OutputFile } from './output-file.ts';

/** The verdicts of a 复查 (a pass closes the hazard; a fail reopens it with a new deadline). */
const VERIFICATIONS = ['closed', 'rejected'];

/** The workbook of these rows (listHazards' order), dated `at` so the same ledger is the same file content. */
export async function hazardLedgerOf(db: Database, rows: readonly HazardRow[], at: number): Promise<Buffer> {
  const ids = rows.map((r) => r.id);
  const { prisma } = db;
  const [hazards, events, enterprises, villages, names, files] = await Promise.all([
    prisma.hazard.findMany({ where: { id: { in: ids } }, select: { id: true, reportedAt: true, reportedBy: true } }),
    // The latest submission says how it was put right (整改情况); the latest verdict who checked it and when.
    prisma.hazardEvent.findMany({ where: { hazardId: { in: ids }, type: { in: ['submitted', ...VERIFICATIONS] } }, orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { hazardId: true, type: true, at: true, by: true, evidence: true } }),
    prisma.enterprise.findMany({ select: { id: true, villageId: true } }),
    prisma.village.findMany({ select: { id: true, name: true } }),
    personNames(db),
    evidenceCells(db, 'hazard', ids),
  ]);
  const reported = new Map(hazards.map((h) => [h.id, h]));
  const villageOf = new Map(enterprises.map((e) => [e.id, e.villageId]));
  const villageName = new Map(villages.map((v) => [v.id, v.name]));
  const submitted = new Map<string, (typeof events)[number]>();
  const verified = new Map<string, (typeof events)[number]>();
  for (const e of events) (VERIFICATIONS.includes(e.type) ? verified : submitted).set(e.hazardId, e);
  const name = (id: string | null | undefined) => (id ? (names[id] ?? id) : '');

  const wb = new ExcelJS.Workbook();
  wb.creator = 'anwei';
  wb.created = new Date(at);
  wb.modified = new Date(at);
  const sheet = wb.addWorksheet(ledgerText.hazard.sheet);
  sheet.columns = ledgerText.hazard.exportColumns.map((header, i) => ({ header, width: [16, 24, 14, 12, 40, 10, 18, 10, 12, 40, 10, 18, 10, 10, 60][i] ?? 12 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  for (const r of rows) {
    const h = reported.get(r.id);
    const village = villageOf.get(r.enterprise);
    const check = verified.get(r.id);
    sheet.addRow([
      r.id,
      r.enterpriseName,
      r.sectorName,
      village ? (villageName.get(village) ?? village) : '',
      r.description,
      hazardText.levelName[r.level],
      h ? formatLocalMinute(h.reportedAt.getTime()) : '',
      name(h?.reportedBy),
      r.due,
      submitted.get(r.id)?.evidence ?? '',
      name(check?.by),
      check ? formatLocalMinute(check.at.getTime()) : '',
      statusText.name(statusText.hazard, r.status),
      r.daysOverdue,
      files.get(r.id) ?? '',
    ]).alignment = { vertical: 'top', wrapText: true };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The workbook of what `listHazards` lists for the filter at `at`, and how many hazards it holds. */
export async function hazardLedger(db: Database, filter: HazardFilter, at: number): Promise<{ file: Buffer; count: number }> {
  const rows = await listHazards(db, filter, at);
  return { file: await hazardLedgerOf(db, rows, at), count: rows.length };
}

/** `anwei hazard export --out`: client/output-file.ts writeMadeFile names every problem first, then writes the file whole. */
export async function exportHazards(db: Database, filter: HazardFilter, out: OutputFile, at = Date.now()): Promise<{ bytes: number; count: number }> {
  return writeMadeFile(out, () => hazardLedger(db, filter, at));
}
