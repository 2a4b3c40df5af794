// What people do on the action pages, in their words, shared by the browser tests and scripts/screenshots.ts.

import type { Phone } from './phone.ts';

/**
 * The account of the work on a 提交整改 or 登记完成 form (整改情况 / 完成情况). This is the one step where the
 * 佐证材料 go when the forms take files: the principal's photo of the repair, the village supervisor's PDF report —
 * pass them here and attach them to the form's file field, and every test and screenshot that reports work gets them.
 */
export async function describeWork(phone: Phone, field: '整改情况' | '完成情况', words: string): Promise<void> {
  await phone.page.getByLabel(field, { exact: true }).fill(words);
}

/** A radio choice (复查结论 合格 / 不合格) by its words. */
export async function choose(phone: Phone, choice: string): Promise<void> {
  await phone.page.getByRole('radio', { name: choice, exact: true }).check();
}

/** A text field or text area by its label (the label's hint, when it has one, is part of its name). */
export async function fill(phone: Phone, label: string, words: string): Promise<void> {
  await phone.page.getByLabel(label).fill(words);
}
