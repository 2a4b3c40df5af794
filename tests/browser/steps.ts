// What people do on the action pages, in their words, shared by the browser tests and scripts/screenshots.ts.

import type { Phone } from './phone.ts';

/** A file a person picks on the phone (the camera's photo, a document). */
export interface PickedFile {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

/**
 * The account of the work on a 提交整改 or 登记完成 form (整改情况 / 完成情况), with the 佐证材料 picked for it:
 * the principal's photo of the repair, the village supervisor's PDF report.
 */
export async function describeWork(phone: Phone, field: '整改情况' | '完成情况', words: string, files: readonly PickedFile[] = []): Promise<void> {
  await phone.page.getByLabel(field, { exact: true }).fill(words);
  if (files.length) await phone.page.getByLabel('佐证材料').setInputFiles([...files]);
}

/** A radio choice (复查结论 合格 / 不合格) by its words. */
export async function choose(phone: Phone, choice: string): Promise<void> {
  await phone.page.getByRole('radio', { name: choice, exact: true }).check();
}

/** A text field or text area by its label (the label's hint, when it has one, is part of its name). */
export async function fill(phone: Phone, label: string, words: string): Promise<void> {
  await phone.page.getByLabel(label).fill(words);
}
