// How the CLI prints duty tasks for people: the task list, one task's story, an update's result.

import type { TaskView } from '../domain/task.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { periodName, taskText } from '../domain/text/task.ts';
import { statusText } from '../domain/text/status.ts';
import { formatLocalMinute } from '../domain/time.ts';
import { storyLines } from './story.ts';
import { cutKeepingObject, ledgerTable, type LedgerTable } from './table.ts';
import type { TaskDetail, TaskRow } from './task-ledger.ts';

function taskStatusWord(status: TaskRow['status'], late: boolean): string {
  return ledgerText.task.status(statusText.task[status], status === 'done' && late);
}

const taskLayout: LedgerTable<TaskRow> = {
  headers: ledgerText.task.headers,
  empty: ledgerText.task.empty,
  cells: (r) => [
    r.id,
    r.title,
    r.assigneeName,
    taskStatusWord(r.status, r.late),
    r.due,
    ledgerText.overdue(r.daysOverdue, r.workdaysOverdue),
    ledgerText.escalationName(r.escalationLevel),
  ],
  // A title's head (the duty and its period) is in the id as well; its （enterprise, village or sector） is
  // what tells one row of a duty from the next, so the head gives way and the object stays whole.
  shrink: { column: 1, cut: cutKeepingObject },
};

/** `task list`: fitted to `width` columns by shortening the titles' heads (Infinity: --wide). */
export const taskTable = (rows: readonly TaskRow[], width: number) => ledgerTable(taskLayout, rows, width);

export function taskViewText(view: TaskView): string {
  const lines = [ledgerText.task.view(view.id, view.title, taskStatusWord(view.status, view.late)), ledgerText.task.due(view.due), ledgerText.dueTrace(view.dueTrace)];
  if (view.completedAt !== undefined) lines.push(ledgerText.task.completed(formatLocalMinute(view.completedAt), view.completedBy));
  if (view.next) lines.push(ledgerText.next(taskText.noticeName[view.next.kind] ?? view.next.kind, formatLocalMinute(view.next.at)));
  return lines.join('\n');
}

export function taskDetailText(d: TaskDetail): string {
  const lines = [
    ledgerText.task.title(d.id, d.title),
    ledgerText.task.duty(d.duty, periodName(d.period), d.scope?.id),
    ledgerText.task.assignee(d.assignee, taskStatusWord(d.status, d.late)),
    ledgerText.task.opensOn(d.opensOn),
    ledgerText.task.due(d.due),
    ledgerText.dueTrace(d.dueTrace),
    ledgerText.task.proof(d.proof),
  ];
  if (d.meeting) lines.push(ledgerText.task.meeting(d.meeting.date, d.meeting.time, d.meeting.location));
  if (d.completedAt) lines.push(ledgerText.task.completedWith(d.completedAt, d.completedByName, d.evidence));
  if (d.escalationLevel) lines.push(ledgerText.escalated(ledgerText.escalationName(d.escalationLevel)));
  if (d.nextNoticeAt && (d.status === 'open' || d.status === 'overdue')) lines.push(ledgerText.nextAt(d.nextNoticeAt));
  lines.push(...storyLines(d, { event: taskText.eventName, notice: taskText.noticeName }));
  return lines.join('\n');
}
