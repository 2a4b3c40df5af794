// A campaign over 3,000 enterprises on the time-skipping server, proving Temporal's per-execution limits
// are respected (at most 2,000 pending activities or children; history warnings at 10,240 events): the
// campaign workflow starts its tasks from a few sequential wave activities (never a child workflow,
// never more than one activity pending), its history stays small, every task is running and recorded,
// each of the 14 inspectors gets one email with their ~215 enterprises (the ledger attached); 90% of the
// tasks are then completed, and the campaign, signalled by each, continues as new past 4,000 history
// events without losing a count; the close cancels the rest and sends a 3,000-row ledger. Slow
// (minutes): `npm run test:scale`.

import { describe, expect, it } from 'vitest';
import { act } from '../../client/act.ts';
import { campaignProgress, campaignWorkflowId } from '../../domain/campaign.ts';
import { CAMPAIGN_WAVE } from '../../workflows/campaign.ts';
import { startCampaign, waitForSetup } from '../../client/campaigns.ts';
import { close, closingLedger, mails, readSheets, settled } from '../engine/campaign-helpers.ts';
import { DISTRICT_SECTORS, districtProfile } from '../support/district.ts';
import { startEngine } from '../support/engine.ts';

const ENTERPRISES = Number(process.env.ANWEI_SCALE_ENTERPRISES ?? 3000);

describe('a campaign at district scale', () => {
  it(`starts ${ENTERPRISES} quiet task workflows in waves within Temporal's limits, one email per inspector, and closes them all`, async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: districtProfile(ENTERPRISES) });
    await engine.advanceTo('2030-09-02T10:00');
    const began = Date.now();
    const spec = await startCampaign(engine.gateway, { id: 'BIG2030', template: 'safety_month', by: 'lead0' }, await engine.now());
    expect(await waitForSetup(engine.db, spec.id, spec.expected, () => {}, { timeoutMs: 20 * 60_000 })).toBe(true);
    const seconds = (Date.now() - began) / 1000;
    const view = await settled(engine, spec.id);
    console.log(`${ENTERPRISES} tasks running and recorded in ${seconds.toFixed(1)} s (time-skipping server)`);
    expect(view).toMatchObject({ total: ENTERPRISES, started: ENTERPRISES, phase: 'open' });
    expect(await engine.db.prisma.task.count({ where: { dutyId: 'BIG2030' } })).toBe(ENTERPRISES);

    const history = await engine.env.client.workflow.getHandle(campaignWorkflowId('BIG2030')).fetchHistory();
    const events = history.events ?? [];
    let pending = 0;
    let maxPending = 0;
    const scheduled: string[] = [];
    for (const e of events) {
      if (e.activityTaskScheduledEventAttributes) {
        pending++;
        scheduled.push(e.activityTaskScheduledEventAttributes.activityType?.name ?? '');
      }
      if (e.activityTaskCompletedEventAttributes || e.activityTaskFailedEventAttributes || e.activityTaskTimedOutEventAttributes || e.activityTaskCanceledEventAttributes) pending--;
      maxPending = Math.max(maxPending, pending);
      expect(e.startChildWorkflowExecutionInitiatedEventAttributes ?? null).toBeNull();
    }
    console.log(`campaign history: ${events.length} events, ${scheduled.length} activities, at most ${maxPending} pending`);
    expect(events.length).toBeLessThan(200);
    expect(maxPending).toBe(1);
    expect(scheduled.filter((name) => name === 'startCampaignTasks')).toHaveLength(Math.ceil(ENTERPRISES / CAMPAIGN_WAVE));

    const assigned = (await mails(engine, 'BIG2030')).filter((m) => m.kind === 'campaign.assigned');
    expect(assigned).toHaveLength(DISTRICT_SECTORS);
    expect(new Set(assigned.map((m) => m.to.join()))).toHaveLength(DISTRICT_SECTORS);
    expect(assigned.every((m) => m.attachments.length === 1)).toBe(true);

    // ── Most tasks are done over a morning: each ends by signalling the campaign, whose history passes
    // 4,000 events and continues as new while the completions keep coming; nothing is lost on the way. ──
    await engine.advanceTo('2030-09-03T10:00');
    const handle = engine.env.client.workflow.getHandle(campaignWorkflowId('BIG2030'));
    const firstRun = (await handle.describe()).runId;
    const tasks = await engine.db.prisma.task.findMany({ where: { dutyId: 'BIG2030' }, select: { id: true, assigneeId: true }, orderBy: { id: 'asc' } });
    const toComplete = tasks.slice(0, Math.floor(ENTERPRISES * 0.9));
    const completing = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < toComplete.length) {
          const task = toComplete[next++]!;
          await act(engine.gateway, 'task', task.id, 'complete', { by: task.assigneeId, evidence: '已检查' });
        }
      }),
    );
    let counted = await handle.query(campaignProgress);
    for (let i = 0; i < 600 && counted.counts?.done !== toComplete.length; i++) {
      await new Promise((r) => setTimeout(r, 200));
      counted = await handle.query(campaignProgress);
    }
    expect(counted.counts).toMatchObject({ done: toComplete.length, open: ENTERPRISES - toComplete.length });
    const lastRun = (await handle.describe()).runId;
    const firstHistory = (await engine.env.client.workflow.getHandle(campaignWorkflowId('BIG2030'), firstRun).fetchHistory()).events ?? [];
    console.log(
      `${toComplete.length} completions in ${((Date.now() - completing) / 1000).toFixed(1)} s; the first run ended after ${firstHistory.length} events, ` +
        `${lastRun === firstRun ? 'not continued' : 'continued as new'}`,
    );
    expect(lastRun).not.toBe(firstRun);
    expect(firstHistory.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    expect(firstHistory.length).toBeLessThan(10_240);
    expect(await engine.db.prisma.campaign.findUniqueOrThrow({ where: { id: 'BIG2030' } })).toMatchObject({ tasksDone: toComplete.length });

    await close(engine, 'BIG2030', 'lead0');
    expect(await engine.db.prisma.task.count({ where: { dutyId: 'BIG2030', status: 'cancelled' } })).toBe(ENTERPRISES - toComplete.length);
    expect(await engine.db.prisma.task.count({ where: { dutyId: 'BIG2030', status: 'done' } })).toBe(toComplete.length);
    const sheets = await readSheets(await closingLedger(engine, 'BIG2030'));
    expect(sheets['检查任务']!.length).toBe(ENTERPRISES + 1);
  });
});
