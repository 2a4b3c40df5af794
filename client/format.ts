// How the CLI prints things for people: aligned tables that respect Chinese character width,
// a hazard's story, and the simulate timeline.

import type { HazardView } from '../domain/hazard.ts';
import { hazardText as t } from '../domain/text/hazard.ts';
import { taskText } from '../domain/text/task.ts';
import { formatLocalMinute } from '../domain/time.ts';
import type { HazardDetail, HazardRow } from './ledger.ts';
import type { SimulationResult } from './simulate.ts';

/** Terminal columns a UTF-16 code unit's character takes: CJK and full-width characters take two. */
function unitWidth(code: number): number {
  return (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6)
    ? 2
    : 1;
}

/** Terminal columns a string takes: CJK and full-width characters two, others (a surrogate pair is one) one. */
export function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    width += unitWidth(code);
  }
  return width;
}

function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    used += displayWidth(ch);
    if (used > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

export function table(headers: string[], rows: string[][], maxWidths: number[] = []): string {
  const cells = [headers, ...rows.map((r) => r.map((c, i) => (maxWidths[i] ? truncate(c, maxWidths[i]!) : c)))];
  const cellWidths = cells.map((r) => r.map(displayWidth));
  const widths = headers.map((_, i) => Math.max(...cellWidths.map((w) => w[i] ?? 0)));
  const line = (r: string[], w: number[]) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - w[i]!))).join('  ').trimEnd();
  return cells.map((r, k) => line(r, cellWidths[k]!)).join('\n');
}

const escalationName = (level: number) => (level === 0 ? '' : level === 1 ? '一级' : '二级');

export function overdueText(row: Pick<HazardRow, 'daysOverdue' | 'workdaysOverdue'>): string {
  return row.daysOverdue > 0 ? `逾期${row.daysOverdue}天（${row.workdaysOverdue}个工作日）` : '';
}

export function hazardTable(rows: HazardRow[]): string {
  if (rows.length === 0) return '（没有符合条件的隐患）';
  return table(
    ['编号', '企业', '隐患', '等级', '状态', '期限', '逾期', '督办'],
    rows.map((r) => [r.id, r.enterpriseName, r.description, t.levelName[r.level], t.statusName[r.status], r.due, overdueText(r), escalationName(r.escalationLevel)]),
    [0, 20, 24],
  );
}

export function hazardViewText(view: HazardView): string {
  const lines = [
    `隐患 ${view.id}：${t.statusName[view.status]}（${t.levelName[view.level]}）`,
    `  整改期限：${view.due}`,
    `  期限计算：${view.dueTrace}`,
  ];
  if (view.pendingExtension) lines.push(`  延期申请：至 ${view.pendingExtension.due}（待审批）`);
  if (view.next) lines.push(`  下一条通知：${t.noticeName[view.next.kind] ?? view.next.kind}，${formatLocalMinute(view.next.at)}`);
  return lines.join('\n');
}

export function hazardDetailText(d: HazardDetail): string {
  const lines = [
    `隐患 ${d.id}：${d.description}`,
    `  企业：${d.enterprise.name}（${d.enterprise.id}）  等级：${d.levelName}  状态：${d.statusName}${d.round > 1 ? `（第 ${d.round} 轮整改）` : ''}`,
    `  上报：${d.reportedAt.slice(0, 16).replace('T', ' ')}，${d.reportedBy}${d.location ? `  部位：${d.location}` : ''}`,
    `  整改期限：${d.due}`,
    `  期限计算：${d.dueTrace}`,
  ];
  if (d.escalationLevel) lines.push(`  督办：${escalationName(d.escalationLevel)}`);
  if (d.nextNoticeAt && d.status !== 'closed') lines.push(`  下一条通知：${d.nextNoticeAt.slice(0, 16).replace('T', ' ')}`);
  if (d.plan) {
    lines.push('  整改方案：');
    for (const [part, text] of Object.entries(d.plan)) lines.push(`    ${part}：${text}`);
  }
  lines.push('', '办理经过：');
  for (const e of d.events) {
    const extra = [e.by ? `（${e.by}）` : '', e.evidence ? ` 佐证：${e.evidence}` : ''].join('');
    lines.push(`  ${e.at.slice(0, 16).replace('T', ' ')}  ${t.eventName[e.type] ?? e.type}${extra}`);
  }
  lines.push('', '通知：');
  if (d.notices.length === 0) lines.push('  （无）');
  for (const n of d.notices) {
    const status = n.status === 'sent' ? '' : n.status === 'failed' ? `  发送失败：${n.error ?? ''}` : '  待发送（邮件服务器恢复后自动补发）';
    lines.push(`  ${n.at.slice(0, 16).replace('T', ' ')}  ${t.noticeName[n.kind] ?? n.kind} → ${n.to.join(', ')}${status}`);
  }
  return lines.join('\n');
}

export function simulationText(result: SimulationResult): string {
  const lines = ['通知时间线：'];
  for (const n of result.notifications) {
    lines.push(`  ${n.at.slice(0, 16).replace('T', ' ')}  ${n.kind.padEnd(30)} ${n.ref}  → ${n.to.join(', ')}`);
    lines.push(`      ${n.subject}`);
  }
  if (result.notifications.length === 0) lines.push('  （无）');
  lines.push('', '隐患：');
  for (const h of result.hazards) lines.push(`  ${h.id}  ${t.statusName[h.status as 'open'] ?? h.status}  期限 ${h.due}`);
  if (result.hazards.length === 0) lines.push('  （无）');
  // Tasks once the duty calendar made some; a hazards-only season reads as it always did.
  if (result.tasks.length) lines.push('', '任务：');
  for (const task of result.tasks) {
    lines.push(`  ${task.id}  ${taskText.statusName[task.status as 'open'] ?? task.status}  截止 ${task.due}  负责人 ${task.assignee}`);
  }
  if (result.warnings.length) {
    lines.push('', '注意：');
    for (const w of result.warnings) lines.push(`  ${w}`);
  }
  lines.push('', `共 ${result.notifications.length} 条通知，${result.hazards.length} 项隐患${result.tasks.length ? `，${result.tasks.length} 项任务` : ''}。`);
  return lines.join('\n');
}
