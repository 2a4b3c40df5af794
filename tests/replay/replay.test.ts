// Replay: every history recorded by scripts/record-histories.ts and record-task-histories.ts
// (tests/replay/histories/**/*.json: hazards, duty tasks, a duty, a campaign and one of its tasks) must
// replay against the current workflow code without a determinism error — so a change to workflows/ or
// domain/ that would break hazards already running in production fails here (docs/versioning.md).
// A deliberately altered workflow (broken-workflows.ts) shows the check does fail when it should.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorkflowBundle, defaultBundlePath } from '../../worker/bundle.ts';
import { quietTemporalLogs } from '../../worker/index.ts';
import { historyFromJSONText, workflowIdOf, type History } from '../../scripts/history-json.ts';

const dir = fileURLToPath(new URL('./histories/', import.meta.url));
// Sub-folders hold histories of older workflow code kept while such workflows may still be running.
const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.json')).sort();

/**
 * The life cycles the recorders write (scripts/record-histories.ts for hazards, record-task-histories.ts
 * beside this file for duty tasks and campaigns); a missing one means a history was deleted or never recorded.
 */
const EXPECTED = [
  'general-extension-denied',
  'general-lifecycle',
  'major-extension-approved',
  'refused-report',
  'town-reloaded',
  'task-meeting-rescheduled-cancelled',
  'task-overdue-completed-late',
  'task-rescheduled-completed',
  'campaign-closed-by-hand',
  'campaign-task-prepared-completed',
  'task-prepared-by-duty',
  'duty-calendar-unconfirmed',
];

function load(file: string): { name: string; history: History; workflowId: string } {
  const history = historyFromJSONText(readFileSync(`${dir}${file}`, 'utf8'));
  return { name: file.replace(/\.json$/, ''), history, workflowId: workflowIdOf(history) };
}

beforeAll(async () => {
  quietTemporalLogs('ERROR');
  // The global set-up built it already; this only rebuilds when workflows/ or domain/ changed since.
  await buildWorkflowBundle();
});

describe('recorded hazard and task histories', () => {
  it('include every life cycle the recorder writes', () => {
    for (const name of EXPECTED) expect(files).toContain(`${name}.json`);
  });

  it('replay against the current workflow bundle', async () => {
    const histories = files.map(load);
    const results: Array<{ workflowId: string; error?: Error }> = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath: defaultBundlePath() } }, histories)) {
      results.push(result);
    }
    expect(results.map((r) => r.workflowId)).toEqual(histories.map((h) => h.workflowId));
    const failures = results.flatMap((r, i) => (r.error ? [`${histories[i]!.name}: ${r.error.name}: ${r.error.message}`] : []));
    expect(failures).toEqual([]);
  });

  it('fail to replay against a workflow that schedules a timer first', async () => {
    const { history, workflowId } = load('general-lifecycle.json');
    const replay = Worker.runReplayHistory(
      { workflowsPath: fileURLToPath(new URL('./broken-workflows.ts', import.meta.url)) },
      history,
      workflowId,
    );
    await expect(replay).rejects.toBeInstanceOf(DeterminismViolationError);
    await expect(replay).rejects.toThrow(/nondeterminism/i);
  }, 120_000);
});
