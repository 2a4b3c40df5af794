// The engine's worker: the workflow bundle plus activities bound to a database and a mail transport.
// `anwei start`, `anwei simulate` and the tests all build their worker here.

import v8 from 'node:v8';
import { Client } from '@temporalio/client';
import { DefaultLogger, Runtime, Worker, makeTelemetryFilterString, type NativeConnection } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.ts';
import { workflowSource } from './bundle.ts';

export interface EngineWorkerOptions extends ActivityDeps {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  /** A pre-built workflow bundle; defaults to dist/workflow-bundle.js (or bundling from sources). */
  bundlePath?: string;
  /** Workflows kept in memory between their steps (DEFAULT_WORKFLOW_CACHE); the others replay their history when they wake. */
  maxCachedWorkflows?: number;
  /**
   * Whether the server is the time-skipping test server (`anwei simulate`, the tests): digest collectors then wait
   * for it to skip (DigestInput.skipping). Required, so that no caller on such a server forgets it.
   */
  timeSkipping: boolean;
}

/**
 * A town's tasks and hazards sleep for days between steps: keeping every one of them in memory
 * (the SDK's default sizes the cache by the heap, thousands) costs ~0.6 MB each — 3.5 GB for a
 * 5,293-enterprise campaign — and saves only a short replay when one wakes.
 */
export const DEFAULT_WORKFLOW_CACHE = 1000;

/**
 * How long a woken workflow's task may wait for this worker, which holds it in its cache, before the
 * server gives it to any worker of the queue (which must then replay its history). The SDK's 10 s is
 * shorter than a town's 09:00 takes to work through: thousands of tasks and hazards wake at once and
 * are taken at tens a second, so most waited past 10 s and were replayed once more for nothing. The cost:
 * after a worker dies, what was already queued for it waits up to this long before another takes it (an
 * office action on such a workflow too: 61.6 s in the two-worker kill test; docs/deploy.md).
 */
export const STICKY_WAIT = '60 seconds';

/**
 * How far V8 lets a heap grow past what survived its last full collection before it collects again, in percent
 * (V8's `--heap-growing-percent`). V8 otherwise picks the factor itself at each collection, by how fast it collects
 * (up to 300% here; 10–30% when its memory reducer finds the process idle); this flag replaces that choice in every
 * case. The engine allocates steadily — every step reads, renders and writes — and runs for months: with V8's choice
 * the main heap grew to 560 MB around 150–250 MB that survived, and the process to 1.3–1.4 GB over `bench:year`. At
 * 50% it stayed at about 1.0 GB, its wall time within 0–5% of before (docs/design.md "规模"; 20% saved little more and
 * cost 8%). An idle engine keeps a little more than V8's reducer would have: 13 MB for the demo town.
 */
export const HEAP_GROWING_PERCENT = 50;

/**
 * Sets HEAP_GROWING_PERCENT for this process, unless its own command line or NODE_OPTIONS already sets the flag (the
 * operator's choice wins). V8's flags are process-wide, so the workflow thread's heap, made with the worker, grows
 * by it too.
 */
export function setHeapGrowth(): void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg));
  if (!given) v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

export async function createEngineWorker(options: EngineWorkerOptions): Promise<Worker> {
  setHeapGrowth();
  const { connection, namespace, taskQueue, bundlePath, maxCachedWorkflows, timeSkipping, ...deps } = options;
  return Worker.create({
    connection,
    namespace: namespace ?? 'default',
    taskQueue,
    maxCachedWorkflows: maxCachedWorkflows ?? DEFAULT_WORKFLOW_CACHE,
    stickyQueueScheduleToStartTimeout: STICKY_WAIT,
    ...workflowSource(bundlePath),
    // The worker's own connection serves the startTask activity (the duty calendar starting task workflows).
    activities: createActivities({ ...deps, temporal: { client: new Client({ connection, namespace: namespace ?? 'default' }), taskQueue, timeSkipping } }),
  });
}

let quieted = false;

/**
 * Keeps the SDK's own logging to warnings and errors, for commands whose output people read.
 * Must run before the first connection or worker is created; later calls do nothing.
 */
export function quietTemporalLogs(level: 'WARN' | 'ERROR' = 'WARN'): void {
  if (quieted) return;
  quieted = true;
  try {
    Runtime.install({
      logger: new DefaultLogger(level),
      telemetryOptions: { logging: { forward: {}, filter: makeTelemetryFilterString({ core: level }) } },
    });
  } catch {
    // A runtime already exists (a test created it): keep it.
  }
}
