// The record of the Temporal dev server `anwei start` runs (a pid file in the data folder), so that the
// start after a crash (kill -9, a power cut of the terminal) finds the server the dead engine left
// behind, still holding the port and the database file, and stops it.

import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

export interface DevServerRecord {
  /** The dev server's process. */
  pid: number;
  /** The `anwei start` that spawned it: while that one runs, its server is in use, not left behind. */
  enginePid: number;
  port: number;
  uiPort: number;
  /** The database file the server keeps its data in (absolute). */
  dbFile: string;
}

export function writeDevServerRecord(file: string, record: DevServerRecord): void {
  // Whole or absent: a start that reads a half-written record must not act on it.
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record)}\n`);
  renameSync(`${file}.tmp`, file);
}

/** Removes the record if it still names `pid` (another start may have written its own since). */
export function removeDevServerRecord(file: string, pid: number): void {
  if (readDevServerRecord(file)?.pid === pid) rmSync(file, { force: true });
}

function readDevServerRecord(file: string): DevServerRecord | undefined {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8')) as Partial<DevServerRecord>;
    const ok = [r.pid, r.enginePid, r.port, r.uiPort].every((n) => Number.isInteger(n) && n! > 0) && typeof r.dbFile === 'string';
    return ok ? (r as DevServerRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** A process's arguments; undefined when it is gone, a zombie, or /proc cannot say (not Linux). */
function commandLine(pid: number): string[] | undefined {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    if (args.at(-1) === '') args.pop();
    return args.length ? args : undefined;
  } catch {
    return undefined;
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const ppid = /^PPid:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return ppid === undefined ? undefined : Number(ppid);
  } catch {
    return undefined;
  }
}

/**
 * Whether `pid` is `temporal server start-dev --db-filename <dbFile>`. A recorded pid alone proves
 * nothing: after a reboot or a long time it may belong to any other program.
 */
export function isDevServerOf(pid: number, dbFile: string): boolean {
  const args = commandLine(pid);
  if (!args || basename(args[0] ?? '') !== 'temporal') return false;
  const at = args.indexOf('start-dev');
  const db = args.indexOf('--db-filename');
  return at > 0 && args[at - 1] === 'server' && db > 0 && args[db + 1] === dbFile;
}

async function exitWithin(pid: number, dbFile: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (isDevServerOf(pid, dbFile)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone already
  }
}

/**
 * Stops the dev server a crashed engine left behind: the recorded process, still `temporal server
 * start-dev` on `dbFile`, whose engine is gone (its parent is no longer the recorded engine). SIGTERM,
 * then SIGKILL after 10 s, as a clean stop does. Returns its pid, or undefined when there was none.
 * Anything else — no record, a pid now used by another program, a server whose engine still runs — is
 * left alone: the port check that follows names it.
 */
export async function stopLeftoverDevServer(file: string, dbFile: string): Promise<number | undefined> {
  const record = readDevServerRecord(file);
  if (!record || record.dbFile !== dbFile || !isDevServerOf(record.pid, dbFile)) return undefined;
  if (parentOf(record.pid) === record.enginePid) return undefined;
  signal(record.pid, 'SIGTERM');
  if (!(await exitWithin(record.pid, dbFile, 10_000))) {
    signal(record.pid, 'SIGKILL');
    if (!(await exitWithin(record.pid, dbFile, 5_000))) {
      throw new Error(`上次未正常停止的 Temporal 开发服务器（进程 ${record.pid}）无法结束，请手动结束该进程后再启动。`);
    }
  }
  rmSync(file, { force: true });
  return record.pid;
}
