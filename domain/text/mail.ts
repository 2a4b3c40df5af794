// zh-CN wording of the email layer: every hazard notice (subject, paragraphs, labels, next steps,
// the action links' frame), the mail settings banner, and the errors of mail settings and delivery.

import { hazardText } from './hazard.ts';

type Level = 'general' | 'major';
const byLevel = (general: string, major: string) => ({ general, major }) as const satisfies Record<Level, string>;

/** `2027-03-08` → `3月8日`, for subjects where the year is obvious. */
export const shortDate = (date: string) => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;
/** `2027-03-08` → `2027年3月8日`. */
export const longDate = (date: string) => `${Number(date.slice(0, 4))}年${shortDate(date)}`;

const CHINESE_NUMERALS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export const mailText = {
  /** The sender's display name and the signature: 示例镇安委会办公室. */
  office: (town: string) => `${town}安委会办公室`,
  levelName: hazardText.levelName,
  dateWithWeekday: (date: string, weekday: string) => `${longDate(date)}（${weekday}）`,
  /** Rows whose label ends so are computations (期限计算), left out of a daily digest's items. */
  digestSkipsLabel: '计算',
  sectionNumber: (n: number) => `${CHINESE_NUMERALS[n] ?? String(n)}、`,
  greeting: (names: readonly string[]) => (names.length ? `${names.join('、')}：` : '您好：'),
  principalOf: (name: string) => `${name}（企业主要负责人）`,
  footer: (office: string, hazardId: string) =>
    `本邮件由安全生产工作提醒系统自动发送（隐患编号 ${hazardId}）。如有疑问，请与${office}联系。`,

  // ── subjects ─────────────────────────────────────────────────────────────────────────────────
  /** `【隐患逾期】东方加油站：储罐区静电接地损坏（已逾期2天）` */
  subject: (tag: string, enterprise: string, description: string, suffix: string) =>
    `【${tag}】${enterprise}：${description}${suffix ? `（${suffix}）` : ''}`,
  /** Longer descriptions are cut in the subject (the body has them whole). */
  subjectDescriptionMax: 30,
  ellipsis: '…',
  tag: {
    assigned: byLevel('隐患整改通知', '重大事故隐患整改通知'),
    majorListed: byLevel('重大事故隐患挂牌督办', '重大事故隐患挂牌督办'),
    reminder: byLevel('整改到期提醒', '重大隐患整改到期提醒'),
    overdue: byLevel('隐患逾期', '重大隐患逾期'),
    escalation1: byLevel('隐患督办·一级', '重大隐患督办·一级'),
    escalation2: byLevel('隐患督办·二级', '重大隐患督办·二级'),
    extensionRequested: byLevel('延期申请待审批', '重大隐患延期申请待审批'),
    extensionApproved: byLevel('延期申请已批准', '重大隐患延期申请已批准'),
    extensionDenied: byLevel('延期申请未批准', '重大隐患延期申请未批准'),
    verificationRequested: byLevel('整改待复查', '重大隐患整改待复查'),
    verificationOverdue: byLevel('复查逾期', '重大隐患复查逾期'),
    rejected: byLevel('复查不通过', '重大隐患复查不通过'),
    closed: byLevel('隐患销号', '重大事故隐患销号'),
  },
  suffix: {
    dueBy: (due: string) => `限${shortDate(due)}前整改`,
    dueOn: (due: string) => `${shortDate(due)}到期`,
    overdue: (days: number) => `已逾期${days}天`,
    resumed: (days: number) => `签收后仍未整改，已逾期${days}天`,
    requested: (due: string) => `申请延至${shortDate(due)}`,
    extendedTo: (due: string) => `期限延至${shortDate(due)}`,
    dueKept: (due: string) => `期限仍为${shortDate(due)}`,
    verifyBy: (date: string) => `请于${shortDate(date)}前复查`,
    verifyWasDue: (date: string) => `应于${shortDate(date)}前复查`,
    newDue: (due: string) => `重新限期至${shortDate(due)}`,
    closed: '整改合格',
  },

  // ── opening paragraphs ───────────────────────────────────────────────────────────────────────
  lead: {
    assigned: (enterprise: string, level: string, due: string) =>
      `经安全生产检查，${enterprise}存在下列${level}。现责令限期整改，整改期限为${due}。`,
    assignedListed: '该隐患已列入挂牌督办，并已报告镇长、党委书记和分管领导；请按下列整改方案组织整改。',
    majorListed: (enterprise: string, due: string) =>
      `${enterprise}存在下列重大事故隐患，已列入挂牌督办。按照《安全生产事故隐患排查治理暂行规定》，现将隐患情况和整改方案报告如下，整改期限为${due}。`,
    reminder: (enterprise: string, due: string, daysLeft: number) =>
      `${enterprise}下列隐患的整改期限为${due}，${
        daysLeft <= 0 ? '今天到期' : daysLeft === 1 ? '明天到期' : `距到期还有${daysLeft}天`
      }，目前尚未提交整改。请抓紧整改，按期报送整改佐证材料。`,
    overdue: (enterprise: string, due: string, days: string, leader: string) =>
      `${enterprise}下列隐患的整改期限${due}已过，至今未提交整改，${days}。此事已同时报告分管领导${leader}督办。`,
    escalation1: (sector: string, enterprise: string, days: string) =>
      `您分管的${sector}领域，${enterprise}的下列隐患超过整改期限仍未整改（${days}）。根据安全生产“一岗双责”，现提请您督办。`,
    escalation2: (enterprise: string, days: string, leader: string) =>
      `${enterprise}的下列隐患超过整改期限仍未整改（${days}），已报告分管领导${leader}督办，至今仍未整改完毕。根据安全生产“党政同责”，现报请镇长、党委书记督办。`,
    resumed: (enterprise: string, days: string, acknowledgedBy: string, workdays: number | undefined, level: string) =>
      `${enterprise}的下列隐患超过整改期限仍未整改（${days}）。${acknowledgedBy}已签收督办，但签收后${
        workdays ? `${workdays}个工作日内` : '规定期限内'
      }仍未提交整改，现按规定继续升级为${level}。`,
    extensionRequested: (enterprise: string, due: string, requestedDue: string) =>
      `${enterprise}申请将下列隐患的整改期限由${due}延至${requestedDue}，请您审批。`,
    extensionApproved: (decidedBy: string, enterprise: string, due: string) =>
      `${decidedBy}已批准${enterprise}的延期申请，下列隐患的整改期限延至${due}。`,
    extensionDenied: (decidedBy: string, enterprise: string, due: string) =>
      `${decidedBy}未批准${enterprise}的延期申请，下列隐患的整改期限仍为${due}。`,
    /** `submitter`: 东方加油站, or 赵磊（安监员）代东方加油站 when someone recorded it for the enterprise. */
    verificationRequested: (submitter: string, submittedAt: string, verifyBy: string) =>
      `${submitter}已于${submittedAt}报送下列隐患的整改佐证材料，申请复查。请于${verifyBy}前到现场复查。`,
    /** `inspector`: who was to verify, or undefined when the inspector recorded the submission and somebody else must. */
    verificationOverdue: (submitter: string, submittedAt: string, verifyBy: string, inspector: string | undefined) =>
      `${submitter}已于${submittedAt}报送下列隐患的整改佐证材料，复查期限${verifyBy}已过，${inspector ? `安监员${inspector}` : ''}尚未完成现场复查。`,
    rejected: (verifiedBy: string, verifiedAt: string, enterprise: string, newDue: string) =>
      `经${verifiedBy}于${verifiedAt}现场复查，${enterprise}下列隐患的整改未达到要求，复查不通过。现重新限期整改，新的整改期限为${newDue}。`,
    closed: (verifiedBy: string, verifiedAt: string, enterprise: string) =>
      `经${verifiedBy}于${verifiedAt}现场复查，${enterprise}下列隐患已整改合格，予以销号。`,
  },
  /** `已逾期 9 天（其中工作日 7 天）` */
  overdueDays: (days: number, workdays: number | undefined) =>
    `已逾期${days}天${workdays !== undefined && workdays !== days ? `（其中工作日${workdays}天）` : ''}`,

  // ── action links (contract §7) ───────────────────────────────────────────────────────────────
  links: {
    /** Above the buttons: they are this person's own. */
    title: (name: string) => `以下链接仅供${name}本人办理使用，请勿转发：`,
    /** Under them: until when, and that doing it ends them. */
    expires: (date: string) => `链接有效至${date}；事项办结后，办理链接自动失效，查看详情仍可打开。`,
  },

  // ── sections and their rows ──────────────────────────────────────────────────────────────────
  section: {
    hazard: '隐患情况',
    deadline: '整改期限',
    responsible: '责任人（一岗双责）',
    plan: '整改方案',
    escalation: '督办情况',
    extension: '延期申请',
    submission: '整改情况',
    verification: '复查情况',
    history: '办理经过',
    actions: '请您办理',
  },
  label: {
    hazardId: '隐患编号',
    enterprise: '企业名称',
    sector: '行业领域',
    village: '所在村（社区）',
    description: '隐患描述',
    level: '隐患等级',
    location: '隐患部位',
    found: '发现时间',
    campaign: '专项行动',
    due: '整改期限',
    trace: '期限计算',
    overdue: '逾期情况',
    principal: '企业主要负责人',
    inspector: '安监员',
    sectorLeader: '分管领导',
    escalationLevel: '督办级别',
    acknowledged: '签收情况',
    requestedBy: '申请人',
    reason: '申请理由',
    requestedDue: '申请延至',
    requestedTrace: '延期计算',
    decision: '审批结果',
    decidedBy: '审批人',
    note: '审批意见',
    submittedAt: '提交时间',
    submittedBy: '提交人',
    evidence: '整改佐证材料',
    verifyBy: '复查期限',
    verifiedAt: '复查时间',
    verifiedBy: '复查人',
    result: '复查结果',
    verificationNote: '复查意见',
    newDue: '新的整改期限',
    reported: '发现上报',
    closed: '复查销号',
  },
  found: (at: string, by: string) => `${at}（排查人：${by}）`,
  escalationLevel: { 1: '一级督办（分管领导）', 2: '二级督办（镇长、党委书记）' } as const,
  acknowledgedBy: (by: string) => `已由${by}签收`,
  decision: { approved: '批准', denied: '不批准' },
  result: { pass: '合格', fail: '不合格' },
  verifyWithin: (date: string, days: number | undefined) => (days ? `${date}（提交之日起${days}日内）` : date),
  at: (when: string, by: string) => `${when}，${by}`,

  // ── what to do next ──────────────────────────────────────────────────────────────────────────
  who: {
    principal: (name: string) => `企业主要负责人${name}`,
    inspector: (name: string) => `安监员${name}`,
    leader: (name: string) => `分管领导${name}`,
    heads: '镇长、党委书记',
  },
  action: {
    rectify: (due: string, inspector: string) =>
      `立即组织整改，落实整改措施、责任、资金、时限和预案，整改期间采取必要的防范措施；于${due}前整改完毕，并将整改佐证材料（整改前后照片、维修或检测记录等）报送安监员${inspector}。`,
    extendBeforeDue: (due: string, leader: string) =>
      `确因客观原因不能按期完成的，须在${due}前提出延期申请并说明理由，由分管领导${leader}审批；每项隐患的延期次数有限。`,
    followUp: '督促企业按期整改，跟进整改进展。整改佐证材料由企业提交；企业提交不了的，收到材料后可由您代为提交整改，但复查须另由他人进行（复查人不能是提交人）。',
    rectifyNow: (inspector: string) =>
      `立即整改，整改完成前采取有效的防范措施，确保安全；整改完毕后立即将佐证材料报送安监员${inspector}。期限已过，不能再申请延期。`,
    urgeNow: '督促企业立即整改，必要时到现场督查。企业提交不了整改佐证材料的，可由您代为提交整改。',
    nextLevel: (workdays: number | undefined, days: number | undefined) =>
      `继续逾期不整改的，${
        days !== undefined ? `${days}天后` : workdays !== undefined ? `${workdays}个工作日后` : ''
      }将报告镇长和党委书记（党政同责）。`,
    superviseLeader: '督促企业立即整改，必要时到现场督办；整改有困难的，协调解决，必要时责令局部或全部停产停业整改。',
    superviseHeads: '督促分管领导和企业立即整改，必要时召集有关部门研究解决，责令局部或全部停产停业整改。',
    acknowledge: '签收本督办（签收表示已知悉并负责督促整改）。',
    acknowledgeEach: '签收本督办（签收表示已知悉并负责督促整改；一人签收即可）。',
    afterAck: (workdays: number | undefined) =>
      `签收后${workdays ? `${workdays}个工作日内` : '规定期限内'}仍未提交整改的，将继续升级督办。`,
    unacknowledged: (workdays: number | undefined, days: number | undefined) =>
      `未签收且仍未整改的，${
        days !== undefined ? `${days}天后` : workdays !== undefined ? `${workdays}个工作日后` : '到期后'
      }将报告镇长和党委书记。`,
    topLevelAgain: (workdays: number | undefined) =>
      `签收后${workdays ? `${workdays}个工作日内` : '规定期限内'}仍未提交整改的，将再次督办。`,
    listedLeader:
      '按挂牌督办要求，督促企业按整改方案落实整改措施、责任、资金、时限和预案；整改期间督促企业采取安全防范措施，必要时责令局部或全部停产停业整改。',
    listedHeads: '掌握该隐患的整改进展，协调解决整改中的困难，确保按期整改到位。',
    listedInfo: (due: string) =>
      `整改期限为${due}；到期未整改的，次日即逐级督办。整改完成后须经现场复查合格方可销号（一天不解决，一天不销号）。`,
    decide: (due: string) =>
      `审批该延期申请。审批前整改期限仍为${due}，到期仍未整改的照常按逾期督办，请尽快审批。`,
    meetNewDue: (due: string, inspector: string) =>
      `于新的整改期限${due}前整改完毕，并将整改佐证材料报送安监员${inspector}。`,
    meetOldDue: (due: string, inspector: string) =>
      `按原期限${due}整改完毕，并将整改佐证材料报送安监员${inspector}。`,
    pastOldDue: (due: string, inspector: string) =>
      `原期限${due}已过，请立即整改，并将整改佐证材料报送安监员${inspector}；逾期督办照常进行。`,
    followNewDue: (due: string) => `按新的整改期限${due}跟进整改进展；企业提交不了整改佐证材料的，可由您代为提交整改。`,
    followOldDue: '跟进整改进展；企业提交不了整改佐证材料的，可由您代为提交整改。',
    verify: (verifyBy: string) =>
      `于${verifyBy}前到现场复查，核实整改措施是否落实、佐证材料是否属实，并登记复查结果。`,
    /** To the person who recorded the submission: they may not verify it. */
    verifierIsSubmitter: (name: string) => `${name}：本次整改由您登记提交，按规定须由其他人员复查，您不能复查。`,
    /** The submitter and the enterprise, when someone recorded the submission for it. */
    submittedFor: (person: string, enterprise: string) => `${person}代${enterprise}`,
    urgeVerification: (inspector: string) =>
      `督促安监员${inspector}立即到现场复查，或另行安排其他人员复查（复查人不能是整改提交人）。复查合格之前，该隐患不能销号。`,
    /** The inspector recorded the submission himself: somebody else must verify it. */
    arrangeVerifier: (inspector: string) =>
      `本次整改由安监员${inspector}登记提交，按规定须由其他人员复查：请另行安排复查人员（也可由您复查）。复查合格之前，该隐患不能销号。`,
    redoRectification: (due: string, inspector: string) =>
      `按复查意见重新整改，于${due}前整改完毕，并将整改佐证材料报送安监员${inspector}。`,
    followRedo: '跟进重新整改的进展；企业提交不了整改佐证材料的，可由您代为提交整改。',
    closedNothing: '该隐患已办结，无需再办理。',
    closedLessons: '请企业巩固整改成果，举一反三，防止同类隐患再次发生；有关部门将视情况回头看。',
    closedDelisted: '该重大事故隐患的挂牌督办同时解除。',
  },

  // ── settings and delivery ────────────────────────────────────────────────────────────────────
  banner: {
    outbox: (dir: string, from: string) => `邮件：写入发件箱文件夹 ${dir}（不实际发送，可用邮件程序打开 .eml 文件；发件人 ${from}）`,
    smtp: (url: string, from: string) => `邮件：经 SMTP 服务器 ${url} 发送（发件人 ${from}）`,
    capture: (from: string) => `邮件：仅在内存中留存，不发送（模拟运行；发件人 ${from}）`,
  },
  config: {
    smtpUrlFormat:
      'SMTP_URL 应形如 smtp://用户名:密码@主机:端口 或 smtps://用户名:密码@主机:465（用户名和密码中的 @ : / 等符号须写成 %40 %3A %2F）',
    smtpUrlUnreadable: (why: string) => `SMTP_URL 无法识别：${why}`,
    notAUrl: '不是有效的网址',
    badProtocol: (protocol: string) => `协议为 ${protocol}，只支持 smtp:（端口 587 或 25，STARTTLS）和 smtps:（端口 465，SSL）`,
    noHost: '缺少邮件服务器的主机名',
    passwordWithoutUser: '有密码却没有用户名',
    userWithoutPassword: (user: string) => `有用户名 ${user} 却没有密码`,
    badEncoding: '用户名或密码中的 % 转义不正确',
    hasPath: (path: string) => `网址末尾不应有路径 ${path}`,
    hasHash: '网址中不应有 #',
    unknownParam: (name: string, known: readonly string[]) => `未知的参数 ${name}（可用的参数：${known.join('、')}）`,
    badParam: (name: string, value: string, expected: string) => `参数 ${name}=${value} 无效，应为 ${expected}`,
    badFrom: (value: string) =>
      `ANWEI_MAIL_FROM 不是有效的电子邮箱地址：“${value}”（应形如 anquan@town.example，只写地址，发件人名称由系统自动加上）`,
  },
  error: {
    noRecipients: (key: string) => `邮件 ${key} 没有收件人`,
    badAddress: (address: string, key: string) => `邮件 ${key} 的收件人地址无效：“${address}”`,
    someRecipientsMissed: (addresses: readonly string[]) => `已发出，但以下收件人未收到（地址无效或被邮件服务器拒收）：${addresses.join('、')}`,
    unreachable: (server: string, code: string) => `无法连接邮件服务器 ${server}（${code}），稍后自动重试`,
    timeout: (server: string, hint: string) => `连接邮件服务器 ${server} 超时，稍后自动重试${hint ? `（${hint}）` : ''}`,
    tls: (server: string, detail: string, hint: string) =>
      `与邮件服务器 ${server} 建立加密连接失败：${detail}（稍后自动重试；${hint || '请核对 SMTP_URL 的协议和端口'}）`,
    hint: {
      untrustedCertificate:
        '服务器的证书不受信任；若是单位内部邮件服务器的自签名证书，可在 SMTP_URL 末尾加上 ?rejectUnauthorized=false',
      useSmtps: '端口 465 通常须写 smtps://',
      useSmtp: '端口 587 和 25 须写 smtp://（连接后用 STARTTLS 加密）',
    },
    auth: (server: string, detail: string) =>
      `邮件服务器 ${server} 拒绝登录：${detail}（请核对 SMTP_URL 中的用户名和密码，很多邮箱须使用“授权码”而非登录密码；改正后重启，未发出的通知会自动重发）`,
    senderRejected: (server: string, detail: string) =>
      `邮件服务器 ${server} 不接受本系统的发件人地址：${detail}（多数邮箱要求发件人与登录账号一致，请把 ANWEI_MAIL_FROM 设为 SMTP_URL 中的账号；改正后重启，未发出的通知会自动重发）`,
    recipientsRejected: (server: string, rejected: readonly string[], detail: string) =>
      `邮件服务器 ${server} 拒收收件人 ${rejected.join('、')}：${detail}`,
    messageRejected: (server: string, detail: string) => `邮件服务器 ${server} 拒收该邮件：${detail}`,
    transient: (server: string, detail: string) => `邮件服务器 ${server} 暂时无法投递：${detail}，稍后自动重试`,
    outbox: (dir: string, detail: string) => `无法写入发件箱文件夹 ${dir}：${detail}`,
    closed: '邮件发送通道已关闭',
  },
} as const;
