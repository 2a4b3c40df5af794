// The reconciler: an in-process, idempotent repair loop (node-cron, at start and every 10 minutes).
// Every duty in force has its workflow running, and every open task and every hazard not yet closed in
// the ledger has its workflow — all started by id, so running this twice, or on two machines, starts
// nothing twice; a lost task or hazard resumes from the state the ledger recorded. Nothing durable
// depends on it: the workflows are the schedule; this only repairs what was lost (a workflow terminated
// by hand, a namespace reset or a lost Temporal database, a duty added while no worker ran).
// It asks visibility how many of the ledger's items run, a thousand ids a query, and looks closer only at a
// thousand that comes up short: that batch is listed, and what the list lacks is described one by one
// (visibility lags a start by a moment). A server without visibility queries (the time-skipping test
// server) is found out once and then asked item by item.

import { performance } from 'node:perf_hooks';
import { isGrpcServiceError, WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import cron from 'node-cron';
import { dutiesInForce, loadDutyTown } from '../activities/duty-town.ts';
import { resumeHazardFromLedger } from '../activities/hazards.ts';
import { resumeTaskWorkflow } from '../activities/task-start.ts';
import { isRunning, startAgain } from '../activities/workflow-start.ts';
import { dutyChanged, dutyWorkflowId } from '../domain/duty.ts';
import { hazardWorkflowId } from '../domain/hazard.ts';
import { taskWorkflowId, type TaskSpec } from '../domain/task.ts';
import { engineText } from '../domain/text/engine.ts';
import type { Database } from '../prisma/client.ts';
import type { dutyWorkflow } from '../workflows/duty.ts';
import type { hazardWorkflow } from '../workflows/hazard.ts';
import type { taskWorkflow } from '../workflows/task.ts';

export interface ReconcileDeps {
  client: Client;
  taskQueue: string;
  db: Database;
}

export interface ReconcileReport {
  /** Duty workflows this run started (they were not running). */
  dutiesStarted: string[];
  /** Open tasks whose workflow was gone and was started again. */
  tasksRestarted: string[];
  /** Hazards not yet closed whose workflow was gone and was started again from the ledger. */
  hazardsRestarted: string[];
  /** Open tasks or hazards whose workflow was gone and could not be started again, each with why (zh-CN or the error). */
  failures?: string[];
}

/** Starts a duty's workflow unless it runs; returns whether it was started. */
export async function ensureDutyWorkflow(deps: ReconcileDeps, dutyId: string): Promise<boolean> {
  if (await isRunning(deps.client, dutyWorkflowId(dutyId))) return false;
  try {
    await deps.client.workflow.start<typeof dutyWorkflow>('dutyWorkflow', {
      workflowId: dutyWorkflowId(dutyId),
      taskQueue: deps.taskQueue,
      args: [{ dutyId }],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}

/** How long after its 销号 a hazard is still checked for notices that did not go out. */
const CLOSED_RECHECK_MS = 7 * 24 * 3600_000;

/** How one pass looked for running workflows, and what it cost. */
export interface ReconcilePass {
  report: ReconcileReport;
  /**
   * `count`: the ledger's ids counted running by visibility a batch at a time, a short batch listed, and the
   * items still missing described; `describe`: one describe per item.
   */
  lookedUp: 'count' | 'describe';
  /** Visibility queries (counts and lists). */
  queries: number;
  /** Why visibility queries failed this pass (their items were described instead), if any did. */
  queryErrors?: string[];
  /** Workflows described one by one (with `count`, only the items of a short batch its list did not have). */
  described: number;
  /** Items of the ledger checked (duties in force, open tasks, hazards not closed or closed lately). */
  checked: number;
  /** Wall time of the pass, in seconds. */
  seconds: number;
}

export async function reconcile(deps: ReconcileDeps): Promise<ReconcileReport> {
  return (await reconcilePass(deps)).report;
}

/** Workflow types the ledger can ask the reconciler for. */
const RECONCILED_TYPES = ['dutyWorkflow', 'taskWorkflow', 'hazardWorkflow'] as const;
/** Visibility page size: 20,000 open items are 20 pages. */
const LIST_PAGE_SIZE = 1000;
/**
 * Ledger ids counted in one visibility query. Counting beats listing: the dev server lists ~2,800 workflows
 * a second (7.5 s for 20,000) but counts 20,000 ids in batches of 1,000 in 1.3 s (docs/design.md 规模).
 */
const COUNT_BATCH = 1000;
/** Clients whose server answered a visibility query with UNIMPLEMENTED: asked item by item from then on. */
const withoutVisibility = new WeakSet<Client>();

/** A visibility query's string literal. */
const quoted = (value: string) => `'${value.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

/** Which workflows visibility reports running, and what asking cost. */
interface RunningLookup {
  /** Running for certain (counted or listed); an id not here may still run (visibility lags) and is described. */
  running: Set<string>;
  queries: number;
  /** Why a batch's query failed (its items are then described), once per distinct reason. */
  errors?: string[];
}

/**
 * Which of `ids` visibility reports running: a batch counted whole is running whole; a short batch is listed.
 * Undefined when the server has no visibility queries (remembered per client); a batch whose query failed is
 * left out (its items are described).
 */
export async function runningAmong(client: Client, taskQueue: string, ids: readonly string[], batchSize = COUNT_BATCH): Promise<RunningLookup | undefined> {
  if (withoutVisibility.has(client)) return undefined;
  const lookup: RunningLookup = { running: new Set(), queries: 0 };
  const { namespace } = client.options;
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = [...new Set(ids.slice(i, i + batchSize))];
    const query = `ExecutionStatus = 'Running' AND TaskQueue = ${quoted(taskQueue)} AND WorkflowId IN (${batch.map(quoted).join(', ')})`;
    try {
      lookup.queries++;
      const { count } = await client.workflowService.countWorkflowExecutions({ namespace, query });
      if (Number(count) === batch.length) {
        for (const id of batch) lookup.running.add(id);
        continue;
      }
      // One running execution per id: fewer than the batch means some are not running (or not visible yet).
      lookup.queries++;
      for await (const execution of client.workflow.list({ query, pageSize: LIST_PAGE_SIZE })) lookup.running.add(execution.workflowId);
    } catch (error) {
      if (unimplemented(error)) {
        withoutVisibility.add(client);
        return undefined;
      }
      const reason = error instanceof Error ? error.message : String(error);
      if (!lookup.errors?.includes(reason)) (lookup.errors ??= []).push(reason);
    }
  }
  return lookup;
}

/**
 * The ids of the workflows running on the task queue, from one paginated visibility query (the benches and
 * tests wait with it for visibility to show what they started); undefined when the server has no visibility
 * queries (remembered per client) or the query failed.
 */
export async function runningWorkflowIds(client: Client, taskQueue: string): Promise<Set<string> | undefined> {
  if (withoutVisibility.has(client)) return undefined;
  const types = RECONCILED_TYPES.map((type) => `'${type}'`).join(', ');
  const query = `ExecutionStatus = 'Running' AND TaskQueue = ${quoted(taskQueue)} AND WorkflowType IN (${types})`;
  const ids = new Set<string>();
  try {
    for await (const execution of client.workflow.list({ query, pageSize: LIST_PAGE_SIZE })) ids.add(execution.workflowId);
  } catch (error) {
    if (unimplemented(error)) withoutVisibility.add(client);
    return undefined;
  }
  return ids;
}

/** gRPC UNIMPLEMENTED (code 12), thrown directly or as the cause of the SDK's ServiceError. */
function unimplemented(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e) && e.code === 12) return true;
  }
  return false;
}

/**
 * One pass of the reconciler, with how it looked and how long it took (for the worker's log and the
 * benches). `lookup: 'describe'` skips the visibility query (a bench compares the two ways).
 */
export async function reconcilePass(deps: ReconcileDeps, options: { lookup?: 'count' | 'describe' } = {}): Promise<ReconcilePass> {
  const began = performance.now();
  const report: ReconcileReport = { dutiesStarted: [], tasksRestarted: [], hazardsRestarted: [] };
  const pass: ReconcilePass = { report, lookedUp: 'describe', queries: 0, described: 0, checked: 0, seconds: 0 };
  // Unclosed hazards, and those closed lately: lost between 销号 and its emails, they still send them.
  const since = new Date(Date.now() - CLOSED_RECHECK_MS);
  const [loaded, open, hazards] = await Promise.all([
    loadDutyTown(deps.db),
    deps.db.prisma.task.findMany({ where: { status: { in: ['open', 'overdue'] } }, select: { id: true } }),
    deps.db.prisma.hazard.findMany({ where: { OR: [{ status: { not: 'closed' } }, { closedAt: { gte: since } }] }, select: { id: true } }),
  ]);
  if (!loaded) return { ...pass, seconds: (performance.now() - began) / 1000 };
  const duties = dutiesInForce(loaded);
  const ids = [...duties.map((d) => dutyWorkflowId(d.id)), ...open.map((t) => taskWorkflowId(t.id)), ...hazards.map((h) => hazardWorkflowId(h.id))];
  const found = options.lookup === 'describe' ? undefined : await runningAmong(deps.client, deps.taskQueue, ids);
  if (found) Object.assign(pass, { lookedUp: 'count', queries: found.queries, ...(found.errors ? { queryErrors: found.errors } : {}) });
  /** Reported running: running. Not reported: perhaps started after the query was answered, so asked. */
  const running = async (workflowId: string): Promise<boolean> => {
    pass.checked++;
    if (found?.running.has(workflowId)) return true;
    pass.described++;
    return isRunning(deps.client, workflowId);
  };

  for (const duty of duties) {
    if (await running(dutyWorkflowId(duty.id))) continue;
    if (await ensureDutyWorkflow(deps, duty.id)) report.dutiesStarted.push(duty.id);
  }
  for (const task of open) {
    if (await running(taskWorkflowId(task.id))) continue;
    // One task that cannot be restarted must not keep the others from being repaired.
    try {
      if (await restartTaskWorkflow(deps, task.id)) report.tasksRestarted.push(task.id);
    } catch (error) {
      (report.failures ??= []).push(`${task.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const hazard of hazards) {
    if (await running(hazardWorkflowId(hazard.id))) continue;
    try {
      if (await restartHazardWorkflow(deps, hazard.id)) report.hazardsRestarted.push(hazard.id);
    } catch (error) {
      (report.failures ??= []).push(`${hazard.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { ...pass, seconds: (performance.now() - began) / 1000 };
}

/**
 * Starts a hazard's workflow again from the state the ledger last recorded (after it was terminated by
 * hand, or the Temporal server's data was lost): its timers come back, the notices already sent are not
 * sent again (the outbox is keyed), level 2 counts from level 1 as sent. A closed one is started only to
 * send the notices of its 销号 that had not gone out. Returns whether it was started; throws for an unclosed
 * one recorded before the ledger kept the state.
 */
async function restartHazardWorkflow(deps: ReconcileDeps, hazardId: string): Promise<boolean> {
  const resume = await resumeHazardFromLedger(deps.db, hazardId);
  if (!resume) {
    // Closed with nothing left to send (perhaps meanwhile): nothing to do. Unclosed without a state: say so.
    const row = await deps.db.prisma.hazard.findUnique({ where: { id: hazardId }, select: { status: true, stateJson: true } });
    if (!row || row.status === 'closed' || row.stateJson) return false;
    throw new Error(engineText.reconciler.noStateToResume);
  }
  return startAgain<typeof hazardWorkflow>(deps.client, 'hazardWorkflow', { workflowId: hazardWorkflowId(hazardId), taskQueue: deps.taskQueue, args: [{ hazardId, start: resume }] });
}

/**
 * Starts an open task's workflow again where it stopped, from the ledger's state (resumeTaskWorkflow);
 * a row written before the ledger kept the state starts from its spec. Neither goes through
 * startTaskWorkflow's check of the people: a task whose assignee or an invited person has left the
 * profile since still needs its reminders and escalation (its notices skip the people who left).
 * Returns whether it was started (the ledger may have closed it meanwhile).
 */
async function restartTaskWorkflow(deps: ReconcileDeps, taskId: string): Promise<boolean> {
  const row = await deps.db.prisma.task.findUnique({ where: { id: taskId }, select: { status: true, specJson: true } });
  if (!row || (row.status !== 'open' && row.status !== 'overdue')) return false;
  const resumed = await resumeTaskWorkflow(deps, taskId);
  if (resumed) return resumed.started;
  const spec = JSON.parse(row.specJson) as TaskSpec;
  return startAgain<typeof taskWorkflow>(deps.client, 'taskWorkflow', { workflowId: taskWorkflowId(taskId), taskQueue: deps.taskQueue, args: [{ spec }] });
}

/**
 * Tells running duty workflows that the profile changed: those still in force re-plan (new
 * enterprises get their open tasks, changed rules apply), removed ones end. `dutyIds` must include the
 * duties of the previous profile as well as the new one.
 */
export async function notifyDutiesChanged(client: Client, dutyIds: Iterable<string>): Promise<number> {
  let told = 0;
  for (const id of new Set(dutyIds)) {
    try {
      await client.workflow.getHandle(dutyWorkflowId(id)).signal(dutyChanged);
      told++;
    } catch {
      // not running: the reconciler starts it if it is in force
    }
  }
  return told;
}

/** Runs `reconcile` now and every 10 minutes until stopped; failures are logged and retried next time. */
export function scheduleReconciler(deps: ReconcileDeps, log: (line: string) => void): { stop(): void; first: Promise<void> } {
  let running: Promise<void> | undefined;
  const run = () =>
    (running ??= reconcilePass(deps)
      .then(({ report: r, queryErrors }) => {
        for (const reason of queryErrors ?? []) log(engineText.reconciler.queryFailed(reason));
        if (r.dutiesStarted.length) log(engineText.reconciler.dutiesStarted(r.dutiesStarted));
        if (r.tasksRestarted.length) log(engineText.reconciler.tasksRestarted(r.tasksRestarted));
        if (r.hazardsRestarted.length) log(engineText.reconciler.hazardsRestarted(r.hazardsRestarted));
        for (const failure of r.failures ?? []) log(engineText.reconciler.notResumed(failure));
      })
      .catch((error: unknown) => log(engineText.reconciler.failed(error instanceof Error ? error.message : String(error))))
      .finally(() => {
        running = undefined;
      }));
  const first = run();
  const task = cron.schedule('*/10 * * * *', () => void run(), { timezone: 'Asia/Shanghai' });
  return { stop: () => void task.stop(), first };
}
