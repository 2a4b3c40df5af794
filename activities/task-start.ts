// Starting a task's workflow from its TaskSpec, idempotently by id: the duty calendar (its workflow,
// through the startTask activity), the CLI and `anwei simulate` all start tasks here. A task already
// running, or already done or cancelled in the ledger, is left as it is; one open in the ledger whose
// workflow was lost resumes from the state the ledger recorded (the reconciler's repair too).

import type { Client } from '@temporalio/client';
import { describeIssues } from '../domain/schema.ts';
import {
  replaceTaskSpec,
  taskEventKey,
  taskSpecSchema,
  taskWorkflowId,
  type TaskContext,
  type TaskSpec,
  type TaskWorkflowInput,
} from '../domain/task.ts';
import { TaskInputError, calendarYearsFor, nextNoticeAt, prepareStart, replaceSpec, sameSpec, type TaskTransition } from '../domain/task-rules.ts';
import { taskText } from '../domain/text/task.ts';
import type { Database } from '../prisma/client.ts';
import type { taskWorkflow } from '../workflows/task.ts';
import { recordInLedger } from './ledger.ts';
import { loadTaskContextFrom, recordPreparedStarts, resumeFromLedger, type ResumedTask } from './task-record.ts';
import { isRunning, startAgain } from './workflow-start.ts';

export interface TaskStarter {
  client: Client;
  taskQueue: string;
  db: Database;
}

/**
 * Start the task already taken (rules.prepareStart) at `at`, the starter's workflow time, with a context
 * loaded once for many tasks: the workflow then begins asleep until its first notice, with no activity. The
 * context is loaded by the same activity: its people are the active people the spec is checked against.
 */
export interface PrepareWith {
  at: number;
  context: TaskContext;
}

export interface StartTaskResult {
  id: string;
  /** True when this call started the workflow; false when it was running or the task has ended. */
  started: boolean;
  /** Why nothing was started: the workflow is running, or the task is done or cancelled. */
  existing?: 'running' | 'ended';
}

export class TaskSpecError extends Error {
  override name = 'TaskSpecError';
  constructor(readonly problems: string[]) {
    super(taskText.badSpec(problems));
  }
}

/**
 * Every problem with a spec that can be seen without the engine: its shape and the town's people — those
 * active in the database, or `activePeople` when the caller has just read them (a prepared start's context).
 */
export async function checkTaskSpec(db: Database, spec: unknown, activePeople?: TaskContext['people']): Promise<TaskSpec> {
  const parsed = taskSpecSchema.safeParse(spec);
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  if (parsed.success) {
    const ids = [['assigneeId', parsed.data.assigneeId] as const, ...(parsed.data.meeting?.attendees ?? []).map((id, i) => [`meeting.attendees[${i}]`, id] as const)];
    const active = activePeople
      ? new Set(Object.keys(activePeople))
      : new Set((await db.prisma.person.findMany({ where: { id: { in: ids.map(([, id]) => id) }, active: true }, select: { id: true } })).map((p) => p.id));
    for (const [field, id] of ids) if (!active.has(id)) problems.push(taskText.unknownPerson(field, id));
  }
  if (problems.length || !parsed.success) throw new TaskSpecError(problems);
  // As the workflow reads it (text trimmed): a prepared start's state then holds the same spec.
  return parsed.data as TaskSpec;
}

/** The prepared start, or none when the rules refuse the spec: the workflow then refuses it itself, as always. */
function preparedOrNot(spec: TaskSpec, prepare: PrepareWith): ReturnType<typeof prepareStart> | undefined {
  try {
    return prepareStart(spec, prepare.context, prepare.at);
  } catch (error) {
    if (error instanceof TaskInputError) return undefined;
    throw error;
  }
}

/** The reason a task resumed from the ledger gives its people when the spec it is started with differs. */
const RESUMED_WITH_NEW_SPEC = '档案或日历变更，按新规则重新计算';

/**
 * Starts the task's workflow (id = the task id) unless the ledger says the task is done or cancelled, or
 * a workflow with that id is running (Temporal refuses the start; ignored here). The ledger, not
 * Temporal's retention, says whether a task has ended. A task still open in the ledger whose workflow was
 * lost resumes where it stopped (resumeTaskWorkflow), and then hears of `spec` if it differs.
 */
export async function startTaskWorkflow(s: TaskStarter, spec: TaskSpec, prepare?: PrepareWith): Promise<StartTaskResult> {
  const checked = await checkTaskSpec(s.db, spec, prepare?.context.people);
  const id = taskWorkflowId(checked.id);
  const row = await s.db.prisma.task.findUnique({ where: { id: checked.id }, select: { status: true } });
  if (row && (row.status === 'done' || row.status === 'cancelled')) return { id, started: false, existing: 'ended' };
  if (row) {
    // Started before: running (the usual case, answered without reading its ledger), or lost and resumed.
    if (await isRunning(s.client, id)) return { id, started: false, existing: 'running' };
    const resumed = await resumeFromLedger(s.db, checked.id);
    if (resumed) return resumeWith(s, resumed, checked, prepare?.at ?? Date.now());
  }
  const prepared = prepare ? preparedOrNot(checked, prepare) : undefined;
  const result = await startWorkflow(s, { spec: checked, ...(prepared ? { start: prepared.start } : {}) });
  // Recorded after the start: a recorded task is a running one (a retry records nothing twice).
  if (result.started && prepared) await recordPreparedStarts(s.db, [prepared]);
  return result;
}

/**
 * A lost task resumed with `spec`. Changed meanwhile, the replacement is taken here, as a prepared start
 * takes its first steps: by the same pure rule the workflow's replaceTaskSpec applies, so the task resumes
 * from the state after it with its notices queued, and no update has to follow the start. The event is
 * recorded once the workflow runs; one that was resumed meanwhile by someone else hears of the spec by the
 * update, as any running task does.
 */
async function resumeWith(s: TaskStarter, resumed: ResumedTask, spec: TaskSpec, at: number): Promise<StartTaskResult> {
  const id = taskWorkflowId(spec.id);
  let transition: TaskTransition | undefined;
  let context: TaskContext | undefined;
  if (!sameSpec(resumed.state.spec, spec)) {
    const years = [calendarYearsFor(spec, at), calendarYearsFor(resumed.state.spec, at)];
    context = await loadTaskContextFrom(s.db, { fromYear: Math.min(...years.map((y) => y.fromYear)), toYear: Math.max(...years.map((y) => y.toYear)) });
    try {
      transition = replaceSpec(resumed.state, { spec, reason: RESUMED_WITH_NEW_SPEC }, context, at);
    } catch (error) {
      // Refused (as the update would refuse it): the task goes on with the spec it had.
      if (!(error instanceof TaskInputError)) throw error;
    }
  }
  if (!transition || !context) return startWorkflow(s, { spec: resumed.state.spec, start: resumed });

  const state = { ...transition.state, outbox: [...transition.state.outbox, ...transition.notices] };
  const recorded = resumed.recorded + 1;
  const result = await startWorkflow(s, { spec, start: { type: 'resumed', state, recorded } });
  if (result.started) {
    await recordInLedger(s.db, { about: 'task', key: taskEventKey(id, recorded, transition.event.type), at, state, event: transition.event, nextNoticeAt: nextNoticeAt(state, context) });
  } else if (result.existing === 'running') {
    await s.client.workflow.getHandle(id).executeUpdate(replaceTaskSpec, { args: [{ spec, reason: RESUMED_WITH_NEW_SPEC }] });
  }
  return result;
}

/**
 * Starts again a task open in the ledger whose workflow was lost (terminated by hand, a Temporal server
 * that lost its data), from the state and spec the ledger last recorded: the steps done stay done, its
 * events number on, level 2 counts from level 1 as sent. Not through checkTaskSpec: a person who has left
 * the profile since must not keep the task from its reminders and escalation (its notices skip them).
 * Undefined when the ledger kept no state for it (a row written before it did).
 */
export async function resumeTaskWorkflow(s: TaskStarter, taskId: string): Promise<StartTaskResult | undefined> {
  const resumed = await resumeFromLedger(s.db, taskId);
  return resumed && startWorkflow(s, { spec: resumed.state.spec, start: resumed });
}

/**
 * The ledger decides whether a task has ended (done, cancelled: refused by the callers); a task still open
 * there whose workflow was lost is started again. Only a running workflow of the same id refuses it.
 */
async function startWorkflow(s: TaskStarter, input: TaskWorkflowInput): Promise<StartTaskResult> {
  const id = taskWorkflowId(input.spec.id);
  const started = await startAgain<typeof taskWorkflow>(s.client, 'taskWorkflow', { workflowId: id, taskQueue: s.taskQueue, args: [input] });
  return started ? { id, started } : { id, started, existing: 'running' };
}
