// zh-CN wording for the duty calendar (工作日历): names of the default duties, period labels, how each
// task's opening and due dates were found (the traces shown in the preview and in the notices), and every
// problem a profile's `duties` section can have.

import { calendarText } from './calendar.ts';

const q = (value: unknown) => JSON.stringify(value) ?? String(value);
const joined = (items: readonly string[]) => items.join('、');
const didYouMean = (suggestion: string | undefined) => (suggestion ? `，是否应为 ${q(suggestion)}？` : '');
const ordinal = (n: number) => (n === 1 ? '第一个' : `第${n}个`);

const CHINESE_QUARTERS = ['一', '二', '三', '四'];

export const dutiesText = {
  // ── the default duties ──────────────────────────────────────────────────────────────────────
  defaults: {
    committeeMeeting: { name: '安委会会议', title: '{period}安委会会议', proof: '上传会议纪要' },
    quarterlySweep: { name: '拉网式大检查', title: '{period}拉网式大检查', proof: '上传检查记录和发现的隐患清单' },
    enterpriseInspection: { name: '企业安全检查', title: '{period}企业安全检查', proof: '上传检查记录（发现隐患的另行上报）' },
    holidayCheck: { name: '节前安全检查', title: '{year}年{holiday}前安全检查', proof: '上传节前检查记录' },
    villageReport: { name: '村安全生产月报', title: '{period}村安全生产工作情况月报表', proof: '上传《村安全生产工作情况月报表》' },
    statisticsReport: { name: '隐患统计报表', title: '{period}隐患排查治理统计报表', proof: '上传报送县里的隐患排查治理统计报表' },
  },
  defaultProof: '上传佐证材料（记录、照片或文件）',

  // ── periods ─────────────────────────────────────────────────────────────────────────────────
  monthPeriod: (year: number, month: number) => `${year}年${month}月`,
  quarterPeriod: (year: number, quarter: number) => `${year}年第${CHINESE_QUARTERS[quarter - 1]}季度`,
  halfPeriod: (year: number, half: number) => `${year}年${half === 1 ? '上' : '下'}半年`,
  yearPeriod: (year: number) => `${year}年度`,
  holidayPeriod: (year: number, names: string) => `${year}年${names}`,
  spanPeriod: (start: string, end: string) => (start === end ? start : `${start} 至 ${end}`),
  /** 国庆节、中秋节: holidays sharing one break get one task. */
  holidayNames: (names: readonly string[]) => joined(names),
  /** How a period is referred to inside a rule: 本月第5个工作日, 本季度结束后第一个工作日. */
  unit: {
    month: '本月',
    quarter: '本季度',
    half_year: '本半年',
    year: '本年度',
    days: '本期',
    weeks: '本期',
    once: '本期',
    holiday: '本期',
  } as const,
  /** The month after the period, as a rule names it. */
  nextMonth: {
    month: '次月',
    quarter: '季度结束后次月',
    half_year: '半年结束后次月',
    year: '次年1月',
    days: '本期结束后次月',
    weeks: '本期结束后次月',
    once: '本期结束后次月',
    holiday: '假期结束后次月',
  } as const,
  scopeSuffix: (name: string) => `（${name}）`,

  // ── traces ──────────────────────────────────────────────────────────────────────────────────
  // `<rule in words>: <how the date was found>`, in the style of the calendar's deadline traces.
  workdayOfRange: (range: string, n: number, start: string, end: string, date: string, skipped: string) =>
    `${range}${ordinal(n)}工作日: ${start} 至 ${end} 的第${n}个工作日 = ${date}，${skipped}`,
  lastWorkdayOfRange: (range: string, start: string, end: string, date: string, skipped: string) =>
    `${range}最后一个工作日: ${start} 至 ${end} 的最后一个工作日 = ${date}，${skipped}`,
  /** 本月10日, 次月15日, 本季度第10日, 次年1月31日. */
  dayOfRange: (range: string, n: number, monthly: boolean) => (monthly ? `${range}${n}日` : `${range}第${n}日`),
  moveSuffix: { next: '（逢休息日顺延）', previous: '（逢休息日提前）', none: '' } as const,
  workdayLabel: (range: string, n: number) => `${range}${ordinal(n)}工作日`,
  lastWorkdayLabel: (range: string) => `${range}最后一个工作日`,
  clamped: (length: number, date: string) => `该期只有${length}日，取最后一日 ${date}`,
  dayIsWorking: (subject: string) => `${subject}，是工作日`,
  dayMoved: (subject: string, direction: 'next' | 'previous', moved: string, skipped: string) =>
    `${subject}，是休息日，${direction === 'next' ? '顺延' : '提前'}至 ${moved}，${skipped}`,
  dayOffKept: (subject: string, what: string) => `${subject}，当日为休息日（${what}）`,
  workdaysBefore: (anchorLabel: string, n: number, anchor: string, date: string, skipped: string) =>
    `${anchorLabel}前${ordinal(n)}工作日: ${anchor}，之前第${n}个工作日 = ${date}，${skipped}`,
  workdaysAfter: (anchorLabel: string, n: number, anchor: string, date: string, skipped: string) =>
    `${anchorLabel}后${ordinal(n)}工作日: ${anchor}，之后第${n}个工作日 = ${date}，${skipped}`,
  daysAfterLabel: (anchorLabel: string, n: number) => (n === 0 ? `${anchorLabel}当日` : `${anchorLabel}后第${n}日`),
  daysAfter: (anchor: string, n: number, raw: string) => (n === 0 ? `${anchor}，即 ${raw}` : `${anchor}，之后第${n}日 = ${raw}`),
  // Anchors: the label inside the rule, and the sentence that shows its date.
  holidayFirstLabel: (names: string) => `${names}放假首日`,
  holidayEndLabel: (names: string) => `${names}假期结束`,
  holidayLastLabel: (names: string) => `${names}假期最后一日`,
  holidayBreak: (names: string, first: string, last: string) =>
    first === last ? `${names}放假 ${first}` : `${names}放假 ${first} 至 ${last}`,
  holidayFirst: (names: string, first: string, last: string) =>
    first === last ? `${names}放假 ${first}` : `${names}放假 ${first} 至 ${last}，首日 ${first}`,
  holidayNotOff: (names: string, date: string) => `${names} ${date}（本镇未放假）`,
  periodStartLabel: (unit: string) => `${unit}开始日`,
  periodEndLabel: (unit: string) => `${unit}最后一日`,
  periodEndAfterLabel: (unit: string) => `${unit}结束`,
  periodStart: (unit: string, date: string) => `${unit}开始日 ${date}`,
  periodEnd: (unit: string, date: string) => `${unit}最后一日 ${date}`,
  openingLabel: (meeting: boolean) => (meeting ? '会议' : '开始日'),
  opening: (meeting: boolean, date: string) => `${meeting ? '会议日' : '开始日'} ${date}`,
  dueClamped: (opens: string) => `；早于开始日，按开始日 ${opens} 计（请检查此工作的截止规则）`,

  // ── problems met while computing one occurrence (shown by the preview) ──────────────────────
  noSuchWorkday: (what: string, detail: string) => `${what}：${detail}`,
  dueBeforeOpening: (due: string, opens: string) => `截止日 ${due} 早于开始日 ${opens}，已按开始日计，请检查 due 规则`,
  missingPerson: (id: string, what: string) => `${what} ${q(id)} 不在当前人员名单中（可能已离任），此项任务无人承办`,
  noPersonWithRole: (role: string) => `人员名单中没有${role}，此项任务无人承办`,
  refusedSpec: (problems: readonly string[]) => `任务规格不合要求，此项任务未创建：${problems.join('；')}`,
  noAttendees: '会议没有参会人员（meeting.attendees 所列的角色和人员都不在当前人员名单中），此项任务未创建，请检查 attendees',
  unknownSectorOf: (enterprise: string, sector: string) => `企业 ${q(enterprise)} 的行业领域 ${q(sector)} 不在当前名单中`,

  // ── the profile's `duties` section ──────────────────────────────────────────────────────────
  badFrequency: (value: unknown) =>
    `未知的周期 ${q(value)}（应为 month 每月、quarter 每季度、half_year 每半年、year 每年、holiday 每个法定节假日之一）`,
  badEvery: (value: unknown) =>
    `无法识别的周期 ${q(value)}：应为 month、quarter、half_year、year、holiday 之一，或它们的列表，` +
    '或 { holidays: [...] }、{ A: month, B: quarter, C: half_year }（按企业分级）、' +
    '{ days: N, from: 日期 }、{ weeks: N, from: 日期 }、{ once: 日期 }',
  badPeriodic: (value: unknown) => `未知的周期 ${q(value)}（企业分级的检查周期应为 month、quarter、half_year 或 year）`,
  badHoliday: (value: unknown) =>
    `未知的节日 ${q(value)}（应为 ${Object.entries(calendarText.holidayName).map(([id, name]) => `${id} ${name}`).join('、')}之一）`,
  badPer: (value: unknown) => `未知的范围 ${q(value)}（应为 town 全镇一项、sector 每个行业领域、enterprise 每家企业、village 每个村之一）`,
  badRule: (value: unknown) =>
    `无法识别的日期规则 ${q(value)}：应为 { workday: N 或 last }、{ day: N }、{ workdaysBefore: N, of: … }、` +
    '{ workdaysAfter: N, of: … }、{ daysAfter: N, of: … } 之一，或按周期分别给出（如 { quarter: {…}, year: {…} }）',
  ruleKinds: (kinds: readonly string[]) => `一条日期规则只能用其中一种写法，这里同时有 ${joined(kinds)}`,
  badWorkday: (value: unknown) => `应为正整数（第几个工作日）或 last（最后一个工作日），实际为 ${q(value)}`,
  badRange: (value: unknown) => `未知的期间 ${q(value)}（应为 period 本期，或 next_month 本期结束后的次月）`,
  badMove: (value: unknown) => `未知的顺延方式 ${q(value)}（应为 next 逢休息日顺延、previous 逢休息日提前、none 不调整）`,
  badAnchor: (value: unknown, allowed: readonly string[]) => `未知的起算点 ${q(value)}（此处可用：${joined(allowed)}）`,
  badAssignee: (value: unknown, roles: readonly string[]) =>
    `无法识别的承办人 ${q(value)}：应为 ${joined(roles)} 之一，或 { person: 人员编号 }，或 { rotate: [人员编号, …] }（轮流）`,
  badLevel1: (value: unknown) =>
    `未知的第一级督办对象 ${q(value)}（应为 sector_leader 行业领域分管领导、village_leader 包村领导、safety_leader 分管安全的领导之一）`,
  badAttendees: (value: unknown) => `无法识别的参会人员 ${q(value)}：应为 all（全体人员），或 { roles: [...], people: [...] }`,
  badTitle: (placeholder: string, allowed: readonly string[]) =>
    `标题中有未知的占位符 {${placeholder}}（可用：${allowed.map((p) => `{${p}}`).join('、')}）`,
  holidayPlaceholder: '标题中的 {holiday} 只能用于节假日工作（every: holiday）',
  unknownKind: (kinds: readonly string[]) => `缺少日期规则：应给出 ${joined(kinds)} 之一`,

  duplicateDuty: (id: string, firstPath: string) => `工作编号 ${q(id)} 重复：${firstPath} 已使用此编号，后写的无法生效，请合并为一项`,
  newDutyMissing: (id: string, field: string) =>
    `缺少必填项 ${q(field)}：${q(id)} 不是默认工作日历中的工作，新增的工作须写明 name、every、opens、due、assignee`,
  fromDefault: (id: string, field: string) => `（${field} 沿用默认工作 ${q(id)} 的设定）`,
  classMapNeedsEnterprise: '按企业分级的周期（{ A: …, B: …, C: … }）只能用于 per: enterprise',
  onlyNeeds: (key: string, pers: readonly string[]) => `only.${key} 只能用于 per: ${pers.join(' 或 per: ')}`,
  unknownInOnly: (what: string, value: string, suggestion: string | undefined, known: readonly string[]) =>
    `未知的${what} ${q(value)}${didYouMean(suggestion)}${known.length && known.length <= 15 ? `（已定义的${what}：${joined(known)}）` : ''}`,
  anchorNeedsHoliday: (anchor: string) => `of: ${anchor} 只能用于节假日工作（every: holiday 或 { holidays: [...] }）`,
  holidayNeedsAnchor: '节假日工作没有“本期”可数，请用 workdaysBefore / workdaysAfter / daysAfter 并以 of: holiday 或 holiday_end 起算',
  openingInOpens: '开始日的规则不能以开始日（opening）起算',
  ruleForFrequencies: {
    missing: (freq: string) => `every 含有 ${freq}，这里缺少 ${freq} 的规则`,
    extra: (freq: string) => `every 中没有 ${freq}，此规则用不上`,
  },
  assigneeNeedsPer: (assignee: string, pers: readonly string[]) => `承办人 ${assignee} 只能用于 per: ${pers.join(' 或 per: ')}`,
  level1NeedsPer: (level1: string, pers: readonly string[]) => `第一级督办 ${level1} 只能用于 per: ${pers.join(' 或 per: ')}`,
  rotateNeedsSpan: '轮流承办（rotate）只能用于 every: { days: N, from: … } 或 { weeks: N, from: … }',
  untilBeforeFrom: (until: string, from: string) => `结束日期 ${until} 早于开始日期 ${from}`,
  workdayTooLarge: (n: number, days: number) => `第${n}个工作日超出了本期（最短 ${days} 天）`,
  dueBeforeOpensRule: '按此规则截止日总是早于开始日，请检查 opens 和 due',

  // ── anwei duties preview ────────────────────────────────────────────────────────────────────
  preview: {
    heading: (town: string, from: string, to: string, days: number) => `${town}工作日历预览：${from} 至 ${to}（${days} 天）`,
    source: {
      defaults: '使用默认工作日历（合同第 4 节），档案中没有 duties',
      changed: (parts: readonly string[]) => `默认工作日历（合同第 4 节），档案中的 duties：${parts.join('；')}`,
      unchanged: '默认工作日历（合同第 4 节），档案中的 duties 没有改动',
    },
    changedDuties: (ids: readonly string[]) => `修改 ${joined(ids)}`,
    disabledDuties: (ids: readonly string[]) => `停用 ${joined(ids)}`,
    addedDuties: (ids: readonly string[]) => `新增 ${joined(ids)}`,
    onlyDuty: (id: string, name: string) => `只看 ${id}（${name}）`,
    total: (count: number, byDuty: readonly string[]) => (count === 0 ? '此期间没有任务' : `共 ${count} 项任务：${byDuty.join('，')}`),
    dutyCount: (name: string, count: number) => `${name} ${count}`,
    warning: (text: string) => `注意：${text}`,
    day: (date: string, weekday: string, count: number) => `${date} ${weekday}（开始 ${count} 项）`,
    assignee: (name: string, id: string, due: string, weekday: string) => `承办：${name}（${id}）  截止：${due} ${weekday}`,
    assigneeOnly: (name: string, id: string) => `承办：${name}（${id}）`,
    group: (duty: string, period: string, count: number, due: string, weekday: string) =>
      `${duty} ${period}：${count} 项，截止 ${due} ${weekday}，日期计算相同：`,
    opens: (trace: string) => `开始：${trace}`,
    due: (trace: string) => `截止：${trace}`,
    meeting: (date: string, time: string, minutes: number, location: string | undefined, inviteOn: string, attendees: number) =>
      `会议：${date} ${time}，${minutes} 分钟${location ? `，${location}` : ''}；${inviteOn} 发出邀请（含日历文件），参会 ${attendees} 人`,
    problemsHeading: (count: number) => `需要核对的 ${count} 处：`,
    problem: (where: string, message: string) => `  ${where}：${message}`,
    unknownDuty: (id: string, known: readonly string[]) => `没有编号为 ${q(id)} 的工作（当前的工作：${joined(known)}）`,
    badDays: (value: string) => `--days ${value}: 应为 1 至 3660 之间的整数（天数）`,
    badFrom: (value: string) => `--from ${value}: 不是有效的日期（格式为 YYYY-MM-DD）`,
    outOfYears: (from: string, to: string, min: number, max: number) => `预览期间 ${from} 至 ${to} 超出了工作日历支持的年份（${min} 至 ${max} 年）`,
    noTown: '尚未载入档案：先运行 anwei profile load <档案文件>，或用 --profile <档案文件> 预览一个文件',
    storedDutiesInvalid: '数据库中档案的 duties 不符合当前格式，请修改档案后用 anwei profile load 重新载入：',
    profileInvalid: (file: string, count: number) => `档案 ${file} 有 ${count} 处问题，无法预览：`,
  },
} as const;

/** The placeholders a duty's `title` may use. */
export const TITLE_PLACEHOLDERS = ['period', 'year', 'holiday', 'name', 'start', 'end'] as const;
