// The duty task rules of contract §4 as pure functions over TaskState: the start, transitions
// (complete, cancel, replace the spec: what changes and who is told) and the planner (which scheduled
// step comes next, and when). The workflow only wires them to activities.

import { WorkCalendar } from './calendar.ts';
import { sentAt, type Audience } from './notices.ts';
import {
  cancelTask,
  cancelTaskInputSchema,
  completeTask,
  completeTaskInputSchema,
  replaceTaskSpec,
  replaceTaskSpecInputSchema,
  type CancelTaskInput,
  type CompleteTaskInput,
  type MeetingSpec,
  type QueuedTaskNotice,
  type ReplaceTaskSpecInput,
  type TaskContext,
  type TaskNoticeFacts,
  type TaskNoticeKind,
  type TaskSpec,
  type TaskState,
  type TaskView,
  taskEventKey,
  taskWorkflowId,
} from './task.ts';
import { InputRefused } from './errors.ts';
import { action, escalationStep, markStepDone, noticeStep, overdueStep, unknownPeople, type Action, type LedgerEvent, type ObligationStart, type RecordRequest, type ScheduledStep, type StepNotice, type Transition } from './obligation.ts';
import type { z } from './schema.ts';
import { taskText as t } from './text/task.ts';
import { daysBetween, endOfDay, formatLocalMinute, instantAt, localDateOf, type LocalDate } from './time.ts';

/** Thrown for input the engine refuses. The message is for the person who typed it. */
export class TaskInputError extends InputRefused {
  override name = 'TaskInputError';
}

/** A spec reaching past the calendar the workflow loaded: it widens the calendar and checks again. */
export class OutsideTaskCalendarError extends TaskInputError {
  override name = 'OutsideTaskCalendarError';
}

function refuse(message: string | readonly string[]): never {
  throw new TaskInputError(message);
}

function requirePeople(ctx: TaskContext, input: { by?: string }): void {
  const unknown = unknownPeople(input, ctx.people);
  if (unknown.length) refuse(unknown);
}

const LEVEL2: Audience[] = ['town_head', 'party_secretary'];

function calendarOf(ctx: TaskContext): WorkCalendar {
  return new WorkCalendar(ctx.calendar);
}

/** The years of calendar a spec needs: its opening (or invitation) to well past its due date. */
export function calendarYearsFor(spec: TaskSpec, now: number): { fromYear: number; toYear: number } {
  const days = [spec.opensOn, spec.due, localDateOf(now), ...(spec.meeting ? [spec.meeting.inviteOn, spec.meeting.date] : [])];
  const years = days.map((d) => Number(d.slice(0, 4)));
  // Escalation runs a few working days past the due date: into next January at most.
  return { fromYear: Math.min(...years) - 1, toYear: Math.max(...years) + 1 };
}

/** Refuses a spec whose days the context's calendar does not cover (the workflow must widen it first). */
function requireCovered(spec: TaskSpec, ctx: TaskContext): void {
  const cal = calendarOf(ctx);
  for (const day of [spec.opensOn, spec.due, ...(spec.meeting ? [spec.meeting.inviteOn, spec.meeting.date] : [])]) {
    if (!cal.covers(day)) throw new OutsideTaskCalendarError(t.beyondCalendar(day, cal.from, cal.to));
  }
}

/** JSON with sorted keys: two specs are the same when they say the same, whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function sameSpec(a: TaskSpec, b: TaskSpec): boolean {
  return canonical(a) === canonical(b);
}

/** What an invitation says: a change in any of it is a new SEQUENCE. */
function meetingChanged(before: { meeting: MeetingSpec; title: string }, spec: TaskSpec): boolean {
  const m = spec.meeting!;
  const b = before.meeting;
  return (
    before.title !== spec.title ||
    b.date !== m.date ||
    b.time !== m.time ||
    b.durationMinutes !== m.durationMinutes ||
    (b.location ?? '') !== (m.location ?? '') ||
    canonical([...b.attendees].sort()) !== canonical([...m.attendees].sort())
  );
}

function facts(state: TaskState, extra: Partial<TaskNoticeFacts> = {}): TaskNoticeFacts {
  return { due: state.spec.due, dueTrace: state.spec.dueTrace, ...extra };
}

// ---------------------------------------------------------------------------------------------
// Start and transitions. Each validates against the current state and returns the next state, the
// event to record, and the notices to queue. They never mutate their input.

export type TaskTransition = Transition<TaskState, QueuedTaskNotice>;

export function start(spec: TaskSpec, ctx: TaskContext, now: number): TaskTransition {
  requireCovered(spec, ctx);
  const state: TaskState = {
    spec,
    startedAt: now,
    status: 'open',
    revision: 1,
    specSetAt: now,
    dueSetAt: now,
    escalations: [],
    done: [],
    outbox: [],
  };
  return {
    state,
    event: { type: 'started', detail: { opensOn: spec.opensOn, due: spec.due, assignee: spec.assigneeId } },
    notices: [],
  };
}

function requireOpen(state: TaskState): void {
  const c = state.completion;
  if (c) refuse(t.alreadyDone(state.spec.id, c.by, formatLocalMinute(c.at)));
  if (state.cancellation) refuse(t.alreadyCancelled(state.spec.id));
}

export function complete(state: TaskState, input: CompleteTaskInput, ctx: TaskContext, now: number): TaskTransition {
  requireOpen(state);
  requirePeople(ctx, input);
  // Late once the due date has ended (contract §4: a task completed late stays on record as late).
  const late = now >= endOfDay(state.spec.due);
  const completion = { at: now, by: input.by, evidence: input.evidence, ...(input.note ? { note: input.note } : {}), late };
  return {
    state: { ...state, status: 'done', completion },
    event: {
      type: 'completed',
      by: input.by,
      evidence: input.evidence,
      detail: { late, ...(late ? { daysLate: daysBetween(state.spec.due, localDateOf(now)) } : {}), ...(input.note ? { note: input.note } : {}) },
    },
    notices: [],
  };
}

/** The invitation withdrawn (METHOD:CANCEL, SEQUENCE + 1), to the people it went to. */
function withdrawal(state: TaskState, now: number, reason: string): QueuedTaskNotice[] {
  const invited = state.invited;
  if (!invited) return [];
  const sequence = invited.sequence + 1;
  const spec: TaskSpec = { ...state.spec, title: invited.title, meeting: invited.meeting };
  return [
    {
      step: `invite-${sequence}-cancel`,
      kind: 'meeting.invite',
      at: now,
      audience: ['attendees'],
      spec,
      facts: facts(state, { invite: { method: 'CANCEL', sequence, reason } }),
    },
  ];
}

export function cancel(state: TaskState, input: CancelTaskInput, ctx: TaskContext, now: number): TaskTransition {
  requireOpen(state);
  requirePeople(ctx, input);
  const notices = withdrawal(state, now, input.reason);
  const next: TaskState = {
    ...state,
    status: 'cancelled',
    cancellation: { at: now, reason: input.reason, ...(input.by ? { by: input.by } : {}) },
    ...(state.invited && notices.length ? { invited: { ...state.invited, sequence: state.invited.sequence + 1, at: now } } : {}),
  };
  return {
    state: next,
    event: { type: 'cancelled', ...(input.by ? { by: input.by } : {}), detail: { reason: input.reason } },
    notices,
  };
}

/**
 * A new spec for the task. Undefined when it says what the current one says (the duty calendar may
 * send the same spec again). A changed due date restarts reminders and escalation; people already told
 * are told again: the assignee (new due date or a new assignee) and the attendees (a new SEQUENCE).
 */
export function replaceSpec(state: TaskState, input: ReplaceTaskSpecInput, ctx: TaskContext, now: number): TaskTransition | undefined {
  if (state.completion) refuse(t.cannotReplaceDone(state.spec.id));
  if (state.cancellation) refuse(t.alreadyCancelled(state.spec.id));
  const spec = input.spec;
  if (spec.id !== state.spec.id) refuse(t.idMismatch(spec.id, state.spec.id));
  requirePeople(ctx, input);
  if (sameSpec(spec, state.spec)) return undefined;
  requireCovered(spec, ctx);

  const before = state.spec;
  const dueChanged = spec.due !== before.due;
  const assigneeChanged = spec.assigneeId !== before.assigneeId;
  const revision = state.revision + 1;
  let next: TaskState = {
    ...state,
    spec,
    revision,
    specSetAt: now,
    ...(dueChanged ? { dueSetAt: now, escalations: [], status: 'open' as const } : {}),
  };
  const notices: QueuedTaskNotice[] = [];
  if (state.done.includes('assigned') && (dueChanged || assigneeChanged)) {
    notices.push({
      step: `assigned-r${revision}`,
      kind: 'duty.assigned',
      at: now,
      audience: ['assignee'],
      spec,
      facts: facts(next, {
        ...(dueChanged ? { previousDue: before.due } : {}),
        ...(assigneeChanged ? { previousAssigneeId: before.assigneeId } : {}),
      }),
    });
  }
  const invited = state.invited;
  // A meeting already held is not invited to again, nor withdrawn: a later change (a person leaving or
  // joining, the minutes' due date) concerns only the minutes.
  const held = invited !== undefined && now >= instantAt(invited.meeting.date, invited.meeting.time);
  if (invited && !held) {
    if (!spec.meeting) {
      notices.push(...withdrawal(state, now, input.reason ?? ''));
      next = { ...next, invited: { ...invited, sequence: invited.sequence + 1, at: now } };
    } else if (meetingChanged(invited, spec)) {
      const sequence = invited.sequence + 1;
      notices.push({
        step: `invite-${sequence}`,
        kind: 'meeting.invite',
        at: now,
        audience: ['attendees'],
        spec,
        facts: facts(next, { invite: { method: 'REQUEST', sequence, ...(input.reason ? { reason: input.reason } : {}) } }),
      });
      next = { ...next, invited: { sequence, at: now, meeting: spec.meeting, title: spec.title } };
    }
  }
  const changed = Object.keys({ ...before, ...spec }).filter((k) => canonical((before as unknown as Record<string, unknown>)[k]) !== canonical((spec as unknown as Record<string, unknown>)[k]));
  return {
    state: next,
    event: {
      type: 'rescheduled',
      ...(input.by ? { by: input.by } : {}),
      detail: {
        revision,
        changed: changed.sort(),
        ...(dueChanged ? { due: spec.due, previousDue: before.due } : {}),
        ...(input.reason ? { reason: input.reason } : {}),
      },
    },
    notices,
  };
}

// ---------------------------------------------------------------------------------------------
// The planner: the next scheduled step for the state as it is now.

export type PlannedTaskNotice = StepNotice<TaskNoticeKind, TaskNoticeFacts>;

export type TaskStepType = 'invite' | 'assigned' | 'reminder' | 'due_passed' | 'overdue' | 'escalation';

export type TaskStep = ScheduledStep<TaskStepType, PlannedTaskNotice>;

function overdueFacts(cal: WorkCalendar, due: LocalDate, at: number): Partial<TaskNoticeFacts> {
  return cal.lateness(due, localDateOf(at));
}

/** The first meeting invitation, at the notice time on its day (at once when started later, never after the meeting began). */
function inviteStep(state: TaskState, ctx: TaskContext): TaskStep | undefined {
  const meeting = state.spec.meeting;
  if (!meeting || state.invited) return undefined;
  const key = 'invite-0';
  if (state.done.includes(key)) return undefined;
  if (instantAt(meeting.date, meeting.time) <= state.specSetAt) return undefined;
  return noticeStep('invite', key, instantAt(meeting.inviteOn, ctx.policy.noticeTime), 'meeting.invite', ['attendees'], facts(state, { invite: { method: 'REQUEST', sequence: 0 } }));
}

/** assigned → reminder → the due date ends → overdue with level 1 → level 2: the next one not yet done. */
function dutyStep(state: TaskState, ctx: TaskContext): TaskStep | undefined {
  const { spec } = state;
  const cal = calendarOf(ctx);
  const policy = ctx.policy;
  const at09 = (day: LocalDate) => instantAt(day, policy.noticeTime);
  const done = new Set(state.done);

  const assignedAt = at09(spec.opensOn);
  if (!done.has('assigned')) {
    return noticeStep('assigned', 'assigned', assignedAt, 'duty.assigned', ['assignee'], facts(state));
  }

  const prefix = spec.due;
  const reminderKey = `${prefix}:reminder`;
  const reminderAt = at09(cal.nthWorkingDayBefore(spec.due, spec.reminderWorkdaysBefore ?? policy.reminderWorkdaysBefore).date);
  // Not when its moment had passed as the due date was set, nor when it would not come after the assignment.
  if (!done.has(reminderKey) && reminderAt > state.dueSetAt && reminderAt > assignedAt) {
    return noticeStep('reminder', reminderKey, reminderAt, 'duty.reminder', ['assignee'], facts(state));
  }

  const passedKey = `${prefix}:due-passed`;
  if (!done.has(passedKey)) return { key: passedKey, at: endOfDay(spec.due), type: 'due_passed', notices: [] };

  if (!done.has(`${prefix}:overdue`)) {
    const at = at09(cal.firstWorkingDayAfter(spec.due).date);
    const late = overdueFacts(cal, spec.due, at);
    return overdueStep(
      prefix,
      at,
      { overdue: 'duty.overdue', escalation: 'duty.escalation' },
      { overdue: ['assignee'], level1: [spec.level1] },
      (escalationLevel) => facts(state, { ...late, ...(escalationLevel ? { escalationLevel } : {}) }),
    );
  }

  const last = state.escalations.at(-1);
  if (!last || last.level !== 1) return undefined; // level 2 is the top: nothing higher to tell
  const key = `${prefix}:escalation-2`;
  if (done.has(key)) return undefined;
  const at = at09(cal.nthWorkingDayAfter(localDateOf(last.at), spec.escalationWorkdays ?? policy.escalationWorkdays).date);
  return escalationStep(key, at, 'duty.escalation', LEVEL2, 2, facts(state, { ...overdueFacts(cal, spec.due, at), escalationLevel: 2 }));
}

/** The next scheduled step not yet performed, or undefined when nothing is scheduled. */
export function planNextStep(state: TaskState, ctx: TaskContext): TaskStep | undefined {
  if (state.status === 'done' || state.status === 'cancelled') return undefined;
  const invite = inviteStep(state, ctx);
  const duty = dutyStep(state, ctx);
  if (invite && duty) return duty.at < invite.at ? duty : invite;
  return invite ?? duty;
}

/** The state after a scheduled step was performed; `recipients` are who each escalation reached. */
export function afterStep(state: TaskState, step: TaskStep, at: number, recipients: Record<string, string[]>): TaskState {
  const next = markStepDone(state, step, at, recipients);
  if (step.type === 'due_passed') next.status = 'overdue';
  if (step.type === 'invite' && state.spec.meeting) next.invited = { sequence: 0, at, meeting: state.spec.meeting, title: state.spec.title };
  return next;
}

/**
 * The ledger event a performed step leaves. `recipients` (who each notice reached, by id) are given by
 * workflows that sent before recording; a step recorded before its notices are sent has them in the outbox.
 */
export function stepEvent(step: TaskStep, after: TaskState, recipients?: Record<string, string[]>): LedgerEvent {
  const to = recipients ? { recipients: Object.values(recipients).flat() } : {};
  switch (step.type) {
    case 'invite':
      return { type: 'invited', detail: { step: step.key, sequence: 0, ...to } };
    case 'assigned':
      return { type: 'assigned', detail: { step: step.key, ...to } };
    case 'reminder':
      return { type: 'reminded', detail: { step: step.key, ...to } };
    case 'due_passed':
      return { type: 'overdue', detail: { step: step.key, due: after.spec.due } };
    case 'overdue':
    case 'escalation':
      return { type: 'escalated', detail: { step: step.key, level: after.escalations.at(-1)?.level ?? 0, ...to } };
  }
}

/**
 * A scheduled step as a transition: the step done, the event recorded, its notices queued to be sent at
 * `at` — none for a campaign's task, whose campaign tells people (one email per recipient).
 */
export function stepTransition(state: TaskState, step: TaskStep, at: number): TaskTransition {
  const after = afterStep(state, step, at, {});
  const notices = state.spec.campaign ? [] : step.notices.map((n) => ({ step: n.step, kind: n.kind, at, scheduled: true as const, audience: n.audience, spec: state.spec, facts: n.facts }));
  return { state: after, event: stepEvent(step, after), notices };
}

/** The next step that tells someone: a step without notices (the due date ending) is looked past. */
export function nextNotice(state: TaskState, ctx: TaskContext): TaskStep | undefined {
  let s = state;
  for (let i = 0; i < 8; i++) {
    const step = planNextStep(s, ctx);
    if (!step || step.notices.length > 0) return step;
    s = afterStep(s, step, step.at, {});
  }
  return undefined;
}

/** When the task next tells someone; null when nothing is scheduled. */
export function nextNoticeAt(state: TaskState, ctx: TaskContext): number | null {
  return nextNotice(state, ctx)?.at ?? null;
}

export function isFinished(state: TaskState): boolean {
  return (state.status === 'done' || state.status === 'cancelled') && state.outbox.length === 0;
}

export function viewOf(state: TaskState, ctx: TaskContext | undefined): TaskView {
  const next = ctx && state.outbox.length === 0 ? nextNotice(state, ctx) : undefined;
  const first = next?.notices[0];
  const { spec } = state;
  return {
    id: spec.id,
    dutyId: spec.dutyId,
    title: spec.title,
    period: spec.period,
    ...(spec.scope ? { scope: spec.scope } : {}),
    assigneeId: spec.assigneeId,
    status: state.status,
    opensOn: spec.opensOn,
    due: spec.due,
    dueTrace: spec.dueTrace,
    late: state.completion?.late ?? false,
    ...(state.completion ? { completedAt: state.completion.at, completedBy: state.completion.by } : {}),
    ...(state.cancellation ? { cancelledAt: state.cancellation.at } : {}),
    escalationLevel: state.escalations.at(-1)?.level ?? 0,
    revision: state.revision,
    ...(spec.meeting
      ? {
          meeting: {
            date: spec.meeting.date,
            time: spec.meeting.time,
            ...(spec.meeting.location ? { location: spec.meeting.location } : {}),
            ...(state.invited ? { invitedSequence: state.invited.sequence } : {}),
          },
        }
      : {}),
    ...(next && first ? { next: { step: next.key, kind: first.kind, at: next.at } } : {}),
  };
}

/** An event a quiet start leaves in the ledger, with the task's state after it. */
export type PreparedTaskEvent = RecordRequest<TaskState>;

/**
 * A task's start taken by its starter at `now` (see ObligationStart `prepared`): the start, then every
 * step already due that tells nobody, taken as the workflow takes them (stepTransition) — for a
 * campaign's task every step, since its notices are the campaign's to send — with the events to record
 * and when the task next has something to do. A step that tells someone is left to the workflow: it
 * wakes for it at once.
 */
export function prepareStart(spec: TaskSpec, ctx: TaskContext, now: number): { start: Extract<ObligationStart<TaskState, TaskContext>, { type: 'prepared' }>; events: PreparedTaskEvent[] } {
  const quiet = (step: TaskStep) => Boolean(spec.campaign) || step.notices.length === 0;
  const events: PreparedTaskEvent[] = [];
  const record = (task: TaskState, event: LedgerEvent, at: number) =>
    events.push({ key: taskEventKey(taskWorkflowId(spec.id), events.length + 1, event.type), at, state: task, event, nextNoticeAt: nextNoticeAt(task, ctx) });
  const started = start(spec, ctx, now);
  record(started.state, started.event, now);
  let state = started.state;
  for (let next = planNextStep(state, ctx); next && next.at <= now && quiet(next); next = planNextStep(state, ctx)) {
    const at = sentAt(next.at, now);
    const step = stepTransition(state, next, at);
    record(step.state, step.event, at);
    state = step.state;
  }
  const wakeAt = planNextStep(state, ctx)?.at;
  return { start: { type: 'prepared', state, recorded: events.length, ...(wakeAt === undefined ? {} : { wakeAt }), context: ctx }, events };
}

/**
 * Whether a starter's context still serves the task at `at` (its wake-up): its calendar covers the years
 * the task needs then, as the context the workflow would load covers them (calendarYearsFor).
 */
export function contextServes(ctx: TaskContext, state: TaskState, at: number): boolean {
  const { fromYear, toYear } = calendarYearsFor(state.spec, at);
  const cal = calendarOf(ctx);
  return cal.covers(`${fromYear}-01-01`) && cal.covers(`${toYear}-12-31`);
}

/** Every action on a started task: the workflow applies these rules, and client/act.ts checks with them first. */
export const TASK_ACTIONS = {
  complete: action(completeTask, completeTaskInputSchema, complete),
  cancel: action(cancelTask, cancelTaskInputSchema, cancel),
  replace: action(replaceTaskSpec, replaceTaskSpecInputSchema as z.ZodType<ReplaceTaskSpecInput>, replaceSpec),
} satisfies Record<string, Action<TaskState, TaskContext, TaskView>>;
