// zh-CN wording of `anwei simulate`: what is wrong with a scenario file (every problem with its line), an
// action the engine refused, and the timeline a simulation prints.

const fieldsHere = (fields: readonly string[]) => (fields.length ? `（此处可用的字段：${fields.join('、')}）` : '');

export const scenarioText = {
  instant: '应为带时区的时间，如 2027-03-01T08:00:00+08:00',
  profilePath: '应为档案文件路径（相对于本文件）',
  actionList: '应为动作列表',
  actionName: '应为动作名，如 hazard.report',
  yamlSyntax: (detail: string) => `YAML 语法错误：${detail}`,
  notAScenario: '场景文件应包含 profile、start、until 和 actions',
  unknownField: (key: string, fields: readonly string[]) => `未知的字段 “${key}”${fieldsHere(fields)}`,
  badInstant: (value: string) => `不是有效的时间：${value}（应为 ISO 8601，如 2027-03-01T08:00:00+08:00）`,
  startPassed: (start: string, now: string) => `开始时间 ${start} 已经过去（现在是 ${now}）：模拟只能从现在或将来开始`,
  untilBeforeStart: '结束时间应晚于开始时间',
  actionOutside: (at: string, start: string, until: string) => `动作时间 ${at} 不在模拟区间（${start} 至 ${until}）内`,
  actionNotSupported: (name: string) => `动作 ${name} 尚未支持（本版本支持隐患动作和 duty.complete）`,
  unknownAction: (name: string, known: readonly string[]) => `未知的动作 “${name}”（可用：${known.join('、')}）`,
  unknownPerson: (id: string) => `未知的人员 “${id}”（见档案 people）`,
  taskCompletedBefore: (task: string) => `任务 ${task} 已在前面登记完成`,
  campaignNotStarted: (id: string) => `专项行动 ${id} 未在此动作之前启动`,
  campaignStartedBefore: (id: string) => `专项行动 ${id} 已在前面启动过`,
  unknownScopeId: (field: string, id: string) => `scope.${field}: 未知的编号 “${id}”（见档案 ${field}）`,
  unknownEnterprise: (id: string) => `未知的企业 “${id}”（见档案 enterprises）`,
  hazardReportedBefore: (id: string) => `隐患 ${id} 已在前面上报过`,
  hazardNotReported: (id: string) => `隐患 ${id} 未在此动作之前上报`,

  cannotRead: (file: string) => `无法读取场景文件 ${file}（文件不存在或无权读取）`,
  cannotReadProfile: (file: string, profile: string) => `${file} profile: 无法读取档案文件 ${profile}`,
  problems: (file: string, count: number) => `场景 ${file} 有 ${count} 处问题：`,
  running: (town: string, start: string, until: string, actions: number) => `模拟：${town}，${start} 至 ${until}，${actions} 个动作`,
  actionRefused: (where: string, index: number, name: string, at: string) => `场景 ${where} 第 ${index + 1} 个动作（${name}，${at}）被拒绝：`,

  /** The timeline `anwei simulate` prints (without --json). */
  timeline: {
    emails: '邮件时间线（每行一封邮件，其下是它载送的通知）：',
    hazards: '隐患：',
    tasks: '任务：',
    warnings: '注意：',
    none: '  （无）',
    hazard: (id: string, status: string, due: string) => `  ${id}  ${status}  期限 ${due}`,
    task: (id: string, status: string, due: string, assignee: string) => `  ${id}  ${status}  截止 ${due}  负责人 ${assignee}`,
    posts: '群机器人消息：',
    total: (notices: number, emails: number, hazards: number, tasks: number, posts: number) =>
      `共 ${notices} 条通知，${emails} 封邮件，${hazards} 项隐患${tasks ? `，${tasks} 项任务` : ''}${posts ? `，${posts} 条群机器人消息` : ''}。`,
  },
};
