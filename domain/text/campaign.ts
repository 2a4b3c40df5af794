// zh-CN wording for campaigns (专项行动): refusals at the edge, status names, the ledger's headings and
// every campaign email (subjects, leads, labels, next steps).

import type { CampaignCounts, CampaignTemplateId } from '../campaign.ts';
import { longDate, shortDate } from './mail.ts';
import { statusText } from './status.ts';

const task = statusText.task;
const hazard = statusText.hazard;

const counts = (c: CampaignCounts) =>
  `共 ${c.tasks} 家企业：${task.done} ${c.done}，${task.open} ${c.open}，${task.overdue} ${c.overdue}${c.cancelled ? `，${task.cancelled} ${c.cancelled}` : ''}；发现隐患 ${c.hazards} 项，${hazard.closed} ${c.rectified} 项`;

export const campaignText = {
  /** The templates as people say them, in the order the CLI lists them. */
  templateName: { holiday_check: '节前检查', safety_month: '安全生产月', hundred_days: '百日攻坚', special: '专项整治' } satisfies Record<CampaignTemplateId, string>,
  closeReasonName: { completed: '全部检查完成', closed: '办公室结束（未完成的检查已取消）' } as Record<string, string>,
  counts,

  // ── refusals ────────────────────────────────────────────────────────────────────────────────
  refused: (id: string) => `不能启动专项行动 ${id}：`,
  closeRefused: (id: string) => `不能结束专项行动 ${id}：`,
  exists: (id: string) => `专项行动 ${id} 已经存在（anwei campaign list 可查看全部专项行动）`,
  idIsDuty: (id: string) => `编号 ${id} 与工作日历的工作事项重名，请换一个专项行动编号`,
  notFound: (id: string) => `未找到专项行动 ${id}（anwei campaign list 可查看全部专项行动）`,
  alreadyClosed: (id: string) => `专项行动 ${id} 已经结束`,
  unknownPerson: (field: string, id: string) => `${field}: 未知的人员 “${id}”（见档案 people）`,
  unknownIn: (field: 'sectors' | 'villages' | 'enterprises', id: string) =>
    `scope.${field}: 未知的${{ sectors: '行业领域', villages: '村（社区）', enterprises: '企业' }[field]} “${id}”（见档案 ${field}）`,
  emptyScope: '范围内没有在册企业：请检查 scope 的行业领域、分级、村和企业（给出的条件同时满足）',
  dueBeforeStart: (due: string, start: string) => `due: 截止日期 ${due} 早于开始日期 ${start}`,
  noInspector: (enterprise: string, sector: string) => `企业 ${enterprise} 所属行业领域 ${sector} 没有在册的安监员`,
  notStarted: (id: string) => `专项行动 ${id} 尚未启动完成`,
  outsideMonth: (id: string, name: string, template: string, opensOn: string, month: number) =>
    `专项行动 ${id} 用的是${name}模板（${template}），启动日期 ${opensOn} 却不在 ${month} 月：默认标题和检查清单按${name}写，请确认模板和日期`,
  badSpec: (problems: string[]) => `专项行动规格有误：${problems.join('；')}`,

  // ── tasks ───────────────────────────────────────────────────────────────────────────────────
  taskTitle: (title: string, enterprise: string) => `${title}（${enterprise}）`,
  proof: (checklist: readonly string[]) => `按检查清单逐项检查并登记结果：${checklist.join('；')}`,

  // ── emails ──────────────────────────────────────────────────────────────────────────────────
  subject: (tag: string, title: string, suffix: string) => `【${tag}】${title}${suffix ? `（${suffix}）` : ''}`,
  tag: {
    'campaign.started': '专项行动启动',
    'campaign.assigned': '专项行动检查任务',
    'campaign.reminder': '专项行动到期提醒',
    'campaign.overdue': '专项行动检查逾期',
    escalation1: '专项行动督办·一级',
    escalation2: '专项行动督办·二级',
    'campaign.progress': '专项行动进展周报',
    'campaign.closed': '专项行动结束',
  },
  suffix: {
    enterprises: (n: number) => `${n}家企业`,
    dueOn: (due: string) => `${shortDate(due)}到期`,
    overdue: (n: number) => `${n}家逾期`,
    week: (monday: string) => `${shortDate(monday)}当周`,
  },
  lead: {
    started: (title: string, template: string, n: number, due: string) =>
      `${template}“${title}”已启动：共 ${n} 家企业，每家企业一项检查任务，由所属行业领域的安监员负责，${longDate(due)}前完成。`,
    assigned: (title: string, n: number, due: string) =>
      `专项行动“${title}”分配给您 ${n} 家企业的检查任务，请于${longDate(due)}前逐家检查并登记结果。`,
    reminder: (title: string, n: number, due: string) =>
      `专项行动“${title}”明天（${longDate(due)}）到期，您还有 ${n} 家企业的检查未登记完成。`,
    overdue: (title: string, n: number, due: string) => `专项行动“${title}”已于${longDate(due)}到期，您负责的 ${n} 家企业检查仍未完成。`,
    escalation1: (title: string, n: number, due: string) =>
      `专项行动“${title}”已于${longDate(due)}到期，您分管的行业领域仍有 ${n} 家企业未完成检查，请督促安监员尽快完成（一岗双责）。`,
    escalation2: (title: string, n: number, due: string) =>
      `专项行动“${title}”已于${longDate(due)}到期，一级督办后仍有 ${n} 家企业未完成检查，现报请镇长、党委书记督办（党政同责）。`,
    progress: (title: string) => `专项行动“${title}”本周进展如下。`,
    closed: (title: string, reason: string) => `专项行动“${title}”已结束（${reason}）。台账见附件（Excel）。`,
  },
  section: {
    campaign: '专项行动',
    checklist: '检查清单',
    enterprises: '企业名单',
    progress: '进展',
    bySector: '按行业领域',
    byInspector: '按安监员',
    overdue: '逾期企业',
  },
  label: {
    id: '编号',
    title: '名称',
    template: '类型',
    opensOn: '开始日期',
    due: '截止日期',
    trace: '期限计算',
    startedBy: '发起人',
    total: '企业数',
    counts: '总体',
    closedBy: '结束人',
    reason: '结束原因',
  },
  enterpriseLine: (name: string, id: string, sector: string, village: string | undefined, status?: string) =>
    `${name}（${id}，${sector}${village ? `，${village}` : ''}）${status ? `：${status}` : ''}`,
  moreInAttachment: (n: number) => `另有 ${n} 家企业，完整名单见附件`,
  progressLine: (r: { tasks: number; done: number; open: number; overdue: number; hazards: number; rectified: number }) =>
    `${r.tasks} 家：${task.done} ${r.done}，${task.open} ${r.open}，${task.overdue} ${r.overdue}；隐患 ${r.hazards}，${hazard.closed} ${r.rectified}`,
  action: {
    completeText: '每检查完一家，登记完成并写明检查情况（佐证）；发现隐患的，在本专项行动中上报隐患。',
    follow: '督促各领域安监员按检查要点逐家检查，按期完成。',
    ledgerFromOffice: '台账（Excel）可随时向安办索取。',
    urge: '请督促安监员尽快完成检查并登记。',
    ledger: '台账（Excel）见附件。',
  },
  footer: (office: string, id: string) => `本邮件由安全生产工作提醒系统自动发送（专项行动 ${id}）。如有疑问，请与${office}联系。`,

  // ── the ledger (.xlsx) ──────────────────────────────────────────────────────────────────────
  sheet: { summary: '汇总', tasks: '检查任务', hazards: '隐患' },
  ledgerFile: (id: string) => `${id}-台账.xlsx`,
  ledgerTitle: (title: string) => `${title} 台账`,
  taskColumns: ['任务编号', '企业编号', '企业名称', '行业领域', '分级', '村（社区）', '安监员', '截止日期', '状态', '完成时间', '完成人', '检查情况（佐证）', '逾期完成', '佐证材料'],
  hazardColumns: ['隐患编号', '企业编号', '企业名称', '行业领域', '隐患描述', '等级', '整改期限', '状态', '上报时间', '上报人', '销号时间', '佐证材料'],
  /** One evidence file in its ledger cell: the name as uploaded and its full SHA-256, which proves the file kept. */
  evidenceFile: (name: string, sha256: string) => `${name}（sha256:${sha256}）`,
  summaryRows: {
    id: '专项行动编号',
    title: '名称',
    template: '类型',
    scope: '范围',
    opensOn: '开始日期',
    due: '截止日期',
    status: '状态',
    tasks: '企业数',
    done: task.done,
    open: task.open,
    overdue: task.overdue,
    cancelled: task.cancelled,
    hazards: '发现隐患',
    rectified: hazard.closed,
    exportedAt: '导出时间',
  },
  yes: '是',
  no: '否',
  everyEnterprise: '全部在册企业',
  scopeText: (parts: string[]) => parts.join('；'),
};
