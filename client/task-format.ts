// How the CLI prints duty tasks for people: the task list, one task's story, an update's result.

import type { TaskView } from '../domain/task.ts';
import { periodName, taskText as t } from '../domain/text/task.ts';
import { formatLocalMinute } from '../domain/time.ts';
import { table } from './format.ts';
import type { TaskDetail, TaskRow } from './task-ledger.ts';

const escalationName = (level: number) => (level === 0 ? '' : level === 1 ? '一级' : '二级');
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

function statusText(status: TaskRow['status'], late: boolean): string {
  return `${t.statusName[status]}${status === 'done' && late ? '（逾期完成）' : ''}`;
}

export function taskTable(rows: TaskRow[]): string {
  if (rows.length === 0) return '（没有符合条件的任务）';
  return table(
    ['编号', '任务', '负责人', '状态', '截止', '逾期', '督办'],
    rows.map((r) => [
      r.id,
      r.title,
      r.assigneeName,
      statusText(r.status, r.late),
      r.due,
      r.daysOverdue > 0 ? `逾期${r.daysOverdue}天（${r.workdaysOverdue}个工作日）` : '',
      escalationName(r.escalationLevel),
    ]),
    [0, 28],
  );
}

export function taskViewText(view: TaskView): string {
  const lines = [
    `任务 ${view.id}：${view.title}，${statusText(view.status, view.late)}`,
    `  截止日期：${view.due}`,
    `  期限计算：${view.dueTrace}`,
  ];
  if (view.completedAt !== undefined) lines.push(`  完成：${formatLocalMinute(view.completedAt)}，${view.completedBy ?? ''}`);
  if (view.next) lines.push(`  下一条通知：${t.noticeName[view.next.kind] ?? view.next.kind}，${formatLocalMinute(view.next.at)}`);
  return lines.join('\n');
}

export function taskDetailText(d: TaskDetail): string {
  const lines = [
    `任务 ${d.id}：${d.title}`,
    `  工作事项：${d.duty.name}（${d.duty.id}）  期间：${periodName(d.period)}${d.scope ? `  对象：${d.scope.id}` : ''}`,
    `  负责人：${d.assignee.name}（${d.assignee.id}）  状态：${statusText(d.status, d.late)}`,
    `  开始日期：${d.opensOn}`,
    `  截止日期：${d.due}`,
    `  期限计算：${d.dueTrace}`,
    `  完成要求：${d.proof}`,
  ];
  if (d.meeting) lines.push(`  会议：${d.meeting.date} ${d.meeting.time}${d.meeting.location ? `，${d.meeting.location}` : ''}`);
  if (d.completedAt) lines.push(`  完成：${minute(d.completedAt)}，${d.completedBy ?? ''}  佐证：${d.evidence ?? ''}`);
  if (d.escalationLevel) lines.push(`  督办：${escalationName(d.escalationLevel)}`);
  if (d.nextNoticeAt && (d.status === 'open' || d.status === 'overdue')) lines.push(`  下一条通知：${minute(d.nextNoticeAt)}`);
  lines.push('', '办理经过：');
  for (const e of d.events) {
    const extra = [e.by ? `（${e.by}）` : '', e.evidence ? ` 佐证：${e.evidence}` : ''].join('');
    lines.push(`  ${minute(e.at)}  ${t.eventName[e.type] ?? e.type}${extra}`);
  }
  lines.push('', '通知：');
  if (d.notices.length === 0) lines.push('  （无）');
  for (const n of d.notices) {
    const status = n.status === 'sent' ? '' : n.status === 'failed' ? `  发送失败：${n.error ?? ''}` : '  待发送（邮件服务器恢复后自动补发）';
    lines.push(`  ${minute(n.at)}  ${t.noticeName[n.kind] ?? n.kind} → ${n.to.join(', ')}${status}`);
  }
  return lines.join('\n');
}
