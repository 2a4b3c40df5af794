// Hazard numbers for reports without --id (client/hazard-ids.ts), on SQLite and PostgreSQL: reports made
// at the same moment from separate connections and processes each get their own number, in sequence; a
// retried report gets its number back; numbers an office gave by hand are skipped; the year is Shanghai's.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { allocateHazardId } from '../../client/hazard-ids.ts';
import { migrateDatabase, openDatabase, type Database } from '../../prisma/client.ts';
import { PROVIDERS, testDatabase } from '../support/databases.ts';

const MARCH_2026 = Date.parse('2026-03-10T02:00:00Z');

let handles: Database[] = [];
afterEach(async () => {
  await Promise.all(handles.map((db) => db.close()));
  handles = [];
});

async function freshDatabase(provider: (typeof PROVIDERS)[number], connections = 1): Promise<Database[]> {
  const { url } = await testDatabase(provider);
  await migrateDatabase(url);
  const opened = await Promise.all(Array.from({ length: connections }, () => openDatabase(url)));
  handles.push(...opened);
  return opened;
}

const numbers = (year: number, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `YH-${year}-${String(from + i).padStart(4, '0')}`);

/** A hazard on the ledger under an id the office chose. */
async function reportedByHand(db: Database, id: string): Promise<void> {
  await db.prisma.hazard.create({
    data: {
      id,
      enterpriseId: 'e001',
      sectorId: 'hazchem',
      level: 'general',
      description: '消防通道堵塞',
      reportedBy: 'zhao',
      reportedAt: new Date(MARCH_2026),
      status: 'open',
      due: '2026-03-17',
      dueTrace: '',
    },
  });
}

describe.each(PROVIDERS)('hazard numbers on %s', (provider) => {
  it('ten reporting processes at once get ten consecutive numbers', async () => {
    const { url } = await testDatabase(provider);
    await migrateDatabase(url);
    const processes = await reportingProcesses(url, 10);
    expect([...(await processes.go())].sort()).toEqual(numbers(2026, 1, 10));
  }, 180_000); // ten Node processes starting at once on a small machine

  it('a retried report gets its number back, also when both tries arrive at once', async () => {
    const [db] = await freshDatabase(provider);
    expect(await allocateHazardId(db!, { requestId: 'report-1', at: MARCH_2026 })).toBe('YH-2026-0001');
    // Retried the next day: still the request's own number.
    expect(await allocateHazardId(db!, { requestId: 'report-1', at: MARCH_2026 + 86_400_000 })).toBe('YH-2026-0001');
    const twice = await Promise.all([1, 2].map(() => allocateHazardId(db!, { requestId: 'report-2', at: MARCH_2026 })));
    expect(twice).toEqual(['YH-2026-0002', 'YH-2026-0002']);
    // A refused or abandoned report keeps its number: the next one does not get it.
    expect(await allocateHazardId(db!, { requestId: 'report-3', at: MARCH_2026 })).toBe('YH-2026-0003');
    expect(await db!.prisma.hazardNumber.count()).toBe(3);
  });

  it('skips numbers the office gave by hand, before and after the ones handed out', async () => {
    const [db] = await freshDatabase(provider);
    for (const id of ['YH-2026-0001', 'YH-2026-0002', 'YH-2026-0004']) await reportedByHand(db!, id);
    const given = [];
    for (const n of [1, 2, 3]) given.push(await allocateHazardId(db!, { requestId: `report-${n}`, at: MARCH_2026 }));
    expect(given).toEqual(['YH-2026-0003', 'YH-2026-0005', 'YH-2026-0006']);
  });

  it('skips a long run of numbers given by hand (more than one probe of the ledger)', async () => {
    const [db] = await freshDatabase(provider);
    for (const id of numbers(2026, 1, 120)) await reportedByHand(db!, id);
    expect(await allocateHazardId(db!, { requestId: 'report-1', at: MARCH_2026 })).toBe('YH-2026-0121');
  });

  it('numbers by the Shanghai year: 2026-12-31 16:30 UTC is already 2027 and starts again at 0001', async () => {
    const [db] = await freshDatabase(provider);
    expect(await allocateHazardId(db!, { requestId: 'last-of-2026', at: Date.parse('2026-12-31T15:59:00Z') })).toBe('YH-2026-0001');
    expect(await allocateHazardId(db!, { requestId: 'first-of-2027', at: Date.parse('2026-12-31T16:30:00Z') })).toBe('YH-2027-0001');
    expect(await allocateHazardId(db!, { requestId: 'late-2026', at: Date.parse('2026-12-31T15:59:59Z') })).toBe('YH-2026-0002');
  });
});

const CHILD = fileURLToPath(new URL('./hazard-id-process.ts', import.meta.url));

/** Reporting processes, each connected and waiting; `go()` lets them all allocate at once. Killed when the test ends. */
async function reportingProcesses(url: string, count: number) {
  const children = Array.from({ length: count }, (_, i) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, url, `process-${i}`, String(MARCH_2026)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    onTestFinished(() => void child.kill('SIGKILL'));
    let out = '';
    const exited = new Promise<string>((resolve, reject) =>
      child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`reporting process ${i} exited ${code}: ${out}`)))),
    );
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.startsWith('ready\n')) resolve();
      });
      exited.then(() => reject(new Error(`reporting process ${i} ended before it was ready`)), reject);
    });
    return { child, ready, exited };
  });
  await Promise.all(children.map((c) => c.ready));
  return {
    async go(): Promise<string[]> {
      for (const { child } of children) child.stdin.end('go\n');
      const outputs = await Promise.all(children.map((c) => c.exited));
      return outputs.map((o) => o.slice('ready\n'.length).trim());
    },
  };
}

describe('hazard numbers on postgresql over separate connections of one process', () => {
  // SQLite cannot be tested this way: libsql's calls are synchronous, so a handle waiting for the file's
  // lock blocks the thread the holder needs to finish. Processes (above) are how SQLite is shared.
  it('ten reports at once over ten connections get ten consecutive numbers', async () => {
    const dbs = await freshDatabase('postgresql', 10);
    const given = await Promise.all(dbs.map((db, i) => allocateHazardId(db, { requestId: `report-${i}`, at: MARCH_2026 })));
    expect([...given].sort()).toEqual(numbers(2026, 1, 10));
  });
});
