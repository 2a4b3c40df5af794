// zh-CN wording of the office pages (contract §7 "Office pages"): sign-in by emailed link, the menu, the
// hazard ledger page and the office's refusal pages. Field labels and buttons are the contract's words.

import { profileText } from './profile.ts';

export const officeText = {
  signin: {
    title: '安委办登录',
    email: '邮箱',
    send: '发送登录链接',
    intro: '安委会档案中的人员（党委书记、镇长、分管领导、安办主任、安监员、村级安全监督员）可以用档案登记的邮箱登录。登录不需要密码：系统把一次性的登录链接发到您的邮箱。',
    sentTitle: '请查看邮箱',
    /** The same words whether or not the address is known: the page never says who is in the profile. */
    sent: (minutes: number) =>
      `如果这个邮箱登记在本镇安委会档案中，登录链接已经发出，${minutes} 分钟内有效，只能使用一次。请打开邮件点击链接。几分钟后仍未收到，请检查垃圾邮件，或联系安委办核对档案中的邮箱。`,
    emailMissing: '请填写邮箱',
    emailBad: (typed: string) => `“${typed}”不是有效的邮箱地址，应形如 name@example.com`,
    confirmTitle: '确认登录',
    confirm: (name: string) => `${name}，请点击下面的按钮登录安委办网页。`,
    confirmWhy: '（先确认再登录，是为了防止邮件系统自动预览链接时把一次性链接用掉。）',
    confirmButton: '登录',
    signedOut: '您已退出登录。',
  },
  mail: {
    subject: (town: string) => `${town}安委办网页登录链接`,
    text: (name: string, role: string, town: string, url: string, minutes: number, office: string) =>
      [
        `${name}（${role}）：`,
        '',
        `您申请登录${town}安委办网页。请在 ${minutes} 分钟内打开下面的链接登录（只能使用一次）：`,
        '',
        url,
        '',
        '如果不是您本人申请的，请忽略本邮件，不会有任何变化。',
        '',
        `本邮件由安全生产工作提醒系统自动发送。如有疑问，请与${office}联系。`,
      ].join('\n'),
    greeting: (name: string, role: string) => `${name}（${role}）：`,
    line: (town: string, minutes: number) => `您申请登录${town}安委办网页。请在 ${minutes} 分钟内点击下面的按钮登录（只能使用一次）：`,
    button: '登录安委办网页',
    ignore: '如果不是您本人申请的，请忽略本邮件，不会有任何变化。',
    footer: (office: string) => `本邮件由安全生产工作提醒系统自动发送。如有疑问，请与${office}联系。`,
  },
  roleName: profileText.roleName,

  menu: {
    dashboard: '看板',
    hazards: '隐患台账',
    tasks: '工作任务',
    calendar: '工作日历',
    campaigns: '专项行动',
    signOut: '退出',
    who: (name: string, role: string) => `${name}（${role}）`,
  },

  ledger: {
    title: '隐患台账',
    columns: { id: '编号', enterprise: '企业', description: '隐患', level: '等级', status: '状态', due: '期限', overdue: '逾期' },
    overdueDays: (days: number) => `${days} 天`,
    notOverdue: '—',
    count: (n: number) => `共 ${n} 项`,
    empty: '没有符合条件的隐患。',
    export: '导出Excel',
    scopeTown: '您可以查看全镇的隐患。',
    scopePart: (sectors: readonly string[], villages: readonly string[]) =>
      `您可以查看：${[sectors.length ? `行业领域 ${sectors.join('、')}` : '', villages.length ? `村 ${villages.join('、')}` : ''].filter(Boolean).join('；')}（及其企业）的隐患。`,
    filter: {
      status: '状态',
      level: '等级',
      sector: '行业领域',
      village: '村',
      enterprise: '企业',
      campaign: '专项行动',
      from: '发现时间起',
      to: '发现时间止',
      overdue: '只看逾期',
      all: '全部',
      apply: '筛选',
      clear: '清除筛选',
    },
    badFilter: (what: string, value: string) => `筛选条件“${what}”的值“${value}”无法识别，请从页面上的选项中选择`,
  },

  refusal: {
    noAccess: {
      title: '无权查看',
      body: '您在安委会档案中没有分管的行业领域或村，不能查看安委办网页。党委书记、镇长、分管安全的领导和安办主任可以查看全镇；分管领导查看分管的行业领域和村；安监员查看负责的行业领域；村级安全监督员查看本村。如有疑问，请联系安委办。',
    },
    notYours: { title: '无权查看', body: '这项内容不在您分管或负责的范围内。' },
    inactive: { title: '无权访问', body: '您已不在本镇安委会档案中（或已离任），不能再使用安委办网页。如有疑问，请联系安委办。' },
    linkUnknown: { title: '登录链接无效', body: '这个登录链接不完整或不存在。请重新申请登录链接。' },
    linkExpired: { title: '登录链接已过期', body: '这个登录链接已超过有效期。请重新申请登录链接。' },
    linkUsed: { title: '登录链接已使用', body: '这个登录链接已经用过一次，不能再用。请重新申请登录链接。' },
    badFilter: { title: '筛选条件有误', body: '以下筛选条件无法识别：' },
    badForm: { title: '页面已失效', body: '表单已失效（登录已过期或已在别处退出），请重新打开页面后再提交。' },
  },
  backToSignin: '重新申请登录链接',
  backToLedger: '返回隐患台账',
} as const;

export type OfficeRefusal = keyof typeof officeText.refusal;
