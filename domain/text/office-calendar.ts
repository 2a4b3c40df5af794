// zh-CN wording of the office's 工作日历 page (contract §7 "Office pages"): the year at a glance with its days
// off, 调休 working days and the duty calendar's openings and due dates, and a duty's page with its rule and
// how each date was found (the traces themselves are the duty calendar's words, domain/text/duties.ts).

export const officeCalendarText = {
  title: (year: number) => `${year}年工作日历`,
  intro: '每月按周一至周日排列。下面列出各项工作的开始日和截止日（工作日历按镇档案中的 duties 计算，与 anwei duties preview 相同），只列您分管或负责范围内的任务。',
  yearNav: { label: '年份', previous: (year: number) => `‹ ${year}年`, next: (year: number) => `${year}年 ›` },
  month: (month: number) => `${month}月`,
  weekdays: ['一', '二', '三', '四', '五', '六', '日'] as const,
  legend: {
    title: '图例',
    workday: '工作日',
    weekend: '周末休息',
    holiday: '节假日休息',
    makeup: '调休上班',
    opens: '▲ 任务开始',
    due: '● 任务截止',
    today: '今天',
  },
  /** A day cell's accessible name: 2026-02-16 周一，春节（休息）；开始：…；截止：…. */
  day: (date: string, weekday: string, kind: string, opens: readonly string[], due: readonly string[]) =>
    [`${date} ${weekday}，${kind}`, ...(opens.length ? [`开始：${opens.join('、')}`] : []), ...(due.length ? [`截止：${due.join('、')}`] : [])].join('；'),
  dayOff: (label: string) => `${label}（休息）`,
  /** What happens on a day, as listed under its month. */
  opensItem: (title: string) => `▲ ${title}`,
  dueItem: (title: string) => `● ${title} 截止`,
  /** Tasks of one duty on one day, one per sector, village or enterprise. */
  group: (duty: string, count: number) => `${duty}（${count} 项）`,
  noTasks: '本月没有您范围内的任务',
  dutiesHeading: '各项工作',
  dutyCount: (count: number) => `本年 ${count} 项任务`,
  duty: {
    title: (name: string, year: number) => `${name}（${year}年）`,
    rule: '规则',
    id: '编号',
    every: '周期',
    per: '范围',
    opens: '开始日规则',
    due: '截止日规则',
    assignee: '承办人',
    meeting: '会议',
    disabled: '已停用（不产生任务）',
    tasks: (count: number) => `${count} 项任务及其日期计算`,
    noTasks: '这一年没有您范围内的任务',
    back: '返回工作日历',
  },
  badYear: (value: string, min: number, max: number) => `年份“${value}”无法识别：应为 ${min} 至 ${max} 之间的四位年份，如 2026`,
};
