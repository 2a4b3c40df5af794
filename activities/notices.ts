// Sending a notice once: the outbox every notice goes through (hazards, tasks, campaigns, the calendar),
// and the one activity hazard and task workflows send with. The outbox row (unique key = workflow id +
// step) is written with the rendered email before anything is sent and marked sent right after the
// transport took it; a retried activity finds it sent and sends nothing. SMTP outages are thrown as plain
// errors, for Temporal to retry with backoff until the server is back.

import { Context, log } from '@temporalio/activity';
import { unsignedLinks, type LinkButton, type LinkGrant, type LinkMaker } from '../domain/links.ts';
import { noticeAbout, type DigestItem, type HazardNoticeRequest, type Recipient, type RenderedEmail } from '../domain/notices.ts';
import type { TaskNoticeRequest } from '../domain/task.ts';
import { mailText } from '../domain/text/mail.ts';
import type { Database } from '../prisma/client.ts';
import { composeEmail, messageIdFor, type MailAttachment } from './mail/compose.ts';
import { isNonRetryableMailError } from './mail/errors.ts';
import type { MailTransport } from './mail/transport.ts';
import { noticeSubject, type NoticeRequest, type NoticeSubject } from './notice-views.ts';
import { resolveAudience, townReads, type TownReads } from './town.ts';
import { createDigestGate, type DigestDeps, type DigestSlot } from './digests.ts';
import { mentionedByRobots, robotPostsForNotice } from './robots/queue.ts';
import { DIGEST_KIND } from '../domain/digest.ts';
import type { LedgerRecord } from './ledger.ts';

export interface NoticeDeps {
  db: Database;
  mail: MailTransport;
  /** The sender address (ANWEI_MAIL_FROM). */
  mailFrom: string;
  /** Signs each recipient's action links; without it no email carries links (their words are still recorded). */
  links?: LinkMaker;
  /**
   * Fault injection for tests: called after the email was handed to the transport and recorded as
   * sent, where a worker crash would leave Temporal believing the activity never finished.
   */
  afterSend?: (key: string) => void;
  /** The worker's Temporal client: digest collectors are started with it. Without it no notice waits for a digest. */
  temporal?: DigestDeps['temporal'];
}

export interface SendNoticeResult {
  recipients: Recipient[];
  /** False when the outbox already had it sent (a retry): nothing went out this time. */
  sent: boolean;
}

/** How often a send under way tells Temporal the worker is alive (a fraction of the workflows' heartbeat timeout). */
const HEARTBEAT_EVERY_MS = 2_000;

/**
 * The send, heartbeating while it is under way: a worker that dies mid-send is noticed within the sending
 * activity's heartbeat timeout (workflows/common.ts NOTICE_TIMEOUTS), and the send retried, instead of
 * after its start-to-close timeout. Outside an activity (a test calling it directly) it only sends.
 */
async function heartbeating<T>(work: Promise<T>): Promise<T> {
  let activity: Context;
  try {
    activity = Context.current();
  } catch {
    return work;
  }
  // A local activity (a scheduled step, workflows/obligation.ts STEP_LOCAL_PATCH) has no heartbeat: the workflow task's timeout watches it.
  if (activity.info.isLocal) return work;
  activity.heartbeat();
  const beat = setInterval(() => activity.heartbeat(), HEARTBEAT_EVERY_MS);
  try {
    return await work;
  } finally {
    clearInterval(beat);
  }
}

type NoticeRow = NonNullable<Awaited<ReturnType<Database['prisma']['notice']['findUnique']>>>;
type NoticeData = Parameters<Database['prisma']['notice']['create']>[0]['data'];

/** One recipient's links as a notice row records them (Notice.linksJson): their words, no addresses. */
export interface RecipientLinks {
  to: string;
  name: string;
  links: Array<Pick<LinkButton, 'action' | 'label'>>;
}

/** One recipient's own copy of a notice (Notice.deliveriesJson), sent and marked one by one. */
export interface Delivery {
  to: Recipient;
  rendered: RenderedEmail;
  /** Done with: sent, or handed to a daily digest (`digest`). */
  sent: boolean;
  /** The key of the daily digest that carries this copy instead (contract §8). */
  digest?: string;
  /** Not emailed: the person chose robot only, and a group post @-mentions them (contract §8). */
  robot?: true;
}

/** The key an emailed copy is composed under (its Message-ID is made from it): the `index`-th of `noticeKey`'s deliveries. */
export function copyKey(noticeKey: string, index: number): string {
  return `${noticeKey}:to:${index}`;
}

/** The links column of a notice granting `grants` (in its recipients' order). */
export function linksColumn(recipients: readonly Recipient[], grants: readonly LinkGrant[]): string {
  const rows: RecipientLinks[] = recipients.map((r, i) => ({
    to: r.email,
    name: r.name,
    links: unsignedLinks.buttons(grants[i]!).map(({ action, label }) => ({ action, label })),
  }));
  return JSON.stringify(rows);
}

/**
 * Each recipient's own copy, carrying their signed buttons; one per recipient, so nobody receives a link
 * that acts as somebody else. Undefined without a link maker: one email then goes to everyone.
 */
export async function personalCopies(
  maker: LinkMaker | undefined,
  recipients: readonly Recipient[],
  grants: readonly LinkGrant[],
  render: (to: Recipient, buttons: LinkButton[], expiresAt: number) => Promise<RenderedEmail> | RenderedEmail,
): Promise<Delivery[] | undefined> {
  if (!maker || recipients.length === 0) return undefined;
  const copies: Delivery[] = [];
  for (const [i, to] of recipients.entries()) {
    const grant = grants[i]!;
    copies.push({ to, rendered: await render(to, maker.buttons(grant), grant.expiresAt), sent: false });
  }
  return copies;
}

/**
 * The outbox both hazard and task notices go through: a row written once per key (rendered, with its
 * recipients), then delivered once.
 */
export function createOutbox(deps: NoticeDeps) {
  const { db } = deps;
  const { prisma } = db;
  const digests = deps.temporal ? createDigestGate({ db, temporal: deps.temporal }) : undefined;
  /**
   * Rows this outbox wrote and has not delivered yet. Every writer delivers its row right after writing it, so
   * the row is written with its first attempt counted, and no copy of it can have joined a digest before.
   */
  const justWritten = new WeakSet<NoticeRow>();

  /** The recipients (by address) who chose robot only and whom a group post of this notice @-mentions. */
  async function robotOnly(noticeKey: string, recipients: readonly Recipient[], reads: TownReads): Promise<Set<string>> {
    const ids = recipients.flatMap((r) => (r.personId ? [r.personId] : []));
    if (ids.length === 0) return new Set();
    const everyone = await reads.people();
    const people = ids.flatMap((id) => {
      const p = everyone.get(id);
      return p?.channels === 'robot' ? [p] : [];
    });
    if (people.length === 0) return new Set();
    const mentioned = await mentionedByRobots(db, noticeKey);
    return new Set(people.filter((p) => p.mobile && mentioned.has(p.mobile)).map((p) => p.email.toLowerCase()));
  }

  return {
    find: (key: string) => prisma.notice.findUnique({ where: { key } }),

    /**
     * Writes the row for a notice whose key has none yet, to be delivered right after (its first attempt is
     * counted in it); a raced attempt's row wins.
     */
    async insert(data: NoticeData): Promise<NoticeRow> {
      try {
        const row = await prisma.notice.create({ data: { ...data, attempts: data.status === 'pending' ? 1 : 0 } });
        justWritten.add(row);
        return row;
      } catch (error) {
        // Two attempts raced to write the row: the other one won, use it.
        const raced = await prisma.notice.findUnique({ where: { key: data.key } });
        if (raced) return raced;
        throw error;
      }
    },

    /**
     * Sends a row still pending; a row already sent (a retry) or failed sends nothing. `reads`: the town as
     * the notice was written with, when it was written just now.
     */
    async deliver(row: NoticeRow, reads: TownReads = townReads(db)): Promise<SendNoticeResult> {
      const recipients = JSON.parse(row.recipientsJson) as Recipient[];
      const fresh = justWritten.delete(row);
      if (row.status !== 'pending') return { recipients, sent: false };

      const town = await reads.town();
      if (!fresh) await prisma.notice.update({ where: { key: row.key }, data: { attempts: { increment: 1 } }, select: { id: true } });
      let partial: string | null = null;
      // Group robots (contract §8): the notice's posts are queued before any email goes (once by key; it never
      // throws), and posted by the dispatcher, so a robot never holds up an email.
      if (row.kind !== DIGEST_KIND) {
        const notice = { key: row.key, kind: row.kind, ref: row.ref, at: row.at, recipients, subject: row.subject, about: noticeAbout(row.kind) };
        await robotPostsForNotice(db, notice, { channelsJson: town.channelsJson });
      }
      const byRobot = await robotOnly(row.key, recipients, reads);
      // The copies that wait for their recipients' daily digests (contract §8). A notice sent as one email to
      // everyone is split into copies when some of them wait or are reached by a robot instead.
      const slots = digests ? await digests.slots(row, recipients, reads) : new Map<string, DigestSlot>();
      const copies = row.deliveriesJson
        ? (JSON.parse(row.deliveriesJson) as Delivery[])
        : slots.size || byRobot.size
          ? recipients.map((to): Delivery => ({ to, rendered: { subject: row.subject, text: row.text, html: row.html, ...(row.itemJson ? { item: JSON.parse(row.itemJson) as DigestItem } : {}) }, sent: false }))
          : undefined;
      const compose = (key: string, to: Recipient[], rendered: RenderedEmail) =>
        composeEmail({
          key,
          kind: row.kind,
          ref: row.ref,
          at: row.at.getTime(),
          from: deps.mailFrom,
          fromName: mailText.office(town.name),
          to,
          rendered,
          ...(row.ics ? { icalEvent: { method: /^METHOD:CANCEL\r?$/m.test(row.ics) ? 'CANCEL' : 'REQUEST', content: row.ics } } : {}),
          ...(row.attachmentsJson ? { attachments: JSON.parse(row.attachmentsJson) as MailAttachment[] } : {}),
        });
      // Copies that joined a digest are marked with the next write of the row, not each by itself: a retry finds
      // them in their digests anyway (heldBefore). An emailed copy is marked as soon as the server took it.
      let unmarked = false;
      const marks = () => (unmarked ? { deliveriesJson: JSON.stringify(copies) } : {});
      try {
        // Composing refuses an address no server could take (bad data in the database): inside the
        // try, so it fails the notice like a refused address instead of failing every retry.
        const missed: string[] = [];
        if (copies) {
          // Each person's own copy, marked sent as soon as the server took it: a retry sends only the rest.
          for (const [i, copy] of copies.entries()) {
            if (copy.sent) continue;
            if (byRobot.has(copy.to.email.toLowerCase())) {
              copy.sent = true;
              copy.robot = true;
              await prisma.notice.update({ where: { key: row.key }, data: { deliveriesJson: JSON.stringify(copies) }, select: { id: true } });
              unmarked = false;
              continue;
            }
            // A copy that joined a digest before a retry stays with it, whatever the person's settings now.
            const slot = slots.get(copy.to.email.toLowerCase());
            const digest = (row.digest && !fresh ? await digests?.heldBefore(row, copy) : undefined) ?? (slot ? await digests!.hold(row, copy, slot) : undefined);
            if (digest) {
              copy.sent = true;
              copy.digest = digest;
              unmarked = true;
              continue;
            }
            try {
              const email = compose(copyKey(row.key, i), [copy.to], copy.rendered);
              const result = await heartbeating(deps.mail.send(email));
              missed.push(...(email.skipped ?? []), ...result.rejected);
            } catch (error) {
              // An address no server takes costs its own person their copy, not the others theirs.
              if (!isNonRetryableMailError(error)) throw error;
              missed.push(copy.to.email);
            }
            copy.sent = true;
            await prisma.notice.update({ where: { key: row.key }, data: { deliveriesJson: JSON.stringify(copies) }, select: { id: true } });
            unmarked = false;
          }
          if (missed.length === copies.length) {
            const message = mailText.error.someRecipientsMissed(missed);
            log.error('notice could not be delivered', { key: row.key, error: message });
            await prisma.notice.update({ where: { key: row.key }, data: { status: 'failed', lastError: message, ...marks() }, select: { id: true } });
            return { recipients, sent: false };
          }
        } else {
          const email = compose(row.key, recipients, { subject: row.subject, text: row.text, html: row.html });
          const result = await heartbeating(deps.mail.send(email));
          missed.push(...(email.skipped ?? []), ...result.rejected);
        }
        // The others got it: the notice is sent, and the office can see whom it missed.
        if (missed.length) {
          log.warn('notice not delivered to some recipients', { key: row.key, missed });
          partial = mailText.error.someRecipientsMissed(missed);
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        // A refused address fails the same way every time: record it for the office and let the
        // hazard go on (failing the workflow would silence every later notice too).
        const failed = isNonRetryableMailError(error);
        await prisma.notice.update({ where: { key: row.key }, data: { lastError: message, ...(failed ? { status: 'failed' } : {}), ...marks() }, select: { id: true } });
        if (failed) {
          log.error('notice could not be delivered', { key: row.key, error: message });
          return { recipients, sent: false };
        }
        throw error;
      }
      await prisma.notice.update({ where: { key: row.key }, data: { status: 'sent', sentAt: new Date(), lastError: partial, ...marks() }, select: { id: true } });
      deps.afterSend?.(row.key);
      return { recipients, sent: true };
    },
  };
}

/**
 * Sends a hazard's or a task's notice once (by its key), to its audience as the town is now. `recorded`: the
 * transition the same activity has just written to the ledger (recordStep), whose state the notice may then
 * take instead of reading its row back.
 */
export type NoticeSender = (req: NoticeRequest, recorded?: LedgerRecord) => Promise<SendNoticeResult>;

export function createNoticeSender(deps: NoticeDeps): NoticeSender {
  const { db } = deps;
  const outbox = createOutbox(deps);

  /**
   * A scheduled notice may wait for its recipients' daily digest (contract §8); these go at once and alone:
   * everything about a 重大 hazard, every level-2 escalation and a meeting's invitation (its calendar part).
   */
  async function mayWaitForDigest(req: NoticeRequest, subject: NoticeSubject): Promise<boolean> {
    if (!req.scheduled || req.facts.escalationLevel === 2 || req.kind === 'meeting.invite') return false;
    return !(await subject.major());
  }

  /**
   * The outbox row for a notice: found, or written now (rendered, with its recipients as the town is now). A
   * notice of a step recorded by this very activity is not looked for: its step records before it sends, so no
   * earlier attempt can have written its row — and were one there, the insert would take it instead.
   */
  async function outboxRow(req: NoticeRequest, reads: TownReads, recorded: LedgerRecord | undefined) {
    const existing = recorded ? null : await outbox.find(req.key);
    if (existing) return existing;
    const subject = noticeSubject(reads, req, deps.mailFrom, recorded);
    const { recipients, missing, roles } = await resolveAudience(reads, req.audience, await subject.scope());
    if (missing.length) log.warn('notice audience resolved to nobody', { key: req.key, missing });
    const { rendered, ics } = await subject.content(recipients);
    const grants = await subject.grants(recipients, roles);
    const copies = await personalCopies(deps.links, recipients, grants, async (to, buttons, expiresAt) =>
      (await subject.content(recipients, { recipient: to, buttons, expiresAt })).rendered,
    );
    return outbox.insert({
      digest: await mayWaitForDigest(req, subject),
      ...(rendered.item ? { itemJson: JSON.stringify(rendered.item) } : {}),
      linksJson: linksColumn(recipients, grants),
      ...(copies ? { deliveriesJson: JSON.stringify(copies) } : {}),
      key: req.key,
      kind: req.kind,
      ref: subject.ref,
      at: new Date(req.at),
      recipientsJson: JSON.stringify(recipients),
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      ...(ics ? { ics } : {}),
      messageId: messageIdFor(req.key, deps.mailFrom),
      status: recipients.length ? 'pending' : 'sent',
      ...(recipients.length ? {} : { lastError: `nobody to tell: ${missing.join(', ')}` }),
    });
  }

  return async (req, recorded) => {
    const reads = townReads(db);
    return outbox.deliver(await outboxRow(req, reads, recorded), reads);
  };
}

export function createNoticeActivities(deps: NoticeDeps, send: NoticeSender = createNoticeSender(deps)) {
  const sendNotice = (req: NoticeRequest): Promise<SendNoticeResult> => send(req);
  return {
    /** Sends a hazard's or a task's notice once (by its key), to its audience as the town is now. */
    sendNotice,
    /** sendNotice under the name hazard workflows begun before the obligation core call it (docs/versioning.md). */
    sendHazardNotice: (req: HazardNoticeRequest) => sendNotice({ about: 'hazard', ...req }),
    /** sendNotice under the name task workflows begun before the obligation core call it. */
    sendTaskNotice: (req: TaskNoticeRequest) => sendNotice({ about: 'task', ...req }),
  };
}
