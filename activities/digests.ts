// Daily digests (今日待办, contract §8): how a scheduled notice's copy waits for its recipient's digest, and
// the collector's activities that seal a digest and send it once.
//
// Why exactly one digest per address and day: a copy joins its digest (a DigestEntry) in the same
// transaction that checks, by a conditional update of the Digest row, that the digest is still gathering;
// sealing flips that row with the same conditional update, and then reads the entries. The two updates
// take the same row lock (PostgreSQL) or the one write lock (SQLite), so every copy either joins before
// the seal and is carried, or finds the digest sealed and goes alone — never both, never neither. What a
// sealed digest carries never changes; its email is an outbox row keyed by the digest, written once and
// delivered once like any notice, so a retry after a crash sends the same digest or nothing.

import type { Client } from '@temporalio/client';
import { log } from '@temporalio/activity';
import { digestCollectorId, digestKey, digestOpened, DIGEST_KIND, type DigestInput, type DigestResult } from '../domain/digest.ts';
import { noticeAbout, type DigestItem, type Recipient, type RenderedEmail } from '../domain/notices.ts';
import { resolvePolicy, type PolicyOverrides } from '../domain/policy.ts';
import { digestText } from '../domain/text/digest.ts';
import { instantAt, localDateOf, type LocalDate } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import { messageIdFor } from './mail/compose.ts';
import { renderDigest } from './mail/render-digest.ts';
import type { createOutbox, Delivery } from './notices.ts';
import { townReads, type TownReads } from './town.ts';

type NoticeRow = NonNullable<Awaited<ReturnType<Database['prisma']['notice']['findUnique']>>>;
type Tx = Parameters<Parameters<Database['prisma']['$transaction']>[0]>[0];

/** Where a copy waits: its digest's day and earliest time. */
export interface DigestSlot {
  day: LocalDate;
  sendAt: number;
}

export interface DigestDeps {
  db: Database;
  /**
   * Starts digest collectors; without it nothing waits for a digest (every notice goes at once). `timeSkipping`:
   * the server skips time (`anwei simulate`, the tests), and collectors wait for it to (DigestInput.skipping).
   */
  temporal?: { client: Client; taskQueue: string; timeSkipping?: boolean };
}

/** The later of two HH:MM times. */
const later = (a: string, b: string) => (a > b ? a : b);

/** The gate the outbox asks before sending a copy: does it wait for a digest, and which. */
export function createDigestGate(deps: DigestDeps) {
  const { db, temporal } = deps;
  const { prisma } = db;

  /**
   * Starts the moment's collector, or tells the running one that a digest of its moment is open (it may have
   * listed its digests already: it then sends again before it ends). One that has finished is started anew.
   */
  async function startCollector(sendAt: number): Promise<void> {
    const input: DigestInput = { sendAt, ...(temporal!.timeSkipping ? { skipping: true } : {}) };
    await temporal!.client.workflow.signalWithStart('digestWorkflow', {
      workflowId: digestCollectorId(sendAt),
      taskQueue: temporal!.taskQueue,
      args: [input],
      signal: digestOpened,
    });
  }

  return {
    /**
     * The copies of a row that wait for a digest, by address: a scheduled, non-urgent notice (Notice.digest)
     * without a calendar invitation or a file, to a person whose digest is on.
     */
    async slots(row: NoticeRow, recipients: readonly Recipient[], reads: TownReads = townReads(db)): Promise<Map<string, DigestSlot>> {
      const slots = new Map<string, DigestSlot>();
      if (!temporal || !row.digest || row.ics || row.attachmentsJson) return slots;
      const policy = resolvePolicy(JSON.parse((await reads.town()).policyJson) as PolicyOverrides);
      const people = await reads.people();
      const at = row.at.getTime();
      const day = localDateOf(at);
      // By default a digest goes when the town's scheduled notices of the day have gone.
      const townTime = later(policy.hazard.noticeTime, policy.task.noticeTime);
      for (const r of recipients) {
        const person = r.personId ? people.get(r.personId) : undefined;
        if (!(person?.digest ?? policy.digest)) continue;
        slots.set(r.email.toLowerCase(), { day, sendAt: Math.max(instantAt(day, person?.digestAt ?? townTime), at) });
      }
      return slots;
    },

    /**
     * The digest a copy joined already (a retry of its notice), if any; its collector is told again while it
     * gathers (the attempt that joined it may have died before telling it).
     */
    async heldBefore(row: NoticeRow, copy: Delivery): Promise<string | undefined> {
      const entry = await prisma.digestEntry.findFirst({ where: { noticeKey: row.key, digestKey: { endsWith: `:${copy.to.email.toLowerCase()}` } }, select: { digestKey: true } });
      if (!entry) return undefined;
      const digest = await prisma.digest.findUnique({ where: { key: entry.digestKey }, select: { status: true, sendAt: true } });
      if (digest?.status === 'gathering') await startCollector(digest.sendAt.getTime());
      return entry.digestKey;
    },

    /**
     * Joins a copy to its recipient's digest and makes sure the digest's collector runs. Returns the digest's
     * key, or undefined when that digest has been sealed already (the copy then goes alone). The collector is
     * told when a digest opens — by the copy that is its first entry, counted inside the joining transaction —
     * not by every copy: it lists the moment's digests itself, and a signal per copy (hundreds at 09:00) was
     * most of its history. A first copy whose attempt dies before telling it tells it on its retry (heldBefore).
     */
    async hold(row: NoticeRow, copy: Delivery, slot: DigestSlot): Promise<string | undefined> {
      const key = digestKey(slot.day, copy.to.email);
      const fresh = { key, day: slot.day, email: copy.to.email.toLowerCase(), personId: copy.to.personId ?? null, name: copy.to.name, sendAt: new Date(slot.sendAt), status: 'gathering', lastEntryAt: new Date() };
      if (!(await prisma.digest.findUnique({ where: { key }, select: { key: true } }))) {
        await prisma.digest.create({ data: fresh, select: { key: true } }).catch(() => {}); // raced: the other copy created it
      }
      const item: DigestItem = copy.rendered.item ?? (row.itemJson ? (JSON.parse(row.itemJson) as DigestItem) : { tone: 'info', subject: copy.rendered.subject, lead: '', rows: [], buttons: [] });
      const alone: RenderedEmail = { subject: copy.rendered.subject, text: copy.rendered.text, html: copy.rendered.html };
      const joined = await prisma.$transaction(async (tx: Tx): Promise<{ opened?: number } | undefined> => {
        // Joined already (a raced attempt): told its collector then, or will on its retry.
        if (await tx.digestEntry.findUnique({ where: { digestKey_noticeKey: { digestKey: key, noticeKey: row.key } }, select: { id: true } })) return {};
        const [digest] = await tx.digest.updateManyAndReturn({
          where: { key, status: 'gathering' },
          data: { entries: { increment: 1 }, lastEntryAt: new Date() },
          select: { entries: true, sendAt: true },
        });
        if (!digest) return undefined;
        await tx.digestEntry.create({
          data: { digestKey: key, noticeKey: row.key, kind: row.kind, ref: row.ref, about: noticeAbout(row.kind), at: row.at, itemJson: JSON.stringify(item), aloneJson: JSON.stringify(alone) },
          select: { id: true },
        });
        return digest.entries === 1 ? { opened: digest.sendAt.getTime() } : {};
      });
      if (!joined) return undefined;
      if (joined.opened !== undefined) await startCollector(joined.opened);
      return key;
    },
  };
}

export type DigestGate = ReturnType<typeof createDigestGate>;

/**
 * Which of the items (`about` and `ref`) still wait on someone: a closed hazard, a done or cancelled task, a
 * closed campaign do not. Read with one query per kind of item, by `<about>:<ref>`.
 */
async function stillOpen(tx: Tx, items: ReadonlyArray<{ about: string; ref: string }>): Promise<Set<string>> {
  const refs = (about: string) => [...new Set(items.filter((i) => i.about === about).map((i) => i.ref))];
  const read = async (about: string, find: (ids: string[]) => Promise<Array<{ id: string; status: string }>>) => {
    const ids = refs(about);
    return new Map((ids.length ? await find(ids) : []).map((row) => [row.id, row.status]));
  };
  const hazards = await read('hazard', (ids) => tx.hazard.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } }));
  const tasks = await read('task', (ids) => tx.task.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } }));
  const campaigns = await read('campaign', (ids) => tx.campaign.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } }));
  const open = ({ about, ref }: { about: string; ref: string }): boolean => {
    if (about === 'hazard') return hazards.get(ref) !== 'closed';
    if (about === 'task') {
      const status = tasks.get(ref);
      return status === undefined || status === 'open' || status === 'overdue';
    }
    if (about === 'campaign') return campaigns.get(ref) !== 'closed';
    return true;
  };
  return new Set(items.filter(open).map((i) => `${i.about}:${i.ref}`));
}

/** The collector's activities (workflows/digest.ts). */
export function createDigestActivities(deps: { db: Database; mailFrom: string; outbox: ReturnType<typeof createOutbox> }) {
  const { db, outbox, mailFrom } = deps;
  const { prisma } = db;

  /**
   * Seals one digest (what it carries is fixed from then on: a copy arriving later goes alone), leaves out the
   * items closed meanwhile, and sends it once: `今日待办（N项）`, or a lone item's own email as it was.
   */
  async function sendDigest(input: { key: string; at: number }): Promise<DigestResult> {
    const entries = await prisma.$transaction(async (tx: Tx) => {
      await tx.digest.updateMany({ where: { key: input.key, status: 'gathering' }, data: { status: 'sealed' } });
      const all = await tx.digestEntry.findMany({ where: { digestKey: input.key }, orderBy: { id: 'asc' } });
      const undecided = all.filter((e) => e.included === null);
      if (undecided.length === 0) return all;
      const open = await stillOpen(tx, undecided);
      for (const e of undecided) e.included = open.has(`${e.about}:${e.ref}`);
      for (const included of [true, false]) {
        const ids = undecided.filter((e) => e.included === included).map((e) => e.id);
        if (ids.length) await tx.digestEntry.updateMany({ where: { id: { in: ids } }, data: { included } });
      }
      return all;
    });
    const carried = entries.filter((e) => e.included);
    // The town as this digest reads it: for its email, and for delivering it.
    const reads = townReads(db);
    const result = { items: carried.length, left: entries.length - carried.length };
    let row = await outbox.find(input.key);
    if (!row) {
      if (carried.length === 0) {
        log.info(digestText.nothingLeft, { key: input.key });
        return { ...result, sent: false };
      }
      const digest = await prisma.digest.findUniqueOrThrow({ where: { key: input.key } });
      const to: Recipient = { ...(digest.personId ? { personId: digest.personId } : {}), name: digest.name, email: digest.email };
      const town = await reads.town();
      const email: RenderedEmail =
        carried.length === 1
          ? (JSON.parse(carried[0]!.aloneJson) as RenderedEmail)
          : renderDigest({ town: town.name, day: digest.day, at: input.at, to, entries: carried.map((e) => ({ kind: e.kind, at: e.at.getTime(), item: JSON.parse(e.itemJson) as DigestItem })) });
      row = await outbox.insert({
        key: input.key,
        kind: DIGEST_KIND,
        ref: digest.personId ?? digest.email,
        at: new Date(input.at),
        recipientsJson: JSON.stringify([to]),
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: messageIdFor(input.key, mailFrom),
        status: 'pending',
      });
    }
    const { sent } = await outbox.deliver(row, reads);
    return { ...result, sent };
  }

  return {
    sendDigest,

    /**
     * How long no copy has joined a digest of this moment still gathering, by this process's clock (the one the
     * joins were written with, read as `now`); none gathering: nothing to wait for.
     */
    async digestQuiet(input: DigestInput): Promise<{ quietForMs: number; lastEntryAt: number; gathering: boolean; now: number }> {
      const last = await prisma.digest.findFirst({ where: { sendAt: new Date(input.sendAt), status: 'gathering' }, orderBy: { lastEntryAt: 'desc' } });
      const lastEntryAt = last?.lastEntryAt.getTime() ?? 0;
      const now = Date.now();
      return { quietForMs: last ? now - lastEntryAt : Number.MAX_SAFE_INTEGER, lastEntryAt, gathering: last !== null, now };
    },

    /** The digests of a moment not yet sent (gathering, or sealed with their email still to go). */
    async digestsToSend(input: DigestInput): Promise<string[]> {
      const digests = await prisma.digest.findMany({ where: { sendAt: new Date(input.sendAt) }, orderBy: { key: 'asc' }, select: { key: true } });
      const sent = new Set((await prisma.notice.findMany({ where: { key: { in: digests.map((d) => d.key) }, status: { not: 'pending' } }, select: { key: true } })).map((n) => n.key));
      return digests.map((d) => d.key).filter((key) => !sent.has(key));
    },
  };
}
