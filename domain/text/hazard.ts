// zh-CN wording for hazards: why an input was refused, level and status names.

import { actText } from './act.ts';

const list = (items: readonly string[]) => items.map((s) => `“${s}”`).join('、');

export const hazardText = {
  levelName: { general: '一般隐患', major: '重大事故隐患' } as const,
  eventName: {
    reported: '上报',
    acknowledged: '签收督办',
    extension_requested: '申请延期',
    extension_approved: '批准延期',
    extension_denied: '不批准延期',
    submitted: '提交整改',
    rejected: '复查不通过',
    closed: '复查通过，销号',
    reminded: '到期提醒',
    overdue: '逾期',
    escalated: '升级督办',
    verification_overdue: '复查逾期提醒',
  } as Record<string, string>,
  noticeName: {
    'hazard.assigned': '整改通知',
    'hazard.major_listed': '重大隐患挂牌督办',
    'hazard.reminder': '到期提醒',
    'hazard.overdue': '逾期通知',
    'hazard.escalation': '督办',
    'hazard.extension_requested': '延期申请',
    'hazard.extension_decided': '延期审批结果',
    'hazard.verification_requested': '复查申请',
    'hazard.verification_overdue': '复查逾期',
    'hazard.rejected': '复查不通过',
    'hazard.closed': '销号',
  } as Record<string, string>,

  duplicate: (id: string) => `隐患编号 ${id} 已存在，不能重复上报`,
  unknownEnterprise: (id: string) => `未知或已注销的企业 “${id}”（请核对企业编号，见 anwei profile 中的 enterprises）`,
  unknownPerson: actText.unknownPerson,
  planMissing: (parts: readonly string[]) => `重大事故隐患须附整改方案，缺少：${list(parts)}`,
  planUnknown: (parts: readonly string[]) => `整改方案中有无法识别的部分：${list(parts)}（应为：目标任务、方法措施、经费物资、机构人员、时限要求、安全措施和应急预案）`,
  majorNeedsDate: '重大事故隐患须指定明确的整改期限日期：deadline: { date: YYYY-MM-DD }',
  deadlineInPast: (date: string, earliest: string) => `期限 ${date} 早于 ${earliest}，期限不能在过去`,
  deadlineBeyondCalendar: (date: string, last: string) => `期限 ${date} 超出工作日历的范围（至 ${last}）`,
  alreadySubmitted: (id: string) => `隐患 ${id} 已提交整改，正等待复查`,
  alreadyClosed: (id: string) => `隐患 ${id} 已销号`,
  notSubmitted: (id: string) => `隐患 ${id} 尚未提交整改，不能复查`,
  nothingToAcknowledge: (id: string) => `隐患 ${id} 尚未升级督办，无需签收`,
  alreadyAcknowledged: (id: string, by: string) => `隐患 ${id} 的督办已由 ${by} 签收`,
  notEscalationRecipient: (by: string, recipients: readonly string[]) =>
    `${by} 未收到该隐患的督办通知，不能签收（可签收人：${recipients.join('、') || '无'}）`,
  verifierIsSubmitter: (by: string) => `复查人不能是整改提交人（${by}）：请由其他人员现场复查`,
  rejectionNeedsDeadline: '复查不通过时须给出新的整改期限',
  extensionTooLate: (due: string) => `已过整改期限 ${due}，不能再申请延期`,
  extensionPending: (due: string) => `已有一项延期申请（至 ${due}）等待审批`,
  extensionLimit: (max: number) => (max === 0 ? '本镇规定隐患整改不得延期' : `每项隐患最多申请延期 ${max} 次，已用完`),
  extensionNotLater: (due: string, current: string) => `申请的新期限 ${due} 不晚于当前期限 ${current}`,
  extensionTooLong: (days: number, due: string) => `延期不得超过 ${days} 天（申请的新期限为 ${due}）`,
  noPendingExtension: (id: string) => `隐患 ${id} 没有待审批的延期申请`,
  notSectorLeader: (by: string, leader: string) => `延期申请须由行业领域分管领导（${leader}）审批，${by} 无权审批`,
  noReport: (id: string) => `隐患 ${id} 的上报未被受理，工作流结束`,
};
