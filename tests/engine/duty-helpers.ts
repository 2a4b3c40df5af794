// Shared by the duty calendar engine tests (tests/engine/duty-*.test.ts): the duty town, starting the
// calendar as `anwei start` and `anwei simulate` do (reconcile), reloading a profile as `anwei profile
// load` does (load, tell the workflows, reconcile), and reading back what the engine created and sent.
//
// Duty town = the task town (tests/support/task-specs.ts: the fixture town, whose calendar section spells
// out 2030, with lead3 leading village v1) plus a safety leader of its own, so every level 1 reaches a
// different person:
//   safety leader safe · hazchem: leader lead, inspector insp · industry: leader lead2, inspector insp2
//   v1: supervisor vs, leader lead3 · e1 (A) and e2 (B) in hazchem, e3 (C) in industry
//   head = town head, sec = party secretary, office = office head.
// 2030, every day off written out in the calendar section (DUTY_TOWN adds those the fixture leaves to the lunar
// computation): 01-01; 春节 02-04..02-05 (with the weekend before, the break starts Sat 02-02); 清明 04-05;
// 劳动节 05-01..02; 端午 06-05; 中秋 09-12 (Thu); 09-29 (Sun) worked; 10-01..07 off; 10-12 (Sat) worked. No 2031 days.

import { WorkflowNotFoundError } from '@temporalio/client';
import { expect } from 'vitest';
import { previewDuties, townFromProfileText } from '../../client/duties.ts';
import { reconcile, type ReconcileReport } from '../../worker/reconciler.ts';
import { captured, type Engine } from '../support/engine.ts';
import { TASK_TOWN } from '../support/tasks.ts';

export const DUTY_TOWN = TASK_TOWN.replace('safetyLeader: lead\n', 'safetyLeader: safe\n')
  .replace('  - { id: vs,', '  - { id: safe, name: 副镇长癸, role: deputy_head, email: safe@town.example }\n  - { id: vs,')
  // The 2030 holidays the tests rely on, written out (they equal the lunar computation: no 调休).
  .replace('  holidays: [2030-01-01, ', '  holidays: [2030-01-01, 2030-02-04, 2030-02-05, 2030-04-05, 2030-05-01, 2030-05-02, 2030-06-05, ');
if (!DUTY_TOWN.includes('safetyLeader: safe\n') || !DUTY_TOWN.includes('id: safe,') || !DUTY_TOWN.includes('2030-06-05')) {
  throw new Error('the task town changed: DUTY_TOWN no longer applies');
}

/** Every person of the duty town: who a committee meeting invites. */
export const EVERYONE = ['head', 'insp', 'insp2', 'lead', 'lead2', 'lead3', 'office', 'safe', 'sec', 'vs'];

/** The duty calendar started as `anwei start` and `anwei simulate` start it. */
export function startCalendar(engine: Engine): Promise<ReconcileReport> {
  return reconcile({ client: engine.env.client, taskQueue: engine.gateway.taskQueue, db: engine.db });
}

/** `anwei profile load`: the profile stored, every workflow told, duties in force started. */
export async function reloadProfile(engine: Engine, text: string): Promise<ReconcileReport> {
  await engine.reload(text);
  return startCalendar(engine);
}

export interface LedgerTask {
  id: string;
  opensOn: string;
  due: string;
  assigneeId: string;
}

/** The tasks the engine created (the Task table), by opening day then id. */
export async function ledger(engine: Engine, where: { dutyId?: string } = {}): Promise<LedgerTask[]> {
  const rows = await engine.db.prisma.task.findMany({ where, select: { id: true, opensOn: true, due: true, assigneeId: true } });
  return rows.sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.id.localeCompare(b.id));
}

/** What `anwei duties preview` lists for a profile over a window, in the ledger's shape and order. */
export function preview(profile: string, from: string, days: number, duty?: string): LedgerTask[] {
  const p = previewDuties(townFromProfileText(profile, 'town.yaml'), { from, days, ...(duty ? { duty } : {}) });
  return p.tasks
    .map(({ id, opensOn, due, assigneeId }) => ({ id, opensOn, due, assigneeId }))
    .sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.id.localeCompare(b.id));
}

/** Every email the transport took, by outbox key: a key twice is a notice sent twice. */
export function expectNoNoticeTwice(engine: Engine): void {
  const keys = captured(engine).map((c) => c.email.key);
  const twice = keys.filter((k, i) => keys.indexOf(k) !== i);
  expect(twice, 'notices delivered more than once').toEqual([]);
}

/** A workflow's status: RUNNING, COMPLETED, TERMINATED…; NOT_FOUND when it never ran. */
export async function status(engine: Engine, workflowId: string): Promise<string> {
  try {
    return (await engine.env.client.workflow.getHandle(workflowId).describe()).status.name;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return 'NOT_FOUND';
    throw error;
  }
}

/** The notices of one task as `{ at, kind, to }`, oldest first. */
export async function noticesOf(engine: Engine, ref: string): Promise<Array<{ at: string; kind: string; to: string[] }>> {
  return (await engine.sent({ ref })).map(({ at, kind, to }) => ({ at, kind, to }));
}

/**
 * Terminates workflows by hand, as an operator would (`temporal workflow terminate`). Simulated time first
 * moves on a minute, so that no workflow task of theirs is in flight: the time-skipping test server keeps
 * time locked for a workflow task whose workflow was terminated under it, and the next advance would hang.
 */
export async function terminateByHand(engine: Engine, ...workflowIds: string[]): Promise<void> {
  await engine.env.sleep(60_000);
  for (const id of workflowIds) await engine.env.client.workflow.getHandle(id).terminate('手工终止（测试）');
}
