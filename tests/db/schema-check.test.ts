// Commands other than `anwei start` and `npm run db:migrate` do not migrate: they open the database only
// when every migration of the project is applied, and otherwise say what to run — never creating or
// changing the database themselves.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SchemaBehindError, migrateDatabase, openDatabase, openMigratedDatabase } from '../../prisma/client.ts';
import { PROVIDERS, migrateAllButNewest, testDatabase, testPostgresAdminUrl } from '../support/databases.ts';

async function refusal(url: string): Promise<SchemaBehindError> {
  const error: unknown = await openMigratedDatabase(url).then(
    async (db) => {
      await db.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SchemaBehindError);
  return error as SchemaBehindError;
}

describe.each(PROVIDERS)('opening the database on %s without migrating it', (provider) => {
  it('opens a database with every migration of the project applied', async () => {
    const { url } = await testDatabase(provider);
    await migrateDatabase(url);
    const db = await openMigratedDatabase(url);
    try {
      expect(await db.prisma.hazard.count()).toBe(0);
    } finally {
      await db.close();
    }
  });

  it('refuses a database an older anwei migrated, naming the migration it lacks; once migrated it opens', async () => {
    const { url } = await testDatabase(provider);
    const newest = await migrateAllButNewest(provider, url);
    const error = await refusal(url);
    expect(error.message).toBe(
      `数据库结构不是最新（${provider === 'sqlite' ? `SQLite 数据库文件 ${fileURLToPath(url)}` : `PostgreSQL ${url}`}，缺少迁移 ${newest}）：` +
        '请先运行 npm start（启动时自动迁移），或 npm run db:migrate。',
    );
    expect(await migrateDatabase(url)).toEqual([newest]);
    await (await openMigratedDatabase(url)).close();
  });

  it('refuses an empty database, naming every migration, and leaves it empty', async () => {
    const { url } = await testDatabase(provider);
    // SQLite: the file exists but holds nothing (as a database someone created by hand).
    if (provider === 'sqlite') await (await openDatabase(url)).close();
    expect((await refusal(url)).message).toMatch(/^数据库结构不是最新（.*，缺少迁移 \d{14}_init、\d{14}_duty_tasks、/);
    const db = await openDatabase(url);
    try {
      const tables =
        provider === 'sqlite'
          ? "SELECT name FROM sqlite_master WHERE type = 'table'"
          : "SELECT tablename FROM pg_tables WHERE schemaname = 'public'";
      expect(await db.prisma.$queryRawUnsafe(tables)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});

describe('a database that does not exist yet', () => {
  it('SQLite: is refused with what to run, and no file or folder is created', async () => {
    const { url } = await testDatabase('sqlite');
    const missing = `${url.replace(/anwei\.db$/, '')}new/anwei.db`;
    expect((await refusal(missing)).message).toBe(
      `数据库尚未建立（SQLite 数据库文件 ${fileURLToPath(missing)}）：请先运行 npm start（启动引擎，同时建立数据库、载入档案），` +
        '或只建立数据库：npm run db:migrate。设置了 DATABASE_URL 或 ANWEI_DATA_DIR 时，运行这两个命令也要设同样的值。',
    );
    expect(existsSync(fileURLToPath(missing))).toBe(false);
    expect(existsSync(fileURLToPath(new URL('.', missing)))).toBe(false);
  });

  it('PostgreSQL: is refused with what to run, the password never shown', async () => {
    const url = new URL(testPostgresAdminUrl());
    url.pathname = '/anwei_never_created';
    url.password = 's3cret';
    const error = await refusal(url.toString());
    expect(error.message).toMatch(/^数据库尚未建立（PostgreSQL postgres(ql)?:\/\/.*anwei_never_created）：请先运行 npm start/);
    expect(error.message).not.toContain('s3cret');
  });
});
