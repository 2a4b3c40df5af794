// Hazard numbers (隐患编号 YH-<year>-NNNN) for reports that bring none: handed out one at a time across
// every process and connection, once per request, never the same number twice.

import { localDateOf, yearOf } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';

export interface HazardIdRequest {
  /** The reporting request's id: asking again with it gives back the number it got. */
  requestId: string;
  /** When the request was made (ms since the epoch); its Asia/Shanghai year is the number's year. */
  at: number;
}

/**
 * PostgreSQL's lock for handing out numbers (pg_advisory_xact_lock): the bytes of "anweiYH", apart from
 * the key Prisma's migration engine locks (72707369).
 */
const POSTGRES_LOCK_KEY = 0x616e7765695948n;

/**
 * How long a request waits for its turn. A turn is short (a few queries), but reports from many terminals
 * at once queue up: SQLite gives up waiting for its lock after busy_timeout (5 s), Prisma a transaction
 * after 5 s; either way the request simply tries again until this has passed.
 */
const WAIT_FOR_TURN_MS = 60_000;

/** Numbers checked against the ledger in one query when skipping those a hazard already holds. */
const PROBE_BATCH = 50;

const hazardIdOf = (year: number, seq: number) => `YH-${year}-${String(seq).padStart(4, '0')}`;

/**
 * The number for a report without `--id`: the request's own when it already has one, else the one after
 * the last handed out this year, skipping numbers a hazard already holds (reported with an explicit id).
 * Numbers are never handed back: one given to a request that was then refused or abandoned stays unused,
 * since that request may still be retried with the same id.
 *
 * Allocations take turns, so the read-then-write below is safe: on SQLite every transaction here takes
 * the write lock at BEGIN (BEGIN IMMEDIATE, prisma/client.ts); on PostgreSQL a transaction-scoped advisory
 * lock does the same, released by commit, rollback or a dropped connection. So both databases run the
 * same plain read-then-write, with no SQL of their own beyond the lock and no retry on conflicts.
 */
export async function allocateHazardId(db: Database, request: HazardIdRequest): Promise<string> {
  if (request.requestId.trim() === '') throw new RangeError('allocateHazardId: requestId is empty');
  const giveUpAt = Date.now() + WAIT_FOR_TURN_MS;
  for (;;) {
    try {
      return await allocateInTurn(db, request);
    } catch (error) {
      // Keyed by the request, a second try cannot hand out a second number, whatever the first did.
      if (!waitedTooLong(error) || Date.now() > giveUpAt) throw error;
    }
  }
}

/** Prisma's "operation timed out" (SQLite: the lock stayed busy) and "transaction expired or not started in time". */
const waitedTooLong = (error: unknown) => ['P1008', 'P2028'].includes(String((error as { code?: unknown } | null)?.code));

async function allocateInTurn(db: Database, { requestId, at }: HazardIdRequest): Promise<string> {
  const year = yearOf(localDateOf(at));
  return db.prisma.$transaction(async (tx) => {
    if (db.provider === 'postgresql') await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${POSTGRES_LOCK_KEY})`);
    const given = await tx.hazardNumber.findUnique({ where: { requestId } });
    if (given) return given.hazardId;

    const last = await tx.hazardNumber.aggregate({ where: { year }, _max: { seq: true } });
    let seq = (last._max.seq ?? 0) + 1;
    for (;;) {
      const candidates = Array.from({ length: PROBE_BATCH }, (_, i) => hazardIdOf(year, seq + i));
      const held = await tx.hazard.findMany({ where: { id: { in: candidates } }, select: { id: true } });
      const taken = new Set(held.map((h) => h.id));
      const free = candidates.findIndex((id) => !taken.has(id));
      if (free >= 0) {
        seq += free;
        break;
      }
      seq += PROBE_BATCH;
    }
    const hazardId = hazardIdOf(year, seq);
    await tx.hazardNumber.create({ data: { requestId, hazardId, year, seq, at: new Date(at) } });
    return hazardId;
  });
}
