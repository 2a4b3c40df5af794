// `anwei duties list|pause|resume|trigger`: the office's hands on the running duty calendar. Each duty
// is one workflow (`duty:<id>`); these send it an Update and print what it says back.

import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { dutiesInForce, loadDutyTown } from '../activities/duty-town.ts';
import { dutyState, dutyWorkflowId, pauseDuty, resumeDuty, triggerDuty, type DutyView } from '../domain/duty.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { formatInstant } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import { UserInputError } from './errors.ts';

export type DutyCommand = 'pause' | 'resume' | 'trigger';

const UPDATES = { pause: pauseDuty, resume: resumeDuty, trigger: triggerDuty } as const;

export async function knownDuty(db: Database, id: string): Promise<void> {
  const loaded = await loadDutyTown(db);
  const ids = loaded ? dutiesInForce(loaded).map((d) => d.id) : [];
  if (!ids.includes(id)) {
    throw new UserInputError([ledgerText.duty.unknown(id, ids)]);
  }
}

export function dutyViewText(v: DutyView, name?: string): string {
  const parts = [ledgerText.duty.state(v.dutyId, name, v.paused)];
  if (v.next) parts.push(ledgerText.duty.next(v.next.opensOn, v.next.count, v.next.startOn));
  if (v.last) parts.push(ledgerText.duty.last(formatInstant(v.last.at), v.last.started));
  return ledgerText.duty.join(parts);
}

export async function controlDuty(db: Database, client: Client, command: DutyCommand, id: string): Promise<string> {
  await knownDuty(db, id);
  try {
    const view = await client.workflow.getHandle(dutyWorkflowId(id)).executeUpdate(UPDATES[command]);
    return `${ledgerText.duty.done[command]}\n${dutyViewText(view)}`;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      throw new UserInputError([ledgerText.duty.notRunning(id)]);
    }
    throw error;
  }
}

export async function listDuties(db: Database, client: Client): Promise<string[]> {
  const loaded = await loadDutyTown(db);
  if (!loaded) throw new UserInputError([ledgerText.duty.noProfile]);
  const lines: string[] = [];
  for (const duty of dutiesInForce(loaded)) {
    const handle = client.workflow.getHandle(dutyWorkflowId(duty.id));
    // A closed workflow still answers queries (with its last state): only a running one is the duty's.
    const view = await handle
      .describe()
      .then(({ status }) => (status.name === 'RUNNING' ? handle.query(dutyState) : undefined))
      .catch(() => undefined);
    lines.push(view ? dutyViewText(view, duty.name) : ledgerText.duty.notRunningLine(duty.id, duty.name));
  }
  return lines;
}
