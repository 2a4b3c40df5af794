// The duty task (工作任务): one occurrence of a duty of the duty calendar (contract §4) — a meeting,
// a sector's sweep, an enterprise's inspection, a village's monthly report. The duty calendar
// (domain/duties.ts) computes TaskSpecs; the task workflow (workflows/task.ts) runs each one:
// assigned → reminder → due → overdue → escalation levels, until completed with evidence.
//
// This module is the contract between the two: ids, the spec, and the audiences of task notices.

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
}

export type TaskStatus = 'open' | 'done' | 'overdue' | 'cancelled';
