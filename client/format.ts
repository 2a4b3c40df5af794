// How the CLI prints things for people: aligned tables that respect Chinese character width,
// a hazard's story, and the simulate timeline.

import type { HazardView } from '../domain/hazard.ts';
import { hazardText } from '../domain/text/hazard.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { scenarioText } from '../domain/text/scenario.ts';
import { statusText } from '../domain/text/status.ts';
import { taskText } from '../domain/text/task.ts';
import { formatLocalMinute } from '../domain/time.ts';
import type { HazardDetail, HazardRow } from './ledger.ts';
import { storyLines } from './story.ts';
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

export function hazardTable(rows: HazardRow[]): string {
  if (rows.length === 0) return ledgerText.hazard.empty;
  return table(
    ledgerText.hazard.headers,
    rows.map((r) => [
      r.id,
      r.enterpriseName,
      r.description,
      hazardText.levelName[r.level],
      statusText.hazard[r.status],
      r.due,
      ledgerText.overdue(r.daysOverdue, r.workdaysOverdue),
      ledgerText.escalationName(r.escalationLevel),
    ]),
    [0, 20, 24],
  );
}

export function hazardViewText(view: HazardView): string {
  const lines = [
    ledgerText.hazard.view(view.id, statusText.hazard[view.status], hazardText.levelName[view.level]),
    ledgerText.hazard.due(view.due),
    ledgerText.dueTrace(view.dueTrace),
  ];
  if (view.pendingExtension) lines.push(ledgerText.hazard.pendingExtension(view.pendingExtension.due, view.pendingExtension.trace));
  if (view.next) lines.push(ledgerText.next(hazardText.noticeName[view.next.kind] ?? view.next.kind, formatLocalMinute(view.next.at)));
  return lines.join('\n');
}

export function hazardDetailText(d: HazardDetail): string {
  const lines = [
    ledgerText.hazard.title(d.id, d.description),
    ledgerText.hazard.facts(d.enterprise, d.levelName, d.statusName, d.round),
    ledgerText.hazard.reported(d.reportedAt, d.reportedByName, d.location),
    ledgerText.hazard.due(d.due),
    ledgerText.dueTrace(d.dueTrace),
  ];
  if (d.escalationLevel) lines.push(ledgerText.escalated(ledgerText.escalationName(d.escalationLevel)));
  if (d.nextNoticeAt && d.status !== 'closed') lines.push(ledgerText.nextAt(d.nextNoticeAt));
  if (d.plan) {
    lines.push(ledgerText.hazard.plan);
    for (const [part, text] of Object.entries(d.plan)) lines.push(ledgerText.hazard.planPart(part, text));
  }
  lines.push(...storyLines(d, { event: hazardText.eventName, notice: hazardText.noticeName }));
  return lines.join('\n');
}

export function simulationText(result: SimulationResult): string {
  const lines = [scenarioText.timeline.notices];
  for (const n of result.notifications) {
    lines.push(`  ${n.at.slice(0, 16).replace('T', ' ')}  ${n.kind.padEnd(30)} ${n.ref}  → ${n.to.join(', ')}`);
    lines.push(`      ${n.subject}`);
  }
  if (result.notifications.length === 0) lines.push(scenarioText.timeline.none);
  lines.push('', scenarioText.timeline.hazards);
  for (const h of result.hazards) lines.push(scenarioText.timeline.hazard(h.id, statusText.name(statusText.hazard, h.status), h.due));
  if (result.hazards.length === 0) lines.push(scenarioText.timeline.none);
  // Tasks once the duty calendar made some; a hazards-only season reads as it always did.
  if (result.tasks.length) lines.push('', scenarioText.timeline.tasks);
  for (const task of result.tasks) lines.push(scenarioText.timeline.task(task.id, statusText.name(statusText.task, task.status), task.due, task.assignee));
  if (result.warnings.length) {
    lines.push('', scenarioText.timeline.warnings);
    for (const w of result.warnings) lines.push(`  ${w}`);
  }
  lines.push('', scenarioText.timeline.total(result.notifications.length, result.hazards.length, result.tasks.length));
  return lines.join('\n');
}
