// The duty task (工作任务): one occurrence of a duty of the duty calendar (contract §4) — a meeting,
// a sector's sweep, an enterprise's inspection, a village's monthly report. The duty calendar
// (domain/duties.ts) computes TaskSpecs; the task workflow (workflows/task.ts) runs each one:
// assigned → reminder → due → overdue → escalation levels, until completed with evidence.
//
// This module is the contract between the two: ids, the spec, and the audiences of task notices; and
// the task workflow's messages (updates, query, signal), inputs and state.

import { defineQuery, defineSignal, defineUpdate } from './messages.ts';
import type { CalendarData } from './calendar.ts';
import { eventKey } from './event-keys.ts';
import type { Audience, Recipient } from './notices.ts';
import type { ObligationStart, SentEscalation } from './obligation.ts';
import type { TaskPolicy } from './policy.ts';
import type { Role } from './profile.ts';
import { idSchema, localDateSchema, nonEmptyText, plainText, z } from './schema.ts';
import type { LocalDate } from './time.ts';

/** Workflow id of a task: the task id itself (contract §4), e.g. `village-report:2027-02:dongcun`. */
export const taskWorkflowId = (taskId: string): string => taskId;

/** Workflow id of a duty definition's long-running scheduler. */
export const dutyWorkflowId = (dutyId: string): string => `duty:${dutyId}`;

export const TASK_NOTICE_KINDS = ['duty.assigned', 'duty.reminder', 'duty.overdue', 'duty.escalation', 'meeting.invite'] as const;
export type TaskNoticeKind = (typeof TASK_NOTICE_KINDS)[number];

/** What a task is about, beyond the town as a whole. */
export interface TaskScope {
  kind: 'sector' | 'enterprise' | 'village';
  id: string;
}

/** Who receives escalation level 1 for a task (contract §4). */
export type TaskLevel1 = 'sector_leader' | 'village_leader' | 'safety_leader';

export interface MeetingSpec {
  /** The meeting day (also the task's opening day). */
  date: LocalDate;
  /** `HH:MM`, Shanghai time. */
  time: string;
  durationMinutes: number;
  location?: string;
  /** The day the .ics invitation goes out (09:00): N working days before the meeting. */
  inviteOn: LocalDate;
  /** Who is invited: person ids (every active person of the town by default). */
  attendees: string[];
}

/** One task, fully computed: the task workflow needs nothing else to run it. */
export interface TaskSpec {
  /** `<duty id>:<period>[:<scope>]`, e.g. `committee-meeting:2027-03`, `holiday-check:qingming-2027:hazchem`. */
  id: string;
  dutyId: string;
  /** The duty's name as people say it, e.g. 安委会会议, 节前安全检查. */
  dutyName: string;
  /** The task's own title, e.g. 2027年3月安委会会议, 清明节前安全检查（危险化学品）. */
  title: string;
  /** `2027-03`, `2027-Q2`, `2027-H1`, `2026`, or a holiday period such as `qingming-2027`. */
  period: string;
  scope?: TaskScope;
  /** The person who must do it (a person id of the profile). */
  assigneeId: string;
  level1: TaskLevel1;
  /** The day the task opens: `duty.assigned` goes out at the notice time (09:00) that day. */
  opensOn: LocalDate;
  opensTrace: string;
  due: LocalDate;
  dueTrace: string;
  /** What completing it means (e.g. 上传会议纪要); shown in the notices. */
  proof: string;
  meeting?: MeetingSpec;
  /** Years with no official holiday arrangement that the dates depend on (computed from the lunar calendar). */
  unconfirmedYears: number[];
  /** The duty's own notice timing (a duty of the profile may set them); absent, the town's policy.task applies. */
  reminderWorkdaysBefore?: number;
  escalationWorkdays?: number;
  /**
   * A campaign's task (contract §6): the campaign sends the emails (one per recipient, never one per
   * enterprise), so this task's workflow sends none; it records its status and tells the campaign when it ends.
   */
  campaign?: string;
}

export type TaskStatus = 'open' | 'done' | 'overdue' | 'cancelled';

// ---------------------------------------------------------------------------------------------
// The task workflow's messages, inputs and state (workflows/task.ts runs them; clients send them).

const idPart = '[A-Za-z0-9][A-Za-z0-9._-]{0,63}';

/** `<duty id>:<period>[:<scope>]` (a campaign's tasks: `<campaign id>:<enterprise id>`). */
export const taskIdSchema = z
  .string()
  .regex(new RegExp(`^${idPart}(:${idPart}){1,3}$`), '任务编号应形如 <工作事项>:<期间>[:<对象>]，如 village-report:2027-02:dongcun');

const wallClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应为 24 小时制时间 HH:MM，如 09:30');

export const meetingSpecSchema = z
  .object({
    date: localDateSchema,
    time: wallClock,
    durationMinutes: z.number().int().min(5).max(24 * 60),
    location: z.string().trim().max(200).optional(),
    inviteOn: localDateSchema,
    attendees: z.array(idSchema).min(1, '至少要有一位参会人员'),
  })
  .loose();

/**
 * A TaskSpec as the workflow accepts it. Loose: a field the duty calendar adds later travels through
 * untouched instead of failing every running task.
 */
export const taskSpecSchema = z
  .object({
    id: taskIdSchema,
    dutyId: idSchema,
    dutyName: nonEmptyText('工作事项名称', 100),
    title: nonEmptyText('任务标题', 200),
    period: z.string().regex(new RegExp(`^${idPart}$`), '期间应形如 2027-03、2027-Q2、2027-H1、2026 或 qingming-2027'),
    scope: z.object({ kind: z.enum(['sector', 'enterprise', 'village']), id: idSchema }).loose().optional(),
    assigneeId: idSchema,
    level1: z.enum(['sector_leader', 'village_leader', 'safety_leader']),
    opensOn: localDateSchema,
    opensTrace: z.string().max(2000),
    due: localDateSchema,
    dueTrace: z.string().max(2000),
    proof: nonEmptyText('完成要求', 500),
    meeting: meetingSpecSchema.optional(),
    unconfirmedYears: z.array(z.number().int()),
    reminderWorkdaysBefore: z.number().int().min(1).max(365).optional(),
    escalationWorkdays: z.number().int().min(1).max(365).optional(),
  })
  .loose()
  .superRefine((spec, ctx) => {
    if (spec.opensOn > spec.due) ctx.addIssue({ code: 'custom', path: ['due'], message: `开始日期 ${spec.opensOn} 晚于截止日期 ${spec.due}` });
    if (spec.meeting && spec.meeting.inviteOn > spec.meeting.date) {
      ctx.addIssue({ code: 'custom', path: ['meeting', 'inviteOn'], message: `会议邀请日期 ${spec.meeting.inviteOn} 晚于会议日期 ${spec.meeting.date}` });
    }
  });

export const completeTaskInputSchema = z
  .object({
    by: idSchema,
    evidence: nonEmptyText('完成佐证', 2000, 'lines'),
    note: plainText('lines').trim().max(1000).optional(),
  })
  .strict();

export const cancelTaskInputSchema = z
  .object({
    reason: nonEmptyText('取消理由', 1000, 'lines'),
    /** A person of the profile; absent when the duty calendar cancels the task itself. */
    by: idSchema.optional(),
  })
  .strict();

export const replaceTaskSpecInputSchema = z
  .object({
    spec: taskSpecSchema,
    /** Why the spec changed, for the record: 会议改期, 新增放假安排… */
    reason: plainText('lines').trim().max(1000).optional(),
    by: idSchema.optional(),
  })
  .strict();

export type CompleteTaskInput = z.infer<typeof completeTaskInputSchema>;
export type CancelTaskInput = z.infer<typeof cancelTaskInputSchema>;
export interface ReplaceTaskSpecInput {
  spec: TaskSpec;
  reason?: string;
  by?: string;
}

export interface TaskWorkflowInput {
  spec: TaskSpec;
  /** How it begins; absent: fresh (from the spec). A duty's opening and a campaign's waves start their tasks prepared. */
  start?: ObligationStart<TaskState, TaskContext>;
  /** The start of workflows begun before `start` existed (see PreparedTaskStart). */
  prepared?: PreparedTaskStart;
}

/**
 * How workflows begun before `start` existed were started by their starters: the state and the events
 * recorded, and when the next step falls due — null: nothing is scheduled; 0: at once (resumed from the ledger).
 */
export interface PreparedTaskStart {
  state: TaskState;
  recorded: number;
  wakeAt: number | null;
}

/** How a task's workflow begins, whichever form its input has. */
export function taskStartOf(input: TaskWorkflowInput): ObligationStart<TaskState, TaskContext> {
  if (input.start) return input.start;
  const p = input.prepared;
  if (!p) return { type: 'fresh' };
  if (p.wakeAt === 0) return { type: 'resumed', state: p.state, recorded: p.recorded };
  return { type: 'prepared', state: p.state, recorded: p.recorded, ...(p.wakeAt === null ? {} : { wakeAt: p.wakeAt }) };
}

/** The ledger key of a task's n-th recorded event: unique, and the same on every retry and replay. */
export const taskEventKey = eventKey;

/** What the task workflow needs to know about the town, loaded by an activity and refreshed on reload. */
export interface TaskContext {
  town: string;
  /** Active people by id. */
  people: Record<string, { name: string; role: Role }>;
  calendar: CalendarData;
  policy: TaskPolicy;
  profileVersion: number;
}

export type TaskEscalation = SentEscalation;

/** The facts of a task notice that the spec alone does not say. */
export interface TaskNoticeFacts {
  due: LocalDate;
  dueTrace: string;
  /** Calendar and working days past the due date (overdue, escalation). */
  daysOverdue?: number;
  workdaysOverdue?: number;
  escalationLevel?: 1 | 2;
  /** A reassignment: the due date and assignee before the spec was replaced. */
  previousDue?: LocalDate;
  previousAssigneeId?: string;
  /** meeting.invite: the invitation's iCalendar method and SEQUENCE. */
  invite?: { method: 'REQUEST' | 'CANCEL'; sequence: number; reason?: string };
}

/** A notice decided by an event (a replaced spec, a cancellation), sent by the workflow's main loop. */
export interface QueuedTaskNotice {
  step: string;
  kind: TaskNoticeKind;
  at: number;
  /** A scheduled step's notice (QueuedNoticeBase.scheduled). */
  scheduled?: true;
  audience: readonly Audience[];
  /** The spec the notice speaks of (a cancelled meeting's invitation names the meeting as it was). */
  spec: TaskSpec;
  facts: TaskNoticeFacts;
}

/** The task workflow's whole state; JSON, deterministic. */
export interface TaskState {
  spec: TaskSpec;
  startedAt: number;
  status: TaskStatus;
  /** 1 at start; +1 for each replaced spec that changed something. */
  revision: number;
  /** When the current spec was set: a scheduled moment already passed then is not sent late. */
  specSetAt: number;
  /** When the current due date was set: a reminder whose moment had passed then is not sent. */
  dueSetAt: number;
  /** The last meeting invitation sent (its SEQUENCE and the meeting it described). */
  invited?: { sequence: number; at: number; meeting: MeetingSpec; title: string };
  completion?: { at: number; by: string; evidence: string; note?: string; late: boolean };
  cancellation?: { at: number; by?: string; reason: string };
  /** Escalations for the current due date; reset when the due date changes. */
  escalations: TaskEscalation[];
  /** Keys of the scheduled steps already performed. */
  done: string[];
  /** Event notices waiting to be sent, oldest first. */
  outbox: QueuedTaskNotice[];
}

/** How a task looks from outside: CLI, simulate, update results. */
export interface TaskView {
  id: string;
  dutyId: string;
  title: string;
  period: string;
  scope?: TaskScope;
  assigneeId: string;
  status: TaskStatus;
  opensOn: LocalDate;
  due: LocalDate;
  dueTrace: string;
  late: boolean;
  completedAt?: number;
  completedBy?: string;
  cancelledAt?: number;
  escalationLevel: 0 | 1 | 2;
  revision: number;
  meeting?: { date: LocalDate; time: string; location?: string; invitedSequence?: number };
  /** The next scheduled notice, if any. */
  next?: { step: string; kind: TaskNoticeKind; at: number };
}

export interface TaskOutcome {
  id: string;
  status: 'done' | 'cancelled';
  completedAt?: number;
  late: boolean;
}

/** What a task workflow asks the sendTaskNotice activity to send. */
export interface TaskNoticeRequest {
  /** Workflow id (the task id) + step: the outbox key. The same key never sends twice. */
  key: string;
  kind: TaskNoticeKind;
  taskId: string;
  /** Workflow time of the notice (epoch ms). */
  at: number;
  /** A scheduled step's notice: it may wait for the recipients' daily digest (contract §8). */
  scheduled?: boolean;
  audience: readonly Audience[];
  spec: TaskSpec;
  facts: TaskNoticeFacts;
}

/** Everything a task email needs, resolved from the database and the workflow's facts. */
export interface TaskNoticeView {
  kind: TaskNoticeKind;
  key: string;
  at: number;
  town: string;
  spec: TaskSpec;
  facts: TaskNoticeFacts;
  recipients: Recipient[];
  /** The scope's name (危险化学品, 东方加油站, 东村), when the task has one. */
  scopeName?: string;
  /** Names of the people responsible: the assignee, level 1 (by name), level 2. */
  responsible: { assignee: string; level1: string };
  /** Names of the people the spec and facts mention by id. */
  names: Record<string, string>;
  policy?: TaskPolicy;
}

/** Complete a task with evidence: stops its reminders and escalation; after the due date it is recorded as late. */
export const completeTask = defineUpdate<TaskView, [CompleteTaskInput]>('completeTask');
/** Cancel a task (a meeting called off, a duty removed); a meeting's invitation is withdrawn (METHOD:CANCEL). */
export const cancelTask = defineUpdate<TaskView, [CancelTaskInput]>('cancelTask');
/** Replace the spec (a rescheduled meeting, dates recomputed after new holidays); the same spec again changes nothing. */
export const replaceTaskSpec = defineUpdate<TaskView, [ReplaceTaskSpecInput]>('replaceTaskSpec');
export const taskState = defineQuery<TaskView | null>('taskState');
/** The profile was reloaded: reload the context (calendar, policy, people) before the next step. Same name as the hazards'. */
export const taskTownChanged = defineSignal('townChanged');
