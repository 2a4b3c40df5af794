// zh-CN wording for the town profile (town.yaml): every problem a loaded file can have, worded so a
// clerk can find the line and knows what to write instead.

const q = (value: unknown) => JSON.stringify(value) ?? String(value);
const joined = (items: readonly string[]) => items.join('、');

/** Lists are shown only while short: a long list hides the one line that matters. */
const LIST_MAX = 15;
const knownList = (what: string, known: readonly string[]) =>
  known.length === 0 ? `（尚未定义任何${what}）` : known.length <= LIST_MAX ? `（已定义的${what}：${joined(known)}）` : '';
/** `副镇长、镇长或党委书记` */
export const joinOr = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join('、')}或${items[items.length - 1]}`;
const didYouMean = (suggestion: string | undefined) => (suggestion ? `，是否应为 ${q(suggestion)}？` : '');

export const profileText = {
  roleName: {
    party_secretary: '党委书记',
    town_head: '镇长',
    deputy_head: '副镇长',
    office_head: '安办主任',
    inspector: '安监员',
    village_supervisor: '村级安全监督员',
  } as const,

  /** What a reference field stands for, as the messages name it. */
  refName: {
    safetyLeader: '分管安全的领导',
    leader: '分管领导',
    inspector: '安监员',
    supervisor: '村级安全监督员',
    villageLeader: '包村领导',
  } as const,

  // ── YAML syntax ──────────────────────────────────────────────────────────────────────────────
  syntax: (explanation: string, hint: string, detail: string) =>
    `YAML 语法错误：${explanation}${hint ? `；${hint}` : ''}（${detail}）。改正后才能检查文件的其余内容`,
  syntaxExplanation: {
    BAD_INDENT: '缩进不正确，同一层的各项应对齐',
    TAB_AS_INDENT: '不能用 Tab 键缩进，请改用空格',
    MISSING_CHAR: '缺少必要的符号（冒号、引号、} 或 ]）',
    MULTILINE_IMPLICIT_KEY: '无法识别的写法，字段名后应为英文冒号和空格（“名称: 值”）',
    BLOCK_AS_IMPLICIT_KEY: '无法识别的写法，多半是缩进不对或冒号后少了空格',
    UNEXPECTED_TOKEN: '此处出现了不该出现的符号',
    MULTIPLE_DOCS: '文件中只能有一份配置（请删除多余的 ---）',
    BAD_DQ_ESCAPE: '双引号内的反斜杠 \\ 转义不正确（可改用单引号）',
    BAD_SCALAR_START: '值不能以此符号开头（以 @、`、%、| 等开头的值请加引号）',
    BLOCK_IN_FLOW: '花括号 { } 或方括号 [ ] 内不能换行写成多行块',
    BAD_ALIAS: '锚点或别名（& *）用法不正确',
    ALIAS_PROPS: '锚点或别名（& *）用法不正确',
    MULTIPLE_ANCHORS: '锚点或别名（& *）用法不正确',
    BAD_PROP_ORDER: '锚点或标签（& !）用法不正确',
    MULTIPLE_TAGS: '标签（!）用法不正确',
    TAG_RESOLVE_FAILED: '标签（!）用法不正确',
    KEY_OVER_1024_CHARS: '字段名过长',
  } as Readonly<Record<string, string>>,
  syntaxOther: '无法识别的写法',
  missingColon: '缺少冒号：字段名后应为英文冒号和空格（“名称: 值”）',
  unclosedQuote: '引号没有配对：缺少结尾的引号',
  unclosedFlow: '花括号 { 或方括号 [ 没有正确结束：缺少配对的 } 或 ]，或换行续写的部分缩进不够（续行应比“- ”更靠右），请检查此行和前几行',
  fullWidthHint: (line: number, chars: string) =>
    `第 ${line} 行有中文标点 ${chars}，YAML 的冒号、逗号和括号须用英文半角符号`,

  // ── the file as a whole ──────────────────────────────────────────────────────────────────────
  emptyFile: '文件为空：应至少包含 town、safetyLeader、people、sectors、enterprises',
  notAMapping: (hint: string) =>
    `文件顶层应为“字段: 值”的映射（town:、people: 等，顶格书写）${hint ? `；${hint}` : ''}`,
  duplicateKey: (key: string, firstLine: number | undefined) =>
    `字段 ${q(key)} 重复出现${firstLine ? `（第 ${firstLine} 行已有）` : ''}，后写的会覆盖先写的，请删除其中一个`,
  yamlWarning: (detail: string) => `YAML 提示：${detail}`,

  // ── shape: one field ─────────────────────────────────────────────────────────────────────────
  missing: (key: string) => `缺少必填项 ${q(key)}`,
  empty: (expected: string) => `此项为空，应为${expected}`,
  wrongType: (expected: string, actual: string) => `应为${expected}，实际为${actual}`,
  typeName: {
    string: '文字',
    number: '数字',
    int: '整数',
    array: '列表（每项以“- ”开头，或写成 [a, b]）',
    object: '映射（“字段: 值”，或写成 { 字段: 值 }）',
    boolean: 'true 或 false',
  } as Readonly<Record<string, string>>,
  valueName: {
    string: (v: string) => `文字 ${q(v)}`,
    number: (v: number) => `数字 ${v}`,
    boolean: (v: boolean) => `${v}`,
    array: '列表',
    object: '映射',
  },
  unknownKey: (key: string, suggestion: string | undefined, allowed: readonly string[]) =>
    `未知的字段 ${q(key)}${didYouMean(suggestion)}${allowed.length ? `（此处可用的字段：${joined(allowed)}）` : ''}`,
  badRole: (value: unknown, roles: readonly { id: string; name: string }[]) =>
    `未知的角色 ${q(value)}（应为以下之一：${roles.map((r) => `${r.id}（${r.name}）`).join('、')}）`,
  badClass: (value: unknown) => `未知的企业分级 ${q(value)}（应为 A、B 或 C：A 类每月检查，B 类每季度，C 类每半年）`,
  badWallClock: (value: unknown) => `不是有效的时刻 ${q(value)}（应形如 09:00，24 小时制）`,
  badEmail: (value: unknown) => `不是有效的电子邮箱地址 ${q(value)}（应形如 zhang@example.com）`,
  badDate: (value: unknown) => `不是有效的日期 ${q(value)}（格式为 YYYY-MM-DD，如 2027-02-05）`,
  badTime: (value: unknown) => `不是有效的时间 ${q(value)}（24 小时制 HH:MM，如 09:00）`,
  withActual: (message: string, value: unknown) => `${message}，实际为 ${q(value)}`,
  textEmpty: '不能为空',
  textTooLong: (max: number) => `过长（最多 ${max} 个字符）`,
  numberMin: (min: number, value: unknown) => `应不小于 ${min}，实际为 ${q(value)}`,
  numberMax: (max: number, value: unknown) => `应不大于 ${max}，实际为 ${q(value)}`,
  listTooShort: (min: number) => `至少需要 ${min} 项`,

  // ── cross-references ─────────────────────────────────────────────────────────────────────────
  duplicateId: (id: string, firstPath: string, firstLine: number | undefined) =>
    `编号 ${q(id)} 重复：${firstPath}${firstLine ? `（第 ${firstLine} 行）` : ''}已使用此编号，编号须唯一`,
  unknownSector: (value: string, suggestion: string | undefined, known: readonly string[]) =>
    `未知的行业领域 ${q(value)}${didYouMean(suggestion)}${knownList('行业领域', known)}`,
  unknownVillage: (value: string, suggestion: string | undefined, known: readonly string[]) =>
    `未知的村（社区） ${q(value)}${didYouMean(suggestion)}${knownList('村（社区）', known)}`,
  unknownPerson: (value: string, suggestion: string | undefined, roles: string, candidates: readonly string[]) =>
    `未知的人员 ${q(value)}：people 中没有此编号${didYouMean(suggestion)}${
      candidates.length > 0 && candidates.length <= LIST_MAX ? `（已登记的${roles}：${joined(candidates)}）` : ''
    }`,
  missingRole: (roleName: string, role: string, why: string) =>
    `没有登记${roleName}（role: ${role}），至少须有一人：${why}`,
  missingRoleWhy: {
    party_secretary: '超期未整改的第二级督办发给镇长和党委书记（党政同责）',
    town_head: '超期未整改的第二级督办发给镇长和党委书记（党政同责）',
    office_head: '安委会会议、统计报表等办公室任务由安办主任承担',
  } as Readonly<Record<string, string>>,
  roleRefused: (id: string, roleName: string, what: string, expected: string) =>
    `${q(id)} 是${roleName}，不能担任${what}：超期督办会发给${what}，应为${expected}`,
  roleUnusual: (id: string, roleName: string, what: string, expected: string) =>
    `${q(id)} 的角色是${roleName}，不是${expected}，请确认由其担任${what}`,
  samePerson: (id: string, worker: string, leader: string) =>
    `${q(id)} 同时是${worker}和${leader}：超期督办会发给本人，请另指定${leader}`,
  idleInspector: (id: string) => `安监员 ${q(id)} 未负责任何行业领域（sectors 中没有 inspector: ${id}），不会收到检查任务`,
  idleSupervisor: (id: string) =>
    `村级安全监督员 ${q(id)} 未负责任何村（villages 中没有 supervisor: ${id}），不会收到月报任务`,
  duplicateName: (name: string, firstPath: string) => `名称 ${q(name)} 与 ${firstPath} 相同，请确认不是重复登记`,
  sharedEmail: (email: string, firstPath: string) => `电子邮箱 ${q(email)} 与 ${firstPath} 相同，通知会发到同一个邮箱，请确认`,

  // ── calendar ─────────────────────────────────────────────────────────────────────────────────
  dateInBoth: (date: string, holidayPath: string) =>
    `日期 ${date} 同时列在 holidays（放假）和 workdays（调休上班）中（另见 ${holidayPath}），只能保留一处`,
  holidayOnWeekend: (date: string, weekday: string) => `${date} 是${weekday}，本来就不上班，无需列入 holidays，请核对日期`,
  workdayOnWeekday: (date: string, weekday: string) =>
    `${date} 是${weekday}：调休上班日通常是周六或周日，请核对日期（若是要把法定假日改为上班，可忽略此提示）`,

  // ── loading a profile (client/profile-loader.ts) ──────────────────────────────────────────────
  notLoaded: (file: string, count: number) => `档案 ${file} 有 ${count} 处问题，未导入任何内容：`,
  /** What a person who leaves still is for an open hazard. */
  handoverRole: { inspector: '安监员', leader: '分管领导', reporter: '上报人', submitter: '整改提交人' },
  handoverHazard: (id: string, enterprise: string, status: string, due: string, roles: readonly string[]) =>
    `隐患 ${id}（${enterprise}，${status}，期限 ${due}；${joined(roles)}）`,
  handoverPerson: (name: string, id: string, items: readonly string[]) => `${name}（${id}）离任，名下未办结事项：${items.join('；')}`,
  enterpriseRemoved: (name: string, id: string, open: readonly string[]) =>
    `企业 ${name}（${id}）已从档案移除，仍有未销号隐患：${joined(open)}（继续跟踪至销号）`,
  /** `人员新增 21；行业领域新增 14`: what a load changed, per kind of entry. */
  summary: {
    kind: { people: '人员', sectors: '行业领域', villages: '村（社区）', enterprises: '企业' },
    added: (n: number) => `新增 ${n}`,
    updated: (n: number) => `修改 ${n}`,
    deactivated: (n: number) => `停用 ${n}`,
    part: (kind: string, changes: readonly string[]) => `${kind}${joined(changes)}`,
    join: (parts: readonly string[]) => parts.join('；'),
    unchanged: '内容无变化',
  },
} as const;
