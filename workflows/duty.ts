// One workflow per duty of the duty calendar (id `duty:<duty id>`): asks an activity for the duty's next
// opening, sleeps until the day its first notice is due (a meeting's invitation comes before the meeting),
// starts that opening's task workflows and continues as new, so its history stays a few dozen events.
// Temporal Schedules cannot express working days and 调休, and the time-skipping server has none: see
// docs/duties.md. A profile reload signals it to re-plan; pause, resume and trigger are Updates.

import { allHandlersFinished, condition, continueAsNew, patched, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import type { createActivities } from '../activities/index.ts';
import {
  dutyChanged,
  dutyState,
  pauseDuty,
  resumeDuty,
  triggerDuty,
  type DutyView,
  type DutyWorkflowInput,
} from '../domain/duty.ts';
import { instantAt, localDateOf } from '../domain/time.ts';

const { nextDutyOpening, noticeUnconfirmedYears } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// Starting a few thousand task workflows takes a while; the activity heartbeats as it goes.
const { startDutyTasks } = proxyActivities<ReturnType<typeof createActivities>>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Nothing scheduled (a `once` duty done, or beyond the calendar): look again after this long. */
const IDLE_RECHECK = '30 days';

export async function dutyWorkflow(input: DutyWorkflowInput): Promise<string> {
  const { dutyId } = input;
  let cursor = input.cursor;
  let paused = input.paused ?? false;
  let catchUp = input.catchUp ?? true;
  let wake = false;
  const view: DutyView = { dutyId, paused };

  const snapshot = (): DutyView => ({ ...view, paused, ...(cursor ? { cursor } : {}) });
  setHandler(dutyState, snapshot);
  setHandler(dutyChanged, () => {
    catchUp = true;
    wake = true;
  });
  setHandler(pauseDuty, () => {
    paused = true;
    return snapshot();
  });
  setHandler(resumeDuty, () => {
    paused = false;
    catchUp = true;
    wake = true;
    return snapshot();
  });
  setHandler(triggerDuty, async () => {
    const result = await startDutyTasks({ dutyId, mode: 'open', day: localDateOf(Date.now()), at: Date.now() });
    view.last = { at: Date.now(), started: result.started, existing: result.existing };
    return snapshot();
  });

  for (;;) {
    const today = localDateOf(Date.now());
    // Cleared before the catch-up: a signal that arrives while it runs asks for another one.
    const catchingUp = catchUp && !paused;
    catchUp = false;
    wake = false;
    if (catchingUp) {
      const result = await startDutyTasks({ dutyId, mode: 'open', day: today, at: Date.now() });
      view.last = { at: Date.now(), started: result.started, existing: result.existing };
      // Every opening up to today is dealt with: its tasks started if still open, none created already past due.
      if (cursor === undefined || cursor < today) cursor = today;
    }

    const next = await nextDutyOpening({ dutyId, after: cursor ?? today });
    if (next.status === 'removed') return `duty ${dutyId} removed from the profile`;
    if (next.status === 'none') {
      delete view.next;
      await condition(() => wake, IDLE_RECHECK);
      continue;
    }
    view.next = { opensOn: next.opensOn, startOn: next.startOn, count: next.count };
    const wait = instantAt(next.startOn) - Date.now();
    if (wait > 0 && (await condition(() => wake, wait))) continue; // re-plan: the profile changed, or resumed

    if (!paused) {
      // Dates from a year without the official arrangement: the office head hears of it (once a year), at the
      // time scheduled notices go out (contract §1). Before this patch it went out with the tasks' start, at 00:00.
      const unconfirmed = next.unconfirmedYears.length > 0;
      const noticeAtNine = patched('calendar-notice-at-notice-time');
      if (unconfirmed && !noticeAtNine) await noticeUnconfirmedYears({ years: next.unconfirmedYears, at: Date.now() });
      const result = await startDutyTasks({ dutyId, mode: 'opening', day: next.opensOn, at: Date.now() });
      view.last = { at: Date.now(), started: result.started, existing: result.existing };
      if (unconfirmed && noticeAtNine) {
        // Signals meanwhile only set flags, which the continue-as-new below carries over.
        const until = (next.noticeAt ?? Date.now()) - Date.now();
        if (until > 0) await sleep(until);
        await noticeUnconfirmedYears({ years: next.unconfirmedYears, at: Date.now() });
      }
    }
    // Signals that arrived meanwhile are carried over: the next run catches up.
    const carry = catchUp || wake;
    await condition(allHandlersFinished);
    await continueAsNew<typeof dutyWorkflow>({ dutyId, cursor: next.opensOn, paused, catchUp: carry });
  }
}
