// Drift between a schema and its migration history, and writing the migration that closes it: what
// `npm run db:check` and `npm run db:migrate` do, on temporary copies of prisma/sqlite/ and prisma/postgres/.

import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../prisma/client.ts';
import { deriveProviderSchema } from '../../prisma/derive.mjs';
import { checkDrift, createMigration, deployMigrations, migrationTimestamp } from '../../prisma/engine.ts';
import type { MigrationFiles, Provider } from '../../prisma/engine.ts';
import { PROVIDER_DIRS, migrationFiles, prismaDir } from '../../prisma/layout.ts';
import { PROVIDERS, testDatabase, testPostgresScratch } from '../support/databases.ts';

const postgres = testPostgresScratch();

/** A throwaway copy of one provider's schema and migrations, removed when the test finishes. */
function copyOfProvider(provider: Provider): MigrationFiles {
  const base = mkdtempSync(join(tmpdir(), 'anwei-drift-'));
  onTestFinished(() => rmSync(base, { recursive: true, force: true }));
  cpSync(join(prismaDir(), PROVIDER_DIRS[provider]), join(base, PROVIDER_DIRS[provider]), { recursive: true });
  return migrationFiles(provider, base);
}

/** The source schema with a new optional field on Person, derived for `provider`, written over the copy's schema. */
function addWechatToPerson(files: MigrationFiles): void {
  const source = readFileSync(join(prismaDir(), 'schema.prisma'), 'utf8');
  const changed = source.replace(/^model Person \{\n/m, '$&  wechat String?\n');
  expect(changed).not.toBe(source);
  writeFileSync(files.schemaPath, deriveProviderSchema(changed, files.provider));
}

describe.each(PROVIDERS)('drift on %s', (provider) => {
  it('finds none between the committed migrations and the committed schema', async () => {
    const started = performance.now();
    const report = await checkDrift(migrationFiles(provider), { postgres });
    console.info(`[timing] ${provider}: drift check ${(performance.now() - started).toFixed(0)} ms`);
    expect(report).toEqual({ inSync: true, summary: 'No difference detected.' });
  });

  it('is reported when the schema gains a field that no migration adds', async () => {
    const files = copyOfProvider(provider);
    addWechatToPerson(files);
    const report = await checkDrift(files, { postgres });
    expect(report.inSync).toBe(false);
    expect(report.summary).toContain('Changed the `Person` table');
    expect(report.summary).toContain('Added column `wechat`');
  });

  it('is closed by the migration createMigration writes, which then deploys on top of the existing history', async () => {
    const files = copyOfProvider(provider);
    const before = readdirSync(files.migrationsDir).sort();
    addWechatToPerson(files);

    const started = performance.now();
    const created = await createMigration(files, 'add_person_wechat', { postgres, timestamp: migrationTimestamp() });
    console.info(`[timing] ${provider}: create migration ${(performance.now() - started).toFixed(0)} ms`);
    expect(created?.name).toMatch(/^\d{14}_add_person_wechat$/);
    expect(created?.script).toMatch(/ALTER TABLE "Person" ADD COLUMN\s+"wechat" TEXT;/);
    expect(readdirSync(files.migrationsDir).sort()).toEqual([...before, created?.name].sort());
    expect(await checkDrift(files, { postgres })).toMatchObject({ inSync: true });
    expect(await createMigration(files, 'nothing_left', { postgres })).toBeUndefined();

    const { url } = await testDatabase(provider);
    const applied = await deployMigrations(files, url);
    expect(applied.at(-1)).toBe(created?.name);
    const db = await openDatabase(url);
    try {
      await db.prisma.$executeRawUnsafe(`INSERT INTO "Person" ("id", "name", "role", "email", "wechat", "updatedAt") VALUES ('p1', '张三', 'inspector', 'z@example.cn', 'zhangsan', CURRENT_TIMESTAMP)`);
      expect(await db.prisma.$queryRawUnsafe('SELECT "wechat" FROM "Person"')).toEqual([{ wechat: 'zhangsan' }]);
    } finally {
      await db.close();
    }
  });
});

describe('drift on postgresql with a SHADOW_DATABASE_URL', () => {
  it('replays migrations in that database (wiped first) instead of temporary ones', async () => {
    const shadow = await testDatabase('postgresql');
    const withShadow = { ...postgres, shadowUrl: shadow.url };
    const db = await openDatabase(shadow.url);
    try {
      // Whatever was there before is wiped.
      await db.prisma.$executeRawUnsafe('CREATE TABLE "Leftover" ("id" INTEGER)');
      expect(await checkDrift(migrationFiles('postgresql'), { postgres: withShadow })).toMatchObject({ inSync: true });

      const files = copyOfProvider('postgresql');
      addWechatToPerson(files);
      expect(await checkDrift(files, { postgres: withShadow })).toMatchObject({ inSync: false });
      const created = await createMigration(files, 'add_person_wechat', { postgres: withShadow });
      expect(created?.script).toMatch(/ADD COLUMN\s+"wechat"/);
      expect(await db.prisma.$queryRawUnsafe(`SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'Leftover'`)).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  });
});
