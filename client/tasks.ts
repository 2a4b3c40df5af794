// Task commands as people give them (the CLI and `anwei simulate` both come through here): validate at
// the edge against the ledger and the town, then send the Update to the task's workflow, and turn every
// refusal into a UserInputError that names the problem.

import { WorkflowNotFoundError, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { startTaskWorkflow, TaskSpecError, type StartTaskResult } from '../activities/task-start.ts';
import { describeIssues, type z } from '../domain/schema.ts';
import {
  cancelTask,
  cancelTaskInputSchema,
  completeTask,
  completeTaskInputSchema,
  replaceTaskSpec,
  replaceTaskSpecInputSchema,
  taskWorkflowId,
  type TaskSpec,
  type TaskView,
} from '../domain/task.ts';
import { taskText } from '../domain/text/task.ts';
import { formatLocalMinute } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import { UserInputError } from './errors.ts';

export interface TaskGateway {
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

const record = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

/** Starts a task's workflow from its spec; one already running or ended is left as it is. */
export async function startTask(g: TaskGateway, spec: TaskSpec): Promise<StartTaskResult> {
  try {
    return await startTaskWorkflow(g, spec);
  } catch (error) {
    if (error instanceof TaskSpecError) throw new UserInputError(error.problems, taskText.startRefused(String(record(spec)?.id ?? '')));
    throw error;
  }
}

const ACTIONS = {
  complete: { update: completeTask, schema: completeTaskInputSchema, headline: taskText.completeRefused },
  cancel: { update: cancelTask, schema: cancelTaskInputSchema, headline: taskText.cancelRefused },
  replace: { update: replaceTaskSpec, schema: replaceTaskSpecInputSchema, headline: taskText.replaceRefused },
} as const;

export type TaskAction = keyof typeof ACTIONS;

/**
 * What can be checked of an action without the engine: its shape, the task in the ledger and the
 * person, every problem at once. The CLI calls it before connecting to Temporal.
 */
export async function checkTaskAction(db: Database, action: TaskAction, taskId: string, input: unknown): Promise<unknown> {
  const { schema, headline } = ACTIONS[action];
  const parsed = (schema as z.ZodType).safeParse(input);
  const problems = parsed.success ? [] : describeIssues(parsed.error);
  const task = await db.prisma.task.findUnique({ where: { id: taskId } });
  if (!task) problems.push(taskText.notFound(taskId));
  else if (task.status === 'done') {
    problems.push(taskText.alreadyDone(taskId, task.completedBy ?? '', task.completedAt ? formatLocalMinute(task.completedAt.getTime()) : ''));
  } else if (task.status === 'cancelled') problems.push(taskText.alreadyCancelled(taskId));
  const by = record(input)?.by;
  if (typeof by === 'string') {
    const person = await db.prisma.person.findUnique({ where: { id: by } });
    if (!person || !person.active) problems.push(taskText.unknownPerson('by', by));
  }
  if (problems.length || !parsed.success) throw new UserInputError(problems, headline(taskId));
  return parsed.data;
}

async function act(g: TaskGateway, action: TaskAction, taskId: string, input: unknown): Promise<TaskView> {
  const { update, headline } = ACTIONS[action];
  const parsedInput = await checkTaskAction(g.db, action, taskId, input);
  try {
    const handle = g.client.workflow.getHandle(taskWorkflowId(taskId));
    return await handle.executeUpdate(update as typeof completeTask, { args: [parsedInput as never] });
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new UserInputError([taskText.noWorkflow(taskId)], headline(taskId));
    const message = refusalMessage(error);
    if (message) throw new UserInputError([message], headline(taskId));
    throw error;
  }
}

/** Completes a task with evidence (`anwei task complete`, the `duty.complete` action). */
export const complete = (g: TaskGateway, taskId: string, input: unknown) => act(g, 'complete', taskId, input);
export const cancel = (g: TaskGateway, taskId: string, input: unknown) => act(g, 'cancel', taskId, input);
/** Replaces a task's spec (a rescheduled meeting, dates recomputed after new holidays). */
export const replaceSpec = (g: TaskGateway, taskId: string, input: unknown) => act(g, 'replace', taskId, input);
