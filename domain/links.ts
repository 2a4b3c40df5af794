// Action links: what one person may do with one item, as a notice grants it (contract §7). Pure: the
// notices decide the grants, web/links.ts signs them into URLs, the web checks them; `anwei simulate`
// shows them without URLs.

import type { Audience } from './notices.ts';

/** What a link can open. `view` is every link's 查看详情 page; the others are action pages. */
export const LINK_ACTIONS = ['view', 'submit', 'extend', 'decide', 'ack', 'verify', 'complete', 'report'] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

/** The button text of each action, the product's words (§7). */
export const LINK_LABELS: Readonly<Record<LinkAction, string>> = {
  view: '查看详情',
  submit: '提交整改',
  extend: '申请延期',
  decide: '审批延期',
  ack: '签收督办',
  verify: '复查',
  complete: '登记完成',
  report: '上报隐患',
};

export type LinkItemKind = 'hazard' | 'task' | 'campaign';

/** Days a link stays valid after its notice unless the town sets otherwise; an action link also ends when its item closes. */
export const LINK_DAYS = 30;

/**
 * One person, one item, what they may do with it, until when. `who` is a profile person's id, or
 * `principal` for the principal of the hazard's (or task's) enterprise, who is in no people list.
 */
export interface LinkGrant {
  who: string;
  kind: LinkItemKind;
  id: string;
  /** The action pages it opens, in the order the email shows them; `view` is always allowed besides. */
  actions: LinkAction[];
  /** Epoch ms. */
  expiresAt: number;
}

/** One button of an email: its action, its text and (outside `anwei simulate`) its address. */
export interface LinkButton {
  action: LinkAction;
  label: string;
  url?: string;
}

/** Turns a grant into the buttons its recipient gets: one per action, then 查看详情. */
export interface LinkMaker {
  buttons(grant: LinkGrant): LinkButton[];
}

const orderedButtons = (grant: LinkGrant, url?: (action: LinkAction) => string): LinkButton[] =>
  [...grant.actions.filter((a) => a !== 'view'), 'view' as const].map((action) => ({
    action,
    label: LINK_LABELS[action],
    ...(url ? { url: url(action) } : {}),
  }));

/** The buttons without addresses: `anwei simulate`, and an engine told to send none. */
export const unsignedLinks: LinkMaker = { buttons: (grant) => orderedButtons(grant) };

/** The buttons with addresses made by `url` (web/links.ts signs them). */
export function linkMakerFrom(url: (grant: LinkGrant, action: LinkAction) => string): LinkMaker {
  return { buttons: (grant) => orderedButtons(grant, (action) => url(grant, action)) };
}

// ---- Which actions a notice gives each recipient (the §7 table) ----

const LEADERS: readonly Audience[] = ['sector_leader', 'town_head', 'party_secretary', 'safety_leader', 'office_head', 'village_leader'];

/** What of a hazard's state decides its links when the notice is written. */
export interface HazardLinkState {
  status: 'open' | 'submitted' | 'closed';
  /** A request for more time could still be made: before the due date's end, none pending, extensions left. */
  canExtend: boolean;
  /** Who submitted the rectification under verification: they may not verify it themselves. */
  submittedBy?: string;
  pendingExtension: boolean;
}

const RECTIFY_KINDS = new Set(['hazard.assigned', 'hazard.reminder', 'hazard.overdue', 'hazard.rejected', 'hazard.extension_decided']);

/** A hazard notice's actions for one recipient (`who` = person id or `principal`), besides 查看详情. */
export function hazardLinkActions(kind: string, who: string, roles: readonly Audience[], state: HazardLinkState): LinkAction[] {
  const has = (...r: Audience[]) => r.some((role) => roles.includes(role));
  if (state.status === 'closed') return [];
  if (RECTIFY_KINDS.has(kind) && state.status === 'open' && has('principal', 'sector_inspector')) {
    return state.canExtend ? ['submit', 'extend'] : ['submit'];
  }
  if (kind === 'hazard.escalation' && state.status === 'open' && roles.some((r) => LEADERS.includes(r))) return ['ack'];
  if (kind === 'hazard.extension_requested' && state.pendingExtension && has('sector_leader')) return ['decide'];
  if (
    (kind === 'hazard.verification_requested' || kind === 'hazard.verification_overdue') &&
    state.status === 'submitted' &&
    who !== state.submittedBy &&
    who !== 'principal' &&
    // The inspector; a leader the notice also goes to (overdue, or the inspector submitted himself).
    (has('sector_inspector') || roles.some((r) => LEADERS.includes(r)))
  ) {
    return ['verify'];
  }
  return [];
}

const TASK_ACT_KINDS = new Set(['duty.assigned', 'duty.reminder', 'duty.overdue', 'duty.escalation', 'meeting.invite']);

/** A duty task notice's actions for one recipient, besides 查看详情: the assignee registers it done. */
export function taskLinkActions(kind: string, roles: readonly Audience[], open: boolean): LinkAction[] {
  return open && TASK_ACT_KINDS.has(kind) && roles.includes('assignee') ? ['complete'] : [];
}

/** A campaign notice's actions for its inspector: their task list (登记完成 per enterprise) and 上报隐患. */
export function campaignLinkActions(kind: string, roles: readonly Audience[], open: boolean): LinkAction[] {
  const acts = kind === 'campaign.assigned' || kind === 'campaign.reminder' || kind === 'campaign.overdue';
  return open && acts && roles.includes('sector_inspector') ? ['complete', 'report'] : [];
}

/** The link holder a recipient is: their person id, or the enterprise's principal. */
export const linkHolder = (recipient: { personId?: string }): string => recipient.personId ?? 'principal';

/** When a notice's links stop working. */
export const linkExpiry = (noticeAt: number, days: number = LINK_DAYS): number => noticeAt + days * 86_400_000;
