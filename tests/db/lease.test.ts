// The lease that keeps the reconciler and the robot dispatcher on one engine process at a time, on both
// databases: one holder of many that try at once, renewed by its holder only, taken by another once it lapsed
// or was released; a job runs only where the lease is held and moves when its holder stops renewing.

import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase, type Database } from '../../prisma/client.ts';
import { holderGone, releaseLease, runUnderLease, tryTakeLease, type HeldLease } from '../../worker/lease.ts';
import { PROVIDERS, testDatabase } from '../support/databases.ts';

const opened: Database[] = [];
const leases: HeldLease[] = [];
afterEach(async () => {
  for (const lease of leases.splice(0)) await lease.stop();
  for (const db of opened.splice(0)) await db.close();
});

async function database(provider: (typeof PROVIDERS)[number]): Promise<{ url: string; db: Database }> {
  const { url } = await testDatabase(provider);
  await migrateDatabase(url);
  const db = await openDatabase(url);
  opened.push(db);
  return { url, db };
}

const t0 = Date.parse('2027-03-01T01:00:00Z');
const waitFor = async (ok: () => boolean, ms = 10_000) => {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe.each(PROVIDERS)('the periodic jobs lease on %s', (provider) => {
  it('goes to exactly one of eight processes trying at once, each with its own connection', async () => {
    const { url } = await database(provider);
    const dbs = await Promise.all(Array.from({ length: 8 }, () => openDatabase(url)));
    opened.push(...dbs);
    const taken = await Promise.all(dbs.map((db, i) => tryTakeLease(db, 'reconciler', `p${i}`, t0)));
    expect(taken.filter(Boolean)).toHaveLength(1);
    const again = await Promise.all(dbs.map((db, i) => tryTakeLease(db, 'reconciler', `p${i}`, t0 + 1_000)));
    expect(again).toEqual(taken);
  });

  it('is renewed by its holder only, taken by another once it lapsed, and free at once when released', async () => {
    const { db } = await database(provider);
    expect(await tryTakeLease(db, 'robots', 'a', t0, 30_000)).toBe(true);
    expect(await tryTakeLease(db, 'robots', 'b', t0 + 10_000, 30_000)).toBe(false);
    expect(await tryTakeLease(db, 'robots', 'a', t0 + 10_000, 30_000)).toBe(true);
    // a renewed at +10 s: held until +40 s, not +30 s.
    expect(await tryTakeLease(db, 'robots', 'b', t0 + 35_000, 30_000)).toBe(false);
    expect(await tryTakeLease(db, 'robots', 'b', t0 + 40_001, 30_000)).toBe(true);
    expect(await tryTakeLease(db, 'robots', 'a', t0 + 41_000, 30_000)).toBe(false);
    // Another job's lease is another row.
    expect(await tryTakeLease(db, 'reconciler', 'a', t0 + 41_000, 30_000)).toBe(true);
    await releaseLease(db, 'robots', 'a'); // not a's: nothing happens
    expect(await tryTakeLease(db, 'robots', 'a', t0 + 42_000, 30_000)).toBe(false);
    await releaseLease(db, 'robots', 'b');
    expect(await tryTakeLease(db, 'robots', 'a', t0 + 42_000, 30_000)).toBe(true);
  });

  it('runs the job on one process; when that one stops renewing the other starts it, and a clean stop hands it over at once', async () => {
    const { url, db } = await database(provider);
    const other = await openDatabase(url);
    opened.push(other);
    const running = new Set<string>();
    const log: string[] = [];
    const under = (holder: string, on: Database) =>
      runUnderLease({
        db: on,
        name: 'reconciler',
        holder,
        ttlMs: 600,
        renewMs: 150,
        start: () => {
          running.add(holder);
          log.push(`start ${holder}`);
          return { stop: async () => void (running.delete(holder), log.push(`stop ${holder}`)) };
        },
      });
    const a = under('a', db);
    await a.first;
    const b = under('b', other);
    leases.push(b);
    await b.first;
    expect([...running]).toEqual(['a']);
    expect(a.held()).toBe(true);
    expect(b.held()).toBe(false);
    // Over several renewals it stays where it is.
    await new Promise((r) => setTimeout(r, 700));
    expect([...running]).toEqual(['a']);

    // a stops cleanly: the lease is released and b takes it at its next try, well before a lease would lapse.
    const stoppedAt = Date.now();
    await a.stop();
    await waitFor(() => running.has('b'));
    expect(Date.now() - stoppedAt).toBeLessThan(600);
    expect(log).toEqual(['start a', 'stop a', 'start b']);

    // b goes silent (as a killed process would): the lease lapses and c takes it after the expiry, not before.
    const third = await openDatabase(url);
    opened.push(third);
    const silencedAt = Date.now();
    await b.stop().catch(() => {});
    await db.prisma.lease.update({ where: { name: 'reconciler' }, data: { holder: 'b', expiresAt: new Date(silencedAt + 600) } });
    leases.splice(0);
    const c = under('c', third);
    leases.push(c);
    await c.first;
    expect(running.has('c')).toBe(false);
    await waitFor(() => running.has('c'));
    expect(Date.now() - silencedAt).toBeGreaterThanOrEqual(550);
    const row = await db.prisma.lease.findUniqueOrThrow({ where: { name: 'reconciler' } });
    expect(row.holder).toBe('c');
  });

  it('stops the job when a renewal comes after its lease ran out (a process paused past the expiry)', async () => {
    const { db } = await database(provider);
    let clock = t0;
    const running: string[] = [];
    const lease = runUnderLease({
      db,
      name: 'robots',
      holder: 'a',
      ttlMs: 30_000,
      renewMs: 60_000,
      now: () => clock,
      onChange: (held) => running.push(held ? 'taken' : 'lost'),
      start: () => ({ stop: async () => {} }),
    });
    leases.push(lease);
    await lease.first;
    expect(lease.held()).toBe(true);
    // Paused 45 s: the renewal wins the row again (nobody else took it), but the job stops first; the next try starts it again.
    clock = t0 + 45_000;
    await lease.tick();
    expect(lease.held()).toBe(false);
    expect(running).toEqual(['taken', 'lost']);
    clock = t0 + 46_000;
    await lease.tick();
    expect(lease.held()).toBe(true);
    expect(running).toEqual(['taken', 'lost', 'taken']);
    expect(await tryTakeLease(db, 'robots', 'b', clock, 30_000)).toBe(false);
  });

  it('is taken at once, not after its expiry, from a process of this machine that is gone (killed or crashed)', async () => {
    const { db } = await database(provider);
    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    const deadHolder = `${hostname()}:${gone}:abcd1234`;
    expect(holderGone(deadHolder)).toBe(true);
    expect(holderGone(`${hostname()}:${process.pid}:abcd1234`)).toBe(false);
    expect(holderGone(`another-host:${gone}:abcd1234`)).toBe(false);
    await db.prisma.lease.create({ data: { name: 'reconciler', holder: deadHolder, expiresAt: new Date(Date.now() + 30_000) } });
    // A live holder elsewhere keeps it until its expiry.
    await db.prisma.lease.create({ data: { name: 'robots', holder: `another-host:${gone}:abcd1234`, expiresAt: new Date(Date.now() + 30_000) } });
    const started: string[] = [];
    for (const name of ['reconciler', 'robots']) {
      const lease = runUnderLease({ db, name, holder: 'me', start: () => (started.push(name), { stop: async () => {} }) });
      leases.push(lease);
      await lease.first;
    }
    expect(started).toEqual(['reconciler']);
    expect((await db.prisma.lease.findUniqueOrThrow({ where: { name: 'reconciler' } })).holder).toBe('me');
  });
});
