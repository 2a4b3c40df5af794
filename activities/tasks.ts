// Duty task I/O: the context a task workflow decides with (town, calendar, policy, people), the ledger
// it writes (the task's current row and every transition, keyed so a retry records nothing twice), and
// starting a task's workflow from its spec (for the duty calendar's workflow).

import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { resolveCalendar } from '../domain/calendar-data.ts';
import { resolvePolicy } from '../domain/policy.ts';
import type { Role } from '../domain/profile.ts';
import type { TaskContext, TaskSpec, TaskState } from '../domain/task.ts';
import type { TaskTransition } from '../domain/task-rules.ts';
import type { Database } from '../prisma/client.ts';
import { TaskSpecError, startTaskWorkflow, type StartTaskResult } from './task-start.ts';
import { calendarOverridesOf, loadTown } from './town.ts';

export interface RecordTaskInput {
  /** Workflow id + step: the event's unique key. */
  key: string;
  at: number;
  task: TaskState;
  event: TaskTransition['event'];
  nextNoticeAt: number | null;
}

export interface TaskActivityDeps {
  db: Database;
  /** Where task workflows are started (the worker's own connection and queue); without it startTask refuses. */
  temporal?: { client: Client; taskQueue: string };
}

export function createTaskActivities({ db, temporal }: TaskActivityDeps) {
  const { prisma } = db;

  return {
    async loadTaskContext(input: { at: number; fromYear: number; toYear: number }): Promise<TaskContext> {
      const town = await loadTown(db);
      const people = await prisma.person.findMany({ where: { active: true }, select: { id: true, name: true, role: true } });
      return {
        town: town.name,
        people: Object.fromEntries(people.map((p) => [p.id, { name: p.name, role: p.role as Role }])),
        calendar: resolveCalendar({ fromYear: input.fromYear, toYear: input.toYear, overrides: calendarOverridesOf(town) }),
        policy: resolvePolicy(JSON.parse(town.policyJson)).task,
        profileVersion: town.profileVersion,
      };
    },

    async recordTask(input: RecordTaskInput): Promise<void> {
      const { spec, completion } = input.task;
      const row = {
        dutyId: spec.dutyId,
        period: spec.period,
        scopeKind: spec.scope?.kind ?? null,
        scopeId: spec.scope?.id ?? null,
        assigneeId: spec.assigneeId,
        title: spec.title,
        opensOn: spec.opensOn,
        due: spec.due,
        dueTrace: spec.dueTrace,
        status: input.task.status,
        completedAt: completion ? new Date(completion.at) : null,
        completedBy: completion?.by ?? null,
        evidence: completion?.evidence ?? null,
        late: completion?.late ?? false,
        specJson: JSON.stringify(spec),
        escalationLevel: input.task.escalations.at(-1)?.level ?? 0,
        nextNoticeAt: input.nextNoticeAt === null ? null : new Date(input.nextNoticeAt),
      };
      await prisma.$transaction(async (tx) => {
        if (await tx.taskEvent.findUnique({ where: { key: input.key }, select: { id: true } })) return;
        await tx.task.upsert({ where: { id: spec.id }, create: { id: spec.id, ...row }, update: row });
        await tx.taskEvent.create({
          data: {
            key: input.key,
            taskId: spec.id,
            at: new Date(input.at),
            type: input.event.type,
            by: input.event.by ?? null,
            evidence: input.event.evidence ?? null,
            detailJson: JSON.stringify(input.event.detail),
          },
        });
      });
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
