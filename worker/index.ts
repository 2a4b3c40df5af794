// The engine's worker: the workflow bundle plus activities bound to a database and a mail transport.
// `anwei start`, `anwei simulate` and the tests all build their worker here.

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
}

export async function createEngineWorker(options: EngineWorkerOptions): Promise<Worker> {
  const { connection, namespace, taskQueue, bundlePath, ...deps } = options;
  return Worker.create({
    connection,
    namespace: namespace ?? 'default',
    taskQueue,
    ...workflowSource(bundlePath),
    // The worker's own connection serves the startTask activity (the duty calendar starting task workflows).
    activities: createActivities({ ...deps, temporal: { client: new Client({ connection, namespace: namespace ?? 'default' }), taskQueue } }),
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
