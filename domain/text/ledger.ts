// zh-CN wording of the ledgers as the CLI prints them: the hazard and task lists, one item's story (its
// deadline, what was done, the notices sent), an update's result, the duty calendar's status lines, and
// the filters of a list. (Status, level, event and notice names are in hazard.ts and task.ts.)

const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');
/** A text of several lines (what a person wrote, a 附件 line) continues under its entry, not at the margin. */
const indented = (text: string) => text.replace(/\r?\n/g, '\n' + ' '.repeat(19));

/** A file's size as people read it: 812 B, 35.2 KB, 4.1 MB. */
export const fileSize = (bytes: number): string =>
  bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A GPS place as people read it: 北纬30.25000° 东经120.16667°. */
export const place = (latitude: number, longitude: number): string =>
  `${latitude >= 0 ? '北纬' : '南纬'}${Math.abs(latitude).toFixed(5)}° ${longitude >= 0 ? '东经' : '西经'}${Math.abs(longitude).toFixed(5)}°`;

export const ledgerText = {
  /** '' below level 1. */
  escalationName: (level: number) => (level === 0 ? '' : level === 1 ? '一级' : '二级'),
  /** '' when not late. */
  overdue: (days: number, workdays: number) => (days > 0 ? `逾期${days}天（${workdays}个工作日）` : ''),
  none: '  （无）',
  story: '办理经过：',
  notices: '通知：',
  files: '佐证材料：',
  /** One evidence file: name, size, the start of its SHA-256, who gave it and when, a photo's own time and place. */
  file: (f: { name: string; size: number; sha256: string; uploadedByName: string; uploadedAt: string; takenAt: string | null; latitude: number | null; longitude: number | null }) =>
    `  ${f.name}  ${fileSize(f.size)}  sha256:${f.sha256.slice(0, 12)}  ${f.uploadedByName}  ${minute(f.uploadedAt)}${f.takenAt ? `  拍摄：${f.takenAt.slice(0, 16)}` : ''}${
      f.latitude !== null && f.longitude !== null ? `  位置：${place(f.latitude, f.longitude)}` : ''
    }`,
  event: (at: string, name: string, who: string | null | undefined, evidence: string | null | undefined, note?: { kind: 'opinion' | 'reason'; text: string } | null) =>
    `  ${minute(at)}  ${name}${who ? `  ${who}` : ''}${evidence ? `  佐证：${indented(evidence)}` : ''}${note ? `  ${note.kind === 'reason' ? '理由' : '意见'}：${indented(note.text)}` : ''}`,
  /** A person as the ledger names them: 钱伟（安监员）. */
  actor: (name: string, role: string) => (name === role ? name : `${name}（${role}）`),
  principal: '企业主要负责人',
  notice: (at: string, name: string, to: readonly string[], status: string, error: string | undefined) => {
    const state = status === 'sent' ? '' : status === 'failed' ? `  发送失败：${error ?? ''}` : '  待发送（邮件服务器恢复后自动补发）';
    return `  ${minute(at)}  ${name} → ${to.join(', ')}${state}`;
  },
  dueTrace: (trace: string) => `  期限计算：${trace}`,
  next: (name: string, at: string) => `  下一条通知：${name}，${at}`,
  nextAt: (at: string) => `  下一条通知：${minute(at)}`,
  escalated: (level: string) => `  督办：${level}`,

  hazard: {
    empty: '（没有符合条件的隐患）',
    headers: ['编号', '企业', '隐患', '等级', '状态', '期限', '逾期', '督办'],
    view: (id: string, status: string, level: string) => `隐患 ${id}：${status}（${level}）`,
    due: (due: string) => `  整改期限：${due}`,
    pendingExtension: (due: string, trace: string) => `  延期申请：至 ${due}（待审批；${trace}）`,
    title: (id: string, description: string) => `隐患 ${id}：${description}`,
    facts: (enterprise: { id: string; name: string }, level: string, status: string, round: number) =>
      `  企业：${enterprise.name}（${enterprise.id}）  等级：${level}  状态：${status}${round > 1 ? `（第 ${round} 轮整改）` : ''}`,
    reported: (at: string, by: string, location: string | null | undefined) => `  上报：${minute(at)}，${by}${location ? `  部位：${location}` : ''}`,
    plan: '  整改方案：',
    planPart: (part: string, text: string) => `    ${part}：${text}`,
    /** The county 隐患台账 as an Excel file (`hazard export`, the office's 导出Excel): its sheet, file name and columns. */
    sheet: '隐患台账',
    exportFile: (date: string) => `隐患台账-${date}.xlsx`,
    exportColumns: ['编号', '企业', '行业领域', '村', '隐患描述', '等级', '发现时间', '发现人', '整改期限', '整改情况', '复查人', '复查时间', '状态', '逾期天数', '佐证材料'],
  },

  task: {
    empty: '（没有符合条件的任务）',
    headers: ['编号', '任务', '负责人', '状态', '截止', '逾期', '督办'],
    status: (name: string, lateDone: boolean) => `${name}${lateDone ? '（逾期完成）' : ''}`,
    view: (id: string, title: string, status: string) => `任务 ${id}：${title}，${status}`,
    due: (due: string) => `  截止日期：${due}`,
    completed: (at: string, by: string | undefined) => `  完成：${at}，${by ?? ''}`,
    title: (id: string, title: string) => `任务 ${id}：${title}`,
    duty: (duty: { id: string; name: string }, period: string, scope: string | undefined) =>
      `  工作事项：${duty.name}（${duty.id}）  期间：${period}${scope ? `  对象：${scope}` : ''}`,
    assignee: (assignee: { id: string; name: string }, status: string) => `  负责人：${assignee.name}（${assignee.id}）  状态：${status}`,
    opensOn: (date: string) => `  开始日期：${date}`,
    proof: (proof: string) => `  完成要求：${proof}`,
    meeting: (date: string, time: string, location: string | undefined) => `  会议：${date} ${time}${location ? `，${location}` : ''}`,
    completedWith: (at: string, by: string | null | undefined, evidence: string | null | undefined) => `  完成：${minute(at)}，${by ?? ''}  佐证：${indented(evidence ?? '')}`,
    /** The task ledger as an Excel file (`task export`, the office's 工作任务 导出Excel): its sheet, file name, columns and 范围 cell. */
    sheet: '工作任务台账',
    exportFile: (date: string) => `工作任务台账-${date}.xlsx`,
    exportColumns: ['任务编号', '工作事项', '期间', '范围', '承办人', '开始日期', '截止日期', '状态', '完成时间', '完成人', '完成情况', '逾期', '佐证材料'],
    scope: { sector: (name: string) => `行业领域：${name}`, village: (name: string) => `村（社区）：${name}`, enterprise: (name: string) => `企业：${name}`, office: '安委办' },
  },

  duty: {
    done: {
      pause: '已暂停：到期的新任务不再创建（已创建的任务照常提醒、督办）；anwei duties resume 恢复。',
      resume: '已恢复：今天仍在办理期内的任务立即补建，之后按日历创建。',
      trigger: '已补建：今天仍在办理期内、尚未创建的任务都已创建。',
    },
    unknown: (id: string, ids: readonly string[]) => `未知或已停用的工作 “${id}”（当前的工作：${ids.join('、') || '无，请先载入档案'}）`,
    state: (id: string, name: string | undefined, paused: boolean) => `${id}${name ? `（${name}）` : ''}：${paused ? '已暂停' : '运行中'}`,
    next: (opensOn: string, count: number, startOn: string) =>
      `下次 ${opensOn} 开始 ${count} 项任务${startOn !== opensOn ? `（${startOn} 发出会议通知）` : ''}`,
    last: (at: string, started: number) => `上次于 ${minute(at)} 创建 ${started} 项`,
    join: (parts: readonly string[]) => parts.join('；'),
    notRunning: (id: string) => `工作 ${id} 的工作流未运行：引擎启动后（npm start）会自动启动，请稍后再试`,
    notRunningLine: (id: string, name: string) => `${id}（${name}）：工作流未运行（引擎启动后自动启动）`,
    noProfile: '尚未载入档案：先运行 anwei profile load <档案文件>',
  },

  /** What a list's `--enterprise`, `--sector` or `--assignee` (or `task complete --village`) names. */
  filter: {
    enterprise: '企业',
    sector: '行业领域',
    village: '村（社区）',
    person: '人员',
    duty: '工作事项或专项行动',
    campaign: '专项行动',
    badDate: (where: string, value: string) => `${where} ${value}: 不是有效的日期（格式为 YYYY-MM-DD，如 2030-09-01）`,
    fromAfterTo: (fromWhere: string, from: string, toWhere: string, to: string) => `${fromWhere} ${from} 晚于 ${toWhere} ${to}：开始日期不能晚于结束日期`,
    unknown: (flag: string, value: string, what: string, near: string | undefined) =>
      `${flag} ${value}: 没有编号为 “${value}” 的${what}${near ? `，是否应为 ${near}？` : ''}`,
  },
};
