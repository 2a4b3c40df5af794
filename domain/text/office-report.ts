// zh-CN wording of the office's 上报隐患 page (contract §7 "Office pages"; the form's own labels — 企业, 隐患描述,
// 隐患等级, 整改期限, 佐证材料, 提交 — are the campaign link's, web/text.ts `report`).

export const officeReportText = {
  title: '上报隐患',
  /** The button on 隐患台账. */
  button: '上报隐患',
  intro: (name: string) => `上报人：${name}。提交后立即向企业负责人发出整改通知。`,
  /** Who may report from the office, said when someone else opens the page. */
  notAllowed: '只有安办主任、分管安全的领导和安监员可以在安委办网页上报隐患；安监员只能为负责的行业领域内的企业上报。',
  noEnterprise: '您负责的范围内没有在册企业，无法上报隐患。',
  enterpriseNotYours: (id: string) => `企业“${id}”不在您负责的范围内，不能为其上报隐患。`,
} as const;
