// Action links: what one person may do with one item, as a notice grants it (contract §7). Pure: the
// notices decide the grants, web/links.ts signs them into URLs, the web checks them; `anwei simulate`
// shows them without URLs.

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
