// A fresh database per test, on either provider: a SQLite file in a temporary folder, or a PostgreSQL
// database created on the test server (ANWEI_TEST_PG_URL, default the local one) and always dropped.

import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { deployMigrations, type PostgresScratch, type Provider } from '../../prisma/engine.ts';
import { migrationFiles, migrationNames } from '../../prisma/layout.ts';

export const PROVIDERS: readonly Provider[] = ['sqlite', 'postgresql'];

const DEFAULT_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const START_HINT = 'pg_ctlcluster --skip-systemctl-redirect 15 main start';

/** The server tests make their PostgreSQL databases on: a role that may CREATE DATABASE. */
export function testPostgresAdminUrl(): string {
  return process.env.ANWEI_TEST_PG_URL?.trim() || DEFAULT_ADMIN_URL;
}

/** What the schema engine needs to write and drift-check PostgreSQL migrations in tests. */
export function testPostgresScratch(): PostgresScratch {
  return { adminUrl: testPostgresAdminUrl() };
}

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const adminUrl = testPostgresAdminUrl();
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (error) {
    const host = new URL(adminUrl).host || 'local socket';
    throw new Error(
      `PostgreSQL tests need a server at ${host} (ANWEI_TEST_PG_URL overrides it), and none answered: ` +
        `${error instanceof Error ? error.message : String(error)}. Start the local one with: ${START_HINT}`,
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export interface TestDatabase {
  provider: Provider;
  url: string;
  /** Removes the database; also run automatically when the test finishes, passed or failed. */
  drop(): Promise<void>;
}

/** A new empty database for the running test, removed when the test finishes, however it ends. */
export async function testDatabase(provider: Provider): Promise<TestDatabase> {
  const database = provider === 'sqlite' ? sqliteDatabase() : await postgresDatabase();
  onTestFinished(() => database.drop());
  return database;
}

function sqliteDatabase(): TestDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'anwei-test-'));
  return {
    provider: 'sqlite',
    url: pathToFileURL(join(dir, 'anwei.db')).href,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresDatabase(): Promise<TestDatabase> {
  const name = `anwei_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(testPostgresAdminUrl());
  url.pathname = `/${name}`;
  let dropped: Promise<void> | undefined;
  return {
    provider: 'postgresql',
    url: url.toString(),
    // FORCE: a test that failed half-way may leave connections open.
    drop: () => (dropped ??= withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {})),
  };
}

/**
 * Applies every migration of the project but the newest, as an older anwei left its database; returns the
 * newest's name. The migrations are deployed from a copy of the folder without it.
 */
export async function migrateAllButNewest(provider: Provider, url: string): Promise<string> {
  const files = migrationFiles(provider);
  const newest = migrationNames(files.migrationsDir).at(-1)!;
  const older = mkdtempSync(join(tmpdir(), 'anwei-migrations-'));
  try {
    cpSync(files.migrationsDir, older, { recursive: true });
    rmSync(join(older, newest), { recursive: true });
    await deployMigrations({ ...files, migrationsDir: older }, url);
  } finally {
    rmSync(older, { recursive: true, force: true });
  }
  return newest;
}
