// What the history recorders share (scripts/record-histories.ts for hazards,
// tests/replay/record-task-histories.ts for duty tasks and campaigns): each recording runs in its own
// session — a scratch SQLite database with a town loaded, Temporal's time-skipping server, the real
// worker (workflow bundle + activities) and a capture mail transport — and the recorded workflow's
// history, once it has been checked to replay against the current workflow code, is written to
// tests/replay/histories/<name>.json (Temporal's JSON history format, scripts/history-json.ts).

import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createMailTransport } from '../activities/mail/transport.ts';
import { loadProfile } from '../client/profile-loader.ts';
import { notifyTownChanged } from '../client/town-changed.ts';
import { createTimeSkippingEnvironment } from '../client/temporal.ts';
import { parseInstant } from '../domain/time.ts';
import { migrateDatabase, openDatabase, type Database } from '../prisma/client.ts';
import { buildWorkflowBundle, defaultBundlePath } from '../worker/bundle.ts';
import { createEngineWorker, quietTemporalLogs } from '../worker/index.ts';
import { projectPath } from '../worker/paths.ts';
import { historyToJSONText } from './history-json.ts';

const OUT_DIR = projectPath('tests', 'replay', 'histories');
const MAIL_FROM = 'anwei-record@town.example';

/** `2030-09-02T10:00` in Shanghai time. */
export const at = (when: string): number => parseInstant(`${when}:00+08:00`)!;

/** The engine one recording runs on. */
export interface Session {
  db: Database;
  env: TestWorkflowEnvironment;
  taskQueue: string;
  /** The real worker on `taskQueue`, not yet running: the recording runs inside `worker.runUntil`. */
  worker: Worker;
  /** The workflow being recorded. */
  handle: WorkflowHandle;
  /** Loads a changed profile at the simulated present and tells the running workflows (townChanged). */
  reload(profileText: string): Promise<void>;
}

/** What a recording did, for the line printed about it. */
export interface Recorded {
  /** How many notices it sent. */
  notices: number;
  /** How the workflow ended. */
  outcome: string;
  /** The run to write, when not the workflow's latest (one run of a workflow that continues as new). */
  run?: WorkflowHandle;
}

/**
 * Runs one recording in a fresh session: `town` is loaded at `start` (Shanghai time), then `drive` runs
 * the life cycle and checks what it sent. Returns the workflow's history as JSON text, once it has been
 * checked to replay against the current workflow bundle, and a line about the recording.
 */
export async function recordHistory(
  setup: { town: string; start: string; workflowId: string },
  drive: (session: Session) => Promise<Recorded>,
): Promise<{ json: string; summary: string }> {
  const scratch = mkdtempSync(join(tmpdir(), 'anwei-record-'));
  const url = pathToFileURL(join(scratch, 'anwei.db')).href;
  let db: Database | undefined;
  let env: TestWorkflowEnvironment | undefined;
  try {
    await migrateDatabase(url);
    db = await openDatabase(url);
    const theDb = db;
    await loadProfile(db, { text: setup.town, file: 'town.yaml', source: 'record', at: new Date(at(setup.start)) });
    env = await createTimeSkippingEnvironment();
    const theEnv = env;
    const taskQueue = `record-${randomUUID()}`;
    const worker = await createEngineWorker({
      connection: env.nativeConnection,
      taskQueue,
      db,
      mail: createMailTransport({ type: 'capture', from: MAIL_FROM }),
      mailFrom: MAIL_FROM,
      timeSkipping: true,
    });
    const handle = env.client.workflow.getHandle(setup.workflowId);
    const { notices, outcome, run } = await drive({
      db,
      env,
      taskQueue,
      worker,
      handle,
      async reload(profileText) {
        await loadProfile(theDb, { text: profileText, file: 'town.yaml', source: 'record', at: new Date(await theEnv.currentTimeMs()) });
        await notifyTownChanged(theDb, theEnv.client);
      },
    });
    const history = await (run ?? handle).fetchHistory();
    // Check it replays before writing it: a recording that does not replay is no use to the test.
    await Worker.runReplayHistory({ workflowBundle: { codePath: defaultBundlePath() } }, history, handle.workflowId);
    return { json: historyToJSONText(history), summary: `${history.events?.length ?? 0} events, ${notices} notices, ${outcome}` };
  } finally {
    await env?.teardown();
    await db?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Records each of `chosen` with `record` and writes its history to tests/replay/histories/<name>.json,
 * printing a line about each. The workflow bundle is rebuilt first when workflows/ or domain/ changed,
 * so the histories come from the workflow code as it is now.
 */
export async function writeHistories<R extends { name: string }>(
  chosen: readonly R[],
  record: (recording: R) => Promise<{ json: string; summary: string }>,
): Promise<void> {
  // ERROR: a recording that fails on purpose (refused-report) should not print the SDK's warning.
  quietTemporalLogs('ERROR');
  await buildWorkflowBundle();
  mkdirSync(OUT_DIR, { recursive: true });
  for (const recording of chosen) {
    const started = Date.now();
    const { json, summary } = await record(recording);
    const file = join(OUT_DIR, `${recording.name}.json`);
    writeFileSync(file, json);
    console.log(`${recording.name}: ${summary}, ${((Date.now() - started) / 1000).toFixed(1)} s → ${file.slice(projectPath().length + 1)}`);
  }
}
