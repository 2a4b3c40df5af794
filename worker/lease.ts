// Jobs that must run on one engine process at a time (the reconciler, the robot dispatcher: two dispatchers would
// post everything twice) hold a lease in the database: a Lease row taken or renewed by one conditional update —
// held by me, or expired — renewed every 10 s, lapsing 30 s after its holder stopped renewing. A process that
// gets the lease starts the job; one that loses it (a renewal that failed or came too late) stops it first.
// Expiry is judged by each process's own clock: the machines' clocks must agree (NTP) to well within 20 s.
// A lease whose holder was a process of this machine that is gone (killed, crashed) is taken at once, not after
// its expiry: a restarted `anwei start` runs its reconciler straight away.

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Database } from '../prisma/client.ts';

export const LEASE_TTL_MS = 30_000;
export const LEASE_RENEW_MS = 10_000;

/** This process, as a lease's holder names it: host, pid and a random part (a pid is reused after a restart). */
export function leaseHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** Takes the lease, or renews it, for `holder`; returns whether `holder` holds it until `now + ttlMs`. */
export async function tryTakeLease(db: Database, name: string, holder: string, now: number, ttlMs = LEASE_TTL_MS): Promise<boolean> {
  const expiresAt = new Date(now + ttlMs);
  const { count } = await db.prisma.lease.updateMany({
    where: { name, OR: [{ holder }, { expiresAt: { lt: new Date(now) } }] },
    data: { holder, expiresAt },
  });
  if (count === 1) return true;
  // No row yet: the first to create it holds it; the others' insert fails on the key and they do not.
  const exists = await db.prisma.lease.findUnique({ where: { name }, select: { name: true } });
  if (exists) return false;
  try {
    await db.prisma.lease.create({ data: { name, holder, expiresAt } });
    return true;
  } catch {
    return false;
  }
}

/** Whether `holder` names a process of this machine that no longer runs. */
export function holderGone(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid) || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Takes the lease from a holder of this machine that is gone; returns whether it was taken. */
async function takeFromGoneHolder(db: Database, name: string, holder: string, now: number, ttlMs: number): Promise<boolean> {
  const row = await db.prisma.lease.findUnique({ where: { name }, select: { holder: true } });
  if (!row || row.holder === holder || !holderGone(row.holder)) return false;
  const { count } = await db.prisma.lease.updateMany({ where: { name, holder: row.holder }, data: { holder, expiresAt: new Date(now + ttlMs) } });
  return count === 1;
}

/** Lets the lease go at once (a clean stop), if `holder` still holds it: the next process to try takes it. */
export async function releaseLease(db: Database, name: string, holder: string): Promise<void> {
  await db.prisma.lease.updateMany({ where: { name, holder }, data: { expiresAt: new Date(0) } });
}

/** A running job: stopping it waits for what it is doing. */
export interface LeasedJob {
  stop(): Promise<void>;
}

export interface LeaseOptions {
  db: Database;
  /** The job's name, the Lease row's key. */
  name: string;
  /** Starts the job; called each time this process takes the lease. */
  start: () => LeasedJob | Promise<LeasedJob>;
  holder?: string;
  ttlMs?: number;
  renewMs?: number;
  now?: () => number;
  /** Told when this process took or lost the lease (zh-CN lines are the caller's); not when it stops and lets it go. */
  onChange?: (held: boolean) => void;
  /** A try that failed (the database unreachable): the job, if running, is stopped as the lease may lapse. */
  onError?: (error: unknown) => void;
}

export interface HeldLease {
  /** Whether this process holds the lease (and runs the job) now. */
  held(): boolean;
  /** The first try has been made (and the job started, if the lease was taken). */
  first: Promise<void>;
  /** Tries now, as the timer does every `renewMs`. */
  tick(): Promise<void>;
  /** Stops the job, then releases the lease. */
  stop(): Promise<void>;
}

/**
 * Runs `start`'s job on this process while it holds the lease `name`: tries at once and every `renewMs`. A
 * renewal that fails, or that succeeds later than the lease it renewed had run out, counts as lost: the job
 * stops (another process may have taken the lease meanwhile) and is started again once the lease is taken.
 */
export function runUnderLease(options: LeaseOptions): HeldLease {
  const { db, name } = options;
  const holder = options.holder ?? leaseHolderId();
  const ttlMs = options.ttlMs ?? LEASE_TTL_MS;
  const renewMs = options.renewMs ?? LEASE_RENEW_MS;
  const now = options.now ?? Date.now;
  let job: LeasedJob | undefined;
  let heldUntil = 0;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  /** Stops the job; tells onChange unless this process is stopping (then it is no news). */
  const lose = async (stopping = false) => {
    const running = job;
    job = undefined;
    heldUntil = 0;
    if (running) {
      if (!stopping) options.onChange?.(false);
      await running.stop();
    }
  };

  const attempt = async () => {
    const at = now();
    let taken = false;
    try {
      taken = (await tryTakeLease(db, name, holder, at, ttlMs)) || (job === undefined && (await takeFromGoneHolder(db, name, holder, at, ttlMs)));
    } catch (error) {
      options.onError?.(error);
    }
    if (stopped) return;
    // Held only if the renewal came before the previous lease ran out: otherwise another may have run it meanwhile.
    const continuous = job !== undefined && at < heldUntil;
    if (taken && (continuous || job === undefined)) {
      heldUntil = at + ttlMs;
      if (!job) {
        job = await options.start();
        options.onChange?.(true);
      }
      return;
    }
    await lose();
    // A lapse of our own (a late renewal we won) is retaken on the next try, after the job has stopped.
    if (taken) await releaseLease(db, name, holder).catch(() => {});
  };

  let chain: Promise<void> = Promise.resolve();
  const schedule = () => {
    chain = chain.then(attempt).catch((error: unknown) => options.onError?.(error));
    return chain;
  };
  const first = schedule();
  timer = setInterval(() => void schedule(), renewMs);

  return {
    held: () => job !== undefined,
    first,
    tick: schedule,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      await chain;
      const wasHeld = job !== undefined;
      await lose(true);
      if (wasHeld) await releaseLease(db, name, holder).catch((error: unknown) => options.onError?.(error));
    },
  };
}
