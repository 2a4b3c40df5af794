// Starting a duty task's workflow from its spec, as people and scripts do (`anwei simulate`'s given tasks,
// the history recorder): the duty calendar's own starter (activities/task-start.ts), with a refused spec
// turned into a UserInputError that names every problem. Acting on a started task is client/act.ts.

import type { Client } from '@temporalio/client';
import { startTaskWorkflow, TaskSpecError, type StartTaskResult } from '../activities/task-start.ts';
import type { TaskSpec } from '../domain/task.ts';
import { taskText } from '../domain/text/task.ts';
import type { Database } from '../prisma/client.ts';
import { UserInputError } from './errors.ts';

/** Starts a task's workflow from its spec; one already running or ended is left as it is. */
export async function startTask(g: { client: Client; taskQueue: string; db: Database }, spec: TaskSpec): Promise<StartTaskResult> {
  try {
    return await startTaskWorkflow(g, spec);
  } catch (error) {
    if (error instanceof TaskSpecError) throw new UserInputError(error.problems, taskText.startRefused(spec?.id ?? ''));
    throw error;
  }
}
