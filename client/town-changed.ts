// Telling a running engine that the town profile changed: a signal to every duty's, open hazard's and open
// task's workflow, so each takes its next step with the new calendar, policy and people. Its own module so a
// `profile load` without an engine never loads Temporal's client (client/profile-loader.ts imports it when
// the engine is reached).

import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { SignalDefinition } from '@temporalio/common';
import { parse as parseYaml } from 'yaml';
import { DEFAULT_DUTIES } from '../domain/duties/defaults.ts';
import { dutyChanged } from '../domain/duty.ts';
import { hazardWorkflowId, townChanged } from '../domain/hazard.ts';
import { dutyWorkflowId, taskWorkflowId } from '../domain/task.ts';
import { readTidyYaml } from '../domain/yaml-quick.ts';
import type { Database } from '../prisma/client.ts';

/** What telling the running workflows of a new profile came to. */
export interface TownChangedReport {
  /** Workflows that got the signal. */
  told: number;
  /** Workflows the signal did not reach for another reason than having ended: how many, and the first few. */
  failed: number;
  failures: Array<{ workflowId: string; reason: string }>;
}

/** Signals in flight at once when a profile reaches the running workflows. */
export const TOWN_CHANGED_CONCURRENCY = 32;
/** How many of the workflows a signal did not reach are named by id (all are counted). */
const FAILURES_NAMED = 5;

/**
 * Tells every duty's and every open hazard's and task's workflow that the town changed, so its next step
 * uses the new calendar, policy and people: 32 signals in flight at once. A workflow that has ended (or
 * was never started on this Temporal) is skipped; any other failure is counted and the first few named,
 * for the caller to print (cliText.profile.notTold).
 */
export async function notifyTownChanged(db: Database, client: Client): Promise<TownChangedReport> {
  const hazards = await db.prisma.hazard.findMany({ where: { status: { not: 'closed' } }, select: { id: true } });
  const tasks = await db.prisma.task.findMany({ where: { status: { in: ['open', 'overdue'] } }, select: { id: true } });
  // Duties answer dutyChanged; hazards and tasks the same signal name (townChanged).
  const signals: Array<[string, SignalDefinition]> = [
    ...(await knownDutyIds(db)).map((id): [string, SignalDefinition] => [dutyWorkflowId(id), dutyChanged]),
    ...hazards.map(({ id }): [string, SignalDefinition] => [hazardWorkflowId(id), townChanged]),
    ...tasks.map(({ id }): [string, SignalDefinition] => [taskWorkflowId(id), townChanged]),
  ];
  const report: TownChangedReport = { told: 0, failed: 0, failures: [] };
  let next = 0;
  const sender = async () => {
    while (next < signals.length) {
      const [workflowId, signal] = signals[next++]!;
      try {
        await client.workflow.getHandle(workflowId).signal(signal);
        report.told++;
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) continue; // ended: nothing to refresh
        report.failed++;
        if (report.failures.length < FAILURES_NAMED) report.failures.push({ workflowId, reason: reasonOf(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(TOWN_CHANGED_CONCURRENCY, signals.length) }, sender));
  return report;
}

/** A failure's own words, with the cause Temporal's client wraps its gRPC error in. */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : undefined;
  return cause && cause !== error.message ? `${error.message}: ${cause}` : error.message;
}

/**
 * Every duty id the town has had: the defaults and any duty a loaded profile named (removed ones too). Each
 * distinct text of the last 50 versions is read once, quickly when it is tidy (a district's profile takes
 * seconds the full way).
 */
async function knownDutyIds(db: Database): Promise<string[]> {
  const ids = new Set(DEFAULT_DUTIES.map((d) => d.id));
  const versions = await db.prisma.profileVersion.findMany({ select: { yaml: true, sha256: true }, orderBy: { version: 'desc' }, take: 50 });
  const read = new Set<string>();
  for (const { yaml, sha256 } of versions) {
    if (read.has(sha256)) continue;
    read.add(sha256);
    try {
      const duties = ((readTidyYaml(yaml) ?? parseYaml(yaml)) as { duties?: Array<{ id?: unknown }> } | null)?.duties;
      if (Array.isArray(duties)) for (const d of duties) if (d && typeof d.id === 'string') ids.add(d.id);
    } catch {
      // a stored version that no longer parses names no duty
    }
  }
  return [...ids];
}
