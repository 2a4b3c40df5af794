// How the CLI prints hazards for people (the list, one hazard's story, an update's result) and the
// simulate timeline.

import type { HazardView } from '../domain/hazard.ts';
import { hazardText } from '../domain/text/hazard.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { scenarioText } from '../domain/text/scenario.ts';
import { statusText } from '../domain/text/status.ts';
import { taskText } from '../domain/text/task.ts';
import { formatLocalMinute } from '../domain/time.ts';
import type { HazardDetail, HazardRow } from './ledger.ts';
import { storyLines } from './story.ts';
import { cutEnd, ledgerTable, type LedgerTable } from './table.ts';
import type { SimulationResult } from './simulate.ts';

const hazardLayout: LedgerTable<HazardRow> = {
  headers: ledgerText.hazard.headers,
  empty: ledgerText.hazard.empty,
  cells: (r) => [
    r.id,
    r.enterpriseName,
    r.description,
    hazardText.levelName[r.level],
    statusText.hazard[r.status],
    r.due,
    ledgerText.overdue(r.daysOverdue, r.workdaysOverdue),
    ledgerText.escalationName(r.escalationLevel),
  ],
  // The description is the free text; the enterprise is what the hazard is about and is never cut.
  shrink: { column: 2, cut: cutEnd },
};

/** `hazard list`: fitted to `width` columns by shortening the descriptions (Infinity: --wide). */
export const hazardTable = (rows: readonly HazardRow[], width: number) => ledgerTable(hazardLayout, rows, width);

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
  // One line per email, the notices it carried under it (a daily digest carries many).
  const lines = [scenarioText.timeline.emails];
  for (const m of result.messages) {
    lines.push(`  ${m.at.slice(0, 16).replace('T', ' ')}  → ${m.to}  ${m.subject}`);
    for (const n of m.notices) lines.push(`        ${n.kind.padEnd(30)} ${n.ref}`);
  }
  if (result.messages.length === 0) lines.push(scenarioText.timeline.none);
  if (result.posts.length) lines.push('', scenarioText.timeline.posts);
  for (const p of result.posts) lines.push(`  ${p.at.slice(0, 16).replace('T', ' ')}  → ${p.channel}  ${p.kinds.join('、')}  ${p.ref}${p.mentions.length ? `  @${p.mentions.join(' @')}` : ''}`);
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
  lines.push('', scenarioText.timeline.total(result.notifications.length, result.messages.length, result.hazards.length, result.tasks.length, result.posts.length));
  return lines.join('\n');
}
