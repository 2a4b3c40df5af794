// DATABASE_URL: which database it names, what goes wrong with it, and that its secrets never show.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseUrlError, databaseUrlFromEnv, openDatabase, providerOf, redactDatabaseUrl } from '../../prisma/client.ts';

describe('DATABASE_URL', () => {
  it('defaults to anwei.db in the data folder, as an absolute file: URL', () => {
    expect(databaseUrlFromEnv({}, '/srv/anwei/data')).toBe('file:///srv/anwei/data/anwei.db');
    expect(databaseUrlFromEnv({ DATABASE_URL: '  ' }, '/srv/anwei/data')).toBe('file:///srv/anwei/data/anwei.db');
    expect(databaseUrlFromEnv({}, 'data')).toBe(`file://${join(process.cwd(), 'data', 'anwei.db')}`);
    expect(databaseUrlFromEnv({}, '/srv/安委会 数据')).toBe('file:///srv/%E5%AE%89%E5%A7%94%E4%BC%9A%20%E6%95%B0%E6%8D%AE/anwei.db');
  });

  it('is taken as given when set', () => {
    const url = 'postgresql://anwei:s3cret@db.town.gov.cn:5432/anwei';
    expect(databaseUrlFromEnv({ DATABASE_URL: url }, '/srv/anwei/data')).toBe(url);
    expect(providerOf(url)).toBe('postgresql');
    expect(providerOf('postgres://anwei@localhost/anwei?schema=public')).toBe('postgresql');
    expect(providerOf('file:./data/anwei.db')).toBe('sqlite');
  });

  it.each([
    ['mysql://root:hunter2@localhost/anwei', /DATABASE_URL 无法识别：以 “mysql:” 开头/],
    ['anwei.db', /DATABASE_URL 格式不正确/],
    ['postgresql://anwei:hunter2@db.town.gov.cn:5432', /DATABASE_URL 未写数据库名/],
    ['postgresql://anwei:hunter2@db.town.gov.cn:5432/anwei?schema=town', /schema=town 不受支持/],
    ['postgresql://anwei:hunter2@[db/anwei', /DATABASE_URL 格式不正确（PostgreSQL）/],
    ['file:', /未写 SQLite 数据库文件的路径/],
    ['file://server/share/anwei.db', /DATABASE_URL 格式不正确（SQLite）/],
  ])('%s is refused with a message naming DATABASE_URL and not the password', async (url, message) => {
    expect(() => databaseUrlFromEnv({ DATABASE_URL: url }, '/data')).toThrow(message);
    const refused = await openDatabase(url).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(DatabaseUrlError);
    expect((refused as Error).message).not.toContain('hunter2');
  });

  it('is shown with its password and secret parameters hidden', () => {
    expect(redactDatabaseUrl('postgresql://anwei:s3cret@db.town.gov.cn:5432/anwei')).toBe('postgresql://anwei:***@db.town.gov.cn:5432/anwei');
    expect(redactDatabaseUrl('postgres://anwei:p%40ss@db/anwei?sslmode=require&password=x')).toBe(
      'postgres://anwei:***@db/anwei?sslmode=require&password=***',
    );
    expect(redactDatabaseUrl('postgresql://postgres@127.0.0.1:5432/anwei')).toBe('postgresql://postgres@127.0.0.1:5432/anwei');
    expect(redactDatabaseUrl('file:./data/anwei.db')).toBe('file:./data/anwei.db');
    expect(redactDatabaseUrl('postgresql://anwei:s3cret@[bad/anwei')).toBe('postgresql://（无法解析，已隐藏）');
  });
});
