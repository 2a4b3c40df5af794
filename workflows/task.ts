// One workflow per duty task (id = the task id): sends each notice of contract §4 at its time — the
// meeting invitation, assignment, reminder, overdue with level 1, level 2 — and ends when the task is
// completed with evidence or cancelled. Completion, cancellation and a replaced spec are Updates. The
// obligation core (obligation.ts) runs it; this file says what makes it a task: its rules
// (domain/task-rules.ts), its context, its activities and its messages.

import { ApplicationFailure, getExternalWorkflowHandle, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { campaignTaskEnded, campaignWorkflowId } from '../domain/campaign.ts';
import { describeIssues } from '../domain/schema.ts';
import {
  taskSpecSchema,
  taskStartOf,
  taskState,
  taskTownChanged,
  type QueuedTaskNotice,
  type ReplaceTaskSpecInput,
  type TaskContext,
  type TaskOutcome,
  type TaskSpec,
  type TaskState,
  type TaskView,
  type TaskWorkflowInput,
} from '../domain/task.ts';
import * as rules from '../domain/task-rules.ts';
import { taskText } from '../domain/text/task.ts';
import { LEDGER_RETRY } from './common.ts';
import { Obligation, type ObligationKind } from './obligation.ts';

const { loadTaskContext } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: LEDGER_RETRY,
});

/** The context for `spec`, covering the years the task's current spec needs too (a refused replacement keeps it). */
function contextFor(spec: TaskSpec, state: TaskState | undefined, at: number): Promise<TaskContext> {
  const years = [rules.calendarYearsFor(spec, at), ...(state ? [rules.calendarYearsFor(state.spec, at)] : [])];
  return loadTaskContext({ at, fromYear: Math.min(...years.map((y) => y.fromYear)), toYear: Math.max(...years.map((y) => y.toYear)) });
}

function taskKind(workflowId: string): ObligationKind<TaskState, TaskContext, QueuedTaskNotice, rules.TaskStep, TaskView> {
  return {
    about: 'task',
    request: (n) => ({ key: `${workflowId}:${n.step}`, kind: n.kind, taskId: n.spec.id, at: n.at, ...(n.scheduled ? { scheduled: true } : {}), audience: n.audience, spec: n.spec, facts: n.facts }),
    // A campaign's task stays quiet: its campaign tells people, one email per recipient.
    silent: (s) => Boolean(s.spec.campaign),
    Refused: rules.TaskInputError,
    notBegun: taskText.notStarted(workflowId),
    messages: { state: taskState, townChanged: taskTownChanged },
    loadContext: (state, at) => contextFor(state.spec, state, at),
    contextServes: rules.contextServes,
    plan: rules.planNextStep,
    nextNoticeAt: rules.nextNoticeAt,
    stepTransition: (state, step, at) => rules.stepTransition(state, step, at),
    stepBeforeCore: (state, step, at, recipients) => {
      const after = rules.afterStep(state, step, at, recipients);
      return { state: after, event: rules.stepEvent(step, after, recipients) };
    },
    view: rules.viewOf,
    ended: (state) => state.status === 'done' || state.status === 'cancelled',
  };
}

export async function taskWorkflow(input: TaskWorkflowInput): Promise<TaskOutcome> {
  const workflowId = workflowInfo().workflowId;
  const task = new Obligation(taskKind(workflowId), workflowId);
  task.update(rules.TASK_ACTIONS.complete);
  task.update(rules.TASK_ACTIONS.cancel);
  task.update(rules.TASK_ACTIONS.replace, {
    // A new spec may reach past the calendar loaded: decided with one that covers it.
    context: (input, state, at) => contextFor((input as ReplaceTaskSpecInput).spec, state, at),
    deferred: (error) => error instanceof rules.OutsideTaskCalendarError,
  });

  // Input validated first thing: a bad spec fails the workflow for good, naming every problem.
  const specCheck = taskSpecSchema.safeParse(input?.spec);
  if (!specCheck.success) {
    throw ApplicationFailure.nonRetryable(taskText.badSpec(describeIssues(specCheck.error, 'spec')), 'InvalidInput');
  }
  // The parsed spec (text trimmed), as a replacement is parsed: the same spec sent again compares equal.
  const spec = specCheck.data as TaskSpec;
  if (spec.id !== workflowId) throw ApplicationFailure.nonRetryable(taskText.idMismatch(spec.id, workflowId), 'InvalidInput');
  const start = taskStartOf(input);
  if (start.type !== 'fresh' && start.state?.spec?.id !== spec.id) {
    throw ApplicationFailure.nonRetryable(taskText.idMismatch(String(start.state?.spec?.id), workflowId), 'InvalidInput');
  }
  // Fresh: the start is its first transition; a refused one fails the workflow for good (its starter checked it first).
  await task.begin(start, async () => {
    await task.transition(async (now) => {
      task.ctx = await contextFor(spec, undefined, now);
      return rules.start(spec, task.ctx, now);
    });
  });

  const s = await task.run();
  if (s.spec.campaign) {
    // The campaign counts what is left; a campaign already ended has nobody to tell.
    await getExternalWorkflowHandle(campaignWorkflowId(s.spec.campaign))
      .signal(campaignTaskEnded, { taskId: s.spec.id, status: s.status })
      .catch(() => undefined);
  }
  return {
    id: s.spec.id,
    status: s.status === 'done' ? 'done' : 'cancelled',
    ...(s.completion ? { completedAt: s.completion.at } : {}),
    late: s.completion?.late ?? false,
  };
}
