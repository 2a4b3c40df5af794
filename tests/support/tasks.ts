// Duty tasks in the engine harness (tests/support/engine.ts): the task town and its TaskSpecs
// (task-specs.ts, where every level-1 kind reaches a different person), starting a task's workflow from
// a spec as the duty calendar does, and reading what a task's workflow says.

import { startTaskWorkflow, type StartTaskResult } from '../../activities/task-start.ts';
import { taskState, taskWorkflowId, type TaskSpec, type TaskView } from '../../domain/task.ts';
import type { Engine } from './engine.ts';

export { TASK_TOWN, committeeMeeting, villageReport } from './task-specs.ts';

/** Starts the task's workflow from its spec, as the duty calendar does (idempotent by id). */
export function startTask(engine: Engine, spec: TaskSpec): Promise<StartTaskResult> {
  return startTaskWorkflow({ client: engine.env.client, taskQueue: engine.gateway.taskQueue, db: engine.db }, spec);
}

export function taskView(engine: Engine, id: string): Promise<TaskView | null> {
  return engine.env.client.workflow.getHandle(taskWorkflowId(id)).query(taskState);
}

export async function workflowStatus(engine: Engine, id: string): Promise<string> {
  return (await engine.env.client.workflow.getHandle(taskWorkflowId(id)).describe()).status.name;
}
