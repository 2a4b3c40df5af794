// Notices: what the engine tells people. Workflows decide a notice's kind, time and audience;
// the sendNotice activity resolves the audience against the town, renders the email and sends it once.

import type { HazardPolicy } from './policy.ts';
import type { LocalDate } from './time.ts';

/** Who acted when nobody of the profile is named: the enterprise's principal (submitting, asking to extend). */
export const PRINCIPAL = 'principal';

/** How late a scheduled notice may go out and still carry its planned time. */
export const LATE_TOLERANCE_MS = 60_000;

/**
 * The time a notice planned for `plannedAt` is sent at, taken at `now`: its planned time, unless it is
 * late by more than a minute (started late, a worker was down) — then when it really went out.
 */
export function sentAt(plannedAt: number, now: number): number {
  return now - plannedAt < LATE_TOLERANCE_MS ? plannedAt : now;
}

/** What a notice is about, by its kind: the ledger of its item (a hazard, a task, a campaign), or none. */
export function noticeAbout(kind: string): 'hazard' | 'task' | 'campaign' | 'calendar' {
  if (kind.startsWith('hazard.')) return 'hazard';
  if (kind.startsWith('duty.') || kind.startsWith('meeting.')) return 'task';
  if (kind.startsWith('campaign.')) return 'campaign';
  return 'calendar';
}

export const HAZARD_NOTICE_KINDS = [
  'hazard.assigned',
  'hazard.major_listed',
  'hazard.reminder',
  'hazard.overdue',
  'hazard.escalation',
  'hazard.extension_requested',
  'hazard.extension_decided',
  'hazard.verification_requested',
  'hazard.verification_overdue',
  'hazard.rejected',
  'hazard.closed',
] as const;

export type HazardNoticeKind = (typeof HAZARD_NOTICE_KINDS)[number];
export type NoticeKind = HazardNoticeKind;

/**
 * Who a notice is for, by role. Resolved when the notice is sent, against the town as it is then,
 * so a reassignment in the profile never silently drops a notice.
 */
export type Audience =
  | 'principal' // the enterprise's principal (企业主要负责人)
  | 'sector_inspector' // the sector's inspector (安监员)
  | 'sector_leader' // the sector's leader (分管领导, 一岗双责)
  | 'town_head' // every active town head (镇长)
  | 'party_secretary' // every active party secretary (党委书记)
  | 'safety_leader' // the deputy head in charge of safety (分管安全)
  | 'office_head' // every active safety office head (安办主任)
  | 'assignee' // the person a duty task is assigned to
  | 'village_leader' // the town leader in charge of the village (包村领导)
  | 'attendees'; // the people invited to a meeting

export interface Recipient {
  /** The person's id in the profile; absent for an enterprise principal. */
  personId?: string;
  name: string;
  email: string;
}

/** What a hazard workflow asks the sendNotice activity to send. */
export interface HazardNoticeRequest {
  /** Workflow id + step: the outbox key. The same key never sends twice. */
  key: string;
  kind: HazardNoticeKind;
  hazardId: string;
  /** Workflow time of the notice (epoch ms): the simulated time under time skipping. */
  at: number;
  /** A scheduled step's notice: it may wait for the recipients' daily digest (contract §8). */
  scheduled?: boolean;
  audience: readonly Audience[];
  facts: HazardNoticeFacts;
}

/** What the workflow knows that the database does not (or not yet): the moment's facts. */
export interface HazardNoticeFacts {
  due: LocalDate;
  dueTrace: string;
  /** Calendar days past the due date, for overdue and escalation notices. */
  daysOverdue?: number;
  /** Working days past the due date. */
  workdaysOverdue?: number;
  escalationLevel?: 1 | 2;
  /** True when escalation resumes after an acknowledgement (5 working days without rectification). */
  resumed?: boolean;
  acknowledgedBy?: string;
  extension?: {
    reason: string;
    requestedBy: string;
    requestedDue: LocalDate;
    requestedTrace: string;
    approved?: boolean;
    decidedBy?: string;
    note?: string;
  };
  submission?: { evidence: string; by: string; at: number };
  verification?: {
    result: 'pass' | 'fail';
    by: string;
    at: number;
    note?: string;
    newDue?: LocalDate;
    newTrace?: string;
  };
  /** The last day to verify (the submission day + the verification period). */
  verifyBy?: LocalDate;
}

/** Everything an email needs, resolved from the database and the workflow's facts. */
export interface HazardNoticeView {
  kind: HazardNoticeKind;
  /** Outbox key; the email's Message-ID is derived from it. */
  key: string;
  at: number;
  town: string;
  hazard: {
    id: string;
    description: string;
    level: 'general' | 'major';
    location?: string;
    reportedAt: number;
    reportedBy: string;
    campaignId?: string;
    plan?: Record<string, string>;
  };
  enterprise: { id: string; name: string; principalName: string; principalEmail: string };
  sector: { id: string; name: string };
  village?: { id: string; name: string };
  /** Names of the people responsible, shown in every email (一岗双责). */
  responsible: { principal: string; inspector: string; sectorLeader: string };
  facts: HazardNoticeFacts;
  recipients: Recipient[];
  /**
   * Names of the people the facts mention by id (reporter, submitter, verifier, decider, acknowledger),
   * so an email says 赵安监员 rather than zhao. An id missing here is shown as the id.
   */
  names?: Record<string, string>;
  /** The town's rules an email explains (when escalation goes on); without them it is worded without numbers. */
  policy?: Pick<HazardPolicy, 'escalationWorkdays' | 'majorEscalationDays' | 'ackResumeWorkdays' | 'verificationDays'>;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  /** The same notice as one item of a daily digest (contract §8): written with the email, from the same words. */
  item?: DigestItem;
}

/** A notice as a daily digest shows it: its title, its lead, its key facts and the recipient's buttons. */
export interface DigestItem {
  tone: 'info' | 'warn' | 'alert' | 'done';
  subject: string;
  lead: string;
  rows: Array<{ label: string; value: string }>;
  /** The recipient's own buttons (a personal copy); none on the notice's shared copy. */
  buttons: Array<{ label: string; url: string }>;
}
