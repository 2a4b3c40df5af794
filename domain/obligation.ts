// What a hazard and a duty task have in common as obligations one workflow follows to their end
// (workflows/obligation.ts runs them): how a workflow begins, the ledger event and the notices a
// transition leaves, the scheduled steps and the escalations they send. Pure; the rules of each kind
// (hazard-rules.ts, task-rules.ts) are written in these terms.

import type { UpdateDefinition } from '@temporalio/common';
import type { DeadlineForm } from './calendar.ts';
import type { z } from './schema.ts';
import { actText } from './text/act.ts';
import type { Audience } from './notices.ts';
import type { LocalDate } from './time.ts';

/**
 * How an obligation's workflow begins — decided by whoever starts it, in one typed value:
 * `fresh`: from nothing (a hazard waits for its report; a task starts from its spec);
 * `prepared`: its starter already took the start and the quiet steps due then (a duty's opening, a
 *   campaign's wave) and recorded them as events 1…`recorded`; it sleeps until `wakeAt`, or until told
 *   something when nothing is scheduled. `context`: the town as the starter decided with it, which the
 *   workflow then takes its first step with rather than loading it again (absent in workflows started
 *   before it was passed, and ignored when it does not reach the wake-up: they load it);
 * `resumed`: started again from the state the ledger last recorded, after its workflow was lost; due at once.
 */
export type ObligationStart<S, C = never> =
  | { type: 'fresh' }
  | { type: 'prepared'; state: S; recorded: number; wakeAt?: number; context?: C }
  | { type: 'resumed'; state: S; recorded: number };

/** What a transition leaves in the ledger. */
export interface LedgerEvent {
  type: string;
  by?: string;
  evidence?: string;
  detail: Record<string, unknown>;
}

/** A deadline a transition computed, for the ledger of deadline computations. */
export interface ComputedDeadline {
  form: DeadlineForm;
  from: LocalDate;
  due: LocalDate;
  trace: string;
  unconfirmedYears: number[];
}

/** What an accepted input or a scheduled step changes: the next state, the event to record, the notices to queue. */
export interface Transition<S, Q> {
  state: S;
  event: LedgerEvent;
  notices: Q[];
  deadline?: ComputedDeadline;
}

/** A notice queued by a transition, sent by the workflow in the order queued. */
export interface QueuedNoticeBase {
  /** Its outbox suffix: the workflow id + step is the notice's key; the same key never sends twice. */
  step: string;
  at: number;
  /** Queued by a scheduled step (a reminder, an overdue notice at 09:00), not by someone's action: it may wait for a daily digest (contract §8). */
  scheduled?: true;
}

/** What the workflow's ledger writer records for a transition: the event under its key, and the state after it. */
export interface RecordRequest<S> {
  /** Workflow id + the event's number and type (event-keys.ts): unique, the same on every retry and replay. */
  key: string;
  at: number;
  state: S;
  event: LedgerEvent;
  /** When the obligation next tells someone; null when nothing is scheduled. */
  nextNoticeAt: number | null;
  deadline?: ComputedDeadline;
}

/** An escalation sent for the current due date, and who it went to (person ids). */
export interface SentEscalation {
  level: 1 | 2;
  at: number;
  recipients: string[];
}

/** A notice a scheduled step sends; `step` is its own outbox suffix (a step may send more than one). */
export interface StepNotice<K extends string = string, F = unknown> {
  step: string;
  kind: K;
  audience: readonly Audience[];
  facts: F;
  escalationLevel?: 1 | 2;
}

/** A scheduled step: unique within its obligation by key (performed steps are remembered), due at `at`. */
export interface ScheduledStep<T extends string = string, N extends StepNotice = StepNotice> {
  key: string;
  at: number;
  type: T;
  notices: N[];
}

// The shapes of the scheduled steps both kinds take (their planners decide when and to whom).

/** A step that sends one notice, under the step's own key. */
export function noticeStep<T extends string, K extends string, F>(type: T, key: string, at: number, kind: K, audience: readonly Audience[], facts: F): ScheduledStep<T, StepNotice<K, F>> {
  return { key, at, type, notices: [{ step: key, kind, audience, facts }] };
}

/** The step the due date ends in: overdue to whoever must act, and escalation level 1 (`<prefix>:escalation-1`) to their leader. */
export function overdueStep<K extends string, F>(
  prefix: string,
  at: number,
  kinds: { overdue: K; escalation: K },
  audiences: { overdue: readonly Audience[]; level1: readonly Audience[] },
  facts: (escalationLevel?: 1) => F,
): ScheduledStep<'overdue', StepNotice<K, F>> {
  const key = `${prefix}:overdue`;
  return {
    key,
    at,
    type: 'overdue',
    notices: [
      { step: key, kind: kinds.overdue, audience: audiences.overdue, facts: facts() },
      { step: `${prefix}:escalation-1`, kind: kinds.escalation, audience: audiences.level1, facts: facts(1), escalationLevel: 1 },
    ],
  };
}

/** A later escalation, under the step's own key. */
export function escalationStep<K extends string, F>(key: string, at: number, kind: K, audience: readonly Audience[], level: 1 | 2, facts: F): ScheduledStep<'escalation', StepNotice<K, F>> {
  return { key, at, type: 'escalation', notices: [{ step: key, kind, audience, facts, escalationLevel: level }] };
}

/** The part of an obligation's state the scheduled steps keep. */
export interface StepBookkeeping {
  /** Keys of the scheduled steps already performed. */
  done: string[];
  /** Escalations for the current due date; reset when the due date changes. */
  escalations: SentEscalation[];
}

/** The state after a scheduled step: its key done, each escalation it sent kept with who it went to. */
export function markStepDone<S extends StepBookkeeping>(state: S, step: ScheduledStep, at: number, recipients: Record<string, string[]>): S {
  const escalations = [...state.escalations];
  for (const n of step.notices) {
    if (n.escalationLevel) escalations.push({ level: n.escalationLevel, at, recipients: recipients[n.step] ?? [] });
  }
  return { ...state, done: [...state.done, step.key], escalations };
}

/** Everybody each notice of a step went to, flattened (the ledger event's `recipients`). */
export function everyRecipient(recipients: Record<string, string[]>): string[] {
  return Object.values(recipients).flat();
}

/**
 * The people an input names (its `by`) whom the town does not have among its active people: the first thing
 * every rule checks, and what can still be checked when nothing else can (the obligation is not found).
 */
export function unknownPeople(input: { by?: unknown }, people: Readonly<Record<string, unknown>>): string[] {
  return typeof input.by === 'string' && !people[input.by] ? [actText.unknownPerson('by', input.by)] : [];
}

/**
 * One action people take on an obligation: its Update, the schema of its input and the rule that decides
 * it. The workflow applies it (workflows/obligation.ts); client/act.ts checks the input with the very same
 * rule first. Typed together by `action()`, kept in the kind's table under a plain type.
 */
export interface Action<S, C, V> {
  update: UpdateDefinition<V, [unknown]>;
  schema: z.ZodType;
  rule: (state: S, input: unknown, ctx: C, now: number) => Transition<S, unknown> | undefined;
}

export function action<S, C, V, I, Q>(
  update: UpdateDefinition<V, [I]>,
  schema: z.ZodType<I>,
  rule: (state: S, input: I, ctx: C, now: number) => Transition<S, Q> | undefined,
): Action<S, C, V> {
  return { update: update as UpdateDefinition<V, [unknown]>, schema, rule: rule as Action<S, C, V>['rule'] };
}
