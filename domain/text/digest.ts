// zh-CN wording of the daily digest (今日待办, contract §8).

import { longDate } from './mail.ts';

export const digestText = {
  subject: (n: number) => `今日待办（${n}项）`,
  lead: (date: string, weekday: string, n: number) =>
    `以下是您${longDate(date)}（${weekday}）要办的 ${n} 项事务，逾期和督办排在最前。每一项都可以直接点它下面的按钮办理。`,
  group: (name: string, n: number) => `${name}（${n}项）`,
  groupName: {
    'hazard.escalation': '隐患督办',
    'hazard.overdue': '隐患逾期',
    'hazard.verification_overdue': '隐患复查逾期',
    'duty.escalation': '工作任务督办',
    'duty.overdue': '工作任务逾期',
    'campaign.escalation': '专项行动督办',
    'campaign.overdue': '专项行动检查逾期',
    'hazard.reminder': '隐患整改即将到期',
    'duty.reminder': '工作任务即将到期',
    'campaign.reminder': '专项行动即将到期',
    'duty.assigned': '新的工作任务',
    'campaign.assigned': '专项行动检查任务',
    'campaign.progress': '专项行动进展',
  } as Record<string, string>,
  otherGroup: '其他提醒',
  footer: (office: string) =>
    `本邮件由安全生产工作提醒系统自动发送：到期提醒、逾期通知、新任务等定时提醒每天合并为一封“今日待办”；` +
    `重大事故隐患、二级督办，以及有人等您处理的事（如整改已提交待复查）仍即时单独发送。如有疑问，请与${office}联系。`,
  /** The office's log line when a digest is left with nothing to carry. */
  nothingLeft: '今日待办的各项在发出前都已办结，不再发送',
};
