// zh-CN wording of the command line `anwei`: the help of every command and option, commander's usage
// errors in the office's language, and what each command prints when it is done or refused.
// (The ledgers' tables and stories are in ledger.ts; a hazard's or task's refusals in hazard.ts, task.ts.)

import { statusText } from './status.ts';

/** What --deadline and --due accept (client/deadline-spec.ts). */
const DEADLINE_FORMS =
  'N个工作日（如 5个工作日、五个工作日、5wd）、N天（如 10天、十日、10d：日历日，逢休息日顺延）' +
  '或日期（如 3月20日、2027年3月20日、2027-03-20：不写年份为今年，今年已过则为明年）；N 用阿拉伯数字，或中文一至三十';

export const cliText = {
  program: {
    description: '乡镇安委会办公室：安全生产工作日历与隐患整改提醒、督办',
    help: '显示帮助',
    helpCommand: '显示某个命令的帮助',
    json: '输出 JSON',
    wide: '每格完整显示，不按终端宽度缩短（默认只缩短隐患描述或任务名称，企业、村、行业领域的名称始终完整）',
  },

  /** Commander's own usage errors, and how every error is printed. */
  usage: {
    error: (message: string) => `错误：${message}`,
    withHelp: (message: string, command: string) => `错误：${message}（用 ${command} --help 查看用法）`,
    missingSubcommand: '错误：缺少子命令（见上面的用法）',
    didYouMean: (suggestion: string) => `，是否应为 ${suggestion}？`,
    unknownCommand: (name: string, hint: string) => `未知的命令 “${name}”${hint}`,
    unknownOption: (name: string, hint: string) => `未知的选项 “${name}”${hint}`,
    missingArgument: (name: string) => `缺少参数 <${name}>`,
    missingOption: (flags: string) => `缺少必填选项 ${flags}`,
    optionMissingValue: (flags: string) => `选项 ${flags} 缺少取值`,
    badChoice: (option: string, value: string, choices: readonly string[]) => `选项 ${option} 的取值 “${value}” 无效，可选：${choices.join('、')}`,
    badValue: (detail: string) => `取值无效：${detail}`,
    tooManyArguments: '参数过多',
  },

  cannotRead: (what: string, file: string) => `无法读取${what} ${file}（文件不存在或无权读取）`,
  profileFile: '档案文件',

  start: {
    description: '启动引擎：Temporal 开发服务器、数据库、工作进程、办理链接网页（npm start 即运行此命令）',
    settings: [
      '',
      '环境变量（都可不设）：',
      '  ANWEI_DATA_DIR          数据目录（默认 .data/）：开发服务器数据、SQLite 数据库、发件箱',
      '  DATABASE_URL            数据库（默认 <数据目录>/anwei.db）；postgresql://… 使用 PostgreSQL',
      '  TEMPORAL_ADDRESS        连接已有的 Temporal（不再启动自带的开发服务器）',
      '  TEMPORAL_NAMESPACE      Temporal 命名空间（默认 default）',
      '  ANWEI_TEMPORAL_PORT     自带开发服务器的端口（默认 7233）；在另一个终端运行 anwei hazard … 时也要设成同一个值',
      '  ANWEI_TEMPORAL_UI_PORT  开发服务器网页界面的端口（默认为上一项加 1000）',
      '  ANWEI_PROFILE           启动时载入的档案（文件有变化才载入；默认新数据库载入 examples/demo-town.yaml）',
      '  SMTP_URL                真实发送邮件，如 smtps://用户:密码@smtp.example.com:465（默认写入发件箱文件夹的 .eml 文件）',
      '  ANWEI_MAIL_FROM         发件人地址',
      '  ANWEI_TASK_QUEUE        任务队列名（默认 anwei）',
      '  ANWEI_WEB_PORT          办理链接网页的端口（默认 8080；0 为任一空闲端口）',
      '  ANWEI_WEB_HOST          网页监听的地址（默认 127.0.0.1，仅本机；0.0.0.0 为所有网卡）',
      '  ANWEI_PUBLIC_URL        邮件中链接的开头，即手机能访问到的地址（默认 http://127.0.0.1:<端口>）',
      '  ANWEI_WEB_TRUST_PROXY   经反向代理访问时，可信的代理地址（或 true）',
      '  ANWEI_SECRET            签名链接的密钥（至少 32 个字符；默认首次启动时在数据目录生成 secret 文件）',
      '  ANWEI_EVIDENCE_DIR      佐证材料的存放目录（默认 <数据目录>/evidence；多台网页服务器时设为共享目录）',
      '  TEMPORAL_TLS_CERT/_KEY  连接集群用的客户端证书和私钥文件（mTLS）；TEMPORAL_TLS_CA 服务器 CA 文件',
      '  TEMPORAL_API_KEY        托管命名空间的 API 密钥（不会打印）',
      '同一台机器同时运行两个引擎时，给第二个设不同的 ANWEI_DATA_DIR 和 ANWEI_TEMPORAL_PORT。',
    ].join('\n'),
  },

  worker: {
    description: '再启动一个工作进程，加入已在 Temporal 集群和共享数据库上运行的镇（同一任务队列；不启动开发服务器，不载入档案）',
    settings: [
      '',
      '必须设置（与其他工作进程相同）：',
      '  TEMPORAL_ADDRESS        Temporal 集群的地址（TEMPORAL_NAMESPACE、TEMPORAL_TLS_CERT/_KEY/_CA、TEMPORAL_API_KEY 按需）',
      '  DATABASE_URL            共享的数据库，postgresql://…',
      '  ANWEI_SECRET            签名链接的密钥（或本机数据目录里 anwei start 生成的 secret 文件）',
      '可选：',
      '  ANWEI_WEB_PORT          同时提供办理链接网页（不设则不提供）；ANWEI_WEB_HOST、ANWEI_WEB_TRUST_PROXY 同 anwei start',
      '  ANWEI_PUBLIC_URL        邮件中链接的开头（各进程相同，即反向代理的地址）',
      '  ANWEI_EVIDENCE_DIR      佐证材料目录：每台网页服务器都挂载的共享目录',
      '  ANWEI_TASK_QUEUE、SMTP_URL、ANWEI_MAIL_FROM、ANWEI_DATA_DIR 同 anwei start',
      '巡检和群机器人发送同一时间只在一个进程上运行（数据库里的租约），该进程停止或失联约 30 秒后由其他进程接手。',
      '详见 docs/deploy.md。',
    ].join('\n'),
  },

  simulate: {
    description: '用时间跳跃服务器预演一段时间：真实的工作流和邮件，临时数据库，不发出任何邮件',
    json: '输出 JSON（通知及载送它的邮件、群机器人消息、隐患、任务、专项行动、警告）',
    ref: '只看关于这项隐患、任务或专项行动的（编号）',
    kind: '只看这一种通知（如 hazard.reminder；写 hazard 即全部隐患通知）',
    to: '只看发给这个人的（邮箱，或邮箱 @ 之前的部分）',
  },

  profile: {
    description: '乡镇档案（人员、行业领域、村、企业）',
    check: '检查档案文件，列出全部问题，不写入任何内容',
    load: '载入（或重新载入）档案：整体校验，全部通过才写入；离任人员停用而不删除',
    checked: (file: string, town: string, counts: { people: number; sectors: number; villages: number; enterprises: number }) =>
      `档案 ${file} 检查通过：${town}，${counts.people} 人，${counts.sectors} 个行业领域，${counts.villages} 个村（社区），${counts.enterprises} 家企业。`,
    warning: (text: string) => `  注意：${text}`,
    handover: (text: string) => `  交接：${text}`,
    unchanged: (file: string, version: number) => `档案 ${file} 与当前第 ${version} 版内容相同，无需重新载入。`,
    loaded: (file: string, town: string, version: number, summary: string) => `已载入档案 ${file}：${town}，第 ${version} 版（${summary}）。`,
    told: (count: number) => `  已通知 ${count} 项运行中的隐患、任务和工作规则按新档案执行。`,
    notTold: (count: number, first: ReadonlyArray<{ workflowId: string; reason: string }>) =>
      [
        `  警告：${count} 项运行中的工作流没有收到新档案的通知（已结束的不计），下一步仍按旧档案执行，引擎下次启动（npm start）时会再通知一次。${count > first.length ? `前 ${first.length} 项：` : '它们是：'}`,
        ...first.map((f) => `    ${f.workflowId}：${f.reason}`),
      ].join('\n'),
    dutiesStarted: (ids: readonly string[]) => `  已启动工作规则：${ids.join('、')}。`,
    engineNotRunning: '  引擎未运行：下次 npm start 时，未销号隐患、任务和工作日历会按新档案执行。',
  },

  /** The four ways to give a deadline (the options of report, verify and extend, campaign's --due), and their mistakes. */
  deadline: {
    help: `期限：${DEADLINE_FORMS}`,
    workdays: (what: string) => `${what}：N 个工作日（上报日不计）`,
    days: (what: string) => `${what}：N 个日历日，逢休息日顺延`,
    date: (what: string) => `${what}：指定日期`,
    /** What the number of --workdays or --days counts. */
    unit: { '--workdays': '工作日数', '--days': '日历日数，逢休息日顺延' } as Record<string, string | undefined>,
    missing: `缺少整改期限：请用 --workdays N、--days N、--date YYYY-MM-DD 或 --deadline 之一（--deadline 可写 ${DEADLINE_FORMS}）`,
    tooMany: (flags: readonly string[]) => `期限只能给一个，收到了 ${flags.join('、')}`,
    notACount: (flag: string, value: string, unit: string) => `${flag} ${value}: 应为正整数（${unit}），如 ${flag} 5`,
    dateOnly: (value: string) => `--date ${value}: 应为日期，如 2027-03-20 或 3月20日`,
    /** A phrase that could not be read: what was typed, why, and what may be typed. */
    refused: (flag: string, value: string, why: string) => `${flag} ${value}: ${why}（可写 ${DEADLINE_FORMS}）`,
    unrecognized: '无法识别的期限',
    zero: '期限至少为 1 个工作日或 1 天',
    chineseTooLarge: '中文数字只能写一至三十，更大的数请用阿拉伯数字（如 45天）',
    noSuchMonth: (month: number) => `不是有效的日期：没有 ${month} 月`,
    noSuchDay: (year: number, month: number, day: number) => `不是有效的日期：${year} 年 ${month} 月没有 ${day} 日`,
    /** How a phrase was read, in the echo below. */
    reading: {
      workdays: (n: number) => `${n} 个工作日`,
      days: (n: number) => `${n} 日（日历日，逢休息日顺延）`,
      monthDay: (date: string, month: number, day: number, passed: boolean) =>
        passed ? `${date}（今年的 ${month}月${day}日 已过，为明年）` : `${date}（今年）`,
    },
    /** Printed under a command's reply, beside the due date computed from it. */
    echo: (typed: string, reading: string) => `  所填期限：${typed}，即 ${reading}`,
  },

  /** --request-id: sending a request again whose answer never came (client/act.ts). */
  requestId: '请求编号：仅在上一次命令未能确认是否已受理时，照提示用同一编号重试（引擎不会重复办理）',
  hazard: {
    description: '隐患：上报、查询、签收督办、提交整改、复查、延期',
    report: {
      description: '上报隐患，开始限期整改',
      id: '隐患编号（不填则自动编号，如 YH-2027-0001）',
      enterprise: '存在隐患的企业',
      level: '一般隐患 general 或重大事故隐患 major',
      text: '隐患描述',
      location: '隐患部位',
      by: '上报人（通常是安监员）',
      plan: '重大事故隐患的整改方案（YAML：目标任务、方法措施、经费物资、机构人员、时限要求、安全措施和应急预案）',
      campaign: '所属专项行动',
      deadline: '整改期限',
      planFile: '整改方案文件',
      badPlan: (file: string, reason: string) => `${file}: 不是有效的 YAML（${reason}）`,
      done: '已上报',
    },
    list: {
      description: '隐患台账；--overdue 只看逾期未整改的，并显示逾期多久',
      overdue: '只列逾期未提交整改的隐患',
      status: statusText.choices(statusText.hazard),
      enterprise: '只看某家企业',
      sector: '只看某个行业领域',
      campaign: '只看某项专项行动中发现的隐患，如 SM2030',
      from: '只看这天起发现的隐患（发现时间，含当天）',
      to: '只看这天前发现的隐患（发现时间，含当天）',
    },
    export: {
      description: '导出隐患台账（Excel .xlsx，县级隐患台账的栏目）；筛选条件同 hazard list',
      out: '写入的文件，如 隐患台账.xlsx（所在文件夹须已存在）',
      force: '文件已存在时覆盖它（不加则不覆盖，提示后退出）',
      written: (file: string, count: number, kilobytes: number) => `已导出 ${file}：${count} 项隐患（${kilobytes} KB）。`,
    },
    show: {
      description: '一项隐患的全部情况：期限及其计算、办理经过、发出的通知',
      notFound: (id: string) => `未找到隐患 ${id}（anwei hazard list 可查看全部隐患）`,
    },
    ack: {
      description: '签收督办（收到督办通知的领导）：停止继续升级，5 个工作日后仍未整改则继续督办',
      by: '签收人',
      note: '签收意见',
      done: '已签收',
    },
    submit: {
      description: '提交整改（附佐证材料），等待现场复查',
      evidence: '整改佐证材料（说明、照片或文件的位置）',
      by: '代为提交的人员（不填则为企业主要负责人提交）',
      done: '已提交整改',
    },
    verify: {
      description: '现场复查：合格则销号，不合格须给出新的整改期限',
      by: '复查人（不能是整改提交人）',
      result: 'pass 合格 / fail 不合格',
      note: '复查意见',
      deadline: '不合格时的新期限',
      done: '已登记复查结果',
    },
    extend: {
      description: '申请延期（须在整改期限届满前，说明理由），由行业领域分管领导审批',
      reason: '延期理由',
      by: '代为申请的人员（不填则为企业主要负责人申请）',
      deadline: '申请的新期限（N个工作日/N天从原期限次日起算）',
      done: '已提交延期申请',
    },
    decide: {
      description: '审批延期申请（行业领域分管领导）',
      by: '审批人',
      approve: '批准',
      deny: '不批准',
      note: '审批意见',
      approveOrDeny: '请给出 --approve（批准）或 --deny（不批准）之一',
      done: '已审批',
    },
    /** `已签收。隐患 H1：…`: what was done, then the hazard as it now stands. */
    doneWith: (done: string, view: string) => `${done}。${view}`,
  },

  task: {
    description: '工作任务（安委会会议、大检查、企业检查、节前检查、报告）：登记完成、查询',
    complete: {
      description: '登记任务完成（附完成佐证），停止提醒和督办；截止日期之后登记的记为逾期完成。任务编号写开头几位即可（只对应一项任务时），或用 --duty 加 --enterprise、--village、--sector 之一指明',
      by: '登记人（完成任务的人，或代为登记的人员）',
      evidence: '完成佐证（会议纪要、检查记录、报告的说明或存放位置）',
      note: '补充说明',
      duty: '不写任务编号时：任务所属的工作事项或专项行动，如 enterprise-inspection、SM2027（与下面之一同用）',
      enterprise: '不写任务编号时：任务针对的企业',
      village: '不写任务编号时：任务针对的村（社区）',
      sector: '不写任务编号时：任务针对的行业领域',
      done: (view: string) => `已登记完成。${view}`,
    },
    list: {
      description: '任务台账；--overdue 只看逾期未完成的，并显示逾期多久',
      overdue: '只列逾期未完成的任务',
      status: statusText.choices(statusText.task),
      assignee: '只看某人负责的任务',
      duty: '只看某项工作事项或专项行动的任务，如 village-report、SM2027',
      village: '只看某村（社区）的任务：针对该村和该村企业的任务',
      overdueAndStatus: (status: string) => `--overdue 与 --status ${status} 不能同时使用`,
    },
    export: {
      description: '导出工作任务台账（Excel .xlsx：承办人、期限、状态、完成情况、佐证材料）；筛选条件同 task list',
      out: '写入的文件，如 工作任务台账.xlsx（所在文件夹须已存在）',
      force: '文件已存在时覆盖它（不加则不覆盖，提示后退出）',
      written: (file: string, count: number, kilobytes: number) => `已导出 ${file}：${count} 项任务（${kilobytes} KB）。`,
    },
    show: {
      description: '一项任务的全部情况：期限及其计算、办理经过、发出的通知（任务编号写开头几位即可）',
      notFound: (id: string) => `未找到任务 ${id}（anwei task list 可查看全部任务）`,
    },
  },

  duties: {
    description: '工作日历（默认的安委会会议、大检查、企业检查、节前检查、月报、统计报表，及档案中 duties 的改动）',
    preview: {
      description: '列出工作日历将要创建的每项任务：编号、承办人、开始日和截止日及其计算过程（上线前核对一年的安排）',
      days: '预览多少天',
      from: '从哪天开始（默认今天）',
      profile: '预览一个档案文件（不载入数据库；默认读取已载入的档案）',
      duty: '只看一项工作，如 committee-meeting',
    },
    list: '每项工作的运行状态：是否暂停、下次创建任务的日期',
    pause: '暂停一项工作：不再创建新任务（已创建的任务照常提醒、督办）',
    resume: '恢复一项工作：补建今天仍在办理期内的任务，之后按日历创建',
    trigger: '立即补建一项工作今天仍在办理期内、尚未创建的任务',
  },

  campaign: {
    description: '专项行动（节前检查、安全生产月、百日攻坚、专项整治）：每家目标企业一项检查任务',
    start: {
      description: '启动专项行动：按范围为每家企业生成检查任务；启动通知发给分管安全的领导、镇长和党委书记，检查任务通知发给有任务的每位安监员，列出其负责的企业（每人一封邮件）',
      template: (templates: Readonly<Record<string, string>>) => Object.entries(templates).map(([id, name]) => `${id} ${name}`).join('、'),
      by: '发起人',
      id: '专项行动编号（默认按模板和年份，如 SM2027）；任务编号为 <编号>:<企业编号>',
      title: '标题（默认按模板，如 2027年安全生产月企业大检查）',
      sectors: '只含这些行业领域',
      classes: '只含这些分级',
      villages: '只含这些村（社区）',
      enterprises: '只含这些企业',
      due: `截止：${DEADLINE_FORMS}；从启动日起算（默认按模板）`,
      noWait: '不等待全部任务创建完成',
      started: (s: { id: string; title: string; expected: number; opensOn: string; due: string; dueTrace: string }) =>
        `已启动专项行动 ${s.id}：${s.title}，${s.expected} 家企业，${s.opensOn} 至 ${s.due}（${s.dueTrace}）。`,
      allCreated: (id: string, count: number) => `检查任务已全部创建（${count} 项）；anwei campaign status ${id} 查看进展。`,
      stillCreating: (id: string) => `检查任务仍在创建中；anwei campaign status ${id} 查看进展。`,
      warning: (text: string) => `注意：${text}`,
      toldLeaders: (names: readonly string[]) => `启动通知发给：${names.join('、')}`,
      toldInspectors: (inspectors: ReadonlyArray<{ name: string; enterprises: number }>) =>
        `检查任务通知发给（每人一封，列出其负责的企业）：${inspectors.map((i) => `${i.name}（${i.enterprises} 家企业）`).join('、')}`,
      inspectorsLater: '检查任务通知在任务创建后发给有任务的每位安监员（每人一封，列出其负责的企业）。',
      progress: (bar: string) => `创建检查任务 ${bar}`,
    },
    status: {
      description: `进展：${statusText.task.done}、${statusText.task.open}、${statusText.task.overdue}、发现隐患、${statusText.hazard.closed}，按行业领域和按安监员`,
      heading: (id: string, title: string, template: string, status: string) => `${id} ${title}（${template}，${status}）`,
      span: (opensOn: string, due: string, closedAt: string | undefined) => `  ${opensOn} 至 ${due}${closedAt ? `，${closedAt} 结束` : ''}`,
      section: (title: string) => `${title}：`,
      row: (name: string, progress: string) => `  ${name}：${progress}`,
    },
    close: {
      description: '结束专项行动：未完成的检查任务取消，向分管安全的领导、镇长、党委书记发送结束通知和台账',
      by: '结束人',
      note: '说明',
      closed: (id: string, counts: string) => `专项行动 ${id} 已结束。${counts}`,
    },
    list: {
      description: '全部专项行动及其进展',
      none: '还没有专项行动（anwei campaign start 启动）。',
      row: (r: { id: string; status: string; title: string; due: string; done: number; tasks: number; overdue: number; hazards: number }) =>
        `${r.id}\t${r.status}\t${r.title}\t截止 ${r.due}\t${statusText.task.done} ${r.done}/${r.tasks}，${statusText.task.overdue} ${r.overdue}，隐患 ${r.hazards}`,
    },
    export: {
      description: '导出台账（Excel .xlsx）：检查任务（状态、完成时间、佐证）和隐患（等级、期限、状态）',
      out: '写入的文件，如 SM2027-台账.xlsx（所在文件夹须已存在）',
      force: '文件已存在时覆盖它（不加则不覆盖，提示后退出）',
      written: (file: string, kilobytes: number) => `已导出 ${file}（${kilobytes} KB）。`,
    },
  },
};
