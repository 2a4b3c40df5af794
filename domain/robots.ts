// Group robots, the pure part (contract §8): which channels an item's notice posts to, which environment
// variables a channel needs, and how queued rows become posts (one post per channel, ref and moment).

import { envName, type Channel } from './profile.ts';

/** The kind of the office's email that a robot cannot post: never itself posted to a robot. */
export const ROBOT_BROKEN_KIND = 'robot.broken';

/** Where an item sits in the town: a hazard's or a task's sectors and villages; nothing for town-wide items. */
export interface ItemPlace {
  sectors: string[];
  villages: string[];
}

/** The channels a notice about an item at `place` posts to, in the profile's order. */
export function channelsFor(channels: readonly Channel[], place: ItemPlace): Channel[] {
  return channels.filter(
    (c) => c.town === true || (c.sectors ?? []).some((s) => place.sectors.includes(s)) || (c.villages ?? []).some((v) => place.villages.includes(v)),
  );
}

/** The environment variables a channel reads (its webhook, and its secret when it has one). */
export function channelEnvNames(channel: Channel): string[] {
  return [channel.webhook, channel.secret].flatMap((ref) => {
    const name = envName(ref);
    return name ? [name] : [];
  });
}

/** The variables every channel needs that `env` does not set (empty counts as not set), each once, in order. */
export function missingChannelEnv(channels: readonly Channel[], env: Readonly<Record<string, string | undefined>>): string[] {
  const names = channels.flatMap(channelEnvNames);
  return [...new Set(names)].filter((name) => !env[name]?.trim());
}

/** The smallest shape of a queued row that grouping needs. */
export interface QueuedPost {
  id: number;
  channel: string;
  ref: string;
  at: Date;
}

/**
 * Rows in posting order (oldest `at`, then id), rows of one channel, ref and moment gathered into one post at
 * the place of the first: one post may carry several notices of the same moment (contract §8).
 */
export function groupPosts<R extends QueuedPost>(rows: readonly R[]): R[][] {
  const ordered = [...rows].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id);
  const groups = new Map<string, R[]>();
  for (const row of ordered) {
    const key = `${row.channel}\u0000${row.ref}\u0000${row.at.getTime()}`;
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.values()];
}
