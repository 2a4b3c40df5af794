// The daily digest (今日待办, contract §8): one email a day per address for its scheduled notices.
// Pure: the digest's key and workflow id, how long its collector gathers, and how its items are grouped.

import { defineSignal } from './messages.ts';
import type { DigestItem } from './notices.ts';
import type { LocalDate } from './time.ts';

/** The kind of the digest's own outbox row. */
export const DIGEST_KIND = 'digest';

/** One address's digest of one day: the outbox key, the Digest row's key and its collector's workflow id. */
export function digestKey(day: LocalDate, email: string): string {
  return `digest:${day}:${email.toLowerCase()}`;
}

/**
 * How the collector waits once the digest time has come. Workflows reach 09:00 at slightly different moments
 * (a worker takes a burst of timers one by one): it waits a minute past the digest time, then for 30 s
 * without a new notice, and never more than ten minutes past the digest time.
 */
export const DIGEST_GATHER = { afterMs: 60_000, quietMs: 30_000, longestMs: 10 * 60_000 } as const;

/**
 * A digest of the collector's moment was opened (signalWithStart by the copy that opened it). A collector that
 * has listed its digests already sends again before it ends: one opened meanwhile is never left unsealed.
 */
export const digestOpened = defineSignal('digestOpened');

/** What the collector workflow is started with: the moment its digests go (every digest whose sendAt it is). */
export interface DigestInput {
  /** A digest time that day (epoch ms): people's digest time, or a first held notice's time when that is later. */
  sendAt: number;
  /**
   * The server skips time (`anwei simulate`, the tests). Its clock then runs at the real pace while any
   * workflow has work in hand and jumps when none has: the collector seals once a quiet wait was skipped
   * (every step of its moment taken), not after a quiet spell of real time — a step slowed by a busy machine
   * past the gather window would otherwise go alone, in one run and not the next.
   */
  skipping?: true;
}

/**
 * The collector of every digest of one moment (most people's 09:00 of a day): one workflow a moment, not one a
 * person, so a town's 09:00 costs one workflow whatever the number of people.
 */
export function digestCollectorId(sendAt: number): string {
  return `digests:${new Date(sendAt).toISOString()}`;
}

export interface DigestResult {
  /** Notices carried (left out: their item was closed or done before the digest went). */
  items: number;
  left: number;
  /** False when the digest had gone already (a retry or a second collector): nothing went out this time. */
  sent: boolean;
}

/** What one collector did: how many digests it sealed, how many emails went this time, what they carried. */
export interface DigestsResult {
  digests: number;
  sent: number;
  items: number;
  left: number;
}

/** How many digests of one moment a collector sends at once (each its own activity, each once by its key). */
export const DIGEST_SENDS_IN_FLIGHT = 8;

/**
 * The order of a digest's groups: what is overdue first, then what falls due, then what is new, then
 * reports. A kind not listed goes last, in the order met.
 */
export const DIGEST_KIND_ORDER: readonly string[] = [
  'hazard.escalation',
  'hazard.overdue',
  'hazard.verification_overdue',
  'duty.escalation',
  'duty.overdue',
  'campaign.escalation',
  'campaign.overdue',
  'hazard.reminder',
  'duty.reminder',
  'campaign.reminder',
  'duty.assigned',
  'campaign.assigned',
  'campaign.progress',
];

export interface DigestEntryOf {
  kind: string;
  at: number;
  item: DigestItem;
}

/** A digest's items grouped by kind, in DIGEST_KIND_ORDER; within a group, in the order they were sent. */
export function groupDigest<E extends DigestEntryOf>(entries: readonly E[]): Array<{ kind: string; entries: E[] }> {
  const groups = new Map<string, E[]>();
  for (const e of [...entries].sort((a, b) => a.at - b.at)) groups.set(e.kind, [...(groups.get(e.kind) ?? []), e]);
  const rank = (kind: string) => {
    const i = DIGEST_KIND_ORDER.indexOf(kind);
    return i < 0 ? DIGEST_KIND_ORDER.length : i;
  };
  return [...groups.entries()].map(([kind, list]) => ({ kind, entries: list })).sort((a, b) => rank(a.kind) - rank(b.kind));
}
