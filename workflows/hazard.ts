// One workflow per hazard (id `hazard:<id>`): accepts the report and every later step as Updates,
// sends each notice of contract §3 at its time, and ends when the hazard is closed (销号). One that was
// lost is started again with the state the ledger recorded (`resume`, worker/reconciler.ts).
// Deterministic: all rules are pure functions in domain/hazard-rules.ts; all I/O is in activities.

import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import {
  acknowledgeEscalation,
  ackInputSchema,
  decideExtension,
  decideInputSchema,
  extendInputSchema,
  hazardState,
  reportHazard,
  reportInputSchema,
  requestExtension,
  submitInputSchema,
  submitRectification,
  townChanged,
  verifyInputSchema,
  verifyRectification,
  type HazardContext,
  type HazardOutcome,
  type HazardResume,
  type HazardState,
  type HazardView,
  type QueuedNotice,
} from '../domain/hazard.ts';
import { eventKey } from '../domain/event-keys.ts';
import * as rules from '../domain/hazard-rules.ts';
import type { z } from '../domain/schema.ts';
import { sentAt } from '../domain/notices.ts';
import { hazardText } from '../domain/text/hazard.ts';
import { LEDGER_RETRY, MAIL_RETRY, parsed, refusal } from './common.ts';
import { Lock } from './lock.ts';

const { loadHazardContext, recordHazard } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: LEDGER_RETRY,
});

const { sendHazardNotice } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: MAIL_RETRY,
});

/** How long a workflow started by update-with-start waits for its report before giving up. */
const REPORT_WAIT = '10 minutes';

export interface HazardWorkflowInput {
  hazardId: string;
  /** Started again from the ledger after its workflow was lost (worker/reconciler.ts): no report comes. */
  resume?: HazardResume;
}


export async function hazardWorkflow(args: HazardWorkflowInput): Promise<HazardOutcome> {
  const workflowId = workflowInfo().workflowId;
  const lock = new Lock();
  let state: HazardState | undefined;
  let ctx: HazardContext | undefined;
  let contextStale = false;
  /** Bumped on every change, so the main loop re-plans. */
  let version = 0;
  /** Numbers recorded events: their outbox-style keys stay unique and deterministic. */
  let recorded = 0;

  const key = (step: string) => `${workflowId}:${step}`;
  /** The context; a workflow resumed from the ledger loads it when first needed (people who left included). */
  const contextNow = async (): Promise<HazardContext> =>
    (ctx ??= await loadHazardContext({ enterpriseId: state!.enterpriseId, at: Date.now(), includeInactive: true }));

  async function record(hazard: HazardState, event: rules.Transition['event'], at: number, deadline?: rules.Transition['deadline']) {
    recorded++;
    await recordHazard({
      key: eventKey(workflowId, recorded, event.type),
      at,
      hazard,
      event,
      nextNoticeAt: ctx ? (rules.planNextStep(hazard, ctx)?.at ?? null) : null,
      ...(deadline ? { deadline } : {}),
    });
  }

  async function commit(transition: rules.Transition, at: number): Promise<void> {
    // Recorded with its notices queued: a workflow resumed from the ledger still sends them (once, by key).
    const next = { ...transition.state, outbox: [...transition.state.outbox, ...transition.notices] };
    await record(next, transition.event, at, transition.deadline);
    state = next;
    version++;
  }

  /** An update: validated up front (so a refusal never reaches history), re-validated under the lock. */
  function step<I>(
    schema: z.ZodType<I>,
    apply: (s: HazardState, input: I, c: HazardContext, now: number) => rules.Transition,
  ): { handler: (input: I) => Promise<HazardView>; validator: (input: I) => void } {
    const check = (input: I, c: HazardContext) => apply(state!, parsed(schema, input, rules.HazardInputError), c, Date.now());
    const reported = () => {
      if (!state) throw new rules.HazardInputError(hazardText.noReport(args.hazardId));
    };
    return {
      validator: (input) => {
        reported();
        // Resumed from the ledger, with no context loaded yet: the handler checks in full.
        if (ctx) check(input, ctx);
      },
      handler: (input) =>
        lock.run(async () => {
          const now = Date.now();
          let transition: rules.Transition;
          try {
            reported();
            transition = check(input, await contextNow());
          } catch (error) {
            refusal(error);
          }
          await commit(transition, now);
          return rules.viewOf(state!, ctx);
        }),
    };
  }

  setHandler(hazardState, () => (state ? rules.viewOf(state, ctx) : null));
  setHandler(townChanged, () => {
    contextStale = true;
    version++;
  });

  setHandler(
    reportHazard,
    (report) =>
      lock.run(async () => {
        const now = Date.now();
        try {
          const r = parsed(reportInputSchema, report, rules.HazardInputError);
          if (state) throw new rules.HazardInputError(hazardText.duplicate(r.id));
          const context = await loadHazardContext({ enterpriseId: r.enterprise, at: now });
          const transition = rules.report(state, r, context, now);
          ctx = context;
          await commit(transition, now);
        } catch (error) {
          refusal(error);
        }
        return rules.viewOf(state!, ctx);
      }),
    {
      validator: (report) => {
        const r = parsed(reportInputSchema, report, rules.HazardInputError);
        if (r.id !== args.hazardId) throw new rules.HazardInputError(`id: ${r.id} ≠ ${args.hazardId}`);
        if (state) throw new rules.HazardInputError(hazardText.duplicate(r.id));
      },
    },
  );
  const ack = step(ackInputSchema, rules.acknowledge);
  setHandler(acknowledgeEscalation, ack.handler, { validator: ack.validator });
  const sub = step(submitInputSchema, rules.submit);
  setHandler(submitRectification, sub.handler, { validator: sub.validator });
  const ver = step(verifyInputSchema, rules.verify);
  setHandler(verifyRectification, ver.handler, { validator: ver.validator });
  const ext = step(extendInputSchema, rules.requestExtension);
  setHandler(requestExtension, ext.handler, { validator: ext.validator });
  const dec = step(decideInputSchema, rules.decideExtension);
  setHandler(decideExtension, dec.handler, { validator: dec.validator });

  if (args.resume) {
    if (args.resume.state?.id !== args.hazardId) throw ApplicationFailure.nonRetryable(`resume: ${String(args.resume.state?.id)} ≠ ${args.hazardId}`, 'InvalidInput');
    state = args.resume.state;
    recorded = args.resume.recorded;
  }
  if (!(await condition(() => state !== undefined, REPORT_WAIT))) {
    throw ApplicationFailure.nonRetryable(hazardText.noReport(args.hazardId), 'NoReport');
  }

  async function send(n: QueuedNotice | rules.PlannedNotice, at: number): Promise<string[]> {
    const s = state!;
    const result = await sendHazardNotice({
      key: key(n.step),
      kind: n.kind,
      hazardId: s.id,
      at,
      audience: n.audience,
      facts: n.facts,
    });
    return result.recipients.flatMap((r) => (r.personId ? [r.personId] : []));
  }

  for (;;) {
    const seen = version;
    await lock.run(async () => {
      if (contextStale) {
        contextStale = false;
        ctx = await loadHazardContext({ enterpriseId: state!.enterpriseId, at: Date.now(), includeInactive: true });
      } else await contextNow();
      // Event notices first, in the order they happened.
      while (state!.outbox.length > 0) {
        const queued = state!.outbox[0]!;
        await send(queued, queued.at);
        state = { ...state!, outbox: state!.outbox.slice(1) };
      }
      const next = rules.planNextStep(state!, ctx!);
      if (next && next.at <= Date.now()) {
        // Late by more than a minute (a worker was down): say when it really went out.
        const at = sentAt(next.at, Date.now());
        const recipients: Record<string, string[]> = {};
        for (const n of next.notices) recipients[n.step] = await send(n, at);
        const after = rules.afterStep(state!, next, at, recipients);
        if (next.type === 'overdue' || next.type === 'escalation') {
          const level = after.escalations.at(-1)?.level ?? 0;
          const event = { type: next.type === 'overdue' ? 'overdue' : 'escalated', detail: { step: next.key, level, recipients: Object.values(recipients).flat() } };
          await record(after, event, at);
        }
        state = after;
        version++;
      }
    });
    if (state!.status === 'closed' && state!.outbox.length === 0) break;
    if (version !== seen) continue;
    const next = rules.planNextStep(state!, ctx!);
    if (next) await condition(() => version !== seen, Math.max(1, next.at - Date.now()));
    else await condition(() => version !== seen);
  }

  await condition(allHandlersFinished);
  return { id: state!.id, closedAt: state!.closedAt!, rounds: state!.round };
}
