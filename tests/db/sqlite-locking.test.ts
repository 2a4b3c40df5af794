// The engine and the CLI are two processes writing one SQLite file. A write that meets the other
// process's lock waits for it (busy_timeout) on both connections a process keeps (queries, transactions),
// and a transaction that reads before it writes takes the write lock up front. One process's transactions
// run on one connection, used again, with the statements it prepared kept.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../prisma/client.ts';
import { testDatabase } from '../support/databases.ts';

const libsqlPath = createRequire(import.meta.url).resolve('libsql');

let open: Database | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

/** Another process takes the write lock on the file and holds it for `ms`; resolves once it holds it. */
async function holdWriteLock(path: string, ms: number): Promise<{ released: Promise<void> }> {
  const script = `
    const Database = require(${JSON.stringify(libsqlPath)});
    const db = new Database(${JSON.stringify(path)});
    db.exec('BEGIN IMMEDIATE');
    db.exec("INSERT INTO AuditLog (at, action) VALUES (0, 'other process')");
    process.stdout.write('locked\\n');
    setTimeout(() => { db.exec('COMMIT'); process.exit(0); }, ${ms});
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const released = new Promise<void>((resolve, reject) =>
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lock holder exited ${code}`)))),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.on('exit', () => reject(new Error('lock holder ended before it held the lock')));
  });
  return { released };
}

describe('SQLite shared by two processes', () => {
  it('waits for the other process’s lock after earlier transactions, instead of failing with SQLITE_BUSY', async () => {
    const { url } = await testDatabase('sqlite');
    const path = decodeURIComponent(new URL(url).pathname);
    await migrateDatabase(url);
    open = await openDatabase(url);
    const { prisma } = open;
    // Two transactions: libsql now writes through a connection opened after the first one.
    for (const action of ['first', 'second']) await prisma.$transaction([prisma.auditLog.create({ data: { at: new Date(), action } })]);
    const [timeout] = await prisma.$queryRawUnsafe<{ timeout: number | bigint }[]>('PRAGMA busy_timeout');
    expect(Number(timeout!.timeout)).toBe(5000);

    const lock = await holdWriteLock(path, 800);
    const started = performance.now();
    // Reads, then writes: must take the write lock up front and wait for it.
    await prisma.$transaction(async (tx) => {
      const count = await tx.auditLog.count();
      await tx.auditLog.create({ data: { at: new Date(), action: `after ${count}` } });
    });
    const waited = performance.now() - started;
    await lock.released;
    expect(waited).toBeGreaterThan(500);
    expect((await prisma.auditLog.findMany({ orderBy: { id: 'asc' } })).map((r) => r.action)).toEqual(['first', 'second', 'other process', 'after 3']);

    // A plain write on the connection opened after that transaction waits too.
    const again = await holdWriteLock(path, 500);
    await prisma.auditLog.create({ data: { at: new Date(), action: 'plain' } });
    await again.released;
    expect(await prisma.auditLog.count()).toBe(6);
  });

  it('switches a newly migrated file to WAL while another process holds its write lock, waiting for it', async () => {
    // The migrator leaves the file in rollback-journal mode; commands started together on it each switch it.
    // The switch asks for the write lock from inside a read, where SQLite does not wait (busy_timeout).
    const { url } = await testDatabase('sqlite');
    const path = decodeURIComponent(new URL(url).pathname);
    await migrateDatabase(url);
    const lock = await holdWriteLock(path, 800);
    const started = performance.now();
    open = await openDatabase(url);
    const waited = performance.now() - started;
    await lock.released;
    expect(waited).toBeGreaterThan(500);
    const [mode] = await open.prisma.$queryRawUnsafe<{ journal_mode: string }[]>('PRAGMA journal_mode');
    expect(mode!.journal_mode).toBe('wal');
    expect((await open.prisma.auditLog.findMany()).map((r) => r.action)).toEqual(['other process']);
  });

  it('commits the next transaction after one gave up waiting for the other process’s lock, and then lets go of the lock', async () => {
    const { url } = await testDatabase('sqlite');
    const path = decodeURIComponent(new URL(url).pathname);
    await migrateDatabase(url);
    open = await openDatabase(url);
    const { prisma } = open;
    const write = (action: string) => prisma.$transaction(async (tx) => tx.auditLog.create({ data: { at: new Date(), action } }));

    const lock = await holdWriteLock(path, 6000); // longer than busy_timeout
    await expect(write('gave up')).rejects.toThrow();
    await lock.released;
    await write('next');
    const other = await holdWriteLock(path, 10);
    await other.released;
    expect((await prisma.auditLog.findMany({ orderBy: { id: 'asc' } })).map((r) => r.action)).toEqual(['other process', 'next', 'other process']);
  }, 30_000);
});

describe('SQLite connections of one process', () => {
  it('runs every transaction on the one transaction connection, and keeps its queries out of them', async () => {
    const { url } = await testDatabase('sqlite');
    await migrateDatabase(url);
    open = await openDatabase(url);
    const { prisma } = open;
    // A temporary table lives on the connection that made it: a later transaction sees it only on that connection.
    await prisma.$transaction(async (tx) => tx.$executeRawUnsafe('CREATE TEMP TABLE seen (n INTEGER)'));
    for (const n of [1, 2, 3]) await prisma.$transaction(async (tx) => tx.$executeRawUnsafe('INSERT INTO seen (n) VALUES (?)', n));
    const [count] = await prisma.$transaction(async (tx) => tx.$queryRawUnsafe<{ c: number | bigint }[]>('SELECT count(*) AS c FROM seen'));
    expect(Number(count!.c)).toBe(3);
    // The query connection is another one: it has no such table.
    await expect(prisma.$queryRawUnsafe('SELECT count(*) FROM seen')).rejects.toThrow(/no such table/);

    // A query asked for while a transaction is open runs after it, and sees it committed or rolled back.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const writing = prisma.$transaction(async (tx) => {
      await tx.auditLog.create({ data: { at: new Date(), action: 'inside' } });
      await held;
      throw new Error('rolled back');
    });
    const reading = prisma.auditLog.count();
    release();
    await expect(writing).rejects.toThrow('rolled back');
    expect(await reading).toBe(0);
  });

  it('runs a kept statement again after it failed, inside a transaction and outside', async () => {
    const { url } = await testDatabase('sqlite');
    await migrateDatabase(url);
    open = await openDatabase(url);
    const { prisma } = open;
    const person = (id: string) => ({ id, name: id, role: 'inspector', email: `${id}@town.example` });
    await prisma.person.create({ data: person('a') });
    await expect(prisma.person.create({ data: person('a') })).rejects.toMatchObject({ code: 'P2002' });
    await prisma.person.create({ data: person('b') });
    await expect(prisma.$transaction(async (tx) => tx.person.create({ data: person('b') }))).rejects.toMatchObject({ code: 'P2002' });
    await prisma.$transaction(async (tx) => tx.person.create({ data: person('c') }));
    expect((await prisma.person.findMany({ orderBy: { id: 'asc' } })).map((p) => p.id)).toEqual(['a', 'b', 'c']);
  });
});
