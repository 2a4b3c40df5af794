// zh-CN wording for the group robots (企业微信群机器人, 钉钉自定义机器人, 飞书自定义机器人): the profile's
// `channels` and `mobile` problems, the short markdown a notice posts, and what the office is told when a robot fails.

const q = (value: unknown) => JSON.stringify(value) ?? String(value);
const joined = (items: readonly string[]) => items.join('、');
const didYouMean = (suggestion: string | undefined) => (suggestion ? `，是否应为 ${q(suggestion)}？` : '');
const knownList = (what: string, known: readonly string[]) =>
  known.length === 0 ? `（尚未定义任何${what}）` : known.length <= 15 ? `（已定义的${what}：${joined(known)}）` : '';

export type RobotKind = 'wecom' | 'dingtalk' | 'feishu';

export const robotText = {
  kindName: { wecom: '企业微信群机器人', dingtalk: '钉钉自定义机器人', feishu: '飞书自定义机器人' } as Record<RobotKind, string>,

  // ── the profile ──────────────────────────────────────────────────────────────────────────────
  badMobile: (value: unknown) => `不是有效的手机号 ${q(value)}（应为 11 位中国大陆手机号，如 "13800000003"，不加区号、空格或横线）`,
  badPersonChannels: (value: unknown) =>
    `不支持的接收方式 ${q(value)}（应为 email（只发邮件）、robot（群机器人 @ 本人的不再发邮件）或 both（都要，默认））`,
  robotNeedsMobile: '选择 channels: robot（只用群机器人）须填写 mobile：群机器人按手机号 @ 本人',
  badKind: (value: unknown) => `不支持的机器人类型 ${q(value)}（应为 wecom（企业微信）、dingtalk（钉钉）或 feishu（飞书））`,
  notEnvReference: (field: string, value: unknown) =>
    `${field} 应写成 env:环境变量名（如 env:ANWEI_DINGTALK_TOWN），不能直接写地址或密钥：写在档案里的密钥会随档案外传；实际值放在启动 anwei 的环境变量中（写的是 ${q(value)}）`,
  wecomSecret: '企业微信群机器人没有签名密钥（地址中的 key 即凭据），请删去 secret',
  duplicateChannel: (id: string, firstPath: string) => `群机器人编号 ${q(id)} 重复（已在 ${firstPath} 使用），每个群机器人的 id 应各不相同`,
  unknownSector: (value: string, suggestion: string | undefined, known: readonly string[]) =>
    `未知的行业领域 ${q(value)}${didYouMean(suggestion)}${knownList('行业领域', known)}`,
  unknownVillage: (value: string, suggestion: string | undefined, known: readonly string[]) =>
    `未知的村（社区） ${q(value)}${didYouMean(suggestion)}${knownList('村（社区）', known)}`,
  noTarget: (id: string) =>
    `群机器人 ${q(id)} 没有指定接收哪些消息：写 town: true（全镇的事项）、sectors: [行业领域编号] 或 villages: [村编号]`,
  sameEnv: (name: string, firstPath: string) => `环境变量 ${name} 已在 ${firstPath} 使用：两个群机器人共用一个地址会把消息发两遍`,

  /** `anwei profile check`: the variables the channels name, and which are not set here. */
  envMissing: (names: readonly string[]) =>
    `以下环境变量未设置，相关群机器人不会发消息（值不在档案中，请在启动 anwei 的环境中设置）：${joined(names)}`,
  envAllSet: (count: number) => `群机器人：${count} 个，所需环境变量均已设置`,

  // ── the posts ────────────────────────────────────────────────────────────────────────────────
  /** What happened, in words, by notice kind; an unknown kind is shown as it is. */
  kindWords: {
    'hazard.assigned': '新隐患待整改',
    'hazard.major_listed': '重大隐患挂牌督办',
    'hazard.reminder': '隐患整改即将到期',
    'hazard.overdue': '隐患整改已逾期',
    'hazard.escalation': '隐患逾期，上报领导',
    'hazard.extension_requested': '隐患申请延期',
    'hazard.extension_decided': '隐患延期已答复',
    'hazard.verification_requested': '隐患整改待验收',
    'hazard.verification_overdue': '隐患验收已逾期',
    'hazard.rejected': '隐患验收未通过',
    'hazard.closed': '隐患已销号',
    'duty.assigned': '新任务',
    'duty.reminder': '任务即将到期',
    'duty.overdue': '任务已逾期',
    'duty.escalation': '任务逾期，上报领导',
    'meeting.invite': '会议通知',
    'campaign.started': '专项行动开始',
    'campaign.assigned': '专项行动检查任务',
    'campaign.reminder': '专项行动检查即将到期',
    'campaign.overdue': '专项行动检查已逾期',
    'campaign.escalation': '专项行动检查逾期，上报领导',
    'campaign.progress': '专项行动进展',
    'campaign.closed': '专项行动结束',
    'calendar.unconfirmed': '工作日历待确认',
  } as Record<string, string>,
  kindOf: (kind: string) => robotText.kindWords[kind] ?? kind,
  title: (kinds: readonly string[]) => `【安全生产】${kinds.map((k) => robotText.kindOf(k)).join('；')}`,
  hazardLine: (enterprise: string, description: string, id: string) => `**${enterprise}**：${description}（${id}）`,
  taskLine: (title: string) => `**${title}**`,
  campaignLine: (title: string) => `**${title}**`,
  otherLine: (subject: string) => subject,
  due: (date: string) => `整改/办理期限：${date}`,
  overdueDays: (date: string, days: number) => `期限 ${date}，已逾期 ${days} 天`,
  who: (names: readonly string[]) => `请 ${joined(names)} 处理`,
  details: '查看详情',
  truncated: '……（内容过长，已截断）',

  // ── failures, for the log and the office ─────────────────────────────────────────────────────
  channelGone: (id: string) => `群机器人 ${id} 已不在档案中，消息不再发送`,
  envNotSet: (names: readonly string[]) => `环境变量 ${joined(names)} 未设置`,
  refused: (kind: RobotKind, code: number | string, message: string) => `${robotText.kindName[kind]}拒绝了消息（错误码 ${code}：${message}）`,
  httpStatus: (status: number) => `机器人服务器应答 HTTP ${status}`,
  badWebhook: '机器人地址（环境变量中的 webhook）不是有效的网址',
  badAnswer: (status: number) => `无法识别的应答（HTTP ${status}）`,
  broken: {
    subject: (channel: string) => `【群机器人故障】群机器人 ${channel} 无法发送消息`,
    greeting: '安办主任：',
    lead: (channel: string, kind: RobotKind, reason: string) =>
      `群机器人 ${channel}（${robotText.kindName[kind]}）发送消息失败：${reason}。该群待发的消息已标记为失败，不再补发；邮件照常发送，不受影响。`,
    action:
      '请核对该机器人在群里的设置（webhook 地址、加签密钥、关键词或 IP 白名单）与启动 anwei 的环境变量是否一致；环境变量改正后重新启动 anwei。之后的新消息仍会尝试发送；同一群机器人每天最多提醒一次。',
    footer: (office: string) => `本邮件由安全生产工作提醒系统自动发送。如有疑问，请与${office}联系。`,
  },
};
