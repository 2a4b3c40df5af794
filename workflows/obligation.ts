// The one machine hazards and duty tasks run on (workflows/hazard.ts and task.ts configure it with their
// rules and activities): the lock each transition takes while it is decided and recorded, the numbering
// of recorded events, validated Updates, the queued notices sent in order outside the lock, the loop of
// scheduled steps, and the three ways to begin (domain/obligation.ts ObligationStart).
// Deterministic: every decision is the kind's pure rules; every I/O is one of the kind's activities.

import { TemporalFailure, allHandlersFinished, condition, currentUpdateInfo, patched, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { QueryDefinition, SignalDefinition } from '@temporalio/common';
import type { createActivities } from '../activities/index.ts';
import type { InputRefused } from '../domain/errors.ts';
import type { HazardNoticeRequest } from '../domain/notices.ts';
import type { TaskNoticeRequest } from '../domain/task.ts';
import { eventKey } from '../domain/event-keys.ts';
import { sentAt } from '../domain/notices.ts';
import type { Action, LedgerEvent, ObligationStart, QueuedNoticeBase, RecordRequest, ScheduledStep, Transition } from '../domain/obligation.ts';
import { LEDGER_RETRY, MAIL_RETRY, NOTICE_TIMEOUTS, parsed, refusal, refusedInput } from './common.ts';
import { Lock } from './lock.ts';

/**
 * Workflows begun before this machine sent their queued notices while holding the lock (so every Update
 * waited for the mail server) and sent a scheduled step's notices before recording it. They replay and
 * carry on as they began; workflows begun since record each step first and send outside the lock.
 */
export const OBLIGATION_CORE_PATCH = 'obligation-core';

/**
 * Workflows begun before this took a scheduled step in two activities (record it, then send its notices
 * from the sending loop); workflows begun since record and send it in one (recordStep), which halves the
 * activities and workflow tasks a step costs. They replay and carry on as they began.
 */
export const STEP_SENDS_PATCH = 'step-records-and-sends';

/**
 * Workflows begun before this took a scheduled step in an activity the server schedules and hands back:
 * a workflow task to schedule it, one more for its result, and, for a workflow evicted from the worker's
 * cache meanwhile (thousands due at one 09:00), a second replay. Workflows begun since take it as a local
 * activity: run by the worker inside the workflow task that woke it, one workflow task per step. They
 * replay and carry on as they began.
 */
export const STEP_LOCAL_PATCH = 'step-local-activity';

/**
 * Workflows begun before this asked the three patches above in turn, and each one a workflow begins under
 * costs its first workflow task a marker and a search-attribute update (the server writes visibility once
 * per update). Workflows begun since ask this one alone, which stands for all three: one marker, one update.
 * Those that asked the three replay and carry on as they began.
 */
export const OBLIGATION_CURRENT_PATCH = 'obligation-one-marker';

type Activities = ReturnType<typeof createActivities>;

const { recordObligation, recordHazard, recordTask } = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds', retry: LEDGER_RETRY });
const { sendNotice } = proxyActivities<Activities>(NOTICE_TIMEOUTS);
/** A step's record and one attempt at its notices: heartbeats while it sends; only the record is retried until it succeeds. */
const { recordStep } = proxyActivities<Activities>({ startToCloseTimeout: '2 minutes', heartbeatTimeout: '10 seconds', retry: LEDGER_RETRY });
/**
 * The same, in the worker (STEP_LOCAL_PATCH). A local activity cannot heartbeat: a worker that dies mid-step
 * is noticed by the workflow task's timeout (10 s), and the next worker replays and runs the step again.
 * Bounded: while it runs or retries, the worker keeps the workflow task open by completing it every 8 s or
 * so, three events in the history each time. A step still failing after three attempts (the database down)
 * goes on as the scheduled activity above, whose retries add nothing to the history.
 */
const { recordStep: recordStepLocally } = proxyLocalActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  scheduleToCloseTimeout: '2 minutes',
  retry: { ...LEDGER_RETRY, maximumAttempts: 3 },
});
/** How workflows begun before the core send (no heartbeat: a send in flight at a crash waits for its timeout). */
const { sendHazardNotice, sendTaskNotice } = proxyActivities<Activities>({ startToCloseTimeout: '2 minutes', retry: MAIL_RETRY });

/** A step as a local activity; if that fails for a reason other than bad input, as a scheduled activity retried until it succeeds. */
async function recordStepLocallyOrScheduled(step: Parameters<typeof recordStep>[0]): ReturnType<typeof recordStep> {
  try {
    return await recordStepLocally(step);
  } catch (error) {
    // A local activity's failure reaches the workflow as the activity's own (an ApplicationFailure, a TimeoutFailure), not wrapped.
    if (refusedInput(error) || !(error instanceof TemporalFailure)) throw error;
    return recordStep(step);
  }
}

/** What the send activity is told of a queued notice, by the kind of obligation it is about. */
export type NoticeRequestOf<A extends 'hazard' | 'task'> = A extends 'hazard' ? HazardNoticeRequest : TaskNoticeRequest;

/** The activities an obligation calls, as its workflows of one generation call them. */
interface ObligationIO<S, Q> {
  record(request: RecordRequest<S>): Promise<void>;
  /** Sends a queued notice; returns the people (ids) it reached. */
  send(notice: Q, state: S): Promise<string[]>;
  /** Records a step and makes one attempt at its notices; returns how many of them, from the first, are done with. */
  recordStep(request: RecordRequest<S>, notices: Q[]): Promise<number>;
}

const ids = (recipients: Array<{ personId?: string }>) => recipients.flatMap((r) => (r.personId ? [r.personId] : []));

/** The ledger writer and the sender, for a kind and a generation; a kind's silent obligations send nothing. */
function obligationIO<S extends { outbox: Q[] }, Q extends QueuedNoticeBase>(
  kind: Pick<ObligationKind<S, unknown, Q, ScheduledStep, unknown>, 'about' | 'request' | 'silent'>,
  beforeCore: boolean,
  localStep: boolean,
): ObligationIO<S, Q> {
  const { about, request } = kind;
  const silent = (s: S) => kind.silent?.(s) ?? false;
  if (!beforeCore) {
    return {
      // The kind's state and request are the ledger's and the sender's for `about` (hazardKind, taskKind).
      record: (r) => recordObligation({ about, ...r } as unknown as Parameters<typeof recordObligation>[0]),
      send: async (n, s) => (silent(s) ? [] : ids((await sendNotice({ about, ...request(n, s) } as Parameters<typeof sendNotice>[0])).recipients)),
      recordStep: async (r, notices) => {
        const quiet = silent(r.state);
        const step: Parameters<typeof recordStep>[0] = {
          record: { about, ...r } as unknown as Parameters<typeof recordStep>[0]['record'],
          notices: quiet ? [] : notices.map((n) => ({ about, ...request(n, r.state) }) as Parameters<typeof recordStep>[0]['notices'][number]),
        };
        const { sent } = localStep ? await recordStepLocallyOrScheduled(step) : await recordStep(step);
        return quiet ? notices.length : sent;
      },
    };
  }
  return {
    record: ({ state, ...r }) => (about === 'hazard' ? recordHazard({ ...r, hazard: state as never }) : recordTask({ ...r, task: state as never })),
    send: async (n, s) => {
      if (silent(s)) return [];
      const sent = about === 'hazard' ? await sendHazardNotice(request(n, s) as HazardNoticeRequest) : await sendTaskNotice(request(n, s) as TaskNoticeRequest);
      return ids(sent.recipients);
    },
    recordStep: () => Promise.reject(new Error('workflows begun before the obligation core never take a step in one activity')),
  };
}

/** What makes a hazard a hazard and a task a task: its pure rules, its context, its activities, its messages. */
export interface ObligationKind<S extends { outbox: Q[] }, C, Q extends QueuedNoticeBase, Step extends ScheduledStep, V> {
  /** The kind's refusal (HazardInputError, TaskInputError): its message goes back to the caller. */
  Refused: new (message: string | readonly string[]) => InputRefused;
  /** The refusal of an Update that arrives before the obligation has begun. */
  notBegun: string;
  messages: { state: QueryDefinition<V | null>; townChanged: SignalDefinition };
  /** Which ledger its events go to and which views its notices are rendered from. */
  about: 'hazard' | 'task';
  /** A queued notice as the send activity takes it. */
  request(notice: Q, state: S): HazardNoticeRequest | TaskNoticeRequest;
  /** An obligation whose notices somebody else sends (a campaign's task: its campaign, one email per recipient). */
  silent?(state: S): boolean;
  /** The town as the obligation decides with it (calendar, policy, people). */
  loadContext(state: S, at: number): Promise<C>;
  /** Whether the context a prepared start came with serves at `at`, its wake-up; without it, a kind always loads its own. */
  contextServes?(ctx: C, state: S, at: number): boolean;
  plan(state: S, ctx: C): Step | undefined;
  nextNoticeAt(state: S, ctx: C): number | null;
  /** A due scheduled step as a transition: the step done, its event, its notices queued. */
  stepTransition(state: S, step: Step, at: number, ctx: C): Transition<S, Q>;
  /**
   * How workflows begun before the core took a step: its notices sent first, then the state after it with
   * who each reached, and the event they recorded for it (none for some of a hazard's steps).
   */
  stepBeforeCore(state: S, step: Step, at: number, recipients: Record<string, string[]>): { state: S; event?: LedgerEvent };
  view(state: S, ctx: C | undefined): V;
  /** Nothing more is scheduled: closed, done or cancelled. */
  ended(state: S): boolean;
}

export interface UpdateOptions<S, C> {
  /** The context this input is decided with (a task's new spec may need more years of calendar); default: the current one. */
  context?: (input: unknown, state: S, at: number) => Promise<C>;
  /** A refusal the validator leaves for the handler, which decides with the context `context` loads. */
  deferred?: (error: unknown) => boolean;
}

export class Obligation<S extends { outbox: Q[] }, C, Q extends QueuedNoticeBase, Step extends ScheduledStep, V> {
  /** Undefined until it has begun (a hazard before its report). */
  state: S | undefined;
  ctx: C | undefined;
  /** Workflows begun before the core keep their way of taking steps (OBLIGATION_CORE_PATCH; OBLIGATION_CURRENT_PATCH implies it). */
  readonly beforeCore: boolean;
  /** Scheduled steps are recorded and sent in one activity (STEP_SENDS_PATCH). */
  private readonly stepSends: boolean;
  private readonly io: ObligationIO<S, Q>;
  private readonly lock = new Lock();
  private contextStale = false;
  /** Bumped on every change, so the step loop plans again. */
  private version = 0;
  /** Recorded events so far: their keys number on from here. */
  private recorded = 0;

  constructor(
    private readonly kind: ObligationKind<S, C, Q, Step, V>,
    private readonly workflowId: string,
  ) {
    const current = patched(OBLIGATION_CURRENT_PATCH);
    this.beforeCore = !current && !patched(OBLIGATION_CORE_PATCH);
    this.stepSends = current || (!this.beforeCore && patched(STEP_SENDS_PATCH));
    this.io = obligationIO(kind, this.beforeCore, current || (this.stepSends && patched(STEP_LOCAL_PATCH)));
    setHandler(kind.messages.state, () => this.view());
    setHandler(kind.messages.townChanged, () => {
      this.contextStale = true;
      this.version++;
    });
  }

  view(): V | null {
    return this.state ? this.kind.view(this.state, this.ctx) : null;
  }

  /** The context, loaded when first needed (a resumed or prepared obligation begins without one). */
  async context(): Promise<C> {
    return (this.ctx ??= await this.kind.loadContext(this.state!, Date.now()));
  }

  /** The next event's record (its key numbered on from those recorded so far). */
  private nextRecord(state: S, event: LedgerEvent, at: number, deadline?: Transition<S, Q>['deadline']): RecordRequest<S> {
    this.recorded++;
    return {
      key: eventKey(this.workflowId, this.recorded, event.type),
      at,
      state,
      event,
      nextNoticeAt: this.ctx ? this.kind.nextNoticeAt(state, this.ctx) : null,
      ...(deadline ? { deadline } : {}),
    };
  }

  private async record(state: S, event: LedgerEvent, at: number, deadline?: Transition<S, Q>['deadline']): Promise<void> {
    await this.io.record(this.nextRecord(state, event, at, deadline));
  }

  /**
   * Records a transition with its notices queued (a workflow resumed from the ledger still sends them,
   * once, by key), then makes it the state. Notices sent while it was being recorded stay sent: a
   * transition only ever adds to the queue.
   */
  private async commit(t: Transition<S, Q>, at: number): Promise<void> {
    await this.record({ ...t.state, outbox: [...t.state.outbox, ...t.notices] }, t.event, at, t.deadline);
    this.state = { ...t.state, outbox: [...(this.state?.outbox ?? []), ...t.notices] };
    this.version++;
  }

  /**
   * A scheduled step with nothing else queued, in one activity: recorded with its notices queued (as commit
   * records it), then each sent once; those not sent (the mail server down) stay queued for the sending loop.
   * Under the lock, so an Update arriving meanwhile waits for at most one attempt per notice (the transport's
   * timeouts bound it); the queue was empty, so nothing is sent out of order.
   */
  private async commitStep(t: Transition<S, Q>, at: number): Promise<void> {
    const queued = [...t.state.outbox, ...t.notices];
    const done = await this.io.recordStep(this.nextRecord({ ...t.state, outbox: queued }, t.event, at, t.deadline), queued);
    this.state = { ...t.state, outbox: queued.slice(done) };
    this.version++;
  }

  /**
   * Decides and records one transition under the lock (never while a notice is being sent), and answers
   * with the view after it. A refusal reaches the caller as a failed Update carrying its zh-CN words.
   */
  transition(decide: (now: number) => Promise<Transition<S, Q> | undefined>): Promise<V> {
    // An Update's id is its caller's request id (client/act.ts): the event keeps it, so that a caller who
    // never got the answer can find in the ledger whether the request was done.
    const requestId = currentUpdateInfo()?.id;
    return this.lock.run(async () => {
      const now = Date.now();
      let t: Transition<S, Q> | undefined;
      try {
        t = await decide(now);
      } catch (error) {
        refusal(error);
      }
      if (t) await this.commit(requestId ? { ...t, event: { ...t.event, detail: { ...t.event.detail, requestId } } } : t, now);
      return this.view()!;
    });
  }

  /**
   * An action's Update (domain/obligation.ts Action): validated up front against the state and context the
   * workflow holds (so a refusal never reaches history), decided again under the lock with the context loaded.
   */
  update({ update, schema, rule }: Action<S, C, V>, options: UpdateOptions<S, C> = {}): void {
    const { Refused, notBegun } = this.kind;
    const begun = (): S => {
      if (!this.state) throw new Refused(notBegun);
      return this.state;
    };
    setHandler(
      update,
      (raw) =>
        this.transition(async (now) => {
          const state = begun();
          const input = parsed(schema, raw, Refused);
          this.ctx = options.context ? await options.context(input, state, now) : await this.context();
          return rule(this.state!, input, this.ctx, now) as Transition<S, Q> | undefined;
        }),
      {
        validator: (raw) => {
          const state = begun();
          const input = parsed(schema, raw, Refused);
          // Begun without a context (prepared, resumed): the handler decides in full.
          if (!this.ctx) return;
          try {
            rule(state, input, this.ctx, Date.now());
          } catch (error) {
            if (!options.deferred?.(error)) throw error;
          }
        },
      },
    );
  }

  /**
   * Begins as its starter decided. `fresh` is the kind's own (a hazard waits for its report, a task
   * starts from its spec); a prepared obligation sleeps until its first step is due or it is told
   * something, with the context its starter decided with when that serves; a resumed one is due at once.
   */
  async begin(start: ObligationStart<S, C>, fresh: () => Promise<void>): Promise<void> {
    if (start.type === 'fresh') return fresh();
    this.state = start.state;
    this.recorded = start.recorded;
    if (start.type === 'resumed') return;
    // The starter's context, when it still serves at the wake-up: the first step then needs no activity to load it.
    if (start.context !== undefined && this.kind.contextServes?.(start.context, start.state, start.wakeAt ?? Date.now())) this.ctx = start.context;
    const seen = this.version;
    if (start.wakeAt === undefined) await condition(() => this.version !== seen);
    else await condition(() => this.version !== seen, Math.max(1, start.wakeAt - Date.now()));
  }

  /** Takes the scheduled steps as they fall due until none is left, sends every queued notice, and returns the final state. */
  async run(): Promise<S> {
    if (this.beforeCore) {
      await this.steps();
    } else {
      // The queue is sent by its own loop, outside the lock: Updates never wait for the mail server.
      const sending = this.sendQueued();
      await Promise.race([this.steps(), sending]);
      await Promise.race([condition(() => this.state!.outbox.length === 0), sending]);
    }
    await condition(allHandlersFinished);
    return this.state!;
  }

  private async steps(): Promise<void> {
    const { kind } = this;
    for (;;) {
      const seen = this.version;
      await this.lock.run(async () => {
        if (this.contextStale || !this.ctx) {
          this.contextStale = false;
          this.ctx = await kind.loadContext(this.state!, Date.now());
        }
        if (this.beforeCore) await this.sendQueuedUnderLock();
        const next = kind.plan(this.state!, this.ctx);
        if (next && next.at <= Date.now()) {
          // Late by more than a minute (started late, a worker was down): say when it really went out.
          const at = sentAt(next.at, Date.now());
          if (this.beforeCore) await this.stepBeforeCore(next, at);
          else if (this.stepSends && this.state!.outbox.length === 0) await this.commitStep(kind.stepTransition(this.state!, next, at, this.ctx), at);
          else await this.commit(kind.stepTransition(this.state!, next, at, this.ctx), at);
        }
      });
      if (kind.ended(this.state!) && (!this.beforeCore || this.state!.outbox.length === 0)) return;
      if (this.version !== seen) continue;
      const next = kind.plan(this.state!, this.ctx!);
      if (next) await condition(() => this.version !== seen, Math.max(1, next.at - Date.now()));
      else await condition(() => this.version !== seen);
    }
  }

  /** Sends queued notices in the order queued, each once it is queued; never returns (it fails if a send fails for good). */
  private async sendQueued(): Promise<never> {
    for (;;) {
      await condition(() => (this.state?.outbox.length ?? 0) > 0);
      const notice = this.state!.outbox[0]!;
      await this.io.send(notice, this.state!);
      // Transitions only add to the queue: the first is still the one just sent.
      this.state = { ...this.state!, outbox: this.state!.outbox.slice(1) };
    }
  }

  private async sendQueuedUnderLock(): Promise<void> {
    while (this.state!.outbox.length > 0) {
      await this.io.send(this.state!.outbox[0]!, this.state!);
      this.state = { ...this.state!, outbox: this.state!.outbox.slice(1) };
    }
  }

  private async stepBeforeCore(step: Step, at: number): Promise<void> {
    const { kind } = this;
    // The step's notices as the transition would queue them; sent here, before the step is recorded.
    const { notices } = kind.stepTransition(this.state!, step, at, this.ctx!);
    const recipients: Record<string, string[]> = {};
    for (const n of notices) recipients[n.step] = await this.io.send(n, this.state!);
    const after = kind.stepBeforeCore(this.state!, step, at, recipients);
    if (after.event) await this.record(after.state, after.event, at);
    this.state = after.state;
    this.version++;
  }
}
