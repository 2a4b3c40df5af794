// One workflow per campaign (id `campaign:<id>`, contract §6): snapshots its targets, starts one quiet
// task workflow per enterprise in bounded waves from an activity (never thousands of children or
// pending activities here), then sends the campaign's own notices — started, assigned, reminder,
// overdue with level 1, level 2, weekly progress, closed with the ledger — one email per recipient.
// It closes when the last task ends (its tasks signal) or on the closeCampaign Update (open tasks are
// cancelled), and continues as new when its history grows.

import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import {
  campaignCalendarYears,
  campaignProgress,
  campaignSpecSchema,
  campaignTaskEnded,
  campaignWorkflowId,
  closeCampaign,
  closeCampaignInputSchema,
  hazardLinked,
  mondayOf,
  planNextCampaignStep,
  type CampaignContext,
  type CampaignNoticeRequest,
  type CampaignOutcome,
  type CampaignSpec,
  type CampaignState,
  type CampaignStep,
  type CampaignView,
  type CampaignWorkflowInput,
} from '../domain/campaign.ts';
import { describeIssues } from '../domain/schema.ts';
import { sentAt } from '../domain/notices.ts';
import { campaignText } from '../domain/text/campaign.ts';
import { localDateOf } from '../domain/time.ts';
import { LEDGER_RETRY, MAIL_RETRY } from './common.ts';

const { loadCampaignContext, prepareCampaign, campaignCounts, recordCampaignClosed } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: LEDGER_RETRY,
});

// Starting (or cancelling) hundreds of task workflows takes a while: the activities heartbeat as they go.
const { startCampaignTasks, cancelCampaignTasks } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { ...LEDGER_RETRY, nonRetryableErrorTypes: ['InvalidInput', 'Misconfigured'] },
});

const { sendCampaignNotices } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '10 minutes',
  retry: MAIL_RETRY,
});

/** Task workflows one wave starts: one activity, well under Temporal's per-execution limits. */
export const CAMPAIGN_WAVE = 500;
/** Continue as new past this many history events (Temporal warns at 10,240). */
const HISTORY_LIMIT = 4_000;

export async function campaignWorkflow(input: CampaignWorkflowInput): Promise<CampaignOutcome> {
  // Input validated first thing: a bad spec fails the workflow for good, naming every problem.
  const checked = campaignSpecSchema.safeParse(input?.spec);
  if (!checked.success) throw ApplicationFailure.nonRetryable(campaignText.badSpec(describeIssues(checked.error, 'spec')), 'InvalidInput');
  const spec = checked.data as CampaignSpec;
  if (campaignWorkflowId(spec.id) !== workflowInfo().workflowId) {
    throw ApplicationFailure.nonRetryable(`campaign ${spec.id} started as ${workflowInfo().workflowId}`, 'InvalidInput');
  }

  const state: CampaignState = input.state ?? { spec, phase: 'starting', total: 0, started: 0, done: [], hazardsLinked: 0 };
  let ctx: CampaignContext | undefined;
  // Runs started since this patch continue as new even while tasks keep ending (recounting first thing
  // in the new run); older runs waited for a quiet moment, which a steady stream of completions may
  // never give (docs/versioning.md).
  const continueWhileBusy = patched('campaign-continue-while-busy');
  /** A task ended or a hazard was linked: count again. */
  let dirty = continueWhileBusy && input.state !== undefined;
  // Runs started since this patch queue their notices and send them from a loop of their own, so that
  // closing (and every step) is recorded while the mail server is down; older runs sent each in turn.
  const queued = patched('campaign-sends-queued');
  /** Level 1 went out meanwhile: plan again (level 2 counts from it). */
  let replan = false;

  const view = (): CampaignView => {
    const next = ctx ? planNextCampaignStep(state, ctx) : undefined;
    return {
      id: spec.id,
      title: spec.title,
      template: spec.template,
      status: state.phase === 'closed' || state.closedAt !== undefined ? 'closed' : 'open',
      phase: state.phase,
      opensOn: spec.opensOn,
      due: spec.due,
      total: state.total,
      started: state.started,
      ...(state.counts ? { counts: state.counts } : {}),
      ...(state.closedAt ? { closedAt: state.closedAt } : {}),
      ...(next ? { next: { key: next.key, at: next.at } } : {}),
    };
  };

  setHandler(campaignProgress, view);
  setHandler(campaignTaskEnded, () => {
    dirty = true;
  });
  setHandler(hazardLinked, () => {
    state.hazardsLinked++;
    dirty = true;
  });
  setHandler(
    closeCampaign,
    async (raw) => {
      const input = closeCampaignInputSchema.parse(raw);
      state.closing ??= { at: Date.now(), by: input.by, ...(input.note ? { note: input.note } : {}), reason: 'closed' };
      // Closed once recorded; the closing emails follow (queued runs), or went out first (older runs).
      await condition(() => (queued ? state.closedAt !== undefined : state.phase === 'closed'));
      return view();
    },
    {
      validator: (raw) => {
        const parsed = closeCampaignInputSchema.safeParse(raw);
        if (!parsed.success) throw ApplicationFailure.nonRetryable(describeIssues(parsed.error).join('；'), 'InvalidInput');
        if (state.phase === 'closed' || state.closing) throw ApplicationFailure.nonRetryable(campaignText.alreadyClosed(spec.id), 'InvalidInput');
      },
    },
  );

  /** The queued notices, in order; level 2 follows only when level 1 told someone (nobody overdue: nothing to escalate). */
  async function sendQueued(): Promise<never> {
    for (;;) {
      await condition(() => (state.outbox?.length ?? 0) > 0);
      const request = state.outbox![0]!;
      const result = await sendCampaignNotices(request);
      if (request.step === 'escalation-1' && result.emails > 0) {
        state.escalation1At = request.at;
        replan = true;
      }
      state.outbox!.shift();
    }
  }

  const run = async (): Promise<CampaignOutcome> => {
    ctx = await loadCampaignContext(campaignCalendarYears(spec, Date.now()));

    /**
     * Sends a notice unless its step is done — queued to the sending loop, or (older runs) at once;
     * notices late by more than a minute say when they really went out.
     */
    async function notify(step: string, kind: CampaignNoticeRequest['kind'], plannedAt: number, extra: Partial<Pick<CampaignNoticeRequest, 'level' | 'week'>> = {}) {
      if (state.done.includes(step)) return { emails: 0, recipients: [] as string[] };
      const request: CampaignNoticeRequest = { campaignId: spec.id, kind, step, at: sentAt(plannedAt, Date.now()), ...extra };
      if (queued) {
        (state.outbox ??= []).push(request);
        state.done.push(step);
        return undefined;
      }
      const result = await sendCampaignNotices(request);
      state.done.push(step);
      return result;
    }

    if (state.phase === 'starting') {
      const { total } = await prepareCampaign(spec);
      state.total = total;
      while (state.started < state.total) {
        const wave = await startCampaignTasks({ campaignId: spec.id, from: state.started, count: CAMPAIGN_WAVE, at: Date.now() });
        state.started += wave.count;
      }
      const now = Date.now();
      await notify('started', 'campaign.started', now);
      await notify('assigned', 'campaign.assigned', now);
      state.counts = await campaignCounts({ campaignId: spec.id, at: Date.now() });
      // Open once set up: its tasks running and the first emails sent (what `campaign start` waits for).
      state.phase = 'open';
    }

    async function perform(step: CampaignStep): Promise<void> {
      switch (step.type) {
        case 'reminder':
          await notify(step.key, 'campaign.reminder', step.at);
          break;
        case 'overdue': {
          await notify('overdue', 'campaign.overdue', step.at);
          const level1 = await notify('escalation-1', 'campaign.escalation', step.at, { level: 1 });
          // Level 2 follows only when level 1 told someone (nobody overdue: nothing to escalate).
          if (level1 && level1.emails > 0) state.escalation1At = sentAt(step.at, Date.now());
          break;
        }
        case 'escalation2':
          await notify(step.key, 'campaign.escalation', step.at, { level: 2 });
          break;
        case 'progress':
          await notify(step.key, 'campaign.progress', step.at, { week: mondayOf(localDateOf(step.at)) });
          break;
      }
      if (!state.done.includes(step.key)) state.done.push(step.key);
    }

    while (state.phase === 'open') {
      if (state.closing) break;
      if (dirty) {
        dirty = false;
        state.counts = await campaignCounts({ campaignId: spec.id, at: Date.now() });
        const c = state.counts;
        if (c.tasks >= state.total && c.open + c.overdue === 0) {
          state.closing = { at: Date.now(), reason: 'completed' };
          break;
        }
      }
      const next = planNextCampaignStep(state, ctx);
      if (next && next.at <= Date.now()) {
        await perform(next);
        continue;
      }
      if (workflowInfo().continueAsNewSuggested || workflowInfo().historyLength > HISTORY_LIMIT) {
        await condition(allHandlersFinished);
        if ((continueWhileBusy || !dirty) && !state.closing) await continueAsNew<typeof campaignWorkflow>({ spec, state });
        continue;
      }
      replan = false;
      const woken = () => dirty || replan || state.closing !== undefined;
      if (next) await condition(woken, Math.max(1, next.at - Date.now()));
      else await condition(woken);
    }

    // Closing: by hand (open tasks cancelled) or because the last task ended.
    const closing = state.closing!;
    state.phase = 'closing';
    if (closing.reason === 'closed') {
      await cancelCampaignTasks({ campaignId: spec.id, reason: `专项行动 ${spec.id} 已结束`, ...(closing.by ? { by: closing.by } : {}) });
    }
    const closedAt = Date.now();
    state.counts = await campaignCounts({ campaignId: spec.id, at: closedAt });
    // Recorded closed first: the ledger the closing email carries says so.
    await recordCampaignClosed({ campaignId: spec.id, at: closedAt, reason: closing.reason, counts: state.counts, ...(closing.by ? { by: closing.by } : {}) });
    const closingNotice = { campaignId: spec.id, kind: 'campaign.closed', step: 'closed', at: closedAt, closing: { reason: closing.reason, ...(closing.by ? { by: closing.by } : {}) } } as const;
    if (queued) {
      state.closedAt = closedAt;
      (state.outbox ??= []).push(closingNotice);
      await condition(() => state.outbox!.length === 0);
    } else {
      await sendCampaignNotices(closingNotice);
      state.closedAt = closedAt;
    }
    state.phase = 'closed';
    await condition(allHandlersFinished);
    return { id: spec.id, reason: closing.reason, closedAt, counts: state.counts };
  };
  // A send that fails for good fails the campaign, as it did when sends were awaited in turn.
  return queued ? Promise.race([run(), sendQueued()]) : run();
}
