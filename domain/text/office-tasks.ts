// zh-CN wording of the office's 工作任务 page (contract §7 "Office pages"): the task ledger the signed-in
// person may see, its filters and 导出Excel. The menu entry's word is in office.ts (menu.tasks).

export const officeTasksText = {
  title: '工作任务',
  columns: { title: '任务', assignee: '承办人', period: '期间', due: '期限', status: '状态', overdue: '逾期' },
  overdueDays: (days: number) => `${days} 天`,
  notOverdue: '—',
  count: (n: number) => `共 ${n} 项`,
  empty: '没有符合条件的任务。',
  export: '导出Excel',
  scopeTown: '您可以查看全镇的工作任务。',
  scopePart: (sectors: readonly string[], villages: readonly string[]) =>
    `您可以查看：${[sectors.length ? `行业领域 ${sectors.join('、')}` : '', villages.length ? `村 ${villages.join('、')}` : ''].filter(Boolean).join('；')}（及其企业）的任务，以及由您承办的任务。`,
  filter: {
    status: '状态',
    duty: '工作事项',
    assignee: '承办人',
    village: '村',
    overdue: '只看逾期',
    all: '全部',
    apply: '筛选',
    clear: '清除筛选',
  },
  badFilter: (what: string, value: string) => `筛选条件“${what}”的值“${value}”无法识别，请从页面上的选项中选择`,
  /** 只看逾期 lists the tasks whose status is 已逾期: with another status it would list nothing. */
  overdueAndStatus: (status: string) => `“只看逾期”只列状态为“已逾期”的任务，不能同时选择状态“${status}”`,
  backToTasks: '返回工作任务',
} as const;
