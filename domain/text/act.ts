// zh-CN wording for acting on a hazard or a task (client/act.ts): the people an input names, and what an
// unclear failure says — whether the ledger recorded the action, and how to retry it safely.

export const actText = {
  unknownPerson: (field: string, id: string) => `${field}: 未知或已离任的人员 “${id}”`,
  hazardNotFound: (id: string) => `未找到隐患 ${id}（anwei hazard list 可查看全部隐患）`,
  hazardNoWorkflow: (id: string) => `未找到隐患 ${id} 的工作流（引擎是否连着同一个数据库？）`,
  hazardActionRefused: (id: string, what: string) => `隐患 ${id} ${what}未受理：`,
  reportRefused: '本次上报未被受理：',
  hazardWhat: { report: '上报', ack: '签收督办', submit: '提交整改', verify: '复查', extend: '申请延期', decide: '审批延期' },
  taskWhat: { complete: '完成登记', cancel: '取消', replace: '调整' },
  campaignNotFound: (id: string) => `campaign: 未找到专项行动 ${id}（anwei campaign list 可查看全部专项行动）`,
  campaignClosed: (id: string) => `campaign: 专项行动 ${id} 已经结束`,
  /** An action whose answer never came (the engine or the connection failed meanwhile). */
  unclear: (what: string, subject: string, requestId: string, reason: string) =>
    `未能确认${subject}的${what}是否已受理（请求编号 ${requestId}）：${reason}`,
  unclearRecorded: (what: string) => `台账中已有这次${what}的记录：已受理，无需重试。`,
  unclearNotRecorded: (what: string, retry: string) =>
    `台账中没有这次${what}的记录。确认引擎在运行后，用同一请求编号重试，不会重复办理：\n    ${retry}`,
};
