// Deploying the committed migrations with the WebAssembly schema engine, as `prisma migrate deploy` would.

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../prisma/client.ts';
import { schemaEngineVersion } from '../../prisma/engine.ts';
import { migrationFiles, prismaDir } from '../../prisma/layout.ts';
import { PROVIDERS, testDatabase } from '../support/databases.ts';

function committedMigrations(provider: (typeof PROVIDERS)[number]): string[] {
  const { migrationsDir } = migrationFiles(provider);
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

it('drives the schema engine build the installed Prisma CLI was released with', () => {
  // The engine's API is internal and unversioned: an upgrade of one package without the other must fail here.
  const enginesPackage = join(prismaDir(), '..', 'node_modules', '@prisma', 'engines-version', 'package.json');
  const expected = (JSON.parse(readFileSync(enginesPackage, 'utf8')) as { prisma: { enginesVersion: string } }).prisma.enginesVersion;
  expect(schemaEngineVersion()).toBe(expected);
});

describe.each(PROVIDERS)('migrations on %s', (provider) => {
  it('apply in full to an empty database, and a second run applies nothing', async () => {
    const { url } = await testDatabase(provider);
    const lines: string[] = [];

    const started = performance.now();
    const applied = await migrateDatabase(url, (line) => lines.push(line));
    const firstRun = performance.now() - started;
    expect(applied).toEqual(committedMigrations(provider));
    expect(applied[0]).toMatch(/^\d{14}_init$/);
    expect(lines.at(-1)).toMatch(/^共应用 \d+ 个迁移/);

    const again = performance.now();
    expect(await migrateDatabase(url, (line) => lines.push(line))).toEqual([]);
    const secondRun = performance.now() - again;
    expect(lines.at(-1)).toMatch(/^数据库结构已是最新/);
    console.info(`[timing] ${provider}: deploy on empty database ${firstRun.toFixed(0)} ms, re-run ${secondRun.toFixed(0)} ms`);
  });

  it('migrates one new database from several callers at once: all succeed, each migration applied and recorded once', async () => {
    const { url } = await testDatabase(provider);
    // As the first `npm start` and commands in other terminals do on a new data folder.
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => migrateDatabase(url)));
    expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(Array(6).fill('ok'));
    expect(results.flatMap((r) => (r.status === 'fulfilled' ? r.value : [])).sort()).toEqual(committedMigrations(provider));
    const db = await openDatabase(url);
    try {
      const rows = await db.prisma.$queryRawUnsafe<Array<{ migration_name: string; finished_at: unknown }>>('SELECT migration_name, finished_at FROM _prisma_migrations');
      expect(rows.map((r) => r.migration_name).sort()).toEqual(committedMigrations(provider));
      for (const row of rows) expect(row.finished_at).not.toBeNull();
    } finally {
      await db.close();
    }
  });

  it('records each migration the way the Prisma CLI does, so `prisma migrate deploy` can take over', async () => {
    const { url } = await testDatabase(provider);
    await migrateDatabase(url);
    const db = await openDatabase(url);
    try {
      const rows = await db.prisma.$queryRawUnsafe<Array<{ migration_name: string; checksum: string; finished_at: unknown }>>(
        'SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name',
      );
      const { migrationsDir } = migrationFiles(provider);
      expect(rows.map((r) => r.migration_name)).toEqual(committedMigrations(provider));
      for (const row of rows) {
        const script = readFileSync(join(migrationsDir, row.migration_name, 'migration.sql'));
        expect(row.checksum).toBe(createHash('sha256').update(script).digest('hex'));
        expect(row.finished_at).not.toBeNull();
      }
    } finally {
      await db.close();
    }
  });
});
