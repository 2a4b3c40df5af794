// What the commands of every noun share: printing, reading a file the office names, and the database
// or the engine for the length of one command.

import { readFileSync } from 'node:fs';
import { databaseUrlFromEnv, openDatabase, type Database } from '../prisma/client.ts';
import { UserInputError } from './errors.ts';
import type { HazardGateway } from './hazards.ts';
import { dataDir, migrateWithRetry } from './start.ts';
import { DEFAULT_TASK_QUEUE, connectClient } from './temporal.ts';

export const out = (text: string) => process.stdout.write(`${text}\n`);
export const json = (value: unknown) => out(JSON.stringify(value, null, 2));

export async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const url = databaseUrlFromEnv(process.env, dataDir());
  await migrateWithRetry(url);
  const db = await openDatabase(url);
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
    throw new UserInputError([`无法读取${what} ${file}（文件不存在或无权读取）`]);
  }
}
