// The hazard (隐患) entity: workflow id, messages (updates, query, signal), input schemas and the
// state its workflow keeps. Shared by the workflow, the activities and every client.

import { defineQuery, defineSignal, defineUpdate } from './messages.ts';
import type { CalendarData, DeadlineForm } from './calendar.ts';
import type { Audience, HazardNoticeFacts, HazardNoticeKind, Recipient } from './notices.ts';
import type { ObligationStart, SentEscalation } from './obligation.ts';
import type { HazardPolicy } from './policy.ts';
import type { Role } from './profile.ts';
import { deadlineFormSchema, idSchema, nonEmptyText, plainKeys, plainText, z } from './schema.ts';
import type { LocalDate } from './time.ts';

export const hazardWorkflowId = (hazardId: string): string => `hazard:${hazardId}`;

export type HazardLevel = 'general' | 'major';
export type HazardStatus = 'open' | 'submitted' | 'closed';

/** The six parts of a major hazard's rectification plan (《安全生产事故隐患排查治理暂行规定》第十五条). */
export const PLAN_PARTS = ['目标任务', '方法措施', '经费物资', '机构人员', '时限要求', '安全措施和应急预案'] as const;

const planSchema = z.record(z.string(), plainText('lines').trim().max(4000)).check(plainKeys);

export const reportInputSchema = z
  .object({
    id: idSchema,
    enterprise: idSchema,
    level: z.enum(['general', 'major'], { error: '隐患等级应为 general（一般隐患）或 major（重大事故隐患）' }),
    description: nonEmptyText('隐患描述', 500, 'lines'),
    location: plainText().trim().max(200).optional(),
    deadline: deadlineFormSchema,
    by: idSchema,
    plan: planSchema.optional(),
    campaign: idSchema.optional(),
  })
  .strict();

export const ackInputSchema = z.object({ by: idSchema, note: plainText('lines').max(1000).optional() }).strict();

export const submitInputSchema = z
  .object({ evidence: nonEmptyText('整改佐证材料', 2000, 'lines'), by: idSchema.optional() })
  .strict();

export const verifyInputSchema = z
  .object({
    by: idSchema,
    result: z.enum(['pass', 'fail'], { error: '复查结果应为 pass（通过）或 fail（不通过）' }),
    deadline: deadlineFormSchema.optional(),
    note: plainText('lines').max(1000).optional(),
  })
  .strict();

export const extendInputSchema = z
  .object({ reason: nonEmptyText('延期理由', 1000, 'lines'), deadline: deadlineFormSchema, by: idSchema.optional() })
  .strict();

export const decideInputSchema = z
  .object({ by: idSchema, approve: z.boolean({ error: 'approve 应为 true（批准）或 false（不批准）' }), note: plainText('lines').max(1000).optional() })
  .strict();

export type ReportInput = z.infer<typeof reportInputSchema>;
export type AckInput = z.infer<typeof ackInputSchema>;
export type SubmitInput = z.infer<typeof submitInputSchema>;
export type VerifyInput = z.infer<typeof verifyInputSchema>;
export type ExtendInput = z.infer<typeof extendInputSchema>;
export type DecideInput = z.infer<typeof decideInputSchema>;

/** What the hazard workflow needs to know about the town, loaded by an activity and refreshed on reload. */
export interface HazardContext {
  town: string;
  enterprise: { id: string; name: string; sectorId: string; active: boolean };
  sector: { id: string; name: string; leaderId: string; inspectorId: string };
  /** Active people by id. */
  people: Record<string, { name: string; role: Role }>;
  calendar: CalendarData;
  policy: HazardPolicy;
  profileVersion: number;
}

export { PRINCIPAL } from './notices.ts';

export type { SentEscalation };

/** The hazard workflow's whole state; JSON, deterministic. */
export interface HazardState {
  id: string;
  enterpriseId: string;
  sectorId: string;
  level: HazardLevel;
  description: string;
  location?: string;
  campaignId?: string;
  plan?: Record<string, string>;
  reportedBy: string;
  reportedAt: number;
  status: HazardStatus;
  /** 1 at report; +1 after each failed verification. */
  round: number;
  deadline: DeadlineForm;
  due: LocalDate;
  dueTrace: string;
  /** When the current due date was set: a reminder whose moment had already passed then is not sent. */
  dueSetAt: number;
  extensionsUsed: number;
  pendingExtension?: {
    n: number;
    at: number;
    by: string;
    reason: string;
    deadline: DeadlineForm;
    due: LocalDate;
    trace: string;
  };
  /** Escalations for the current due date; reset when the due date changes. */
  escalations: SentEscalation[];
  acknowledged?: { at: number; by: string };
  submission?: { at: number; by: string; evidence: string };
  closedAt?: number;
  /** Keys of the scheduled steps already performed. */
  done: string[];
  /** Event notices waiting to be sent, oldest first. */
  outbox: QueuedNotice[];
}

/**
 * A lost hazard workflow started again from the ledger: the state it last recorded and how many events
 * it had recorded (their keys number on). It loads its context when it first needs it.
 */
export interface HazardResume {
  state: HazardState;
  recorded: number;
}

export interface HazardWorkflowInput {
  hazardId: string;
  /** How it begins; absent: fresh (it waits for its report). */
  start?: ObligationStart<HazardState>;
  /** The start of workflows begun before `start` existed: resumed from the ledger (worker/reconciler.ts). */
  resume?: HazardResume;
}

/** How a hazard's workflow begins, whichever form its input has. */
export function hazardStartOf(input: HazardWorkflowInput): ObligationStart<HazardState> {
  if (input.start) return input.start;
  return input.resume ? { type: 'resumed', ...input.resume } : { type: 'fresh' };
}

/** A notice decided by an event (a report, a request…), sent by the workflow's main loop. */
export interface QueuedNotice {
  step: string;
  kind: HazardNoticeKind;
  at: number;
  /** A scheduled step's notice (QueuedNoticeBase.scheduled). */
  scheduled?: true;
  audience: readonly Audience[];
  facts: HazardNoticeFacts;
}

/** How a hazard looks from outside: CLI, simulate, update results. */
export interface HazardView {
  id: string;
  status: HazardStatus;
  level: HazardLevel;
  enterpriseId: string;
  sectorId: string;
  description: string;
  campaignId?: string;
  round: number;
  due: LocalDate;
  dueTrace: string;
  extensionsUsed: number;
  /** An extension waiting for its decision: the due date it asks for, and how that was computed. */
  pendingExtension?: { due: LocalDate; trace: string; reason: string; by: string };
  escalationLevel: 0 | 1 | 2;
  acknowledged: boolean;
  submittedAt?: number;
  closedAt?: number;
  /** The next scheduled notice, if any. */
  next?: { step: string; kind: HazardNoticeKind; at: number };
}

export interface HazardOutcome {
  id: string;
  closedAt: number;
  rounds: number;
}

export const reportHazard = defineUpdate<HazardView, [ReportInput]>('reportHazard');
export const acknowledgeEscalation = defineUpdate<HazardView, [AckInput]>('acknowledgeEscalation');
export const submitRectification = defineUpdate<HazardView, [SubmitInput]>('submitRectification');
export const verifyRectification = defineUpdate<HazardView, [VerifyInput]>('verifyRectification');
export const requestExtension = defineUpdate<HazardView, [ExtendInput]>('requestExtension');
export const decideExtension = defineUpdate<HazardView, [DecideInput]>('decideExtension');
export const hazardState = defineQuery<HazardView | null>('hazardState');
/** The profile was reloaded: reload the context (calendar, policy, people) before the next step. */
export const townChanged = defineSignal('townChanged');

export type { Recipient };
