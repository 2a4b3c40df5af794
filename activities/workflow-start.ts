// Starting a workflow again by id, as the ledger's repairs do (a task or hazard whose workflow was lost):
// whether one runs under that id, and a start that runs once whatever its earlier run did. Shared by
// task-start.ts and the reconciler (worker/reconciler.ts).

import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';

/** Whether a workflow with this id is running now (not found, or ended: false). */
export async function isRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}

/**
 * Starts the workflow unless one with its id is running; an ended one of the same id does not stop it
 * (the ledger, not Temporal, says whether the work has ended). Returns whether it was started.
 */
export async function startAgain<W extends Workflow>(
  client: Client,
  workflowType: string,
  options: Pick<WorkflowStartOptions<W>, 'workflowId' | 'taskQueue' | 'args'>,
): Promise<boolean> {
  try {
    await client.workflow.start<W>(workflowType, {
      ...options,
      workflowIdConflictPolicy: 'FAIL',
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
    } as WorkflowStartOptions<W>);
    return true;
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return false;
    throw error;
  }
}
