// Acting on a hazard or a duty task, for every caller — the CLI, `anwei simulate`, the tests and the web:
// the input checked first by the very rules the workflow applies (against the state the ledger recorded and
// the town as it is now), then sent to the workflow as an Update under a request id, so that sending it
// again after an unclear failure does nothing twice. A refusal comes back as a UserInputError in the rules'
// own words; an answer that never came says whether the ledger recorded the action.

import { randomUUID } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { hazardContext } from '../activities/hazards.ts';
import { loadTaskContextFrom } from '../activities/task-record.ts';
import { InputRefused } from '../domain/errors.ts';
import {
  hazardWorkflowId,
  reportHazard,
  reportInputSchema,
  type HazardState,
  type HazardView,
} from '../domain/hazard.ts';
import * as hazardRules from '../domain/hazard-rules.ts';
import { unknownPeople } from '../domain/obligation.ts';
import { describeIssues } from '../domain/schema.ts';
import {
  taskWorkflowId,
  type TaskSpec,
  type TaskState,
  type TaskView,
} from '../domain/task.ts';
import * as taskRules from '../domain/task-rules.ts';
import { actText } from '../domain/text/act.ts';
import { hazardText } from '../domain/text/hazard.ts';
import { taskText } from '../domain/text/task.ts';
import { localDateOf, yearOf } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import type { hazardWorkflow } from '../workflows/hazard.ts';
import { signalHazardLinked } from './campaigns.ts';
import { UnclearOutcomeError, UserInputError } from './errors.ts';
import { allocateHazardId } from './hazard-ids.ts';

export interface Gateway {
  /** The engine's client, or how to connect to it: the input is checked first, so bad input is named even when the engine is not running. */
  client: Client | (() => Promise<Client>);
  taskQueue: string;
  db: Database;
  /** The time the rules are checked at: simulated time in `anwei simulate` and the tests; otherwise now. */
  now?: () => Promise<number>;
}

export type HazardAction = 'report' | 'ack' | 'submit' | 'verify' | 'extend' | 'decide';
export type TaskAction = 'complete' | 'cancel' | 'replace';

export interface ActOptions {
  /**
   * The request's id, sent as the Update's id: the engine does a request once, however often it is sent.
   * A new one by default; give the id an unclear failure named to send that request again.
   */
  requestId?: string;
  /** How to send the same request again, for the message of an unclear failure (the CLI's own command line). */
  retryHint?: (requestId: string) => string;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** The town's context; a database with no town loaded yet is the office's to fix (exit 2), named as the activities name it. */
async function town<C>(load: () => Promise<C>): Promise<C> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof ApplicationFailure && error.type === 'InvalidInput') throw new UserInputError([error.message]);
    throw error;
  }
}

/** The rule's problems with an input, or none; anything but a refusal is the rule's own failure. */
function problemsOf(check: () => unknown): string[] {
  try {
    check();
    return [];
  } catch (error) {
    if (error instanceof InputRefused) return error.problems;
    throw error;
  }
}

/** The cause Temporal wraps a refusal in, as the person should read it. */
function refusalMessage(error: unknown): string | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  let cause: unknown = error.cause;
  while (cause instanceof Error && cause.cause instanceof Error && !cause.message) cause = cause.cause;
  return cause instanceof Error ? cause.message : error.message;
}

/** What an Update needs besides its input: where it goes, how it is refused, and how its outcome is found in the ledger. */
interface Delivery<V> {
  what: string;
  subject: string;
  headline: string;
  send(client: Client, requestId: string): Promise<V>;
  /** The view as the ledger recorded it when it holds this request; undefined when it does not. */
  recorded(requestId: string): Promise<V | undefined>;
  /** Refusals of the engine that are not the rules' (a duplicate id, no workflow). */
  known?(error: unknown): string | undefined;
}

/**
 * Sendings of one request: again under the same id after an unclear failure (the connection retries on its
 * own too), 1 s and then 2 s later — a worker still loading its first workflow on a busy machine answers late.
 */
const SEND_ATTEMPTS = 3;

/** An unclear failure as the office can report it: Temporal's message and, under it, the server's own words. */
function unclearReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: unknown; details?: unknown } | undefined;
  const details = typeof cause?.details === 'string' && cause.details ? cause.details : undefined;
  return details ? `${error.message}（${details}）` : error.message;
}

/**
 * Sends the Update under its request id; an unclear failure (the connection, the engine, a worker that died
 * while answering) is sent again with the same id, which the engine answers without doing it twice. If no
 * answer comes, the ledger says whether the request was recorded.
 */
async function deliver<V>(g: Gateway, d: Delivery<V>, requestId: string, options: ActOptions): Promise<V> {
  const client = typeof g.client === 'function' ? await g.client() : g.client;
  let last: unknown;
  for (let attempt = 1; attempt <= SEND_ATTEMPTS; attempt++) {
    try {
      return await d.send(client, requestId);
    } catch (error) {
      const refused = refusalMessage(error) ?? d.known?.(error);
      if (refused) throw new UserInputError([refused], d.headline);
      last = error;
      if (attempt < SEND_ATTEMPTS) await new Promise((resume) => setTimeout(resume, 1_000 * attempt));
    }
  }
  const reason = unclearReason(last);
  const seen = await d.recorded(requestId).catch(() => undefined);
  if (seen) return seen;
  const retry = options.retryHint?.(requestId) ?? requestId;
  throw new UnclearOutcomeError(`${actText.unclear(d.what, d.subject, requestId, reason)}\n  ${actText.unclearNotRecorded(d.what, retry)}`);
}

/** The ledger's events of an obligation that carry this request id (the core writes it into each Update's event). */
function byRequest(events: Array<{ detailJson: string }>, requestId: string): boolean {
  return events.some((e) => (JSON.parse(e.detailJson) as { requestId?: unknown }).requestId === requestId);
}

async function hazardRecorded(db: Database, hazardId: string, requestId: string): Promise<HazardView | undefined> {
  const row = await db.prisma.hazard.findUnique({ where: { id: hazardId }, select: { stateJson: true } });
  const events = await db.prisma.hazardEvent.findMany({ where: { hazardId }, select: { detailJson: true } });
  if (!row?.stateJson || !byRequest(events, requestId)) return undefined;
  return hazardRules.viewOf(JSON.parse(row.stateJson) as HazardState, undefined);
}

/** A report: checked whole by the report rule (every problem at once), then sent with the workflow's start. */
/** A report checked under this id while it has none yet: the number is taken only once the report is good. */
const UNNUMBERED = 'YH-0000-0000';

async function reportDelivery(g: Gateway, raw: Record<string, unknown>, numbered: (id: string) => Promise<string>, now: number): Promise<Delivery<HazardView>> {
  const parsed = reportInputSchema.safeParse({ ...raw, id: raw.id ?? UNNUMBERED });
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  const id = typeof raw.id === 'string' ? raw.id : '';
  const ctx = await town(() => hazardContext(g.db, { enterpriseId: typeof raw.enterprise === 'string' ? raw.enterprise : '', at: now }));
  const row = id ? await g.db.prisma.hazard.findUnique({ where: { id }, select: { stateJson: true } }) : null;
  if (parsed.success) {
    const existing = row ? ((row.stateJson ? JSON.parse(row.stateJson) : { id }) as HazardState) : undefined;
    problems.push(...problemsOf(() => hazardRules.report(existing, parsed.data, ctx, now)));
  } else {
    if (row) problems.push(hazardText.duplicate(id));
    if (typeof raw.enterprise === 'string' && !ctx.enterprise.active) problems.push(`enterprise: ${hazardText.unknownEnterprise(raw.enterprise)}`);
    problems.push(...unknownPeople(raw, ctx.people));
  }
  const campaignId = typeof raw.campaign === 'string' ? raw.campaign : undefined;
  if (campaignId) {
    const campaign = await g.db.prisma.campaign.findUnique({ where: { id: campaignId }, select: { status: true } });
    if (!campaign) problems.push(actText.campaignNotFound(campaignId));
    else if (campaign.status === 'closed') problems.push(actText.campaignClosed(campaignId));
  }
  if (problems.length || !parsed.success) throw new UserInputError(problems, actText.reportRefused);
  // The engine is reached before a number is taken: a report that cannot go out (no engine, or another
  // engine's Temporal) burns none.
  if (typeof g.client === 'function') await g.client();
  const input = { ...parsed.data, id: await numbered(parsed.data.id) };
  return {
    what: actText.hazardWhat.report,
    subject: `隐患 ${input.id}`,
    headline: actText.reportRefused,
    async send(client, requestId) {
      const start = new WithStartWorkflowOperation<typeof hazardWorkflow>('hazardWorkflow', {
        workflowId: hazardWorkflowId(input.id),
        taskQueue: g.taskQueue,
        args: [{ hazardId: input.id }],
        // A report the workflow refused leaves it running, waiting for a report (REPORT_WAIT): a corrected
        // report goes to that workflow. One already holding a hazard refuses it as a duplicate itself.
        workflowIdConflictPolicy: 'USE_EXISTING',
        // ...and once it gave up waiting it failed: its id may be reported again.
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      });
      const view = await client.workflow.executeUpdateWithStart(reportHazard, { args: [input], startWorkflowOperation: start, updateId: requestId });
      if (input.campaign) await signalHazardLinked(client, input.campaign, input.id);
      return view;
    },
    recorded: (requestId) => hazardRecorded(g.db, input.id, requestId),
    known: (error) => (error instanceof WorkflowExecutionAlreadyStartedError ? hazardText.duplicate(input.id) : undefined),
  };
}

async function hazardDelivery(g: Gateway, action: Exclude<HazardAction, 'report'>, id: string, raw: unknown, now: number): Promise<Delivery<HazardView>> {
  const { update, schema, rule } = hazardRules.HAZARD_ACTIONS[action];
  const what = actText.hazardWhat[action];
  const headline = actText.hazardActionRefused(id, what);
  const parsed = schema.safeParse(raw);
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  const row = await g.db.prisma.hazard.findUnique({ where: { id }, select: { stateJson: true, enterpriseId: true } });
  if (!row) problems.push(actText.hazardNotFound(id));
  const ctx = await town(() => hazardContext(g.db, { enterpriseId: row?.enterpriseId ?? '', at: now }));
  if (parsed.success && row?.stateJson) {
    problems.push(...problemsOf(() => rule(JSON.parse(row.stateJson!) as HazardState, parsed.data, ctx, now)));
  } else {
    problems.push(...unknownPeople(record(raw), ctx.people));
  }
  if (problems.length || !parsed.success) throw new UserInputError(problems, headline);
  return {
    what,
    subject: `隐患 ${id}`,
    headline,
    send: (client, requestId) => client.workflow.getHandle(hazardWorkflowId(id)).executeUpdate(update, { args: [parsed.data], updateId: requestId }),
    recorded: (requestId) => hazardRecorded(g.db, id, requestId),
    known: (error) => (error instanceof WorkflowNotFoundError ? actText.hazardNoWorkflow(id) : undefined),
  };
}

async function taskDelivery(g: Gateway, action: TaskAction, id: string, raw: unknown, now: number): Promise<Delivery<TaskView>> {
  const { update, schema, rule } = taskRules.TASK_ACTIONS[action];
  const headline = { complete: taskText.completeRefused, cancel: taskText.cancelRefused, replace: taskText.replaceRefused }[action](id);
  const parsed = schema.safeParse(raw);
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  const row = await g.db.prisma.task.findUnique({ where: { id }, select: { specJson: true, stateJson: true } });
  if (!row) problems.push(taskText.notFound(id));
  const state = row?.stateJson ? ({ ...JSON.parse(row.stateJson), spec: JSON.parse(row.specJson) as TaskSpec } as TaskState) : undefined;
  const specs = [state?.spec, parsed.success ? (parsed.data as { spec?: TaskSpec }).spec : undefined].filter((s): s is TaskSpec => s !== undefined);
  const years = specs.map((s) => taskRules.calendarYearsFor(s, now));
  const year = yearOf(localDateOf(now));
  const ctx = await town(() =>
    loadTaskContextFrom(g.db, { fromYear: Math.min(year, ...years.map((y) => y.fromYear)), toYear: Math.max(year, ...years.map((y) => y.toYear)) }),
  );
  if (parsed.success && state) problems.push(...problemsOf(() => rule(state, parsed.data, ctx, now)));
  else problems.push(...unknownPeople(record(raw), ctx.people));
  if (problems.length || !parsed.success) throw new UserInputError(problems, headline);
  return {
    what: actText.taskWhat[action],
    subject: `任务 ${id}`,
    headline,
    send: (client, requestId) => client.workflow.getHandle(taskWorkflowId(id)).executeUpdate(update, { args: [parsed.data], updateId: requestId }),
    async recorded(requestId) {
      const events = await g.db.prisma.taskEvent.findMany({ where: { taskId: id }, select: { detailJson: true } });
      const now = await g.db.prisma.task.findUnique({ where: { id }, select: { specJson: true, stateJson: true } });
      if (!now?.stateJson || !byRequest(events, requestId)) return undefined;
      return taskRules.viewOf({ ...JSON.parse(now.stateJson), spec: JSON.parse(now.specJson) as TaskSpec } as TaskState, undefined);
    },
    known: (error) => (error instanceof WorkflowNotFoundError ? taskText.noWorkflow(id) : undefined),
  };
}

/**
 * Acts on a hazard — reports it (its id from the input, or the next free number), acknowledges, submits,
 * verifies, asks to extend or decides — or on a duty task: completes it with evidence, cancels it, or replaces
 * its spec. The answer is the hazard's or the task's view after the action.
 */
export function act(g: Gateway, kind: 'hazard', id: string | undefined, action: HazardAction, input: unknown, options?: ActOptions): Promise<HazardView>;
export function act(g: Gateway, kind: 'task', id: string, action: TaskAction, input: unknown, options?: ActOptions): Promise<TaskView>;
export function act(g: Gateway, kind: 'hazard' | 'task', id: string | undefined, action: HazardAction | TaskAction, input: unknown, options: ActOptions = {}): Promise<HazardView | TaskView> {
  return kind === 'hazard' ? actOnHazard(g, action as HazardAction, id, input, options) : actOnTask(g, action as TaskAction, id!, input, options);
}

async function actOnHazard(g: Gateway, action: HazardAction, id: string | undefined, input: unknown, options: ActOptions): Promise<HazardView> {
  const requestId = options.requestId ?? randomUUID();
  const now = g.now ? await g.now() : Date.now();
  if (action === 'report') {
    const raw = record(input);
    // Without an id the report takes the next number, the same one for every sending of this request.
    const numbered = async (checked: string) => (checked === UNNUMBERED ? allocateHazardId(g.db, { requestId, at: now }) : checked);
    const d = await reportDelivery(g, id === undefined ? raw : { ...raw, id }, numbered, now);
    return deliver(g, d, requestId, options);
  }
  if (!id) throw new UserInputError([actText.hazardNotFound('')], actText.hazardActionRefused('', actText.hazardWhat[action]));
  return deliver(g, await hazardDelivery(g, action, id, input, now), requestId, options);
}

async function actOnTask(g: Gateway, action: TaskAction, id: string, input: unknown, options: ActOptions): Promise<TaskView> {
  const requestId = options.requestId ?? randomUUID();
  const now = g.now ? await g.now() : Date.now();
  return deliver(g, await taskDelivery(g, action, id, input, now), requestId, options);
}
