// zh-CN wording for the working-day calendar: holiday names, how a deadline was computed (the trace
// stored with every deadline and shown in emails), warnings about unpublished years, and errors.

import type { HolidayId } from '../calendar.ts';

const years = (list: readonly number[]) => list.join('、');

export const calendarText = {
  /** The seven statutory holidays, by the ids the duty calendar uses: the one table of their names. */
  holidayName: {
    new_year: '元旦',
    spring_festival: '春节',
    qingming: '清明节',
    labour_day: '劳动节',
    dragon_boat: '端午节',
    mid_autumn: '中秋节',
    national_day: '国庆节',
  } as const satisfies Record<HolidayId, string>,

  weekend: '周末',
  weekday: '工作日',
  /** A day off the office entered in its profile that is not part of any holiday break. */
  officeDayOff: '本镇设定的休息日',
  /** A working day the office entered that no holiday break is near. */
  officeWorkday: '本镇设定',
  makeupWorkday: (holiday: string) => `调休上班（${holiday}）`,

  // ── traces ─────────────────────────────────────────────────────────────────────────────────────
  // The form is the contract's: "5 个工作日: 2027-03-01 之后第5个工作日 = 2027-03-08，跳过 03-06、03-07 周末".

  /** One run of skipped days: `03-06`, `03-06、03-07`, `10-01 至 10-07`, followed by what they are. */
  run: (first: string, last: string, length: number, label: string) =>
    length === 1 ? `${first} ${label}` : length === 2 ? `${first}、${last} ${label}` : `${first} 至 ${last} ${label}`,
  /** When a long deadline passes many weekends, they are counted instead of listed. */
  weekendCount: (days: number) => `周末 ${days} 天`,
  skipped: (runs: readonly string[]) => `跳过 ${runs.join('，')}`,
  nothingSkipped: '期间无休息日',

  workdaysTrace: (n: number, from: string, due: string, skipped: string) =>
    `${n} 个工作日: ${from} 之后第${n}个工作日 = ${due}，${skipped}`,
  daysTrace: (n: number, from: string, raw: string) => `${n} 日: ${from} 之后第${n}日 = ${raw}，是工作日`,
  daysMovedTrace: (n: number, from: string, raw: string, due: string, skipped: string) =>
    `${n} 日: ${from} 之后第${n}日 = ${raw}，逢休息日顺延至 ${due}，${skipped}`,
  dateTrace: (date: string) => `指定日期 ${date}`,
  dateOffTrace: (date: string, what: string) => `指定日期 ${date}，当日为休息日（${what}）`,
  unconfirmedNote: (list: readonly number[]) =>
    `；注：${years(list)} 年放假安排尚未公布，法定假日按农历推算，未计调休`,

  // ── warnings ───────────────────────────────────────────────────────────────────────────────────
  unconfirmedYear: (year: number, holidays: readonly string[]) =>
    `${year} 年的放假安排国务院尚未公布：` +
    (holidays.length ? `法定假日按农历推算（${holidays.join('，')}），` : '') +
    '未计调休。公布后请在镇配置文件的 calendar 中录入放假（holidays）和调休上班（workdays）的日期',
  /** `春节 02-05 至 02-08` inside the warning above. */
  holidayDates: (name: string, first: string, last: string, length: number) =>
    length === 1 ? `${name} ${first}` : length === 2 ? `${name} ${first}、${last}` : `${name} ${first} 至 ${last}`,

  /** The office head's email, once per year, while a year's holidays are computed rather than published. */
  unconfirmedEmail: {
    subject: (year: number) => `【工作日历待确认】${year}年放假安排尚未录入，相关任务按农历推算`,
    greeting: '安办主任：',
    lead: (year: number) =>
      `${year} 年的法定节假日安排尚未公布（或尚未录入）。工作日历中 ${year} 年的节前检查、任务开始和截止日期目前按农历推算的法定假日计算，` +
      '未计调休，可能与正式安排不符。',
    holidaysTitle: (year: number) => `${year} 年按农历推算的法定假日`,
    action:
      '国务院公布放假安排后，在镇档案的 calendar 中录入放假日（holidays）和调休上班日（workdays），然后重新载入档案；未办结任务的日期会按正式安排重新计算并通知承办人。',
    previewLabel: '核对一年的安排：',
    footer: (office: string) => `本邮件由安全生产工作提醒系统自动发送。如有疑问，请与${office}联系。`,
  },

  // ── errors ─────────────────────────────────────────────────────────────────────────────────────
  notADate: (value: string) => `不是有效的日期 "${value}"（格式为 YYYY-MM-DD）`,
  outsideCalendar: (date: string, from: string, to: string) =>
    `日期 ${date} 超出工作日历的范围（${from} 至 ${to}），无法判断是否为工作日`,
  badCount: (n: number) => `工作日或天数应为正整数，实际为 ${n}`,
  badRange: (start: string, end: string) => `期间的开始日期 ${start} 晚于结束日期 ${end}`,
  tooFewWorkingDays: (start: string, end: string, n: number, found: number) =>
    `${start} 至 ${end} 只有 ${found} 个工作日，没有第 ${n} 个工作日`,
  notADayOff: (date: string) => `${date} 是工作日，不在任何连续休息日之内`,
  badYears: (fromYear: number, toYear: number, min: number, max: number) =>
    `工作日历的年份应在 ${min} 至 ${max} 年之间，且起始年不晚于结束年（实际为 ${fromYear} 至 ${toYear}）`,
  overrideInBoth: (date: string) => `日期 ${date} 同时列在 holidays（放假）和 workdays（调休上班）中`,
  badCalendarData: (detail: string) => `工作日历数据有误：${detail}`,
  missingStatutory: (year: number) => `缺少 ${year} 年的法定节假日`,
};
