// The group robots' dispatcher (docs/robots.md): a loop of its own in the worker process, apart from email,
// that posts each channel's pending RobotPost rows in order — oldest `at`, then id; rows of one channel, ref
// and moment as one post — at most 20 posts a rolling minute a channel, counted from the rows' postedAt so a
// restart keeps the limit. A rate-limited answer waits and tries the same post again; network trouble backs
// off and tries again; a refusal for good (bad key, token, signature, keyword) fails the channel's pending
// rows and tells the office once. Nothing here is awaited on the email path.

import { channelEnvNames, groupPosts } from '../../domain/robots.ts';
import { envName, type Channel } from '../../domain/profile.ts';
import { robotText } from '../../domain/text/robots.ts';
import type { Database } from '../../prisma/client.ts';
import { ROBOT_PROTOCOLS } from './index.ts';
import { postOnce, type FetchLike, type RobotTarget } from './protocol.ts';
import { loadChannels, onRobotPostQueued, postMessage, type RobotPostRow } from './queue.ts';

/** The robots' own limit (contract §8): 20 messages a minute a robot. */
export const ROBOT_RATE_LIMIT = { posts: 20, windowMs: 60_000 } as const;

export interface DispatcherLog {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
}

export interface RobotDispatcherOptions {
  db: Database;
  /** Where the webhooks and secrets are read from (each post reads them afresh). */
  env?: Readonly<Record<string, string | undefined>>;
  log?: DispatcherLog;
  /** The clock of postedAt and of the rolling window. */
  now?: () => number;
  fetchImpl?: FetchLike;
  /** Tells the office that a channel cannot post (reason in zh-CN); called once per channel and reason a run. */
  tellOffice?: (channelId: string, reasonZh: string) => Promise<void>;
  /**
   * The rolling limit a channel keeps. Default ROBOT_RATE_LIMIT (20 a 60 s); tests shorten the window to see
   * a full minute's limit in seconds. Nothing else should change it: it is the robots' own limit.
   */
  limit?: { posts: number; windowMs: number };
  /** How long a channel waits after the robot answered "rate limited" (default 60 s). */
  rateLimitedWaitMs?: number;
  /** First wait after a network error or 5xx; doubles each time, up to 10 minutes (default 5 s). */
  transientWaitMs?: number;
  /** How often the queue is looked at without a nudge (default 30 s): rows queued by another process. A post queued
   * in this process nudges the dispatcher at once. */
  pollMs?: number;
}

export interface RobotDispatcher {
  /** Look at the queue now (a notice was just queued). */
  nudge(): void;
  /** Finishes the post under way (and records it), then stops. */
  stop(): Promise<void>;
}

const MAX_TRANSIENT_WAIT_MS = 10 * 60_000;
/** Rows read per channel and pass: enough for several posts; the rest wait for the next pass. */
const BATCH = 200;

const consoleLog: DispatcherLog = {
  info: (message, meta) => console.log(message, meta ?? {}),
  warn: (message, meta) => console.warn(message, meta ?? {}),
};

export function startRobotDispatcher(options: RobotDispatcherOptions): RobotDispatcher {
  const { db } = options;
  const env = options.env ?? process.env;
  const log = options.log ?? consoleLog;
  const now = options.now ?? Date.now;
  const fetchImpl: FetchLike = options.fetchImpl ?? ((url, init) => fetch(url, init));
  const limit = options.limit ?? ROBOT_RATE_LIMIT;
  const rateLimitedWaitMs = options.rateLimitedWaitMs ?? 60_000;
  const transientWaitMs = options.transientWaitMs ?? 5_000;
  const pollMs = options.pollMs ?? 30_000;

  /** Per channel: not before this time (rate-limited, backing off), and the current backoff. */
  const notBefore = new Map<string, number>();
  const backoff = new Map<string, number>();
  const told = new Set<string>();

  let stopped = false;
  let wake: (() => void) | undefined;
  let woken = false;

  const tell = async (channel: string, reason: string) => {
    const once = `${channel}\u0000${reason}`;
    if (told.has(once)) return;
    told.add(once);
    log.warn('robot channel cannot post', { channel, reason });
    try {
      await options.tellOffice?.(channel, reason);
    } catch (error) {
      log.warn('office not told of a robot channel that cannot post', { channel, error: error instanceof Error ? error.message : String(error) });
    }
  };

  const failPending = async (channel: string, reason: string) => {
    await db.prisma.robotPost.updateMany({ where: { channel, status: 'pending' }, data: { status: 'failed', lastError: reason } });
  };

  /** The webhook and secret of a channel from the environment, or the variables that are missing. */
  const targetOf = (channel: Channel): RobotTarget | { missing: string[] } => {
    const read = (ref: string | undefined) => {
      const name = envName(ref);
      return name ? env[name]?.trim() || undefined : undefined;
    };
    const webhook = read(channel.webhook);
    const secret = channel.secret === undefined ? undefined : read(channel.secret);
    const missing = channelEnvNames(channel).filter((name) => !env[name]?.trim());
    if (!webhook || (channel.secret !== undefined && !secret)) return { missing };
    return secret ? { webhook, secret } : { webhook };
  };

  /** When the channel may post again under the rolling limit (now, if it may now). */
  const freeAt = async (channel: string, at: number): Promise<number> => {
    const recent = await db.prisma.robotPost.findMany({
      where: { channel, status: 'sent', postedAt: { gt: new Date(at - limit.windowMs) } },
      select: { ref: true, at: true, postedAt: true },
    });
    // A post of several rows marks each with the same postedAt: count posts, not rows.
    const posts = [...new Set(recent.map((r) => `${r.ref}\u0000${r.at.getTime()}\u0000${r.postedAt!.getTime()}`))]
      .map((k) => Number(k.split('\u0000')[2]))
      .sort((a, b) => a - b);
    if (posts.length < limit.posts) return at;
    return posts[posts.length - limit.posts]! + limit.windowMs + 1;
  };

  /** Posts at most one post of the channel; returns when the channel wants to be looked at again (undefined: now). */
  const step = async (channel: Channel | undefined, channelId: string): Promise<number | 'idle' | undefined> => {
    const t = now();
    if (!channel) {
      await failPending(channelId, robotText.channelGone(channelId));
      return 'idle';
    }
    const target = targetOf(channel);
    if ('missing' in target) {
      const reason = robotText.envNotSet(target.missing);
      await failPending(channelId, reason);
      await tell(channelId, reason);
      return 'idle';
    }
    const waitUntil = notBefore.get(channelId) ?? 0;
    if (waitUntil > t) return waitUntil;
    const free = await freeAt(channelId, t);
    if (free > t) return free;

    const rows = await db.prisma.robotPost.findMany({ where: { channel: channelId, status: 'pending' }, orderBy: [{ at: 'asc' }, { id: 'asc' }], take: BATCH });
    const group: RobotPostRow[] | undefined = groupPosts(rows)[0];
    if (!group) return 'idle';
    const ids = group.map((r) => r.id);
    await db.prisma.robotPost.updateMany({ where: { id: { in: ids } }, data: { attempts: { increment: 1 } } });
    const answer = await postOnce(ROBOT_PROTOCOLS[channel.kind], target, postMessage(group), now(), fetchImpl);
    switch (answer.outcome) {
      case 'sent':
        // The exactly-once window: a crash between the robot's answer and this write posts the message again (docs/robots.md).
        await db.prisma.robotPost.updateMany({ where: { id: { in: ids } }, data: { status: 'sent', postedAt: new Date(now()), lastError: null } });
        backoff.delete(channelId);
        return undefined;
      case 'rate_limited': {
        log.warn('robot rate-limited: waiting', { channel: channelId, detail: answer.detail });
        await db.prisma.robotPost.updateMany({ where: { id: { in: ids } }, data: { lastError: answer.detail } });
        const until = now() + rateLimitedWaitMs;
        notBefore.set(channelId, until);
        return until;
      }
      case 'transient': {
        const wait = Math.min(backoff.get(channelId) ?? transientWaitMs, MAX_TRANSIENT_WAIT_MS);
        backoff.set(channelId, wait * 2);
        log.warn('robot post failed: will try again', { channel: channelId, detail: answer.detail, waitMs: wait });
        await db.prisma.robotPost.updateMany({ where: { id: { in: ids } }, data: { lastError: answer.detail } });
        const until = now() + wait;
        notBefore.set(channelId, until);
        return until;
      }
      case 'permanent':
        await failPending(channelId, answer.detail);
        await tell(channelId, answer.detail);
        return 'idle';
    }
  };

  /** One round over the channels with pending rows, until none can post now; returns the earliest wake-up. */
  const pass = async (): Promise<number | undefined> => {
    let earliest: number | undefined;
    for (;;) {
      if (stopped) return undefined;
      const pending = await db.prisma.robotPost.findMany({ where: { status: 'pending' }, distinct: ['channel'], select: { channel: true } });
      if (pending.length === 0) return earliest;
      const channels = new Map((await loadChannels(db)).map((c) => [c.id, c]));
      let posted = false;
      earliest = undefined;
      for (const { channel } of pending) {
        if (stopped) return undefined;
        const next = await step(channels.get(channel), channel);
        if (next === undefined) posted = true;
        else if (next !== 'idle') earliest = earliest === undefined ? next : Math.min(earliest, next);
      }
      if (!posted) return earliest;
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || stopped) {
        woken = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        wake = undefined;
        woken = false;
        resolve();
      }
      wake = done;
    });

  const loop = (async () => {
    while (!stopped) {
      let next: number | undefined;
      try {
        next = await pass();
      } catch (error) {
        if (stopped) break;
        log.warn('robot dispatcher: queue not read, trying again', { error: error instanceof Error ? error.message : String(error) });
      }
      if (stopped) break;
      const t = now();
      await sleep(Math.min(next === undefined ? pollMs : next - t, pollMs));
    }
  })();

  const nudge = () => {
    woken = true;
    wake?.();
  };
  // A notice queued by this process's worker is posted at once, not at the next poll.
  const unlisten = onRobotPostQueued(nudge);

  return {
    nudge,
    async stop() {
      unlisten();
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
