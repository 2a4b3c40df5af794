// `anwei <args>` as the office types it, run in this process (client/cli.ts's main) against an engine
// of engine.ts: what it printed to stdout and stderr, and its exit code. For running the real command
// in its own process, see tests/cli/support.ts.

import { main } from '../../client/cli.ts';
import type { Engine } from './engine.ts';

/**
 * Runs `anwei <args>` against the engine; returns the exit code and what it printed. Points
 * DATABASE_URL, TEMPORAL_ADDRESS and ANWEI_TASK_QUEUE at the engine and leaves them set: the calling
 * test file restores them after each test.
 */
export async function anwei(engine: Engine, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  process.env.DATABASE_URL = engine.databaseUrl;
  process.env.TEMPORAL_ADDRESS = engine.env.address;
  process.env.ANWEI_TASK_QUEUE = engine.gateway.taskQueue;
  return runCli(...args);
}

/** Runs `anwei <args>` in this process as it stands (no engine needed); returns the exit code and what it printed. */
export async function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const write = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  try {
    const code = await main(['node', 'anwei', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}
