// The hazard rectification rules of contract §3 as pure functions over HazardState:
// validators (refuse bad input, change nothing), transitions (what an accepted input changes and who
// is told) and the planner (which scheduled notice comes next, and when). The workflow only wires them.

import { WorkCalendar, computeDeadline, type DeadlineForm } from './calendar.ts';
import {
  PLAN_PARTS,
  PRINCIPAL,
  acknowledgeEscalation,
  ackInputSchema,
  decideExtension as decideExtensionUpdate,
  decideInputSchema,
  extendInputSchema,
  requestExtension as requestExtensionUpdate,
  submitInputSchema,
  submitRectification,
  verifyInputSchema,
  verifyRectification,
  type AckInput,
  type DecideInput,
  type ExtendInput,
  type HazardContext,
  type HazardState,
  type HazardView,
  type QueuedNotice,
  type ReportInput,
  type SubmitInput,
  type VerifyInput,
} from './hazard.ts';
import type { Audience, HazardNoticeFacts, HazardNoticeKind } from './notices.ts';
import { InputRefused } from './errors.ts';
import { action, escalationStep, markStepDone, noticeStep, overdueStep, unknownPeople, type Action, type LedgerEvent, type ScheduledStep as Step, type StepNotice, type Transition as ObligationTransition } from './obligation.ts';
import { hazardText as t } from './text/hazard.ts';
import { addDays, daysBetween, endOfDay, instantAt, localDateOf, type LocalDate } from './time.ts';

/** Thrown for input the engine refuses. The message is for the person who typed it. */
export class HazardInputError extends InputRefused {
  override name = 'HazardInputError';
}

function refuse(message: string | readonly string[]): never {
  throw new HazardInputError(message);
}

const ESCALATION_AUDIENCE: Readonly<Record<1 | 2, readonly Audience[]>> = {
  1: ['sector_leader'],
  2: ['town_head', 'party_secretary'],
};

const CLOSED_AUDIENCE: Readonly<Record<'general' | 'major', readonly Audience[]>> = {
  general: ['principal', 'sector_inspector', 'sector_leader'],
  major: ['principal', 'sector_inspector', 'sector_leader', 'town_head', 'party_secretary'],
};

function calendarOf(ctx: HazardContext): WorkCalendar {
  return new WorkCalendar(ctx.calendar);
}

function requirePeople(ctx: HazardContext, input: { by?: string }): void {
  const unknown = unknownPeople(input, ctx.people);
  if (unknown.length) refuse(unknown);
}

/** A deadline's due date, refused when it is not after `from`'s day (a deadline must leave time) or the calendar cannot count it. */
function dueFor(ctx: HazardContext, form: DeadlineForm, from: LocalDate, notBefore: LocalDate) {
  if ('date' in form) {
    if (form.date < notBefore) refuse(t.deadlineInPast(form.date, notBefore));
    if (form.date > ctx.calendar.to) refuse(t.deadlineBeyondCalendar(form.date, ctx.calendar.to));
  }
  try {
    return computeDeadline(calendarOf(ctx), form, from);
  } catch (error) {
    if (error instanceof RangeError) refuse(error.message);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Transitions. Each validates against the current state and returns the next state, the event
// to record, and the notices to queue. They never mutate their input.

export type Transition = ObligationTransition<HazardState, QueuedNotice>;

function facts(state: HazardState, extra: Partial<HazardNoticeFacts> = {}): HazardNoticeFacts {
  return { due: state.due, dueTrace: state.dueTrace, ...extra };
}

function notice(state: HazardState, step: string, kind: HazardNoticeKind, at: number, audience: readonly Audience[], extra?: Partial<HazardNoticeFacts>): QueuedNotice {
  return { step, kind, at, audience, facts: facts(state, extra) };
}

/** A report, checked whole: every problem is named at once, each with its field. */
export function report(existing: HazardState | undefined, input: ReportInput, ctx: HazardContext, now: number): Transition {
  const problems: string[] = [];
  if (existing) problems.push(t.duplicate(input.id));
  if (!ctx.enterprise.active || ctx.enterprise.id !== input.enterprise) problems.push(`enterprise: ${t.unknownEnterprise(input.enterprise)}`);
  problems.push(...unknownPeople(input, ctx.people));
  if (input.level === 'major') {
    const missing = PLAN_PARTS.filter((part) => !input.plan?.[part]?.trim());
    const unknown = Object.keys(input.plan ?? {}).filter((k) => !(PLAN_PARTS as readonly string[]).includes(k));
    if (missing.length) problems.push(`plan: ${t.planMissing(missing)}`);
    if (unknown.length) problems.push(`plan: ${t.planUnknown(unknown)}`);
    if (!('date' in input.deadline)) problems.push(`deadline: ${t.majorNeedsDate}`);
  }
  const today = localDateOf(now);
  let d: ReturnType<typeof dueFor> | undefined;
  try {
    d = dueFor(ctx, input.deadline, today, today);
  } catch (error) {
    if (!(error instanceof HazardInputError)) throw error;
    problems.push(`deadline: ${error.message}`);
  }
  if (problems.length || !d) refuse(problems);
  const state: HazardState = {
    id: input.id,
    enterpriseId: input.enterprise,
    sectorId: ctx.enterprise.sectorId,
    level: input.level,
    description: input.description,
    ...(input.location ? { location: input.location } : {}),
    ...(input.campaign ? { campaignId: input.campaign } : {}),
    ...(input.plan && input.level === 'major' ? { plan: input.plan } : {}),
    reportedBy: input.by,
    reportedAt: now,
    status: 'open',
    round: 1,
    deadline: input.deadline,
    due: d.due,
    dueTrace: d.trace,
    dueSetAt: now,
    extensionsUsed: 0,
    escalations: [],
    done: [],
    outbox: [],
  };
  const notices = [notice(state, 'report:assigned', 'hazard.assigned', now, ['principal', 'sector_inspector'])];
  if (state.level === 'major') {
    notices.push(notice(state, 'report:major-listed', 'hazard.major_listed', now, ['town_head', 'party_secretary', 'sector_leader']));
  }
  return {
    state,
    event: { type: 'reported', by: input.by, detail: { level: input.level, deadline: input.deadline, due: d.due } },
    notices,
    deadline: { form: input.deadline, from: today, ...d },
  };
}

function requireOpen(state: HazardState): void {
  if (state.status === 'submitted') refuse(t.alreadySubmitted(state.id));
  if (state.status === 'closed') refuse(t.alreadyClosed(state.id));
}

export function acknowledge(state: HazardState, input: AckInput, ctx: HazardContext, now: number): Transition {
  requireOpen(state);
  requirePeople(ctx, input);
  const last = state.escalations.at(-1);
  if (!last) refuse(t.nothingToAcknowledge(state.id));
  if (state.acknowledged && state.acknowledged.at >= last.at) refuse(t.alreadyAcknowledged(state.id, state.acknowledged.by));
  const recipients = new Set(state.escalations.flatMap((e) => e.recipients));
  if (!recipients.has(input.by)) refuse(t.notEscalationRecipient(input.by, [...recipients]));
  return {
    state: { ...state, acknowledged: { at: now, by: input.by } },
    event: { type: 'acknowledged', by: input.by, detail: { level: last.level, ...(input.note ? { note: input.note } : {}) } },
    notices: [],
  };
}

export function submit(state: HazardState, input: SubmitInput, ctx: HazardContext, now: number): Transition {
  requireOpen(state);
  requirePeople(ctx, input);
  const by = input.by ?? PRINCIPAL;
  const verifyBy = addDays(localDateOf(now), ctx.policy.verificationDays);
  const { pendingExtension: _dropped, ...rest } = state;
  const next: HazardState = { ...rest, status: 'submitted', submission: { at: now, by, evidence: input.evidence } };
  return {
    state: next,
    event: { type: 'submitted', by, evidence: input.evidence, detail: { verifyBy } },
    notices: [
      // The inspector who recorded the submission may not verify it: the sector leader is asked too.
      notice(next, `r${state.round}:verification-requested`, 'hazard.verification_requested', now, by === ctx.sector.inspectorId ? ['sector_inspector', 'sector_leader'] : ['sector_inspector'], {
        submission: { evidence: input.evidence, by, at: now },
        verifyBy,
      }),
    ],
  };
}

export function verify(state: HazardState, input: VerifyInput, ctx: HazardContext, now: number): Transition {
  if (state.status === 'open') refuse(t.notSubmitted(state.id));
  if (state.status === 'closed') refuse(t.alreadyClosed(state.id));
  requirePeople(ctx, input);
  const submission = state.submission!;
  if (input.by === submission.by) refuse(t.verifierIsSubmitter(input.by));
  const verification = { result: input.result, by: input.by, at: now, ...(input.note ? { note: input.note } : {}) };
  if (input.result === 'pass') {
    const next: HazardState = { ...state, status: 'closed', closedAt: now };
    return {
      state: next,
      event: { type: 'closed', by: input.by, detail: { verification } },
      notices: [notice(next, 'closed', 'hazard.closed', now, CLOSED_AUDIENCE[state.level], { submission, verification })],
    };
  }
  if (!input.deadline) refuse(t.rejectionNeedsDeadline);
  const today = localDateOf(now);
  const d = dueFor(ctx, input.deadline, today, today);
  const { submission: _s, acknowledged: _a, ...rest } = state;
  const next: HazardState = {
    ...rest,
    status: 'open',
    round: state.round + 1,
    deadline: input.deadline,
    due: d.due,
    dueTrace: d.trace,
    dueSetAt: now,
    escalations: [],
  };
  return {
    state: next,
    event: { type: 'rejected', by: input.by, detail: { verification, deadline: input.deadline, due: d.due } },
    notices: [
      notice(next, `r${next.round}:rejected`, 'hazard.rejected', now, ['principal', 'sector_inspector'], {
        submission,
        verification: { ...verification, newDue: d.due, newTrace: d.trace },
      }),
    ],
    deadline: { form: input.deadline, from: today, ...d },
  };
}

export function requestExtension(state: HazardState, input: ExtendInput, ctx: HazardContext, now: number): Transition {
  requireOpen(state);
  requirePeople(ctx, input);
  if (now >= endOfDay(state.due)) refuse(t.extensionTooLate(state.due));
  if (state.pendingExtension) refuse(t.extensionPending(state.pendingExtension.due));
  const max = ctx.policy.maxExtensions;
  if (state.extensionsUsed >= max) refuse(t.extensionLimit(max));
  // Only a date before today is "in the past"; one up to the current due date is not later than it.
  const d = dueFor(ctx, input.deadline, state.due, localDateOf(now));
  if (d.due <= state.due) refuse(t.extensionNotLater(d.due, state.due));
  const limit = ctx.policy.maxExtensionDays;
  if (limit !== null && daysBetween(state.due, d.due) > limit) refuse(t.extensionTooLong(limit, d.due));
  const by = input.by ?? PRINCIPAL;
  const n = state.extensionsUsed + 1;
  const pending = { n, at: now, by, reason: input.reason, deadline: input.deadline, due: d.due, trace: d.trace };
  const next: HazardState = { ...state, pendingExtension: pending };
  return {
    state: next,
    event: { type: 'extension_requested', by, detail: { reason: input.reason, deadline: input.deadline, due: d.due } },
    notices: [
      notice(next, `extension-${n}:requested`, 'hazard.extension_requested', now, ['sector_leader'], {
        extension: { reason: input.reason, requestedBy: by, requestedDue: d.due, requestedTrace: d.trace },
      }),
    ],
  };
}

export function decideExtension(state: HazardState, input: DecideInput, ctx: HazardContext, now: number): Transition {
  const pending = state.pendingExtension;
  if (!pending) refuse(t.noPendingExtension(state.id));
  requirePeople(ctx, input);
  if (input.by !== ctx.sector.leaderId) refuse(t.notSectorLeader(input.by, ctx.sector.leaderId));
  const extension = {
    reason: pending.reason,
    requestedBy: pending.by,
    requestedDue: pending.due,
    requestedTrace: pending.trace,
    approved: input.approve,
    decidedBy: input.by,
    ...(input.note ? { note: input.note } : {}),
  };
  const { pendingExtension: _p, ...rest } = state;
  // A request counts toward the limit whatever the decision: "延期只能申请一次".
  const base: HazardState = { ...rest, extensionsUsed: state.extensionsUsed + 1 };
  const next: HazardState = input.approve
    ? { ...base, deadline: pending.deadline, due: pending.due, dueTrace: pending.trace, dueSetAt: now, escalations: [] }
    : base;
  if (input.approve) delete next.acknowledged;
  return {
    state: next,
    event: {
      type: input.approve ? 'extension_approved' : 'extension_denied',
      by: input.by,
      detail: { due: next.due, requestedDue: pending.due, ...(input.note ? { note: input.note } : {}) },
    },
    notices: [notice(next, `extension-${pending.n}:decided`, 'hazard.extension_decided', now, ['principal', 'sector_inspector'], { extension })],
    ...(input.approve
      ? { deadline: { form: pending.deadline, from: state.due, due: pending.due, trace: pending.trace, unconfirmedYears: [] } }
      : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The planner: the next scheduled notice for the state as it is now.

export type PlannedNotice = StepNotice<HazardNoticeKind, HazardNoticeFacts>;

export type ScheduledStep = Step<'reminder' | 'overdue' | 'escalation' | 'verification_overdue', PlannedNotice>;

function overdueFacts(cal: WorkCalendar, state: HazardState, at: number): Partial<HazardNoticeFacts> {
  return cal.lateness(state.due, localDateOf(at));
}

/** The next scheduled step not yet performed, or undefined when nothing is scheduled. */
export function planNextStep(state: HazardState, ctx: HazardContext): ScheduledStep | undefined {
  const cal = calendarOf(ctx);
  const policy = ctx.policy;
  const at09 = (day: LocalDate) => instantAt(day, policy.noticeTime);
  const done = new Set(state.done);
  const major = state.level === 'major';

  if (state.status === 'closed') return undefined;

  if (state.status === 'submitted') {
    const submittedDay = localDateOf(state.submission!.at);
    const key = `r${state.round}:verification-overdue`;
    if (done.has(key)) return undefined;
    const at = at09(addDays(submittedDay, policy.verificationDays + 1));
    const verifyBy = addDays(submittedDay, policy.verificationDays);
    return noticeStep('verification_overdue', key, at, 'hazard.verification_overdue', ['sector_leader'], facts(state, { submission: state.submission!, verifyBy }));
  }

  const prefix = `r${state.round}:${state.due}`;
  const reminderKey = `${prefix}:reminder`;
  const reminderAt = at09(cal.nthWorkingDayBefore(state.due, policy.reminderWorkdaysBefore).date);
  if (!done.has(reminderKey) && reminderAt > state.dueSetAt) {
    return noticeStep('reminder', reminderKey, reminderAt, 'hazard.reminder', ['principal', 'sector_inspector'], facts(state));
  }

  if (!done.has(`${prefix}:overdue`)) {
    const at = at09(major ? addDays(state.due, 1) : cal.firstWorkingDayAfter(state.due).date);
    const late = overdueFacts(cal, state, at);
    return overdueStep(
      prefix,
      at,
      { overdue: 'hazard.overdue', escalation: 'hazard.escalation' },
      { overdue: ['principal', 'sector_inspector'], level1: ESCALATION_AUDIENCE[1] },
      (escalationLevel) => facts(state, { ...late, ...(escalationLevel ? { escalationLevel } : {}) }),
    );
  }

  const last = state.escalations.at(-1);
  if (!last) return undefined;
  const acked = state.acknowledged && state.acknowledged.at >= last.at ? state.acknowledged : undefined;
  let at: number;
  let level: 1 | 2;
  if (acked) {
    // Escalation resumes at the next level if nothing was submitted N working days after the ack.
    at = at09(cal.nthWorkingDayAfter(localDateOf(acked.at), policy.ackResumeWorkdays).date);
    level = 2;
  } else if (last.level === 1) {
    const lastDay = localDateOf(last.at);
    at = at09(major ? addDays(lastDay, policy.majorEscalationDays) : cal.nthWorkingDayAfter(lastDay, policy.escalationWorkdays).date);
    level = 2;
  } else {
    return undefined; // the top level was reached and nobody acknowledged: nothing higher to tell
  }
  const n = state.escalations.length + 1;
  const key = `${prefix}:escalation-${n}`;
  if (done.has(key)) return undefined;
  return escalationStep(key, at, 'hazard.escalation', ESCALATION_AUDIENCE[level], level, facts(state, {
    ...overdueFacts(cal, state, at),
    escalationLevel: level,
    ...(acked ? { resumed: true, acknowledgedBy: acked.by } : {}),
  }));
}

/** The state after a scheduled step was performed; `recipients` are who each escalation reached. */
export function afterStep(state: HazardState, step: ScheduledStep, at: number, recipients: Record<string, string[]>): HazardState {
  return markStepDone(state, step, at, recipients);
}

/**
 * The ledger event a performed step leaves. `recipients` (who each notice reached, by id) are given by
 * workflows that sent before recording; a step recorded before its notices are sent has them in the outbox.
 */
export function stepEvent(step: ScheduledStep, after: HazardState, recipients?: Record<string, string[]>): LedgerEvent {
  const to = recipients ? { recipients: Object.values(recipients).flat() } : {};
  switch (step.type) {
    case 'reminder':
      return { type: 'reminded', detail: { step: step.key, ...to } };
    case 'verification_overdue':
      return { type: 'verification_overdue', detail: { step: step.key, ...to } };
    case 'overdue':
    case 'escalation':
      return { type: step.type === 'overdue' ? 'overdue' : 'escalated', detail: { step: step.key, level: after.escalations.at(-1)?.level ?? 0, ...to } };
  }
}

/** The people of the town an audience names, by id (an enterprise's principal is nobody of the town). */
function addressees(audience: readonly Audience[], ctx: HazardContext): string[] {
  const ids = new Set<string>();
  const active = (id: string) => (ctx.people[id] ? [id] : []);
  for (const who of audience) {
    if (who === 'sector_leader') active(ctx.sector.leaderId).forEach((id) => ids.add(id));
    else if (who === 'sector_inspector') active(ctx.sector.inspectorId).forEach((id) => ids.add(id));
    else if (who === 'town_head' || who === 'party_secretary' || who === 'office_head') {
      for (const [id, p] of Object.entries(ctx.people)) if (p.role === who) ids.add(id);
    }
  }
  return [...ids].sort();
}

/**
 * A scheduled step as a transition: the step done, the event recorded, its notices queued to be sent at
 * `at`. An escalation is kept with the leaders it is addressed to: they, and only they, may acknowledge it.
 */
export function stepTransition(state: HazardState, step: ScheduledStep, at: number, ctx: HazardContext): Transition {
  const escalated = Object.fromEntries(step.notices.filter((n) => n.escalationLevel).map((n) => [n.step, addressees(n.audience, ctx)]));
  const after = afterStep(state, step, at, escalated);
  return {
    state: after,
    event: stepEvent(step, after),
    notices: step.notices.map((n) => ({ step: n.step, kind: n.kind, at, scheduled: true, audience: n.audience, facts: n.facts })),
  };
}

/** The next step that tells someone (every hazard step does), and when; null when nothing is scheduled. */
export function nextNoticeAt(state: HazardState, ctx: HazardContext): number | null {
  return planNextStep(state, ctx)?.at ?? null;
}

export function viewOf(state: HazardState, ctx: HazardContext | undefined): HazardView {
  const next = ctx && state.outbox.length === 0 ? planNextStep(state, ctx) : undefined;
  const first = next?.notices[0];
  return {
    id: state.id,
    status: state.status,
    level: state.level,
    enterpriseId: state.enterpriseId,
    sectorId: state.sectorId,
    description: state.description,
    ...(state.campaignId ? { campaignId: state.campaignId } : {}),
    round: state.round,
    due: state.due,
    dueTrace: state.dueTrace,
    extensionsUsed: state.extensionsUsed,
    ...(state.pendingExtension
      ? { pendingExtension: { due: state.pendingExtension.due, trace: state.pendingExtension.trace, reason: state.pendingExtension.reason, by: state.pendingExtension.by } }
      : {}),
    escalationLevel: state.escalations.at(-1)?.level ?? 0,
    acknowledged: Boolean(state.acknowledged && state.escalations.length && state.acknowledged.at >= state.escalations.at(-1)!.at),
    ...(state.submission ? { submittedAt: state.submission.at } : {}),
    ...(state.closedAt !== undefined ? { closedAt: state.closedAt } : {}),
    ...(next && first ? { next: { step: next.key, kind: first.kind, at: next.at } } : {}),
  };
}

/** Every action on a reported hazard: the workflow applies these rules, and client/act.ts checks with them first. */
export const HAZARD_ACTIONS = {
  ack: action(acknowledgeEscalation, ackInputSchema, acknowledge),
  submit: action(submitRectification, submitInputSchema, submit),
  verify: action(verifyRectification, verifyInputSchema, verify),
  extend: action(requestExtensionUpdate, extendInputSchema, requestExtension),
  decide: action(decideExtensionUpdate, decideInputSchema, decideExtension),
} satisfies Record<string, Action<HazardState, HazardContext, HazardView>>;
