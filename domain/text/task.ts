// zh-CN wording for duty tasks: why an input was refused, status and event names, and every task
// notice (subjects, paragraphs, labels, next steps).

import { actText } from './act.ts';

import type { TaskLevel1 } from '../task.ts';
import { calendarText } from './calendar.ts';
import { longDate, shortDate } from './mail.ts';

const HOLIDAY_NAMES: Readonly<Record<string, string>> = calendarText.holidayName;
const QUARTERS = ['', '第一季度', '第二季度', '第三季度', '第四季度'];

/** `2027-03` → 2027年3月, `2027-Q2` → 2027年第二季度, `2027-H1` → 2027年上半年, `2026` → 2026年度, `qingming-2027` → 2027年清明节. */
export function periodName(period: string): string {
  let m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) return `${m[1]}年${Number(m[2])}月`;
  m = /^(\d{4})-Q([1-4])$/.exec(period);
  if (m) return `${m[1]}年${QUARTERS[Number(m[2])]}`;
  m = /^(\d{4})-H([12])$/.exec(period);
  if (m) return `${m[1]}年${m[2] === '1' ? '上半年' : '下半年'}`;
  if (/^\d{4}$/.test(period)) return `${period}年度`;
  m = /^([a-z_]+)-(\d{4})$/.exec(period);
  if (m && HOLIDAY_NAMES[m[1]!]) return `${m[2]}年${HOLIDAY_NAMES[m[1]!]}`;
  return period;
}

export const taskText = {
  scopeKindName: { sector: '行业领域', enterprise: '企业', village: '村（社区）' } as const,
  level1Name: { sector_leader: '行业领域分管领导', village_leader: '包村领导', safety_leader: '分管安全的领导' } as Record<TaskLevel1, string>,
  eventName: {
    started: '任务生成',
    assigned: '发出任务通知',
    reminded: '到期提醒',
    invited: '发出会议邀请',
    rescheduled: '任务调整',
    overdue: '逾期',
    escalated: '升级督办',
    completed: '完成',
    cancelled: '取消',
  } as Record<string, string>,
  noticeName: {
    'duty.assigned': '任务通知',
    'duty.reminder': '到期提醒',
    'duty.overdue': '逾期通知',
    'duty.escalation': '督办',
    'meeting.invite': '会议邀请',
  } as Record<string, string>,

  notFound: (id: string) => `未找到任务 ${id}（anwei task list 可查看全部任务）`,
  /** Which task a command means: the whole id, its start, or --duty with --enterprise, --village or --sector. */
  lookup: {
    duty: '工作事项（或专项行动）',
    nothingGiven: '请给出任务编号（开头几位即可），或用 --duty 与 --enterprise、--village、--sector 之一指明任务',
    oneScope: (flags: readonly string[]) => `${flags.join('、')} 只能给出一个`,
    none: (what: string) => `没有与 “${what}” 相符的任务（anwei task list 可查看全部任务）`,
    several: (what: string, count: number) => `与 “${what}” 相符的任务有 ${count} 项，请写出完整的任务编号：`,
    match: (id: string, title: string, status: string) => `${id}  ${title}  ${status}`,
    more: (count: number) => `另有 ${count} 项（anwei task list 可查看全部任务）`,
  },
  notStarted: (id: string) => `任务 ${id} 正在生成，请稍后再试`,
  badSpec: (problems: readonly string[]) => `任务规格有误：${problems.join('；')}`,
  idMismatch: (given: string, expected: string) => `任务编号 ${given} 与工作流 ${expected} 不符`,
  opensAfterDue: (opensOn: string, due: string) => `开始日期 ${opensOn} 晚于截止日期 ${due}`,
  inviteAfterMeeting: (inviteOn: string, date: string) => `会议邀请日期 ${inviteOn} 晚于会议日期 ${date}`,
  beyondCalendar: (date: string, from: string, to: string) => `日期 ${date} 超出工作日历的范围（${from} 至 ${to}）`,
  unknownPerson: actText.unknownPerson,
  alreadyDone: (id: string, by: string, at: string) => `任务 ${id} 已于 ${at} 由 ${by} 登记完成，不能重复完成`,
  alreadyCancelled: (id: string) => `任务 ${id} 已取消`,
  cannotReplaceDone: (id: string) => `任务 ${id} 已完成，不能再调整`,
  startRefused: (id: string) => `任务 ${id} 不能生成：`,
  completeRefused: (id: string) => `任务 ${id} 完成登记未受理：`,
  cancelRefused: (id: string) => `任务 ${id} 取消未受理：`,
  replaceRefused: (id: string) => `任务 ${id} 调整未受理：`,
  noWorkflow: (id: string) => `未找到任务 ${id} 的工作流（引擎是否连着同一个数据库？）`,
};

/** The task notices' wording (the email layer renders it; domain/text/mail.ts has the hazards'). */
export const taskMailText = {
  footer: (office: string, taskId: string) => `本邮件由安全生产工作提醒系统自动发送（任务编号 ${taskId}）。如有疑问，请与${office}联系。`,
  subject: (tag: string, title: string, suffix: string) => `【${tag}】${title}${suffix ? `（${suffix}）` : ''}`,
  tag: {
    assigned: '工作任务',
    reassigned: '工作任务调整',
    reminder: '任务到期提醒',
    overdue: '任务逾期',
    escalation1: '任务督办·一级',
    escalation2: '任务督办·二级',
    invite: '会议通知',
    inviteChanged: '会议变更',
    inviteCancelled: '会议取消',
  },
  suffix: {
    dueBy: (due: string) => `${shortDate(due)}前完成`,
    dueOn: (due: string) => `${shortDate(due)}到期`,
    overdue: (days: number) => `已逾期${days}天`,
    changedDue: (due: string) => `期限调整为${shortDate(due)}`,
    meeting: (date: string, time: string) => `${shortDate(date)} ${time}`,
  },
  lead: {
    assigned: (title: string, opens: string, due: string) =>
      `现布置以下工作任务：${title}。任务自${opens}起办理，请于${due}前完成，并登记完成情况（附完成佐证）。`,
    rescheduled: (title: string, previousDue: string, due: string) =>
      `工作任务“${title}”的截止日期由${previousDue}调整为${due}（见下面的期限计算），请按新的期限完成。`,
    reassigned: (title: string, due: string) => `工作任务“${title}”改由您负责，请于${due}前完成，并登记完成情况（附完成佐证）。`,
    reminder: (title: string, due: string, daysLeft: number) =>
      `工作任务“${title}”的截止日期为${due}，${
        daysLeft <= 0 ? '今天到期' : daysLeft === 1 ? '明天到期' : `距到期还有${daysLeft}天`
      }，目前尚未登记完成。请抓紧办理，按期登记完成情况。`,
    overdue: (title: string, due: string, days: string, leader: string) =>
      `工作任务“${title}”的截止日期${due}已过，至今未登记完成，${days}。此事已同时报告${leader}督办。`,
    escalation1: (title: string, assignee: string, days: string) =>
      `${assignee}负责的工作任务“${title}”超过截止日期仍未完成（${days}）。根据安全生产“一岗双责”，现提请您督办。`,
    escalation2: (title: string, assignee: string, days: string, leader: string) =>
      `${assignee}负责的工作任务“${title}”超过截止日期仍未完成（${days}），已报告${leader}督办，至今仍未完成。根据安全生产“党政同责”，现报请镇长、党委书记督办。`,
    invite: (title: string, when: string, location: string | undefined) =>
      `定于${when}${location ? `在${location}` : ''}召开${title}，请准时参加。日历邀请（invite.ics）随本邮件附上，可直接加入日历。`,
    inviteChanged: (title: string, when: string, location: string | undefined) =>
      `${title}的时间或地点有变化：改为${when}${location ? `在${location}` : ''}召开，请以本通知为准。日历邀请已同步更新。`,
    inviteCancelled: (title: string, when: string, reason: string | undefined) =>
      `原定于${when}召开的${title}取消${reason ? `（${reason}）` : ''}。日历中的邀请将随本邮件撤销。`,
  },
  section: {
    task: '任务情况',
    deadline: '完成期限',
    proof: '完成要求',
    responsible: '责任人',
    escalation: '督办情况',
    meeting: '会议安排',
    actions: '请您办理',
  },
  label: {
    taskId: '任务编号',
    title: '任务',
    duty: '工作事项',
    period: '所属期间',
    scope: (kind: string) => kind,
    opensOn: '开始日期',
    opensTrace: '开始日期计算',
    due: '截止日期',
    previousDue: '原截止日期',
    trace: '期限计算',
    overdue: '逾期情况',
    proof: '完成佐证',
    assignee: '负责人',
    level1: '一级督办',
    level2: '二级督办',
    escalationLevel: '督办级别',
    meetingTime: '会议时间',
    location: '会议地点',
    attendees: '参会人员',
    sequence: '邀请版本',
    unconfirmed: '日期提示',
  },
  heads: '镇长、党委书记',
  escalationLevel: { 1: '一级督办', 2: '二级督办（镇长、党委书记）' } as const,
  meetingWhen: (date: string, weekday: string, time: string, minutes: number) =>
    `${longDate(date)}（${weekday}）${time}，约${minutes >= 60 && minutes % 60 === 0 ? `${minutes / 60}小时` : `${minutes}分钟`}`,
  unconfirmed: (years: readonly number[]) =>
    `${years.join('、')}年的放假安排尚未公布，上述日期按农历推算，公布后可能调整。`,
  sequence: (n: number) => (n === 0 ? '首次通知' : `第${n}次变更`),
  who: {
    assignee: (name: string) => `负责人${name}`,
    leader: (name: string) => `督办领导${name}`,
  },
  action: {
    doIt: (proof: string, due: string) => `按要求办理，于${due}前完成（${proof}），并登记完成情况（附完成佐证）。`,
    doItNow: (proof: string) => `立即办理（${proof}），完成后马上登记完成情况。`,
    superviseLeader: '督促负责人立即办理，了解未能按期完成的原因，协调解决困难。',
    superviseHeads: '督促分管领导和负责人立即办理，必要时召集有关人员研究解决。',
    recordForOthers: '他人代为完成的，也可由安办登记。',
    nextLevel: (leader: string) => `截止日期后第一个工作日仍未登记完成的，将报告${leader}督办。`,
    level2Next: (workdays: number | undefined) =>
      `继续逾期不完成的，${workdays ? `${workdays}个工作日后` : '之后'}将报告镇长和党委书记（党政同责）。`,
    topLevel: '这是最高一级督办，之后不再另行通知；任务完成后请登记。',
    attend: (time: string) => `准时参加会议（${time}）；不能参加的，请提前向安办请假。`,
    meetingAssignee: (name: string, proof: string, due: string) => `会议记录和纪要由${name}负责，于${due}前${proof}并登记完成。`,
    cancelledNothing: '无需再参加；如另行安排，将另发通知。',
  },
  ics: {
    organizer: (office: string) => office,
    description: (title: string, proof: string, id: string) => `${title}\n完成要求：${proof}\n任务编号：${id}`,
  },
};
