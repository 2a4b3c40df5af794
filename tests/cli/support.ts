// Running the real `anwei` command as people do: `node bin/anwei.js …` in the project folder, with
// its own data folder and only the settings a test gives (nothing inherited from the developer's shell);
// a data folder migrated as `anwei start` leaves it, for the commands that only use it.
// dist/ is brought up to date before every test run (tests/support/global-setup.ts runs scripts/setup.mjs).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';
import { databaseUrlFromEnv, migrateDatabase } from '../../prisma/client.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin', 'anwei.js');

/** Settings of the shell that must not leak into a test's run. */
const SETTINGS = /^(ANWEI_|TEMPORAL_|DATABASE_URL$|SMTP_URL$)/;

export function cleanEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !SETTINGS.test(k)));
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>;
  // `anwei start` serves the web on 8080 by default: tests running side by side each take any free port.
  return { ...base, ANWEI_WEB_PORT: '0', ...given };
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `anwei <args>` to its end. */
export function anwei(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 60_000): Promise<Run> {
  return runToEnd(process.execPath, [BIN, ...args], env, timeoutMs);
}

/** Runs `npm <args>` in the project folder to its end, as a developer does (`npm run db:migrate`). */
export function npm(args: string[], env: Record<string, string | undefined> = {}, timeoutMs = 120_000): Promise<Run> {
  return runToEnd('npm', args, env, timeoutMs);
}

function runToEnd(file: string, args: string[], env: Record<string, string | undefined>, timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${file} ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A fresh folder for the test, removed when it finishes. */
export function tempDir(prefix = 'anwei-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Migrates the database of a data folder (creating both), as `anwei start` or `npm run db:migrate` does
 * before any other command may use it.
 */
export async function migrateDataDir(dataDir: string): Promise<void> {
  await migrateDatabase(databaseUrlFromEnv({}, dataDir));
}

/** A long-running `anwei` (start): its output so far, a wait for a line, and a stop like Ctrl-C. */
export interface Running {
  child: ChildProcess;
  output(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Ctrl-C in a terminal: SIGINT to the whole process group. Resolves with the exit code. */
  interrupt(timeoutMs?: number): Promise<number | null>;
  exited: Promise<number | null>;
}

export function launch(args: string[], env: Record<string, string | undefined>): Running {
  // Its own process group, as a terminal gives it, so Ctrl-C reaches the dev server too.
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  const listeners = new Set<() => void>();
  const onData = (c: Buffer) => {
    out += c.toString();
    for (const l of listeners) l();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const l of listeners) l();
  });
  onTestFinished(async () => {
    if (done) return;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  });
  return {
    child,
    output: () => out,
    exited,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(out);
          if (m) {
            finish();
            resolve(m);
          } else if (done) {
            finish();
            reject(new Error(`anwei ${args.join(' ')} exited before printing ${pattern}:\n${out}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`anwei ${args.join(' ')} did not print ${pattern} in ${timeoutMs} ms:\n${out}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async interrupt(timeoutMs = 60_000) {
      process.kill(-child.pid!, 'SIGINT');
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Polls `probe` until it returns something truthy. */
export async function eventually<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Any character of Chinese text. */
export const CHINESE = /[\u4e00-\u9fff]/;
