// What the commands of every noun share: printing, reading a file the office names, and the database
// or the engine for the length of one command. The database and Temporal modules are loaded by the
// command that uses them, not by the program: `anwei --help` loads neither.

import { readFileSync } from 'node:fs';
import { cliText } from '../domain/text/cli.ts';
import type { Database } from '../prisma/client.ts';
import { UserInputError } from './errors.ts';
import type { Client } from '@temporalio/client';
import type { Command } from 'commander';
import type { Gateway } from './act.ts';

export const out = (text: string) => process.stdout.write(`${text}\n`);
export const json = (value: unknown) => out(JSON.stringify(value, null, 2));

/**
 * Runs `fn` on the database, which must be migrated already: only `anwei start` and `npm run db:migrate`
 * migrate it; a database that is behind (or not there yet) is refused, saying which of them to run.
 */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const { databaseUrl } = await databaseSetting();
  const { openMigratedDatabase } = await import('../prisma/client.ts');
  const db = await openMigratedDatabase(databaseUrl);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** The database the settings name, and how a message shows it (the SQLite file, or DATABASE_URL without its password). */
async function databaseSetting(env: NodeJS.ProcessEnv = process.env): Promise<{ databaseUrl: string; shown: string }> {
  const [{ databaseUrlFromEnv, redactDatabaseUrl }, { dataDir }, { join }] = await Promise.all([import('../prisma/client.ts'), import('../worker/paths.ts'), import('node:path')]);
  const databaseUrl = databaseUrlFromEnv(env, dataDir(env));
  return { databaseUrl, shown: env.DATABASE_URL?.trim() ? redactDatabaseUrl(databaseUrl) : join(dataDir(env), 'anwei.db') };
}

/**
 * A client for the engine, once its Temporal is known to work for this database (client/engine-marker.ts):
 * a command whose database and Temporal belong to different engines is refused (exit 2) before it acts.
 */
export async function connectEngine(db: Database): Promise<Client> {
  const [{ connectClient, temporalTargetFromEnv }, { assertSameEngine }] = await Promise.all([import('./temporal.ts'), import('./engine-marker.ts')]);
  const target = temporalTargetFromEnv();
  const client = await connectClient(target);
  try {
    await assertSameEngine(db, client, { database: (await databaseSetting()).shown, temporal: target.address, env: process.env });
    return client;
  } catch (error) {
    await client.connection.close();
    throw error;
  }
}

/**
 * Runs `fn` against the engine. `check` runs first, on the database alone: bad input is named (exit 2)
 * whether the engine is running or not.
 */
export async function withEngine<C, T>(check: (db: Database) => Promise<C>, fn: (g: Gateway & { client: Client }, checked: C) => Promise<T>): Promise<T> {
  return withDatabase(async (db) => {
    const checked = await check(db);
    const { DEFAULT_TASK_QUEUE } = await import('./temporal.ts');
    const client = await connectEngine(db);
    try {
      return await fn({ client, db, taskQueue: process.env.ANWEI_TASK_QUEUE || DEFAULT_TASK_QUEUE }, checked);
    } finally {
      await client.connection.close();
    }
  });
}

/**
 * Runs `fn` with a gateway to the engine that connects when first asked (client/act.ts checks the input on
 * the database first: bad input is named, exit 2, whether the engine is running or not).
 */
export async function withGateway<T>(fn: (g: Gateway) => Promise<T>): Promise<T> {
  return withDatabase(async (db) => {
    const { DEFAULT_TASK_QUEUE } = await import('./temporal.ts');
    let connected: Promise<Client> | undefined;
    try {
      return await fn({ db, taskQueue: process.env.ANWEI_TASK_QUEUE || DEFAULT_TASK_QUEUE, client: () => (connected ??= connectEngine(db)) });
    } finally {
      const client = await connected?.catch(() => undefined);
      await client?.connection.close();
    }
  });
}

/** The option that sends a request again under the id an unclear failure named (client/act.ts). */
export const REQUEST_ID_OPTION = '--request-id <编号>';

/** How to send this very command again under a request's id: its own words, shell-quoted, with --request-id. */
export function retryCommand(requestId: string, argv: readonly string[] = process.argv.slice(2)): string {
  const quote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--request-id') i++;
    else if (!arg.startsWith('--request-id=')) words.push(quote(arg));
  }
  return ['npx', 'anwei', ...words, '--request-id', requestId].join(' ');
}

/** Columns a table may take when stdout is no terminal (a file, a pipe) and COLUMNS is not set. */
const DEFAULT_WIDTH = 100;

/** The width tables are fitted to: COLUMNS when set (as in most terminal tools), else the terminal's, else 100. */
export function terminalWidth(env: NodeJS.ProcessEnv = process.env, stdout: NodeJS.WriteStream = process.stdout): number {
  const columns = Number(env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return stdout.isTTY && stdout.columns > 0 ? stdout.columns : DEFAULT_WIDTH;
}

/** Prints a ledger's rows: as JSON with --json, else as the kind's table, fitted to the terminal unless --wide. */
export function printRows<R>(rows: R[], o: { json?: boolean; wide?: boolean }, table: (rows: R[], width: number) => string): void {
  if (o.json) json(rows);
  else out(table(rows, o.wide ? Infinity : terminalWidth()));
}

/**
 * `<noun> show <id>`: one hazard's or task's whole story, as text or with --json; an id the ledger does not
 * have is refused (exit 2). `load` brings the ledger reader and its printer when the command runs.
 */
export function addShowCommand<D>(
  noun: Command,
  text: { description: string; notFound: (id: string) => string; json: string },
  load: () => Promise<{ detail(db: Database, id: string): Promise<D | undefined>; print(detail: D): string }>,
): void {
  noun
    .command('show <id>')
    .description(text.description)
    .option('--json', text.json)
    .action(async (id: string, o: { json?: boolean }) => {
      const { detail, print } = await load();
      await withDatabase(async (db) => {
        const found = await detail(db, id);
        if (!found) throw new UserInputError([text.notFound(id)]);
        if (o.json) json(found);
        else out(print(found));
      });
    });
}

export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UserInputError([cliText.cannotRead(what, file)]);
  }
}
