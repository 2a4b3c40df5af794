// Hazard commands as people give them (the CLI and `anwei simulate` both come through here):
// validate at the edge against the town, then send the Update to the hazard's workflow, and turn
// every refusal into a UserInputError that names the problem.

import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import {
  PLAN_PARTS,
  acknowledgeEscalation,
  ackInputSchema,
  decideExtension,
  decideInputSchema,
  extendInputSchema,
  hazardWorkflowId,
  reportHazard,
  reportInputSchema,
  requestExtension,
  submitInputSchema,
  submitRectification,
  verifyInputSchema,
  verifyRectification,
  type HazardView,
  type ReportInput,
} from '../domain/hazard.ts';
import { describeIssues, type z } from '../domain/schema.ts';
import { hazardText } from '../domain/text/hazard.ts';
import { localDateOf, yearOf } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import type { hazardWorkflow } from '../workflows/hazard.ts';
import { signalHazardLinked } from './campaigns.ts';
import { UserInputError } from './errors.ts';

export interface HazardGateway {
  client: Client;
  taskQueue: string;
  db: Database;
}

/** The cause Temporal wraps a refusal in, as the person should read it. */
function refusalMessage(error: unknown): string | undefined {
  if (error instanceof WorkflowUpdateFailedError) {
    let cause: unknown = error.cause;
    while (cause instanceof Error && cause.cause instanceof Error && !cause.message) cause = cause.cause;
    return cause instanceof Error ? cause.message : error.message;
  }
  return undefined;
}

async function personProblems(db: Database, ids: Array<[field: string, id: string | undefined]>): Promise<string[]> {
  const problems: string[] = [];
  for (const [field, id] of ids) {
    if (id === undefined) continue;
    const p = await db.prisma.person.findUnique({ where: { id } });
    if (!p || !p.active) problems.push(hazardText.unknownPerson(field, id));
  }
  return problems;
}

/** The next free id of the form YH-2027-0001 (隐患编号), when the reporter gives none. */
export async function nextHazardId(db: Database, now = Date.now()): Promise<string> {
  const prefix = `YH-${yearOf(localDateOf(now))}-`;
  const taken = await db.prisma.hazard.count({ where: { id: { startsWith: prefix } } });
  for (let n = taken + 1; ; n++) {
    const id = `${prefix}${String(n).padStart(4, '0')}`;
    if (!(await db.prisma.hazard.findUnique({ where: { id }, select: { id: true } }))) return id;
  }
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
const record = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/**
 * Every problem with a report that can be seen without the engine — its shape and the town's records —
 * named at once; the parsed report when there is none. The CLI calls it before connecting to Temporal.
 */
export async function checkReport(db: Database, input: unknown): Promise<ReportInput> {
  const parsed = reportInputSchema.safeParse(input);
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  const raw = record(input) ?? {};
  const id = text(raw.id);
  const enterpriseId = text(raw.enterprise);
  if (id && (await db.prisma.hazard.findUnique({ where: { id }, select: { id: true } }))) problems.push(hazardText.duplicate(id));
  if (enterpriseId) {
    const enterprise = await db.prisma.enterprise.findUnique({ where: { id: enterpriseId } });
    if (!enterprise || !enterprise.active) problems.push(`enterprise: ${hazardText.unknownEnterprise(enterpriseId)}`);
  }
  problems.push(...(await personProblems(db, [['by', text(raw.by)]])));
  const campaignId = text(raw.campaign);
  if (campaignId) {
    const campaign = await db.prisma.campaign.findUnique({ where: { id: campaignId }, select: { status: true } });
    if (!campaign) problems.push(`campaign: 未找到专项行动 ${campaignId}（anwei campaign list 可查看全部专项行动）`);
    else if (campaign.status === 'closed') problems.push(`campaign: 专项行动 ${campaignId} 已经结束`);
  }
  if (raw.level === 'major') {
    const plan = record(raw.plan) ?? {};
    const missing = PLAN_PARTS.filter((part) => !text(plan[part])?.trim());
    const unknown = Object.keys(plan).filter((k) => !(PLAN_PARTS as readonly string[]).includes(k));
    if (missing.length) problems.push(`plan: ${hazardText.planMissing(missing)}`);
    if (unknown.length) problems.push(`plan: ${hazardText.planUnknown(unknown)}`);
    const deadline = record(raw.deadline);
    if (deadline && !('date' in deadline)) problems.push(`deadline: ${hazardText.majorNeedsDate}`);
  }
  if (problems.length || !parsed.success) throw new UserInputError(problems, id ? `隐患 ${id} 不能上报：` : '隐患上报有误：');
  return parsed.data;
}

export async function report(g: HazardGateway, input: unknown): Promise<HazardView> {
  const r = await checkReport(g.db, input);

  const start = new WithStartWorkflowOperation<typeof hazardWorkflow>('hazardWorkflow', {
    workflowId: hazardWorkflowId(r.id),
    taskQueue: g.taskQueue,
    args: [{ hazardId: r.id }],
    // A report the workflow refused leaves it running, waiting for a report (REPORT_WAIT): a corrected
    // report goes to that workflow. One already holding a hazard refuses it as a duplicate itself.
    workflowIdConflictPolicy: 'USE_EXISTING',
    // ...and once it gave up waiting it failed: its id may be reported again.
    workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
  });
  try {
    const view = await g.client.workflow.executeUpdateWithStart(reportHazard, { args: [r], startWorkflowOperation: start });
    if (r.campaign) await signalHazardLinked(g.client, r.campaign, r.id);
    return view;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) throw new UserInputError([hazardText.duplicate(r.id)], `隐患 ${r.id} 不能上报：`);
    const message = refusalMessage(error);
    if (message) throw new UserInputError([message], `隐患 ${r.id} 不能上报：`);
    throw error;
  }
}

const ACTIONS = {
  ack: { update: acknowledgeEscalation, schema: ackInputSchema, what: '签收督办' },
  submit: { update: submitRectification, schema: submitInputSchema, what: '提交整改' },
  verify: { update: verifyRectification, schema: verifyInputSchema, what: '复查' },
  extend: { update: requestExtension, schema: extendInputSchema, what: '申请延期' },
  decide: { update: decideExtension, schema: decideInputSchema, what: '审批延期' },
} as const;

export type HazardAction = keyof typeof ACTIONS;
export const HAZARD_ACTIONS = Object.keys(ACTIONS) as HazardAction[];

/**
 * What can be checked of an action without the engine: its shape, the hazard and the person, every
 * problem at once. The CLI calls it before connecting to Temporal.
 */
export async function checkAction(db: Database, action: HazardAction, hazardId: string, input: unknown): Promise<unknown> {
  const { schema, what } = ACTIONS[action];
  const headline = `隐患 ${hazardId} ${what}未受理：`;
  const parsed = (schema as z.ZodType).safeParse(input);
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  const hazard = await db.prisma.hazard.findUnique({ where: { id: hazardId } });
  if (!hazard) problems.push(`未找到隐患 ${hazardId}（anwei hazard list 可查看全部隐患）`);
  else if (hazard.status === 'closed') problems.push(hazardText.alreadyClosed(hazardId));
  problems.push(...(await personProblems(db, [['by', text(record(input)?.by)]])));
  if (problems.length || !parsed.success) throw new UserInputError(problems, headline);
  return parsed.data;
}

/** ack, submit, verify, extend or decide on an existing hazard. */
export async function act(g: HazardGateway, action: HazardAction, hazardId: string, input: unknown): Promise<HazardView> {
  const { update, what } = ACTIONS[action];
  const headline = `隐患 ${hazardId} ${what}未受理：`;
  const parsedInput = await checkAction(g.db, action, hazardId, input);
  try {
    const handle = g.client.workflow.getHandle(hazardWorkflowId(hazardId));
    return await handle.executeUpdate(update as typeof acknowledgeEscalation, { args: [parsedInput as never] });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new UserInputError([`未找到隐患 ${hazardId} 的工作流（引擎是否连着同一个数据库？）`], headline);
    const message = refusalMessage(error);
    if (message) throw new UserInputError([message], headline);
    throw error;
  }
}
