// zh-CN wording of the office 看板 (contract §7 "Office pages"): the counts, the charts and their tables.

export const dashboardText = {
  title: '看板',
  scopeNote: (scope: string, today: string) => `${scope}（截至 ${today}）`,
  counts: {
    title: '概况',
    openHazards: '未整改隐患',
    overdueHazards: '逾期隐患',
    openTasks: '未完成任务',
    overdueTasks: '逾期任务',
    dueThisWeek: '本周到期',
  },
  major: {
    title: '重大隐患挂牌督办',
    empty: '没有挂牌督办中的重大隐患。',
    columns: { id: '编号', enterprise: '企业', status: '状态', due: '整改期限', left: '剩余天数' },
    daysLeft: (days: number) => (days > 0 ? `剩 ${days} 天` : days === 0 ? '今天到期' : `已逾期 ${-days} 天`),
  },
  week: {
    title: (from: string, to: string) => `本周到期（${from} 至 ${to}）`,
    empty: '本周没有到期的隐患或任务。',
    columns: { kind: '类别', id: '编号', what: '内容', due: '期限' },
    hazard: '隐患',
    task: '任务',
  },
  onTime: {
    title: '按期整改率（按月，已销号隐患）',
    columns: { month: '月份', onTime: '按期', late: '超期', rate: '按期率' },
    rate: (onTime: number, all: number) => (all ? `${Math.round((onTime * 100) / all)}%` : '—'),
  },
  bySector: { title: '逾期隐患（按行业领域）', columns: { name: '行业领域', count: '逾期隐患' } },
  byVillage: { title: '逾期隐患（按村社区）', columns: { name: '村（社区）', count: '逾期隐患' }, none: '未归属村（社区）' },
  foundClosed: { title: '隐患发现与销号（近12个月）', columns: { month: '月份', found: '发现', closed: '销号' } },
  campaigns: {
    title: '专项行动进度',
    empty: '没有进行中的专项行动。',
    columns: { title: '专项行动', due: '截止', done: '已完成', total: '任务数', progress: '进度' },
    progress: (done: number, total: number) => (total ? `${Math.round((done * 100) / total)}%` : '—'),
  },
  noRows: '无',
  /** The series' names in the charts (dashboard.js reads them from the figures). */
  series: { onTime: '按期', late: '超期', overdue: '逾期隐患', found: '发现', closed: '销号', done: '已完成', left: '未完成' },
} as const;
