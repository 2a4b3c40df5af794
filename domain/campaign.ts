// The campaign (专项行动, contract §6): an admin's drive over many enterprises — 节前检查, 安全生产月,
// 百日攻坚, 专项整治 — turned into one quiet inspection task per target enterprise, followed by one
// workflow (`campaign:<id>`) that sends the few campaign-level emails itself.
//
// This module holds what the workflow, its activities and the CLI share: ids, templates, the scope
// filter, the start input and spec, the workflow's messages and state, and the pure rules — which
// enterprises a scope means, who gets which email, and when each scheduled notice is due.

import { defineQuery, defineSignal, defineUpdate } from './messages.ts';
import type { CalendarData } from './calendar.ts';
import { WorkCalendar, type DeadlineForm } from './calendar.ts';
import type { TaskPolicy } from './policy.ts';
import { deadlineFormSchema, idSchema, nonEmptyText, plainText, z } from './schema.ts';
import { campaignText } from './text/campaign.ts';
import { addDays, instantAt, isoWeekday, localDateOf, type LocalDate } from './time.ts';

/** Workflow id of a campaign. */
export const campaignWorkflowId = (campaignId: string): string => `campaign:${campaignId}`;

/** A campaign's task for one enterprise (contract §6): `<campaign id>:<enterprise id>`. */
export const campaignTaskId = (campaignId: string, enterpriseId: string): string => `${campaignId}:${enterpriseId}`;

export const CAMPAIGN_NOTICE_KINDS = [
  'campaign.started',
  'campaign.assigned',
  'campaign.reminder',
  'campaign.overdue',
  'campaign.escalation',
  'campaign.progress',
  'campaign.closed',
] as const;
export type CampaignNoticeKind = (typeof CAMPAIGN_NOTICE_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// Templates: what each kind of campaign is called, checks, and how long it runs by default.

export const CAMPAIGN_TEMPLATE_IDS = ['holiday_check', 'safety_month', 'hundred_days', 'special'] as const;
export type CampaignTemplateId = (typeof CAMPAIGN_TEMPLATE_IDS)[number];

export interface CampaignTemplate {
  id: CampaignTemplateId;
  /** As people say it: 节前检查, 安全生产月… */
  name: string;
  /** The title when the admin gives none, from the start year. */
  defaultTitle: (year: number) => string;
  /** What every inspection of the campaign checks: listed in the assignment email and the ledger. */
  checklist: readonly string[];
  /** The default due date, counted from the start day. */
  due: DeadlineForm;
  /** The month the campaign belongs to (安全生产月 is June): a start in another month is warned of, not refused. */
  month?: number;
}

export const CAMPAIGN_TEMPLATES: Record<CampaignTemplateId, CampaignTemplate> = {
  holiday_check: {
    id: 'holiday_check',
    name: campaignText.templateName.holiday_check,
    defaultTitle: (year) => `${year}年节前安全检查`,
    checklist: ['值班值守和应急预案落实', '消防设施完好、疏散通道畅通', '用电用气和动火作业管理', '危险化学品储存和使用', '节日期间停产停工安全措施'],
    due: { workdays: 5 },
  },
  safety_month: {
    id: 'safety_month',
    name: campaignText.templateName.safety_month,
    defaultTitle: (year) => `${year}年安全生产月企业大检查`,
    checklist: ['安全生产责任制和全员安全培训', '隐患排查治理台账', '应急预案和应急演练', '特种作业人员持证上岗', '重点部位和设备设施安全状况'],
    due: { workdays: 20 },
    month: 6,
  },
  hundred_days: {
    id: 'hundred_days',
    name: campaignText.templateName.hundred_days,
    defaultTitle: (year) => `${year}年安全生产百日攻坚行动`,
    checklist: ['重大事故隐患排查整治', '非法违法生产经营建设行为', '安全风险分级管控', '有限空间和危险作业管理', '隐患整改闭环销号'],
    due: { days: 100 },
  },
  special: {
    id: 'special',
    name: campaignText.templateName.special,
    defaultTitle: (year) => `${year}年安全生产专项整治`,
    checklist: ['专项整治重点内容逐项检查', '问题隐患登记并限期整改', '整改措施、责任、资金、时限和预案落实'],
    due: { workdays: 30 },
  },
};

/** What is odd about a start but not wrong: a template that belongs to another month (安全生产月 started in March). */
export function campaignStartWarnings(spec: Pick<CampaignSpec, 'id' | 'template' | 'opensOn'>): string[] {
  const template = CAMPAIGN_TEMPLATES[spec.template];
  const month = Number(spec.opensOn.slice(5, 7));
  return template.month !== undefined && month !== template.month ? [campaignText.outsideMonth(spec.id, template.name, spec.template, spec.opensOn, template.month)] : [];
}

// ---------------------------------------------------------------------------------------------
// Scope: which enterprises. Given filters intersect; none = every active enterprise.

export const campaignScopeSchema = z
  .object({
    sectors: z.array(idSchema).min(1, '至少给出一个行业领域').optional(),
    classes: z.array(z.enum(['A', 'B', 'C'], { error: '企业分级应为 A、B 或 C' })).min(1, '至少给出一个分级').optional(),
    villages: z.array(idSchema).min(1, '至少给出一个村（社区）').optional(),
    enterprises: z.array(idSchema).min(1, '至少给出一家企业').optional(),
  })
  .strict();
export type CampaignScope = z.infer<typeof campaignScopeSchema>;

export interface ScopeEnterprise {
  id: string;
  sectorId: string;
  class: string;
  villageId: string | null;
}

/** The enterprises a scope means, in id order: every given filter must hold (none = all). */
export function enterprisesInScope<E extends ScopeEnterprise>(scope: CampaignScope, enterprises: readonly E[]): E[] {
  const sets = {
    sectors: scope.sectors && new Set(scope.sectors),
    classes: scope.classes && new Set<string>(scope.classes),
    villages: scope.villages && new Set(scope.villages),
    enterprises: scope.enterprises && new Set(scope.enterprises),
  };
  return enterprises
    .filter(
      (e) =>
        (!sets.sectors || sets.sectors.has(e.sectorId)) &&
        (!sets.classes || sets.classes.has(e.class)) &&
        (!sets.villages || (e.villageId !== null && sets.villages.has(e.villageId))) &&
        (!sets.enterprises || sets.enterprises.has(e.id)),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Starting: the input people give (CLI flags, `campaign.start` in a scenario) and the spec computed
// from it at the edge (due date from the town's calendar), which the workflow runs.

/** Campaign ids become task id prefixes: no `:`. */
export const campaignIdSchema = idSchema;

export const startCampaignInputSchema = z
  .object({
    id: campaignIdSchema,
    template: z.enum(CAMPAIGN_TEMPLATE_IDS, { error: `模板应为 ${CAMPAIGN_TEMPLATE_IDS.join('、')} 之一` }),
    title: nonEmptyText('专项行动标题', 200).optional(),
    scope: campaignScopeSchema.optional(),
    due: deadlineFormSchema.optional(),
    by: idSchema,
  })
  .strict();
export type StartCampaignInput = z.infer<typeof startCampaignInputSchema>;

export const closeCampaignInputSchema = z
  .object({
    by: idSchema,
    note: plainText('lines').trim().max(1000).optional(),
  })
  .strict();
export type CloseCampaignInput = z.infer<typeof closeCampaignInputSchema>;

export interface CampaignSpec {
  id: string;
  template: CampaignTemplateId;
  title: string;
  scope: CampaignScope;
  /** The start day (Shanghai). */
  opensOn: LocalDate;
  due: LocalDate;
  dueTrace: string;
  dueForm: DeadlineForm;
  startedBy: string;
  startedAt: number;
  /** How many enterprises the scope meant at the edge (the workflow's activity snapshots them again). */
  expected: number;
  unconfirmedYears: number[];
}

export const campaignSpecSchema = z
  .object({
    id: campaignIdSchema,
    template: z.enum(CAMPAIGN_TEMPLATE_IDS),
    title: nonEmptyText('专项行动标题', 200),
    scope: campaignScopeSchema,
    opensOn: z.string(),
    due: z.string(),
    dueTrace: z.string(),
    dueForm: deadlineFormSchema,
    startedBy: idSchema,
    startedAt: z.number(),
    expected: z.number().int().min(1),
    unconfirmedYears: z.array(z.number().int()),
  })
  .loose()
  .superRefine((s, ctx) => {
    if (s.due < s.opensOn) ctx.addIssue({ code: 'custom', path: ['due'], message: `截止日期 ${s.due} 早于开始日期 ${s.opensOn}` });
  });

// ---------------------------------------------------------------------------------------------
// The workflow's state and messages.

export type CampaignStatus = 'open' | 'closed';
export type CampaignPhase = 'starting' | 'open' | 'closing' | 'closed';

/** Done, open, overdue… as the ledger says now. */
export interface CampaignCounts {
  tasks: number;
  done: number;
  open: number;
  overdue: number;
  cancelled: number;
  hazards: number;
  rectified: number;
}

export interface CampaignState {
  spec: CampaignSpec;
  phase: CampaignPhase;
  /** Targets snapshotted at start (0 until then). */
  total: number;
  /** How many targets have had their task workflow started (the fan-out's cursor). */
  started: number;
  /** Keys of scheduled steps performed. */
  done: string[];
  /** When level 1 went out (level 2 counts from it); absent when nobody was overdue. */
  escalation1At?: number;
  counts?: CampaignCounts;
  closing?: { at: number; by?: string; note?: string; reason: 'completed' | 'closed' };
  closedAt?: number;
  /** Hazards reported with this campaign while it ran (the hazardLinked signal). */
  hazardsLinked: number;
  /** Notices waiting to be sent, oldest first (runs since 'campaign-sends-queued'). */
  outbox?: CampaignNoticeRequest[];
}

/** A campaign notice its workflow asks to send (one email per recipient). */
export interface CampaignNoticeRequest {
  campaignId: string;
  kind: CampaignNoticeKind;
  /** The workflow's step (`started`, `overdue`, `progress:2030-09-09`…): the outbox key's middle part. */
  step: string;
  at: number;
  level?: 1 | 2;
  week?: LocalDate;
  closing?: { reason: 'completed' | 'closed'; by?: string };
}

export interface CampaignWorkflowInput {
  spec: CampaignSpec;
  /** Carried over by continue-as-new. */
  state?: CampaignState;
}

export interface CampaignView {
  id: string;
  title: string;
  template: CampaignTemplateId;
  status: CampaignStatus;
  phase: CampaignPhase;
  opensOn: LocalDate;
  due: LocalDate;
  total: number;
  started: number;
  counts?: CampaignCounts;
  closedAt?: number;
  next?: { key: string; at: number };
}

export interface CampaignOutcome {
  id: string;
  reason: 'completed' | 'closed';
  closedAt: number;
  counts?: CampaignCounts;
}

/** Close a campaign now: open tasks are cancelled and the closing email goes out with the ledger. */
export const closeCampaign = defineUpdate<CampaignView, [CloseCampaignInput]>('closeCampaign');
export const campaignProgress = defineQuery<CampaignView>('campaignProgress');
/** A campaign task ended (done or cancelled): the campaign looks whether any are left. */
export const campaignTaskEnded = defineSignal<[{ taskId: string; status: string }]>('campaignTaskEnded');
/** A hazard was reported with this campaign's id. */
export const hazardLinked = defineSignal<[{ hazardId: string }]>('hazardLinked');

/** What the campaign workflow needs of the town to plan: calendar and notice time. */
export interface CampaignContext {
  calendar: CalendarData;
  policy: TaskPolicy;
}

// ---------------------------------------------------------------------------------------------
// The notice plan (contract §6): the next scheduled step.

export type CampaignStepType = 'reminder' | 'overdue' | 'escalation2' | 'progress';

export interface CampaignStep {
  key: string;
  at: number;
  type: CampaignStepType;
}

/** Monday of the week (weeks start on Monday) that contains `day`. */
export function mondayOf(day: LocalDate): LocalDate {
  return addDays(day, 1 - isoWeekday(day));
}

/** 09:00 on the first working day of each week after the start week: the next such week not yet reported. */
function progressStep(state: CampaignState, cal: WorkCalendar, at09: (d: LocalDate) => number): CampaignStep | undefined {
  const reported = state.done.filter((k) => k.startsWith('progress:')).map((k) => k.slice('progress:'.length));
  let monday = addDays(mondayOf(state.spec.opensOn), 7);
  const last = reported.sort().at(-1);
  if (last && last >= monday) monday = addDays(last, 7);
  for (let i = 0; i < 60; i++, monday = addDays(monday, 7)) {
    if (!cal.covers(addDays(monday, 6))) return undefined;
    for (let d = monday; d <= addDays(monday, 6); d = addDays(d, 1)) {
      if (cal.isWorkingDay(d)) return { key: `progress:${monday}`, at: at09(d), type: 'progress' };
    }
  }
  return undefined;
}

/** The next scheduled step not yet performed (reminder, overdue + level 1, level 2, weekly progress). */
export function planNextCampaignStep(state: CampaignState, ctx: CampaignContext): CampaignStep | undefined {
  if (state.phase !== 'open') return undefined;
  const cal = new WorkCalendar(ctx.calendar);
  const at09 = (day: LocalDate) => instantAt(day, ctx.policy.noticeTime);
  const { spec } = state;
  const done = new Set(state.done);
  const steps: CampaignStep[] = [];

  const reminderAt = at09(cal.nthWorkingDayBefore(spec.due, ctx.policy.reminderWorkdaysBefore).date);
  if (!done.has('reminder') && reminderAt > spec.startedAt) steps.push({ key: 'reminder', at: reminderAt, type: 'reminder' });
  if (!done.has('overdue')) steps.push({ key: 'overdue', at: at09(cal.firstWorkingDayAfter(spec.due).date), type: 'overdue' });
  else if (state.escalation1At !== undefined && !done.has('escalation-2')) {
    steps.push({ key: 'escalation-2', at: at09(cal.nthWorkingDayAfter(localDateOf(state.escalation1At), ctx.policy.escalationWorkdays).date), type: 'escalation2' });
  }
  const progress = progressStep(state, cal, at09);
  if (progress) steps.push(progress);
  return steps.sort((a, b) => a.at - b.at)[0];
}

/** The years of calendar a campaign needs: its start to well past its due date. */
export function campaignCalendarYears(spec: CampaignSpec, now: number): { fromYear: number; toYear: number } {
  const years = [spec.opensOn, spec.due, localDateOf(now)].map((d) => Number(d.slice(0, 4)));
  return { fromYear: Math.min(...years), toYear: Math.max(...years) + 1 };
}

// ---------------------------------------------------------------------------------------------
// Grouping: one email per recipient, never one per enterprise.

export interface CampaignTaskLine {
  taskId: string;
  enterpriseId: string;
  enterpriseName: string;
  sectorId: string;
  sectorName: string;
  villageName?: string;
  className: string;
  inspectorId: string;
  leaderId: string;
  status: string;
  due: LocalDate;
  completedAt?: number;
  completedBy?: string;
  evidence?: string;
  late: boolean;
}

/** Lines grouped by a key (the inspector, the sector leader), each group in enterprise id order, groups by key. */
export function groupBy<T extends CampaignTaskLine>(lines: readonly T[], key: (line: T) => string): Array<{ key: string; lines: T[] }> {
  const groups = new Map<string, T[]>();
  for (const line of lines) {
    const k = key(line);
    const list = groups.get(k);
    if (list) list.push(line);
    else groups.set(k, [line]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, list]) => ({ key: k, lines: list.sort((a, b) => (a.enterpriseId < b.enterpriseId ? -1 : a.enterpriseId > b.enterpriseId ? 1 : 0)) }));
}

export const isOpenStatus = (status: string): boolean => status === 'open' || status === 'overdue';

/** Open after its due date has ended at `at`: the overdue emails and escalation speak of these. */
export function isOverdueAt(line: Pick<CampaignTaskLine, 'status' | 'due'>, at: number): boolean {
  return isOpenStatus(line.status) && localDateOf(at) > line.due;
}

/** An inspector's email lists at most this many enterprises in its body; longer lists come as an attachment. */
export const LIST_IN_BODY_MAX = 30;

/** Counts per group, for `campaign status` and the progress email. */
export interface ProgressRow {
  key: string;
  name: string;
  tasks: number;
  done: number;
  open: number;
  overdue: number;
  cancelled: number;
  hazards: number;
  rectified: number;
}

export function progressRows(
  lines: readonly CampaignTaskLine[],
  hazards: ReadonlyArray<{ enterpriseId: string; status: string }>,
  key: (line: CampaignTaskLine) => { key: string; name: string },
  at: number,
): ProgressRow[] {
  const byEnterprise = new Map(lines.map((l) => [l.enterpriseId, l]));
  const rows = new Map<string, ProgressRow>();
  const row = (line: CampaignTaskLine) => {
    const k = key(line);
    let r = rows.get(k.key);
    if (!r) rows.set(k.key, (r = { key: k.key, name: k.name, tasks: 0, done: 0, open: 0, overdue: 0, cancelled: 0, hazards: 0, rectified: 0 }));
    return r;
  };
  for (const line of lines) {
    const r = row(line);
    r.tasks++;
    if (line.status === 'done') r.done++;
    else if (line.status === 'cancelled') r.cancelled++;
    else if (isOverdueAt(line, at)) r.overdue++;
    else r.open++;
  }
  for (const h of hazards) {
    const line = byEnterprise.get(h.enterpriseId);
    if (!line) continue;
    const r = row(line);
    r.hazards++;
    if (h.status === 'closed') r.rectified++;
  }
  return [...rows.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function totalCounts(lines: readonly CampaignTaskLine[], hazards: ReadonlyArray<{ status: string }>, at: number): CampaignCounts {
  const c: CampaignCounts = { tasks: lines.length, done: 0, open: 0, overdue: 0, cancelled: 0, hazards: hazards.length, rectified: 0 };
  for (const line of lines) {
    if (line.status === 'done') c.done++;
    else if (line.status === 'cancelled') c.cancelled++;
    else if (isOverdueAt(line, at)) c.overdue++;
    else c.open++;
  }
  c.rectified = hazards.filter((h) => h.status === 'closed').length;
  return c;
}
