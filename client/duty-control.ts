// `anwei duties list|pause|resume|trigger`: the office's hands on the running duty calendar. Each duty
// is one workflow (`duty:<id>`); these send it an Update and print what it says back.

import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { dutiesInForce, loadDutyTown } from '../activities/duty-town.ts';
import { dutyState, dutyWorkflowId, pauseDuty, resumeDuty, triggerDuty, type DutyView } from '../domain/duty.ts';
import { formatInstant } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import { UserInputError } from './errors.ts';

export type DutyCommand = 'pause' | 'resume' | 'trigger';

const UPDATES = { pause: pauseDuty, resume: resumeDuty, trigger: triggerDuty } as const;
const DONE: Record<DutyCommand, string> = {
  pause: '已暂停：到期的新任务不再创建（已创建的任务照常提醒、督办）；anwei duties resume 恢复。',
  resume: '已恢复：今天仍在办理期内的任务立即补建，之后按日历创建。',
  trigger: '已补建：今天仍在办理期内、尚未创建的任务都已创建。',
};

export async function knownDuty(db: Database, id: string): Promise<void> {
  const loaded = await loadDutyTown(db);
  const ids = loaded ? dutiesInForce(loaded).map((d) => d.id) : [];
  if (!ids.includes(id)) {
    throw new UserInputError([`未知或已停用的工作 “${id}”（当前的工作：${ids.join('、') || '无，请先载入档案'}）`]);
  }
}

export function dutyViewText(v: DutyView, name?: string): string {
  const parts = [`${v.dutyId}${name ? `（${name}）` : ''}：${v.paused ? '已暂停' : '运行中'}`];
  if (v.next) parts.push(`下次 ${v.next.opensOn} 开始 ${v.next.count} 项任务${v.next.startOn !== v.next.opensOn ? `（${v.next.startOn} 发出会议通知）` : ''}`);
  if (v.last) parts.push(`上次于 ${formatInstant(v.last.at).slice(0, 16).replace('T', ' ')} 创建 ${v.last.started} 项`);
  return parts.join('；');
}

export async function controlDuty(db: Database, client: Client, command: DutyCommand, id: string): Promise<string> {
  await knownDuty(db, id);
  try {
    const view = await client.workflow.getHandle(dutyWorkflowId(id)).executeUpdate(UPDATES[command]);
    return `${DONE[command]}\n${dutyViewText(view)}`;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw new UserInputError([`工作 ${id} 的工作流未运行：引擎启动后（npm start）会自动启动，请稍后再试`]);
    }
    throw error;
  }
}

export async function listDuties(db: Database, client: Client): Promise<string[]> {
  const loaded = await loadDutyTown(db);
  if (!loaded) throw new UserInputError(['尚未载入档案：先运行 anwei profile load <档案文件>']);
  const lines: string[] = [];
  for (const duty of dutiesInForce(loaded)) {
    const handle = client.workflow.getHandle(dutyWorkflowId(duty.id));
    // A closed workflow still answers queries (with its last state): only a running one is the duty's.
    const view = await handle
      .describe()
      .then(({ status }) => (status.name === 'RUNNING' ? handle.query(dutyState) : undefined))
      .catch(() => undefined);
    lines.push(view ? dutyViewText(view, duty.name) : `${duty.id}（${duty.name}）：工作流未运行（引擎启动后自动启动）`);
  }
  return lines;
}
