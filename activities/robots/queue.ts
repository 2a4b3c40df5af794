// The group robots' durable queue (RobotPost, docs/robots.md): a notice written to the outbox also queues one
// row per group that follows its item — keyed `<notice key>@<channel id>`, so a retried activity queues
// nothing twice — and `simulate --json` lists what the dispatcher would post. Queuing is a few reads and
// inserts on the email path: it never throws and never posts; the dispatcher (dispatcher.ts) posts.

import type { Channel } from '../../domain/profile.ts';
import { channelEnvNames, channelsFor, groupPosts, ROBOT_BROKEN_KIND, type ItemPlace } from '../../domain/robots.ts';
import { robotText } from '../../domain/text/robots.ts';
import { daysBetween, formatInstant, isLocalDate, localDateOf } from '../../domain/time.ts';
import type { Database } from '../../prisma/client.ts';
import type { RobotMessage } from './protocol.ts';

/** A notice as the outbox wrote it: what robotPostsForNotice needs of it. */
export interface NoticeForRobots {
  key: string;
  kind: string;
  /** The hazard, task or campaign id the notice is about. */
  ref: string;
  at: Date;
  recipients: Array<{ personId?: string; name: string; email: string }>;
  subject: string;
  about: 'hazard' | 'task' | 'campaign' | 'calendar';
}

export interface RobotLog {
  warn(message: string, meta?: Record<string, unknown>): void;
}

const consoleLog: RobotLog = { warn: (message, meta) => console.warn(message, meta ?? {}) };

/** Dispatchers running in this process, told when a post is queued (others find it by polling). */
const listeners = new Set<() => void>();

/** Calls `listener` whenever this process queues a post; returns the function that stops it. */
export function onRobotPostQueued(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The key of a notice's post to one group. */
export const robotPostKey = (noticeKey: string, channelId: string): string => `${noticeKey}@${channelId}`;

/** The channels of the loaded profile (none before a profile with `channels` is loaded). */
export async function loadChannels(db: Database): Promise<Channel[]> {
  const town = await db.prisma.town.findUnique({ where: { id: 1 }, select: { channelsJson: true } });
  return town ? (JSON.parse(town.channelsJson) as Channel[]) : [];
}

interface Item {
  place: ItemPlace;
  /** The item in one line of markdown. */
  line: string;
  due?: string;
  /** The office page of the item, from the public address. */
  page?: string;
}

const NOWHERE: ItemPlace = { sectors: [], villages: [] };

/** Where the notice's item sits and how to name it: a hazard by its enterprise, a task by its scope, the rest town-wide. */
async function itemOf(db: Database, notice: NoticeForRobots): Promise<Item> {
  const { prisma } = db;
  const other: Item = { place: NOWHERE, line: robotText.otherLine(notice.subject) };
  if (notice.about === 'hazard') {
    const hazard = await prisma.hazard.findUnique({ where: { id: notice.ref } });
    if (!hazard) return other;
    const enterprise = await prisma.enterprise.findUnique({ where: { id: hazard.enterpriseId } });
    return {
      place: { sectors: [hazard.sectorId], villages: enterprise?.villageId ? [enterprise.villageId] : [] },
      line: robotText.hazardLine(enterprise?.name ?? hazard.enterpriseId, hazard.description, hazard.id),
      due: hazard.due,
      page: `/office/hazards/${encodeURIComponent(hazard.id)}`,
    };
  }
  if (notice.about === 'task' || notice.about === 'campaign') {
    // A campaign's notices are about the campaign or about one of its tasks (`<campaign>:<enterprise>`).
    const task = await prisma.task.findUnique({ where: { id: notice.ref } });
    if (task) {
      let place = NOWHERE;
      if (task.scopeKind === 'sector' && task.scopeId) place = { sectors: [task.scopeId], villages: [] };
      if (task.scopeKind === 'village' && task.scopeId) place = { sectors: [], villages: [task.scopeId] };
      if (task.scopeKind === 'enterprise' && task.scopeId) {
        const enterprise = await prisma.enterprise.findUnique({ where: { id: task.scopeId } });
        if (enterprise) place = { sectors: [enterprise.sectorId], villages: enterprise.villageId ? [enterprise.villageId] : [] };
      }
      return { place, line: robotText.taskLine(task.title), due: task.due, page: `/office/tasks/${encodeURIComponent(task.id)}` };
    }
    const campaign = await prisma.campaign.findUnique({ where: { id: notice.ref } });
    if (campaign) {
      return { place: NOWHERE, line: robotText.campaignLine(campaign.title), due: campaign.due, page: `/office/campaigns/${encodeURIComponent(campaign.id)}` };
    }
  }
  return other;
}

/** The public address of the office pages, when ANWEI_PUBLIC_URL names one. */
function publicUrlOf(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const raw = env.ANWEI_PUBLIC_URL?.trim();
  if (!raw || !/^https?:\/\//.test(raw)) return undefined;
  return raw.replace(/\/+$/, '');
}

const OVERDUE_KINDS = /\.(overdue|escalation|verification_overdue)$/;

/** The markdown of one notice's post (without its title): the item, its date, whom it concerns, its page. */
export function noticeMarkdown(kind: string, at: Date, item: Item, names: readonly string[], publicUrl: string | undefined): string {
  const lines = [item.line];
  if (item.due && isLocalDate(item.due)) {
    const late = daysBetween(item.due, localDateOf(at.getTime()));
    lines.push(OVERDUE_KINDS.test(kind) && late > 0 ? robotText.overdueDays(item.due, late) : robotText.due(item.due));
  }
  if (names.length) lines.push(robotText.who(names));
  if (publicUrl && item.page) lines.push(`[${robotText.details}](${publicUrl}${item.page})`);
  // Two line breaks: DingTalk's markdown joins single ones.
  return lines.join('\n\n');
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'P2002';
}

/**
 * Queues the notice's post to every group that follows its item (town groups always; sector and village
 * groups when the item is theirs), once per key. Returns the keys queued now (empty when there was nothing to
 * do, or the rows were there already). Never throws: a robot problem is logged and email goes on.
 */
export async function robotPostsForNotice(
  db: Database,
  notice: NoticeForRobots,
  options: {
    env?: Readonly<Record<string, string | undefined>>;
    log?: RobotLog;
    /** The town row's channels column, when the caller has read the town already. */
    channelsJson?: string;
  } = {},
): Promise<string[]> {
  const log = options.log ?? consoleLog;
  // The office's own email that a robot is broken is not itself posted: the robot it is about may be that one.
  if (notice.kind === ROBOT_BROKEN_KIND) return [];
  try {
    const channels = options.channelsJson === undefined ? await loadChannels(db) : (JSON.parse(options.channelsJson) as Channel[]);
    if (channels.length === 0) return [];
    const item = await itemOf(db, notice);
    const targets = channelsFor(channels, item.place);
    if (targets.length === 0) return [];

    const people = notice.recipients.filter((r): r is typeof r & { personId: string } => Boolean(r.personId));
    const rows = people.length
      ? await db.prisma.person.findMany({ where: { id: { in: people.map((p) => p.personId) } }, select: { id: true, mobile: true, channels: true } })
      : [];
    // People who chose email only (people[].channels: email) are not @-mentioned.
    const mentions = [...new Set(rows.flatMap((r) => (r.mobile && r.channels !== 'email' ? [r.mobile] : [])))].sort();
    const names = [...new Set(people.map((p) => p.name))];
    const markdown = noticeMarkdown(notice.kind, notice.at, item, names, publicUrlOf(options.env ?? process.env));

    const queued: string[] = [];
    for (const channel of targets) {
      const key = robotPostKey(notice.key, channel.id);
      try {
        await db.prisma.robotPost.create({
          data: {
            key,
            channel: channel.id,
            ref: notice.ref,
            kindsJson: JSON.stringify([notice.kind]),
            at: notice.at,
            mentionsJson: JSON.stringify(mentions),
            title: robotText.title([notice.kind]),
            markdown,
            status: 'pending',
          },
          select: { id: true },
        });
        queued.push(key);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // a retried activity: queued already
      }
    }
    if (queued.length) for (const listener of listeners) listener();
    return queued;
  } catch (error) {
    // A database that fails is retried with the activity (the emails wait: queuing comes first, once by key);
    // a channels column that cannot be read is the profile's problem, and email goes on without the robots.
    if (!(error instanceof SyntaxError)) throw error;
    log.warn('robot posts not queued', { key: notice.key, error: error.message });
    return [];
  }
}

/**
 * The mobiles a notice's group posts @-mention, counting only groups this process can post to (their
 * variables set) and posts not failed: whom a robot reaches, for people who chose robot only.
 */
export async function mentionedByRobots(db: Database, noticeKey: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<Set<string>> {
  const rows = await db.prisma.robotPost.findMany({ where: { key: { startsWith: `${noticeKey}@` }, status: { not: 'failed' } }, select: { channel: true, mentionsJson: true } });
  if (rows.length === 0) return new Set();
  const channels = new Map((await loadChannels(db)).map((c) => [c.id, c]));
  // Feishu's custom robots cannot @ by mobile (docs/robots.md): their posts name people, they do not reach them.
  const reachable = (id: string) => {
    const channel = channels.get(id);
    return channel !== undefined && channel.kind !== 'feishu' && channelEnvNames(channel).every((name) => Boolean(env[name]?.trim()));
  };
  return new Set(rows.filter((r) => reachable(r.channel)).flatMap((r) => JSON.parse(r.mentionsJson) as string[]));
}

/** A queued row as posting needs it. */
export type RobotPostRow = NonNullable<Awaited<ReturnType<Database['prisma']['robotPost']['findUnique']>>>;

/** The one message a group of rows (one channel, ref and moment) posts as. */
export function postMessage(rows: readonly RobotPostRow[]): RobotMessage {
  const kinds = rows.flatMap((r) => JSON.parse(r.kindsJson) as string[]);
  const mentions = [...new Set(rows.flatMap((r) => JSON.parse(r.mentionsJson) as string[]))].sort();
  if (rows.length === 1) return { title: rows[0]!.title, markdown: rows[0]!.markdown, mentions };
  const markdown = rows.map((r) => `**${(JSON.parse(r.kindsJson) as string[]).map(robotText.kindOf).join('；')}**\n\n${r.markdown}`).join('\n\n');
  return { title: robotText.title([...new Set(kinds)]), markdown, mentions };
}

export interface SimulatedPost {
  /** `2030-10-08T09:00:00+08:00` */
  at: string;
  channel: string;
  ref: string;
  kinds: string[];
  /** Mobiles, sorted. */
  mentions: string[];
}

/** Every queued post (any status), grouped as the dispatcher posts them: `simulate --json`'s `posts`. */
export async function simulatedPosts(db: Database): Promise<SimulatedPost[]> {
  const rows = await db.prisma.robotPost.findMany({ orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  const byChannel = groupPosts(rows);
  return byChannel
    .map((group) => {
      const first = group[0]!;
      return {
        at: formatInstant(first.at.getTime()),
        channel: first.channel,
        ref: first.ref,
        kinds: group.flatMap((r) => JSON.parse(r.kindsJson) as string[]),
        mentions: [...new Set(group.flatMap((r) => JSON.parse(r.mentionsJson) as string[]))].sort(),
      };
    })
    // By time, then group; within a group in posting order (the sort is stable).
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
}
