// The duty (a rule of the duty calendar) as the engine runs it: one long-running workflow per duty
// (id `duty:<duty id>`) that sleeps until the duty's next opening, starts that opening's task workflows
// and continues as new. Its messages and state live here, shared by the workflow, activities and CLI.

import { defineQuery, defineSignal, defineUpdate } from './messages.ts';
import type { LocalDate } from './time.ts';

export { dutyWorkflowId } from './task.ts';

export interface DutyWorkflowInput {
  dutyId: string;
  /** The last opening day whose tasks this duty has dealt with (started, or skipped while paused). */
  cursor?: LocalDate;
  paused?: boolean;
  /** Start the tasks open today that have no workflow yet (first start, reload, resume, trigger). */
  catchUp?: boolean;
}

/** What the duty workflow asks an activity about its next opening. */
export type NextDutyOpening =
  | { status: 'removed' }
  | { status: 'none' }
  | {
      status: 'tasks';
      opensOn: LocalDate;
      startOn: LocalDate;
      count: number;
      /** Years whose holidays the opening's dates were computed from the lunar calendar for. */
      unconfirmedYears: number[];
      /** `startOn` at the time scheduled notices go out (09:00 by default): when the office head hears of those years. */
      noticeAt?: number;
    };

export interface DutyView {
  dutyId: string;
  paused: boolean;
  cursor?: LocalDate;
  next?: { opensOn: LocalDate; startOn: LocalDate; count: number };
  /** The last start or catch-up: when, and how many task workflows it started. */
  last?: { at: number; started: number; existing: number };
}

export interface StartDutyTasksResult {
  started: number;
  /** Already running or already ended: left as they are. */
  existing: number;
  /** Open tasks whose spec changed (new calendar, new assignee) and were told so. */
  replaced: number;
  /** Open tasks whose enterprise, sector or village left the profile, cancelled. */
  cancelled: number;
  /** Specs the task refused (logged with their problems): not started; the others are. */
  refused: number;
}

/** The profile changed: re-plan now (new scopes, new rules, removed duty). */
export const dutyChanged = defineSignal('dutyChanged');
export const pauseDuty = defineUpdate<DutyView, []>('pauseDuty');
export const resumeDuty = defineUpdate<DutyView, []>('resumeDuty');
/** Start now every task of the duty that is open today and has no workflow (after a pause, say). */
export const triggerDuty = defineUpdate<DutyView, []>('triggerDuty');
export const dutyState = defineQuery<DutyView>('dutyState');
