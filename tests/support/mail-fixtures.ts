// Hazard notice views for the mail tests: one hazard of 青山镇 followed through every notice of
// contract §3, plus a 重大 hazard under listed supervision. Times are Shanghai wall clock.

import type { HazardNoticeFacts, HazardNoticeKind, HazardNoticeView, Recipient } from '../../domain/notices.ts';
import { parseInstant } from '../../domain/time.ts';

export const at = (text: string): number => {
  const ms = parseInstant(text);
  if (ms === undefined) throw new Error(`bad instant ${text}`);
  return ms;
};

export const PEOPLE = {
  principal: { name: '王建华', email: 'wangjh@dongfang.example' },
  inspector: { personId: 'zhaolei', name: '赵磊', email: 'zhaolei@qingshan.example' },
  leader: { personId: 'zhoujg', name: '周建国', email: 'zhoujg@qingshan.example' },
  head: { personId: 'linht', name: '林海涛', email: 'linht@qingshan.example' },
  secretary: { personId: 'chenzy', name: '陈志远', email: 'chenzy@qingshan.example' },
} satisfies Record<string, Recipient>;

const NAMES = { zhaolei: '赵磊', zhoujg: '周建国', linht: '林海涛', chenzy: '陈志远', qianwei: '钱伟' };

type Who = keyof typeof PEOPLE;

/** Sorted by address, as the audience resolver gives them. */
const to = (...who: Who[]): Recipient[] => who.map((w) => PEOPLE[w]).sort((a, b) => (a.email < b.email ? -1 : 1));

export const TRACE = '上报日 03-01（周一）不计，第1至5个工作日：03-02、03-03、03-04、03-05、03-08（周一）→ 2027-03-08';
export const EXTENSION_TRACE = '原期限 03-08 次日起算 11 天：03-19（周五）是工作日 → 2027-03-19';
export const NEW_TRACE = '复查日 03-15（周一）不计，第5个工作日：03-22（周一）→ 2027-03-22';
export const EVIDENCE = '已更换储罐区接地线并经检测合格，附整改前后照片3张、防雷防静电检测报告1份';

const general = {
  id: 'H1',
  description: '储罐区静电接地损坏',
  level: 'general' as const,
  location: '储罐区2号罐东侧',
  reportedAt: at('2027-03-01T10:00'),
  reportedBy: 'zhaolei',
};

export const PLAN = {
  目标任务: '6月30日前完成液氯储罐区泄漏报警和紧急切断装置的安装调试，消除重大事故隐患',
  方法措施: '委托有资质的单位设计安装有毒气体报警仪4台、紧急切断阀2套，并与DCS联锁',
  经费物资: '企业自筹整改资金38万元，设备由供货商5月20日前到货',
  机构人员: '成立以总经理为组长的整改领导小组，设备部负责实施，安全部负责监督',
  时限要求: '5月31日前完成安装，6月20日前完成调试和验收，6月30日前申请复查',
  安全措施和应急预案: '整改期间液氯储罐限量储存不超过50%，安排专人24小时巡检，修订液氯泄漏专项应急预案并组织演练',
};

const major = {
  id: 'H2',
  description: '液氯储罐区未设置泄漏报警及紧急切断装置',
  level: 'major' as const,
  location: '液氯储罐区',
  reportedAt: at('2027-04-06T15:30'),
  reportedBy: 'zhaolei',
  plan: PLAN,
};

const generalFacts: HazardNoticeFacts = { due: '2027-03-08', dueTrace: TRACE };

function view(
  kind: HazardNoticeKind,
  key: string,
  when: string,
  recipients: Recipient[],
  facts: Partial<HazardNoticeFacts>,
  hazard: HazardNoticeView['hazard'] = general,
): HazardNoticeView {
  const isMajor = hazard.level === 'major';
  return {
    kind,
    key: `hazard:${hazard.id}:${key}`,
    at: at(when),
    town: '青山镇',
    hazard,
    enterprise: isMajor
      ? { id: 'e017', name: '青山化工有限公司', principalName: '王建华', principalEmail: PEOPLE.principal.email }
      : { id: 'e001', name: '东方加油站', principalName: '王建华', principalEmail: PEOPLE.principal.email },
    sector: { id: 'hazchem', name: '危险化学品' },
    village: { id: 'dongcun', name: '东村' },
    responsible: { principal: '王建华', inspector: '赵磊', sectorLeader: '周建国' },
    facts: { ...(isMajor ? { due: '2027-06-30', dueTrace: '指定日期 2027-06-30（周三）' } : generalFacts), ...facts },
    recipients,
    names: NAMES,
    policy: { escalationWorkdays: 3, majorEscalationDays: 1, ackResumeWorkdays: 5, verificationDays: 10 },
  };
}

const submission = { evidence: EVIDENCE, by: 'principal', at: at('2027-03-12T15:00') };

/** Every notice of contract §3, with the variants that word differently. */
export const CASES: Record<string, HazardNoticeView> = {
  assigned: view('hazard.assigned', 'report:assigned', '2027-03-01T10:00', to('principal', 'inspector'), {}),
  major_listed: view('hazard.major_listed', 'report:major-listed', '2027-04-06T15:30', to('head', 'secretary', 'leader'), {}, major),
  reminder: view('hazard.reminder', 'r1:2027-03-08:reminder', '2027-03-05T09:00', to('principal', 'inspector'), {}),
  overdue: view('hazard.overdue', 'r1:2027-03-08:overdue', '2027-03-10T09:00', to('principal', 'inspector'), {
    daysOverdue: 2,
    workdaysOverdue: 2,
  }),
  escalation_1: view('hazard.escalation', 'r1:2027-03-08:escalation-1', '2027-03-10T09:00', to('leader'), {
    daysOverdue: 2,
    workdaysOverdue: 2,
    escalationLevel: 1,
  }),
  escalation_2: view('hazard.escalation', 'r1:2027-03-08:escalation-2', '2027-03-15T09:00', to('head', 'secretary'), {
    daysOverdue: 7,
    workdaysOverdue: 5,
    escalationLevel: 2,
  }),
  escalation_resumed: view('hazard.escalation', 'r1:2027-03-08:escalation-2', '2027-03-18T09:00', to('head', 'secretary'), {
    daysOverdue: 10,
    workdaysOverdue: 8,
    escalationLevel: 2,
    resumed: true,
    acknowledgedBy: 'zhoujg',
  }),
  extension_requested: view('hazard.extension_requested', 'extension-1:requested', '2027-03-04T14:20', to('leader'), {
    extension: {
      reason: '接地极须重新打设，专业检测单位3月15日方能进场',
      requestedBy: 'principal',
      requestedDue: '2027-03-19',
      requestedTrace: EXTENSION_TRACE,
    },
  }),
  extension_approved: view('hazard.extension_decided', 'extension-1:decided', '2027-03-05T10:00', to('principal', 'inspector'), {
    due: '2027-03-19',
    dueTrace: EXTENSION_TRACE,
    extension: {
      reason: '接地极须重新打设，专业检测单位3月15日方能进场',
      requestedBy: 'principal',
      requestedDue: '2027-03-19',
      requestedTrace: EXTENSION_TRACE,
      approved: true,
      decidedBy: 'zhoujg',
      note: '同意延期，整改期间储罐区暂停卸油作业',
    },
  }),
  extension_denied: view('hazard.extension_decided', 'extension-1:decided', '2027-03-05T10:00', to('principal', 'inspector'), {
    extension: {
      reason: '接地极须重新打设，专业检测单位3月15日方能进场',
      requestedBy: 'principal',
      requestedDue: '2027-03-19',
      requestedTrace: EXTENSION_TRACE,
      approved: false,
      decidedBy: 'zhoujg',
      note: '可先临时敷设接地线，不同意延期',
    },
  }),
  verification_requested: view('hazard.verification_requested', 'r1:verification-requested', '2027-03-12T15:00', to('inspector'), {
    submission,
    verifyBy: '2027-03-22',
  }),
  verification_overdue: view('hazard.verification_overdue', 'r1:verification-overdue', '2027-03-23T09:00', to('leader'), {
    submission,
    verifyBy: '2027-03-22',
  }),
  rejected: view('hazard.rejected', 'r2:rejected', '2027-03-15T10:00', to('principal', 'inspector'), {
    due: '2027-03-22',
    dueTrace: NEW_TRACE,
    submission,
    verification: {
      result: 'fail',
      by: 'zhaolei',
      at: at('2027-03-15T10:00'),
      note: '2号罐接地电阻实测12Ω，仍超过10Ω的要求',
      newDue: '2027-03-22',
      newTrace: NEW_TRACE,
    },
  }),
  closed: view('hazard.closed', 'closed', '2027-03-15T10:00', to('principal', 'inspector', 'leader'), {
    submission,
    verification: { result: 'pass', by: 'zhaolei', at: at('2027-03-15T10:00'), note: '接地电阻实测3.2Ω，符合要求' },
  }),
  closed_major: view(
    'hazard.closed',
    'closed',
    '2027-06-28T16:00',
    to('principal', 'inspector', 'leader', 'head', 'secretary'),
    {
      submission: { evidence: '报警仪和紧急切断阀已安装并联锁调试，附验收报告', by: 'principal', at: at('2027-06-21T11:00') },
      verification: { result: 'pass', by: 'zhaolei', at: at('2027-06-28T16:00') },
    },
    major,
  ),
};
