// Campaign commands as people give them (the CLI and `anwei simulate`): start (validated whole at the
// edge — template, scope ids, the person, the due date from the town's calendar), close, status per
// sector and per inspector, list, and the .xlsx export.

import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { campaignLedger, loadCampaignHazards, loadCampaignLines, personNames } from '../activities/campaign-ledger.ts';
import { resolveCalendar } from '../domain/calendar-data.ts';
import { WorkCalendar, computeDeadline } from '../domain/calendar.ts';
import {
  CAMPAIGN_TEMPLATES,
  campaignWorkflowId,
  closeCampaign as closeCampaignUpdate,
  closeCampaignInputSchema,
  enterprisesInScope,
  hazardLinked,
  progressRows,
  startCampaignInputSchema,
  totalCounts,
  type CampaignCounts,
  type CampaignSpec,
  type CampaignTaskLine,
  type CampaignView,
  type ProgressRow,
} from '../domain/campaign.ts';
import { describeIssues } from '../domain/schema.ts';
import { campaignText } from '../domain/text/campaign.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { localDateOf, yearOf } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import type { campaignWorkflow } from '../workflows/campaign.ts';
import { UserInputError } from './errors.ts';
import { outputFileProblems, writeOutputFile, type OutputFile } from './output-file.ts';

export interface CampaignGateway {
  client: Client;
  taskQueue: string;
  db: Database;
}

const record = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * Every problem with a start that can be seen without the engine, named at once; the spec the
 * workflow will run when there is none. `now` is the start moment (simulated time in `anwei simulate`).
 */
export async function checkCampaignStart(db: Database, input: unknown, now: number): Promise<CampaignSpec> {
  const parsed = startCampaignInputSchema.safeParse(input);
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  const raw = record(input) ?? {};
  const id = typeof raw.id === 'string' ? raw.id : '';
  const { prisma } = db;
  // Before anything else: with no town every id would be unknown, and that is not what is wrong.
  const town = await prisma.town.findUnique({ where: { id: 1 } });
  if (!town) throw new UserInputError([ledgerText.duty.noProfile], campaignText.refused(id));
  if (id && (await prisma.campaign.findUnique({ where: { id }, select: { id: true } }))) problems.push(campaignText.exists(id));
  else if (id && (await prisma.task.findFirst({ where: { dutyId: id }, select: { id: true } }))) problems.push(campaignText.idIsDuty(id));
  if (typeof raw.by === 'string') {
    const person = await prisma.person.findUnique({ where: { id: raw.by } });
    if (!person || !person.active) problems.push(campaignText.unknownPerson('by', raw.by));
  }
  const [sectors, villages, enterprises] = await Promise.all([
    prisma.sector.findMany({ where: { active: true }, select: { id: true } }),
    prisma.village.findMany({ where: { active: true }, select: { id: true } }),
    prisma.enterprise.findMany({ where: { active: true }, select: { id: true, sectorId: true, class: true, villageId: true } }),
  ]);
  // The ids of the scope are checked against the town even when something else is wrong: every problem at once.
  const rawScope = record(raw.scope) ?? {};
  const ids = (key: string) => (Array.isArray(rawScope[key]) ? (rawScope[key] as unknown[]).filter((v): v is string => typeof v === 'string') : []);
  const known = { sectors: new Set(sectors.map((s) => s.id)), villages: new Set(villages.map((v) => v.id)), enterprises: new Set(enterprises.map((e) => e.id)) };
  for (const id of ids('sectors')) if (!known.sectors.has(id)) problems.push(campaignText.unknownIn('sectors', id));
  for (const id of ids('villages')) if (!known.villages.has(id)) problems.push(campaignText.unknownIn('villages', id));
  for (const id of ids('enterprises')) if (!known.enterprises.has(id)) problems.push(campaignText.unknownIn('enterprises', id));
  if (!parsed.success) throw new UserInputError(problems, campaignText.refused(id));
  const input_ = parsed.data;
  const scope = input_.scope ?? {};
  const targets = enterprisesInScope(scope, enterprises);
  if (targets.length === 0) problems.push(campaignText.emptyScope);

  const opensOn = localDateOf(now);
  const template = CAMPAIGN_TEMPLATES[input_.template];
  const form = input_.due ?? template.due;
  const year = yearOf(opensOn);
  const overrides = JSON.parse(town.calendarJson) as { holidays?: string[]; workdays?: string[] };
  const cal = new WorkCalendar(resolveCalendar({ fromYear: year, toYear: year + 2, overrides: { holidays: overrides.holidays ?? [], workdays: overrides.workdays ?? [] } }));
  let deadline: ReturnType<typeof computeDeadline> | undefined;
  try {
    deadline = computeDeadline(cal, form, opensOn);
  } catch (error) {
    problems.push(`due: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (deadline && deadline.due < opensOn) problems.push(campaignText.dueBeforeStart(deadline.due, opensOn));
  if (problems.length || !deadline) throw new UserInputError(problems, campaignText.refused(id));
  return {
    id: input_.id,
    template: input_.template,
    title: input_.title ?? template.defaultTitle(year),
    scope,
    opensOn,
    due: deadline.due,
    dueTrace: deadline.trace,
    dueForm: form,
    startedBy: input_.by,
    startedAt: now,
    expected: targets.length,
    unconfirmedYears: deadline.unconfirmedYears,
  };
}

const ID_PREFIX: Record<string, string> = { holiday_check: 'HC', safety_month: 'SM', hundred_days: 'HD', special: 'ZX' };

/** The next free id for a campaign of a template started in `year`: SM2027, then SM2027-2… */
export async function nextCampaignId(db: Database, template: string, year: number): Promise<string> {
  const base = `${ID_PREFIX[template] ?? 'ZX'}${year}`;
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    if (!(await db.prisma.campaign.findUnique({ where: { id }, select: { id: true } }))) return id;
  }
}

/** Starts a campaign's workflow; the tasks are created by it, in waves (see `setupProgress`). */
export async function startCampaign(g: CampaignGateway, input: unknown, now = Date.now()): Promise<CampaignSpec> {
  const spec = await checkCampaignStart(g.db, input, now);
  try {
    await g.client.workflow.start<typeof campaignWorkflow>('campaignWorkflow', {
      workflowId: campaignWorkflowId(spec.id),
      taskQueue: g.taskQueue,
      args: [{ spec }],
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) throw new UserInputError([campaignText.exists(spec.id)], campaignText.refused(spec.id));
    throw error;
  }
  return spec;
}

/**
 * Waits (at most `timeoutMs`) until the campaign's workflow has recorded its row, so a page sent to the campaign
 * right after the start finds it rather than a 404; false if it has not appeared by then.
 */
export async function waitForCampaignRow(db: Database, campaignId: string, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await db.prisma.campaign.count({ where: { id: campaignId } })) > 0) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** How far the set-up of a campaign is: task workflows running and recorded in the ledger, of how many. */
export async function setupProgress(db: Database, campaignId: string): Promise<{ recorded: number; total: number | undefined }> {
  const row = await db.prisma.campaign.findUnique({ where: { id: campaignId }, select: { tasksTotal: true } });
  const recorded = await db.prisma.task.count({ where: { dutyId: campaignId } });
  return { recorded, total: row?.tasksTotal };
}

/** Waits until every task of the campaign is recorded (or `timeoutMs` passed), reporting progress. */
export async function waitForSetup(
  db: Database,
  campaignId: string,
  expected: number,
  onProgress: (recorded: number, total: number) => void,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<boolean> {
  const deadline = Date.now() + (options.timeoutMs ?? 30 * 60_000);
  for (;;) {
    const { recorded, total } = await setupProgress(db, campaignId);
    onProgress(recorded, total ?? expected);
    if (recorded >= (total ?? expected)) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 500));
  }
}

export async function checkCampaignClose(db: Database, id: string, input: unknown): Promise<{ by: string; note?: string }> {
  const parsed = closeCampaignInputSchema.safeParse(input);
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  const row = await db.prisma.campaign.findUnique({ where: { id }, select: { status: true } });
  if (!row) problems.push(campaignText.notFound(id));
  else if (row.status === 'closed') problems.push(campaignText.alreadyClosed(id));
  const by = record(input)?.by;
  if (typeof by === 'string') {
    const person = await db.prisma.person.findUnique({ where: { id: by } });
    if (!person || !person.active) problems.push(campaignText.unknownPerson('by', by));
  }
  if (problems.length || !parsed.success) throw new UserInputError(problems, campaignText.closeRefused(id));
  return parsed.data;
}

/** Closes a campaign: open tasks are cancelled, the closing email goes out with the ledger. */
export async function closeCampaign(g: CampaignGateway, id: string, input: unknown): Promise<CampaignView> {
  const checked = await checkCampaignClose(g.db, id, input);
  try {
    return await g.client.workflow.getHandle(campaignWorkflowId(id)).executeUpdate(closeCampaignUpdate, { args: [checked] });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new UserInputError([campaignText.notFound(id)], campaignText.closeRefused(id));
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause instanceof Error ? error.cause.message : error.message;
      throw new UserInputError([cause], campaignText.closeRefused(id));
    }
    throw error;
  }
}

/** Tells a running campaign that a hazard was reported with its id (its counts come from the ledger anyway). */
export async function signalHazardLinked(client: Client, campaignId: string, hazardId: string): Promise<void> {
  await client.workflow
    .getHandle(campaignWorkflowId(campaignId))
    .signal(hazardLinked, { hazardId })
    .catch(() => undefined); // closed, or started elsewhere: the ledger still links them
}

export interface CampaignStatusReport {
  id: string;
  title: string;
  template: string;
  status: string;
  opensOn: string;
  due: string;
  counts: CampaignCounts;
  bySector: ProgressRow[];
  byInspector: ProgressRow[];
  closedAt?: number;
}

/**
 * Which of a campaign's task lines and hazards a reader sees: the office pages narrow by the visitor's scope
 * (domain/visibility.ts); the CLI gives none and sees everything.
 */
export interface CampaignNarrowing {
  line(line: CampaignTaskLine): boolean;
  hazard(hazard: { sectorId: string; enterpriseId: string }): boolean;
}

export async function campaignStatus(db: Database, id: string, at = Date.now(), narrow?: CampaignNarrowing): Promise<CampaignStatusReport | undefined> {
  const row = await db.prisma.campaign.findUnique({ where: { id } });
  if (!row) return undefined;
  const lines = (await loadCampaignLines(db, id)).filter((l) => !narrow || narrow.line(l));
  const hazards = (await loadCampaignHazards(db, id)).filter((h) => !narrow || narrow.hazard(h));
  const names = await personNames(db);
  return {
    id: row.id,
    title: row.title,
    template: row.template,
    status: row.status,
    opensOn: row.opensOn,
    due: row.due,
    counts: totalCounts(lines, hazards, at),
    bySector: progressRows(lines, hazards, (l) => ({ key: l.sectorId, name: l.sectorName }), at),
    byInspector: progressRows(lines, hazards, (l) => ({ key: l.inspectorId, name: names[l.inspectorId] ?? l.inspectorId }), at),
    ...(row.closedAt ? { closedAt: row.closedAt.getTime() } : {}),
  };
}

export interface CampaignListEntry {
  id: string;
  status: string;
  title: string;
  template: string;
  due: string;
  tasks: number;
  done: number;
  overdue: number;
  hazards: number;
}

/**
 * Every campaign with its counts from the ledger (contract §5's `campaigns`). Narrowed (the office pages), the
 * counts are of what the reader sees, and a campaign with none of its tasks in sight is not listed.
 */
export async function listCampaigns(db: Database, at = Date.now(), narrow?: CampaignNarrowing): Promise<CampaignListEntry[]> {
  const rows = await db.prisma.campaign.findMany({ orderBy: { startedAt: 'asc' } });
  const out: CampaignListEntry[] = [];
  for (const row of rows) {
    const lines = (await loadCampaignLines(db, row.id)).filter((l) => !narrow || narrow.line(l));
    if (narrow && lines.length === 0) continue;
    const hazards = (await db.prisma.hazard.findMany({ where: { campaignId: row.id }, select: { status: true, sectorId: true, enterpriseId: true } })).filter((h) => !narrow || narrow.hazard(h));
    const c = totalCounts(lines, hazards, at);
    out.push({ id: row.id, status: row.status, title: row.title, template: row.template, due: row.due, tasks: c.tasks, done: c.done, overdue: c.overdue, hazards: c.hazards });
  }
  return out;
}

/** Writes the campaign's 台账 (.xlsx) — the same file the closing email carries. An unknown id and a bad `out` are named together. */
export async function exportCampaign(db: Database, id: string, out: OutputFile, at = Date.now()): Promise<number> {
  const problems = outputFileProblems(out);
  if (!(await db.prisma.campaign.findUnique({ where: { id }, select: { id: true } }))) problems.unshift(campaignText.notFound(id));
  if (problems.length) throw new UserInputError(problems);
  const file = await campaignLedger(db, id, at);
  writeOutputFile(out, file);
  return file.length;
}
