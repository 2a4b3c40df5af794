// What the commands of every noun share: printing, reading a file the office names, and the database
// or the engine for the length of one command. The database and Temporal modules are loaded by the
// command that uses them, not by the program: `anwei --help` loads neither.

import { readFileSync } from 'node:fs';
import { cliText } from '../domain/text/cli.ts';
import type { Database } from '../prisma/client.ts';
import { UserInputError } from './errors.ts';
import type { HazardGateway } from './hazards.ts';

export const out = (text: string) => process.stdout.write(`${text}\n`);
export const json = (value: unknown) => out(JSON.stringify(value, null, 2));

/**
 * Runs `fn` on the database, which must be migrated already: only `anwei start` and `npm run db:migrate`
 * migrate it; a database that is behind (or not there yet) is refused, saying which of them to run.
 */
export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const [{ databaseUrlFromEnv, openMigratedDatabase }, { dataDir }] = await Promise.all([import('../prisma/client.ts'), import('../worker/paths.ts')]);
  const db = await openMigratedDatabase(databaseUrlFromEnv(process.env, dataDir()));
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * Runs `fn` against the engine. `check` runs first, on the database alone: bad input is named (exit 2)
 * whether the engine is running or not.
 */
export async function withEngine<C, T>(check: (db: Database) => Promise<C>, fn: (g: HazardGateway, checked: C) => Promise<T>): Promise<T> {
  return withDatabase(async (db) => {
    const checked = await check(db);
    const { DEFAULT_TASK_QUEUE, connectClient } = await import('./temporal.ts');
    const client = await connectClient();
    try {
      return await fn({ client, db, taskQueue: process.env.ANWEI_TASK_QUEUE || DEFAULT_TASK_QUEUE }, checked);
    } finally {
      await client.connection.close();
    }
  });
}

export function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UserInputError([cliText.cannotRead(what, file)]);
  }
}
