// One workflow per hazard (id `hazard:<id>`): accepts the report and every later step as Updates, sends
// each notice of contract §3 at its time, and ends when the hazard is closed (销号). The obligation core
// (obligation.ts) runs it; this file says what makes it a hazard: its rules (domain/hazard-rules.ts), its
// context, its activities and its messages. One that was lost is started again from the ledger (`resumed`).

import { ApplicationFailure, condition, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import {
  hazardStartOf,
  hazardState,
  reportHazard,
  reportInputSchema,
  townChanged,
  type HazardContext,
  type HazardOutcome,
  type HazardState,
  type HazardView,
  type HazardWorkflowInput,
  type QueuedNotice,
} from '../domain/hazard.ts';
import * as rules from '../domain/hazard-rules.ts';
import { hazardText } from '../domain/text/hazard.ts';
import { LEDGER_RETRY, parsed } from './common.ts';
import { Obligation, type ObligationKind } from './obligation.ts';

const { loadHazardContext } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: LEDGER_RETRY,
});

/** How long a workflow started by update-with-start waits for its report before giving up. */
const REPORT_WAIT = '10 minutes';

export type { HazardWorkflowInput };

function hazardKind(workflowId: string, hazardId: string): ObligationKind<HazardState, HazardContext, QueuedNotice, rules.ScheduledStep, HazardView> {
  return {
    about: 'hazard',
    request: (n, s) => ({ key: `${workflowId}:${n.step}`, kind: n.kind, hazardId: s.id, at: n.at, ...(n.scheduled ? { scheduled: true } : {}), audience: n.audience, facts: n.facts }),
    Refused: rules.HazardInputError,
    notBegun: hazardText.noReport(hazardId),
    messages: { state: hazardState, townChanged },
    // People who left since are still named: history refers to them.
    loadContext: (state, at) => loadHazardContext({ enterpriseId: state.enterpriseId, at, includeInactive: true }),
    plan: rules.planNextStep,
    nextNoticeAt: rules.nextNoticeAt,
    stepTransition: rules.stepTransition,
    // Before the core, only overdue and escalation steps were recorded.
    stepBeforeCore: (state, step, at, recipients) => {
      const after = rules.afterStep(state, step, at, recipients);
      return { state: after, ...(step.type === 'overdue' || step.type === 'escalation' ? { event: rules.stepEvent(step, after, recipients) } : {}) };
    },
    view: rules.viewOf,
    ended: (state) => state.status === 'closed',
  };
}

export async function hazardWorkflow(input: HazardWorkflowInput): Promise<HazardOutcome> {
  const workflowId = workflowInfo().workflowId;
  const hazard = new Obligation(hazardKind(workflowId, input.hazardId), workflowId);

  // The report: the hazard's first transition, arriving with the workflow's start (update-with-start).
  setHandler(
    reportHazard,
    (report) =>
      hazard.transition(async (now) => {
        const r = parsed(reportInputSchema, report, rules.HazardInputError);
        if (hazard.state) throw new rules.HazardInputError(hazardText.duplicate(r.id));
        const context = await loadHazardContext({ enterpriseId: r.enterprise, at: now });
        const transition = rules.report(hazard.state, r, context, now);
        hazard.ctx = context;
        return transition;
      }),
    {
      validator: (report) => {
        const r = parsed(reportInputSchema, report, rules.HazardInputError);
        if (r.id !== input.hazardId) throw new rules.HazardInputError(`id: ${r.id} ≠ ${input.hazardId}`);
        if (hazard.state) throw new rules.HazardInputError(hazardText.duplicate(r.id));
      },
    },
  );
  for (const action of Object.values(rules.HAZARD_ACTIONS)) hazard.update(action);

  const start = hazardStartOf(input);
  if (start.type !== 'fresh' && start.state?.id !== input.hazardId) {
    throw ApplicationFailure.nonRetryable(`resume: ${String(start.state?.id)} ≠ ${input.hazardId}`, 'InvalidInput');
  }
  const reported = async () => {
    if (!(await condition(() => hazard.state !== undefined, REPORT_WAIT))) {
      throw ApplicationFailure.nonRetryable(hazardText.noReport(input.hazardId), 'NoReport');
    }
  };
  await hazard.begin(start, reported);
  // Workflows begun before the core waited for the report even when resumed (it had come: no wait).
  if (hazard.beforeCore && start.type !== 'fresh') await reported();

  const s = await hazard.run();
  return { id: s.id, closedAt: s.closedAt!, rounds: s.round };
}
