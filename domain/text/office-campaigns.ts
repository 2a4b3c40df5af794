// zh-CN wording of the office's 专项行动 pages (contract §7 "Office pages"): the list, a campaign's progress,
// the start form with its preview, the close confirmation. Refusals of a start or a close are the CLI's own
// words (domain/text/campaign.ts); the names of templates and states are the shared ones.

import { statusText } from './status.ts';

export const officeCampaignText = {
  title: '专项行动',
  scopeTown: '您可以查看全镇的专项行动。',
  scopePart: '只列出有您分管或负责的企业的专项行动；进度和隐患只计您能查看的部分。',
  none: '没有可以查看的专项行动。',
  startLink: '发起专项行动',
  columns: {
    id: '编号',
    title: '名称',
    template: '类型',
    opensOn: '开始日期',
    due: '截止日期',
    status: '状态',
    progress: '进度（已完成/企业数）',
    hazards: '发现隐患',
  },
  progress: (done: number, total: number) => `${done}/${total}`,

  // ── one campaign ──────────────────────────────────────────────────────────────────────────────
  heading: (id: string, title: string) => `${title}（${id}）`,
  span: (opensOn: string, due: string, closedAt?: string) => `${opensOn} 开始，${due} 截止${closedAt ? `，${closedAt} 结束` : ''}`,
  partNote: '以下只计您分管或负责的企业。',
  export: '导出Excel',
  exportTownOnly: '导出Excel（完整台账）仅限全镇查看的人员（党委书记、镇长、分管安全的领导、安办主任）。',
  /** The states' columns are the shared words of a task's states (statusText.task) and a hazard's 已销号. */
  rowColumns: { name: '名称', tasks: '企业数', done: statusText.task.done, open: statusText.task.open, overdue: statusText.task.overdue, hazards: '隐患', rectified: statusText.hazard.closed },
  tasks: '检查任务',
  noTasks: '没有可以查看的检查任务。',
  taskColumns: { id: '任务编号', enterprise: '企业', sector: '行业领域', village: '村（社区）', inspector: '安监员', due: '截止日期', status: '状态', completedAt: '完成时间' },
  hazards: '发现的隐患',
  noHazards: '本专项行动中尚未上报隐患。',
  hazardColumns: { id: '隐患编号', enterprise: '企业', description: '隐患描述', level: '等级', due: '整改期限', status: '状态' },
  backToList: '返回专项行动',

  // ── start ─────────────────────────────────────────────────────────────────────────────────────
  start: {
    title: '发起专项行动',
    intro: '选择模板和范围，先预览目标企业数，确认后开始。每家目标企业一项检查任务，由所属行业领域的安监员负责。',
    template: '模板',
    titleField: '标题',
    titleHint: '不填则用模板的默认标题。',
    id: '编号',
    idHint: '不填则自动编号（如 SM2030）。',
    sectors: '行业领域',
    classes: '企业分级',
    villages: '村（社区）',
    enterprises: '企业编号',
    enterprisesHint: '多个编号用逗号分隔；不填则不按企业限定。',
    scopeHint: '不选则不限；给出的条件同时满足。',
    due: '截止期限',
    dueHint: '如“5个工作日”“30天”或“2030-10-10”；不填则用模板的默认期限。',
    preview: '预览',
    confirm: '确认开始',
    previewTitle: '预览：将要开始的专项行动',
    previewCount: (n: number) => `目标企业 ${n} 家（每家一项检查任务）。`,
    previewDue: (due: string, opensOn: string) => `${opensOn} 开始，${due} 截止。`,
    previewTitleLine: (id: string, title: string, template: string) => `${template}“${title}”，编号 ${id}。`,
    change: '修改后重新预览',
    mayNot: '只有安办主任和分管安全的领导可以发起和结束专项行动。',
    classLabel: (c: string) => `${c} 级`,
  },

  // ── close ─────────────────────────────────────────────────────────────────────────────────────
  close: {
    button: '结束专项行动',
    title: (id: string) => `结束专项行动 ${id}`,
    confirmText: (open: number) =>
      open > 0 ? `还有 ${open} 项检查任务未完成，结束后将被取消。结束后会向分管安全的领导、镇长和党委书记发送结束通知和台账（Excel）。` : '结束后会向分管安全的领导、镇长和党委书记发送结束通知和台账（Excel）。',
    note: '说明',
    confirm: '确认结束',
    cancel: '返回，不结束',
  },
  refusedTitle: '不能办理',
} as const;
