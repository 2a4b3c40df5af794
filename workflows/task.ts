// One workflow per duty task (id = the task id): sends each notice of contract §4 at its time —
// the meeting invitation, assignment, reminder, overdue with level 1, level 2 — and ends when the task
// is completed with evidence or cancelled. Completion, cancellation and a replaced spec are Updates.
// Deterministic: all rules are pure functions in domain/task-rules.ts; all I/O is in activities.

import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import { campaignTaskEnded, campaignWorkflowId } from '../domain/campaign.ts';
import { describeIssues, type z } from '../domain/schema.ts';
import { sentAt } from '../domain/notices.ts';
import {
  cancelTask,
  cancelTaskInputSchema,
  completeTask,
  completeTaskInputSchema,
  replaceTaskSpec,
  replaceTaskSpecInputSchema,
  taskSpecSchema,
  taskState,
  taskTownChanged,
  type QueuedTaskNotice,
  type TaskContext,
  type TaskOutcome,
  type TaskSpec,
  type TaskState,
  type TaskView,
  type TaskWorkflowInput,
  taskEventKey,
} from '../domain/task.ts';
import * as rules from '../domain/task-rules.ts';
import { taskText } from '../domain/text/task.ts';
import { LEDGER_RETRY, MAIL_RETRY, parsed, refusal } from './common.ts';
import { Lock } from './lock.ts';

const { loadTaskContext, recordTask } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: LEDGER_RETRY,
});

const { sendTaskNotice } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: MAIL_RETRY,
});


export async function taskWorkflow(input: TaskWorkflowInput): Promise<TaskOutcome> {
  const workflowId = workflowInfo().workflowId;
  const lock = new Lock();
  let state: TaskState | undefined;
  let ctx: TaskContext | undefined;
  let contextStale = false;
  /** Bumped on every change, so the main loop re-plans. */
  let version = 0;
  /** Numbers recorded events: their keys stay unique and deterministic. */
  let recorded = 0;

  const key = (step: string) => `${workflowId}:${step}`;

  async function record(task: TaskState, event: rules.TaskTransition['event'], at: number) {
    recorded++;
    await recordTask({
      key: taskEventKey(workflowId, recorded, event.type),
      at,
      task,
      event,
      nextNoticeAt: ctx ? (rules.nextNotice(task, ctx)?.at ?? null) : null,
    });
  }

  async function commit(transition: rules.TaskTransition, at: number): Promise<void> {
    // Recorded with its notices queued: a workflow resumed from the ledger still sends them (once, by key).
    const next = { ...transition.state, outbox: [...transition.state.outbox, ...transition.notices] };
    await record(next, transition.event, at);
    state = next;
    version++;
  }

  /** The context for a spec (and the current one: a refused replacement must leave a calendar the task can still use). */
  const contextFor = (spec: TaskSpec, at: number) => {
    const years = [rules.calendarYearsFor(spec, at), ...(state ? [rules.calendarYearsFor(state.spec, at)] : [])];
    return loadTaskContext({ at, fromYear: Math.min(...years.map((y) => y.fromYear)), toYear: Math.max(...years.map((y) => y.toYear)) });
  };

  /** An update: validated up front (so a refusal never reaches history), re-validated under the lock. */
  function step<I>(
    schema: z.ZodType,
    apply: (s: TaskState, input: I, c: TaskContext, now: number) => rules.TaskTransition | undefined,
    options: { specOf?: (input: I) => TaskSpec } = {},
  ): { handler: (input: I) => Promise<TaskView>; validator: (input: I) => void } {
    const current = () => {
      if (!state || !ctx) throw new rules.TaskInputError(taskText.notStarted(workflowId));
      return { s: state, c: ctx };
    };
    return {
      validator: (raw) => {
        if (!state) throw new rules.TaskInputError(taskText.notStarted(workflowId));
        const value = parsed(schema, raw, rules.TaskInputError) as I;
        // A prepared start has no context before it first needs one: the handler checks in full.
        if (!ctx) return;
        const { s, c } = current();
        try {
          apply(s, value, c, Date.now());
        } catch (error) {
          // A new spec reaching past the loaded calendar is checked again once the handler widened it.
          if (!(options.specOf && error instanceof rules.OutsideTaskCalendarError)) throw error;
        }
      },
      handler: (raw) =>
        lock.run(async () => {
          const now = Date.now();
          let transition: rules.TaskTransition | undefined;
          try {
            const value = parsed(schema, raw, rules.TaskInputError) as I;
            if (options.specOf) ctx = await contextFor(options.specOf(value), now);
            else if (!ctx && state) ctx = await contextFor(state.spec, now);
            const { s, c } = current();
            transition = apply(s, value, c, now);
          } catch (error) {
            refusal(error);
          }
          if (transition) await commit(transition, now);
          return rules.viewOf(state!, ctx);
        }),
    };
  }

  setHandler(taskState, () => (state ? rules.viewOf(state, ctx) : null));
  setHandler(taskTownChanged, () => {
    contextStale = true;
    version++;
  });
  const done = step(completeTaskInputSchema, rules.complete);
  setHandler(completeTask, done.handler, { validator: done.validator });
  const cancelled = step(cancelTaskInputSchema, rules.cancel);
  setHandler(cancelTask, cancelled.handler, { validator: cancelled.validator });
  const replaced = step(replaceTaskSpecInputSchema, rules.replaceSpec, { specOf: (i) => i.spec });
  setHandler(replaceTaskSpec, replaced.handler, { validator: replaced.validator });

  // Input validated first thing: a bad spec fails the workflow for good, naming every problem.
  const specCheck = taskSpecSchema.safeParse(input?.spec);
  if (!specCheck.success) {
    throw ApplicationFailure.nonRetryable(taskText.badSpec(describeIssues(specCheck.error, 'spec')), 'InvalidInput');
  }
  // The parsed spec (text trimmed), as a replacement is parsed: the same spec sent again compares equal.
  const spec = specCheck.data as TaskSpec;
  if (spec.id !== workflowId) throw ApplicationFailure.nonRetryable(taskText.idMismatch(spec.id, workflowId), 'InvalidInput');

  const prepared = input.prepared;
  if (prepared) {
    if (prepared.state?.spec?.id !== spec.id) throw ApplicationFailure.nonRetryable(taskText.idMismatch(String(prepared.state?.spec?.id), workflowId), 'InvalidInput');
    // Its starter took the start and the steps due then, and recorded them: nothing to do before
    // wakeAt unless an update or a town change comes first, and no context to load until then.
    state = prepared.state;
    recorded = prepared.recorded;
    const seen = version;
    if (prepared.wakeAt === null) await condition(() => version !== seen);
    // 0: resumed from the ledger, due at once — no timer, which a signal arriving with the start would
    // have to cancel as it fires (the time-skipping server then rejects the workflow task for good).
    else if (prepared.wakeAt !== 0) await condition(() => version !== seen, Math.max(1, prepared.wakeAt - Date.now()));
  } else await lock.run(async () => {
    const now = Date.now();
    ctx = await contextFor(spec, now);
    let transition: rules.TaskTransition;
    try {
      transition = rules.start(spec, ctx, now);
    } catch (error) {
      if (error instanceof rules.TaskInputError) throw ApplicationFailure.nonRetryable(error.message, 'InvalidInput');
      throw error;
    }
    await commit(transition, now);
  });

  async function send(n: QueuedTaskNotice | rules.PlannedTaskNotice, spec: TaskSpec, at: number): Promise<string[]> {
    // A campaign's task stays quiet: its campaign tells people, one email per recipient.
    if (spec.campaign) return [];
    const result = await sendTaskNotice({
      key: key(n.step),
      kind: n.kind,
      taskId: spec.id,
      at,
      audience: n.audience,
      spec,
      facts: n.facts,
    });
    return result.recipients.flatMap((r) => (r.personId ? [r.personId] : []));
  }

  for (;;) {
    const seen = version;
    await lock.run(async () => {
      if (contextStale || !ctx) {
        contextStale = false;
        ctx = await contextFor(state!.spec, Date.now());
      }
      // Event notices first, in the order they happened.
      while (state!.outbox.length > 0) {
        const queued = state!.outbox[0]!;
        await send(queued, queued.spec, queued.at);
        state = { ...state!, outbox: state!.outbox.slice(1) };
      }
      const next = rules.planNextStep(state!, ctx!);
      if (next && next.at <= Date.now()) {
        // Late by more than a minute (started late, or a worker was down): say when it really went out.
        const at = sentAt(next.at, Date.now());
        const recipients: Record<string, string[]> = {};
        for (const n of next.notices) recipients[n.step] = await send(n, state!.spec, at);
        const after = rules.afterStep(state!, next, at, recipients);
        await record(after, rules.stepEvent(next, after, recipients), at);
        state = after;
        version++;
      }
    });
    if (rules.isFinished(state!)) break;
    if (version !== seen) continue;
    const next = rules.planNextStep(state!, ctx!);
    if (next) await condition(() => version !== seen, Math.max(1, next.at - Date.now()));
    else await condition(() => version !== seen);
  }

  await condition(allHandlersFinished);
  const s = state!;
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
