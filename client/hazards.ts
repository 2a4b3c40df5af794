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
} from '../domain/hazard.ts';
import { describeIssues, type z } from '../domain/schema.ts';
import { hazardText } from '../domain/text/hazard.ts';
import { localDateOf, yearOf } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import type { hazardWorkflow } from '../workflows/hazard.ts';
import { UserInputError } from './errors.ts';

export interface HazardGateway {
  client: Client;
  taskQueue: string;
  db: Database;
}

function parse<S extends z.ZodType>(schema: S, input: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new UserInputError(describeIssues(result.error), what);
  return result.data;
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

export async function report(g: HazardGateway, input: unknown): Promise<HazardView> {
  const r = parse(reportInputSchema, input, '隐患上报有误：');
  const problems: string[] = [];
  if (await g.db.prisma.hazard.findUnique({ where: { id: r.id }, select: { id: true } })) problems.push(hazardText.duplicate(r.id));
  const enterprise = await g.db.prisma.enterprise.findUnique({ where: { id: r.enterprise } });
  if (!enterprise || !enterprise.active) problems.push(`enterprise: ${hazardText.unknownEnterprise(r.enterprise)}`);
  problems.push(...(await personProblems(g.db, [['by', r.by]])));
  if (r.level === 'major') {
    const missing = PLAN_PARTS.filter((part) => !r.plan?.[part]?.trim());
    if (missing.length) problems.push(`plan: ${hazardText.planMissing(missing)}`);
    if (!('date' in r.deadline)) problems.push(`deadline: ${hazardText.majorNeedsDate}`);
  }
  if (problems.length) throw new UserInputError(problems, `隐患 ${r.id} 不能上报：`);

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
    return await g.client.workflow.executeUpdateWithStart(reportHazard, { args: [r], startWorkflowOperation: start });
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

/** ack, submit, verify, extend or decide on an existing hazard. */
export async function act(g: HazardGateway, action: HazardAction, hazardId: string, input: unknown): Promise<HazardView> {
  const { update, schema, what } = ACTIONS[action];
  const headline = `隐患 ${hazardId} ${what}未受理：`;
  const parsedInput = parse(schema as z.ZodType, input, headline) as { by?: string };
  const hazard = await g.db.prisma.hazard.findUnique({ where: { id: hazardId } });
  if (!hazard) throw new UserInputError([`未找到隐患 ${hazardId}（anwei hazard list 可查看全部隐患）`], headline);
  if (hazard.status === 'closed') throw new UserInputError([hazardText.alreadyClosed(hazardId)], headline);
  const problems = await personProblems(g.db, [['by', parsedInput.by]]);
  if (problems.length) throw new UserInputError(problems, headline);
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
