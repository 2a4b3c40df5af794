// A campaign as the ledger shows it — its tasks joined with enterprise, sector, village and inspector,
// its hazards — and the .xlsx 台账 made from it (exceljs): the closing email's attachment and
// `anwei campaign export` write the same file.

import ExcelJS from 'exceljs';
import { CAMPAIGN_TEMPLATES, campaignTaskId, totalCounts, type CampaignScope, type CampaignTaskLine, type CampaignTemplateId } from '../domain/campaign.ts';
import { campaignText as t } from '../domain/text/campaign.ts';
import { hazardText } from '../domain/text/hazard.ts';
import { statusText } from '../domain/text/status.ts';
import { formatLocalMinute } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';

export type CampaignRow = NonNullable<Awaited<ReturnType<Database['prisma']['campaign']['findUnique']>>>;

export interface CampaignHazardLine {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  sectorId: string;
  sectorName: string;
  description: string;
  level: string;
  due: string;
  status: string;
  reportedAt: number;
  reportedBy: string;
  closedAt?: number;
}

/**
 * The campaign's tasks as lines, in enterprise id order: one per target of the snapshot — its Task row,
 * or, while its workflow has not recorded it yet, an open line assigned to the sector's inspector — so
 * the first emails list every target even as the last task workflows are still starting.
 */
export async function loadCampaignLines(db: Database, campaignId: string): Promise<CampaignTaskLine[]> {
  const { prisma } = db;
  const campaign = await prisma.campaign.findUnique({ where: { id: campaignId }, select: { targetsJson: true, due: true } });
  const recorded = await prisma.task.findMany({
    where: { dutyId: campaignId, scopeKind: 'enterprise' },
    select: { id: true, scopeId: true, assigneeId: true, status: true, due: true, completedAt: true, completedBy: true, evidence: true, late: true },
  });
  const [enterprises, sectors, villages] = await Promise.all([
    prisma.enterprise.findMany({ select: { id: true, name: true, sectorId: true, class: true, villageId: true } }),
    prisma.sector.findMany({ select: { id: true, name: true, leaderId: true, inspectorId: true } }),
    prisma.village.findMany({ select: { id: true, name: true } }),
  ]);
  const enterprise = new Map(enterprises.map((e) => [e.id, e]));
  const sector = new Map(sectors.map((s) => [s.id, s]));
  const village = new Map(villages.map((v) => [v.id, v]));
  const byEnterprise = new Map(recorded.map((r) => [r.scopeId ?? '', r]));
  const tasks = [...recorded];
  for (const target of campaign ? (JSON.parse(campaign.targetsJson) as string[]) : []) {
    if (byEnterprise.has(target)) continue;
    const e = enterprise.get(target);
    tasks.push({
      id: campaignTaskId(campaignId, target),
      scopeId: target,
      assigneeId: (e && sector.get(e.sectorId)?.inspectorId) ?? '',
      status: 'open',
      due: campaign!.due,
      completedAt: null,
      completedBy: null,
      evidence: null,
      late: false,
    });
  }
  return tasks
    .map((task): CampaignTaskLine => {
      const e = enterprise.get(task.scopeId ?? '');
      const s = e ? sector.get(e.sectorId) : undefined;
      const v = e?.villageId ? village.get(e.villageId) : undefined;
      return {
        taskId: task.id,
        enterpriseId: task.scopeId ?? '',
        enterpriseName: e?.name ?? task.scopeId ?? '',
        sectorId: e?.sectorId ?? '',
        sectorName: s?.name ?? e?.sectorId ?? '',
        ...(v ? { villageName: v.name } : {}),
        className: e?.class ?? '',
        inspectorId: task.assigneeId,
        leaderId: s?.leaderId ?? '',
        status: task.status,
        due: task.due,
        ...(task.completedAt ? { completedAt: task.completedAt.getTime() } : {}),
        ...(task.completedBy ? { completedBy: task.completedBy } : {}),
        ...(task.evidence ? { evidence: task.evidence } : {}),
        late: task.late,
      };
    })
    .sort((a, b) => (a.enterpriseId < b.enterpriseId ? -1 : a.enterpriseId > b.enterpriseId ? 1 : 0));
}

export async function loadCampaignHazards(db: Database, campaignId: string): Promise<CampaignHazardLine[]> {
  const { prisma } = db;
  const hazards = await prisma.hazard.findMany({ where: { campaignId }, orderBy: { id: 'asc' } });
  const enterprises = new Map((await prisma.enterprise.findMany({ select: { id: true, name: true } })).map((e) => [e.id, e.name]));
  const sectors = new Map((await prisma.sector.findMany({ select: { id: true, name: true } })).map((s) => [s.id, s.name]));
  return hazards.map((h) => ({
    id: h.id,
    enterpriseId: h.enterpriseId,
    enterpriseName: enterprises.get(h.enterpriseId) ?? h.enterpriseId,
    sectorId: h.sectorId,
    sectorName: sectors.get(h.sectorId) ?? h.sectorId,
    description: h.description,
    level: h.level,
    due: h.due,
    status: h.status,
    reportedAt: h.reportedAt.getTime(),
    reportedBy: h.reportedBy,
    ...(h.closedAt ? { closedAt: h.closedAt.getTime() } : {}),
  }));
}

/** Each item's evidence files as one ledger cell, a file a line, oldest first. */
export async function evidenceCells(db: Database, itemKind: 'hazard' | 'task', ids: readonly string[]): Promise<Map<string, string>> {
  const rows = ids.length
    ? await db.prisma.evidence.findMany({ where: { itemKind, itemId: { in: [...ids] } }, orderBy: [{ uploadedAt: 'asc' }, { id: 'asc' }], select: { itemId: true, fileName: true, sha256: true } })
    : [];
  const cells = new Map<string, string[]>();
  for (const r of rows) cells.set(r.itemId, [...(cells.get(r.itemId) ?? []), t.evidenceFile(r.fileName, r.sha256)]);
  return new Map([...cells].map(([id, files]) => [id, files.join('\n')]));
}

export async function personNames(db: Database): Promise<Record<string, string>> {
  const people = await db.prisma.person.findMany({ select: { id: true, name: true } });
  return Object.fromEntries(people.map((p) => [p.id, p.name]));
}

/** `行业领域：危险化学品；分级：A、B` — the scope as the office reads it. */
export function scopeDescription(scope: CampaignScope, names: { sectors: Map<string, string>; villages: Map<string, string>; enterprises: Map<string, string> }): string {
  const parts: string[] = [];
  if (scope.sectors) parts.push(`行业领域：${scope.sectors.map((id) => names.sectors.get(id) ?? id).join('、')}`);
  if (scope.classes) parts.push(`分级：${scope.classes.join('、')}`);
  if (scope.villages) parts.push(`村（社区）：${scope.villages.map((id) => names.villages.get(id) ?? id).join('、')}`);
  if (scope.enterprises) parts.push(`企业：${scope.enterprises.map((id) => names.enterprises.get(id) ?? id).join('、')}`);
  return parts.length ? t.scopeText(parts) : t.everyEnterprise;
}

/**
 * The 台账 workbook: 汇总 (the campaign and its counts), 检查任务 (one row per enterprise: status,
 * completion time, evidence and its files), 隐患 (level, deadline, status, files). `lines` limits the task sheet (an
 * inspector's own list); the default is every task of the campaign.
 */
export async function campaignLedger(db: Database, campaignId: string, at: number, only?: CampaignTaskLine[]): Promise<Buffer> {
  const campaign = await db.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
  const lines = only ?? (await loadCampaignLines(db, campaignId));
  const hazards = await loadCampaignHazards(db, campaignId);
  const ids = new Set(lines.map((l) => l.enterpriseId));
  const shownHazards = only ? hazards.filter((h) => ids.has(h.enterpriseId)) : hazards;
  const names = await personNames(db);
  const name = (id: string | undefined) => (id ? (names[id] ?? id) : '');
  const taskFiles = await evidenceCells(db, 'task', lines.map((l) => l.taskId));
  const hazardFiles = await evidenceCells(db, 'hazard', shownHazards.map((h) => h.id));
  const [sectors, villages, enterprises] = await Promise.all([
    db.prisma.sector.findMany({ select: { id: true, name: true } }),
    db.prisma.village.findMany({ select: { id: true, name: true } }),
    db.prisma.enterprise.findMany({ select: { id: true, name: true } }),
  ]);
  const scopeText = scopeDescription(JSON.parse(campaign.scopeJson) as CampaignScope, {
    sectors: new Map(sectors.map((s) => [s.id, s.name])),
    villages: new Map(villages.map((v) => [v.id, v.name])),
    enterprises: new Map(enterprises.map((e) => [e.id, e.name])),
  });

  const wb = new ExcelJS.Workbook();
  wb.creator = 'anwei';
  // Workbook dates are the simulated (or real) moment of the export, so the same ledger is the same file content.
  wb.created = new Date(at);
  wb.modified = new Date(at);
  const c = totalCounts(lines, shownHazards, at);
  const summary = wb.addWorksheet(t.sheet.summary);
  summary.columns = [{ width: 16 }, { width: 60 }];
  const s = t.summaryRows;
  const summaryRows: Array<[string, string | number]> = [
    [s.id, campaign.id],
    [s.title, campaign.title],
    [s.template, CAMPAIGN_TEMPLATES[campaign.template as CampaignTemplateId]?.name ?? campaign.template],
    [s.scope, scopeText],
    [s.opensOn, campaign.opensOn],
    [s.due, campaign.due],
    [s.status, statusText.name(statusText.campaign, campaign.status)],
    [s.tasks, c.tasks],
    [s.done, c.done],
    [s.open, c.open],
    [s.overdue, c.overdue],
    [s.cancelled, c.cancelled],
    [s.hazards, c.hazards],
    [s.rectified, c.rectified],
    [s.exportedAt, formatLocalMinute(at)],
  ];
  summary.addRow([t.ledgerTitle(campaign.title)]).font = { bold: true, size: 14 };
  for (const row of summaryRows) summary.addRow(row);

  const tasks = wb.addWorksheet(t.sheet.tasks);
  tasks.columns = t.taskColumns.map((header, i) => ({ header, width: [28, 12, 24, 14, 6, 12, 10, 12, 8, 18, 10, 40, 8, 60][i] ?? 12 }));
  tasks.getRow(1).font = { bold: true };
  tasks.views = [{ state: 'frozen', ySplit: 1 }];
  for (const l of lines) {
    tasks.addRow([
      l.taskId,
      l.enterpriseId,
      l.enterpriseName,
      l.sectorName,
      l.className,
      l.villageName ?? '',
      name(l.inspectorId),
      l.due,
      statusText.name(statusText.task, l.status),
      l.completedAt ? formatLocalMinute(l.completedAt) : '',
      name(l.completedBy),
      l.evidence ?? '',
      l.status === 'done' ? (l.late ? t.yes : t.no) : '',
      taskFiles.get(l.taskId) ?? '',
    ]);
  }

  const hz = wb.addWorksheet(t.sheet.hazards);
  hz.columns = t.hazardColumns.map((header, i) => ({ header, width: [16, 12, 24, 14, 40, 14, 12, 8, 18, 10, 18, 60][i] ?? 12 }));
  hz.getRow(1).font = { bold: true };
  hz.views = [{ state: 'frozen', ySplit: 1 }];
  for (const h of shownHazards) {
    hz.addRow([
      h.id,
      h.enterpriseId,
      h.enterpriseName,
      h.sectorName,
      h.description,
      hazardText.levelName[h.level as 'general'] ?? h.level,
      h.due,
      statusText.name(statusText.hazard, h.status),
      formatLocalMinute(h.reportedAt),
      name(h.reportedBy),
      h.closedAt ? formatLocalMinute(h.closedAt) : '',
      hazardFiles.get(h.id) ?? '',
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
