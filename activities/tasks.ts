// Duty task activities: the context a task workflow decides with, and starting a task's workflow from
// its spec (its ledger writer is ledger.ts).

import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { TaskContext, TaskSpec } from '../domain/task.ts';
import type { Database } from '../prisma/client.ts';
import { loadTaskContextFrom } from './task-record.ts';
import { TaskSpecError, startTaskWorkflow, type StartTaskResult } from './task-start.ts';

export interface TaskActivityDeps {
  db: Database;
  /** Where task workflows are started (the worker's own connection and queue); without it startTask refuses. */
  temporal?: { client: Client; taskQueue: string };
}

export function createTaskActivities({ db, temporal }: TaskActivityDeps) {
  return {
    async loadTaskContext(input: { at: number; fromYear: number; toYear: number }): Promise<TaskContext> {
      return loadTaskContextFrom(db, input);
    },

    /** Starts a task's workflow from its spec; one already running or ended is left alone (see task-start.ts). */
    async startTask(spec: TaskSpec): Promise<StartTaskResult> {
      if (!temporal) throw ApplicationFailure.nonRetryable('startTask: this worker has no Temporal client to start workflows with', 'Misconfigured');
      try {
        return await startTaskWorkflow({ ...temporal, db }, spec);
      } catch (error) {
        if (error instanceof TaskSpecError) throw ApplicationFailure.nonRetryable(error.message, 'InvalidInput');
        throw error;
      }
    },
  };
}
