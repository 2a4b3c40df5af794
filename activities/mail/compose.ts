// Turns a rendered notice into the email that is sent: addresses, a Message-ID derived from the
// outbox key (a duplicate send collapses into one message in mail clients), the notice's own time
// as its Date, and the X-Anwei-* headers that tie a message back to its notice.

import { createHash } from 'node:crypto';
import type { SendMailOptions } from 'nodemailer';
import type { Recipient, RenderedEmail } from '../../domain/notices.ts';
import { mailText } from '../../domain/text/mail.ts';
import { formatInstant, isoWeekday, localDateOf } from '../../domain/time.ts';
import { MailError } from './errors.ts';

export interface MailAddress {
  name: string;
  address: string;
}

/** One email, fully decided: plain data, so it can be logged, captured and sent by any transport. */
export interface OutgoingEmail {
  /** The outbox key (workflow id + step). */
  key: string;
  kind: string;
  /** The hazard, task or campaign id. */
  ref: string;
  /** The notice's time (epoch ms, workflow time). */
  at: number;
  /** `<…@domain>` */
  messageId: string;
  /** RFC 5322 date in +0800: `Mon, 01 Mar 2027 10:00:00 +0800`. */
  date: string;
  from: MailAddress;
  to: MailAddress[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** Recipients' addresses no mail server could take, left out of `to` (the others still get the email). */
  skipped?: string[];
  /** A meeting invitation: the iCalendar object, sent as a text/calendar part (and as invite.ics). */
  icalEvent?: IcalEvent;
  /** Files sent along (a campaign's .xlsx ledger). */
  attachments?: MailAttachment[];
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  /** The file, base64-encoded (so an email stays plain data). */
  base64: string;
}

export interface IcalEvent {
  method: 'REQUEST' | 'CANCEL';
  /** The .ics text (CRLF lines). */
  content: string;
}

export interface ComposeInput {
  key: string;
  kind: string;
  ref: string;
  at: number;
  /** The sender's address (ANWEI_MAIL_FROM). */
  from: string;
  /** The sender's display name: the town's 安委会办公室 (mailText.office(town)). */
  fromName: string;
  to: readonly Recipient[];
  rendered: RenderedEmail;
  icalEvent?: IcalEvent;
  attachments?: MailAttachment[];
}

/**
 * Loose on purpose: the profile already validated addresses; this only refuses what no mail server
 * could take (spaces, brackets, a missing @), before it becomes a confusing SMTP error.
 */
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+$/;

export function isMailAddress(value: string): boolean {
  return ADDRESS.test(value) && !value.startsWith('.') && !value.endsWith('.');
}

/** The hex SHA-256 of an outbox key: the Message-ID and the outbox file name are made from it. */
export function keyDigest(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** `<anwei.3f…9a@town.example>`: the same key always gives the same id. */
export function messageIdFor(key: string, from: string): string {
  const hash = keyDigest(key).slice(0, 32);
  const domain = from.slice(from.lastIndexOf('@') + 1) || 'localhost';
  return `<anwei.${hash}@${domain}>`;
}

const DAY_NAMES = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** RFC 5322 date-time in Shanghai time, so a raw .eml shows the office's own clock. */
export function rfc5322Date(at: number): string {
  const iso = formatInstant(at); // 2027-03-01T10:00:00+08:00
  const day = localDateOf(at);
  const month = MONTH_NAMES[Number(iso.slice(5, 7)) - 1]!;
  return `${DAY_NAMES[isoWeekday(day)]}, ${iso.slice(8, 10)} ${month} ${iso.slice(0, 4)} ${iso.slice(11, 19)} +0800`;
}

/** Header values must stay on one line. */
const oneLine = (value: string) => value.replace(/[\r\n]+/g, ' ').trim();

export function composeEmail(input: ComposeInput): OutgoingEmail {
  if (input.to.length === 0) {
    throw new MailError(mailText.error.noRecipients(input.key), { reason: 'invalid_address', retryable: false });
  }
  if (!isMailAddress(input.from)) {
    throw new MailError(mailText.error.badAddress(input.from, input.key), { reason: 'invalid_address', retryable: false });
  }
  // A broken address (bad data in the database) costs its own person the email, not everyone else.
  const to = input.to.filter((r) => isMailAddress(r.email));
  const skipped = input.to.filter((r) => !isMailAddress(r.email)).map((r) => r.email);
  if (to.length === 0) {
    throw new MailError(mailText.error.badAddress(skipped.join('”“'), input.key), { reason: 'invalid_address', retryable: false });
  }
  return {
    key: input.key,
    kind: input.kind,
    ref: input.ref,
    at: input.at,
    messageId: messageIdFor(input.key, input.from),
    date: rfc5322Date(input.at),
    from: { name: oneLine(input.fromName), address: input.from },
    to: to.map((r) => ({ name: oneLine(r.name), address: r.email })),
    ...(skipped.length ? { skipped } : {}),
    subject: oneLine(input.rendered.subject),
    text: input.rendered.text,
    html: input.rendered.html,
    headers: {
      'X-Anwei-Key': oneLine(input.key),
      'X-Anwei-Kind': oneLine(input.kind),
      'X-Anwei-Ref': oneLine(input.ref),
      // RFC 3834: out-of-office replies must not answer a notice (and loop back into the outbox).
      'Auto-Submitted': 'auto-generated',
      'Content-Language': 'zh-CN',
    },
    ...(input.icalEvent ? { icalEvent: input.icalEvent } : {}),
    ...(input.attachments?.length ? { attachments: input.attachments } : {}),
  };
}

/** The nodemailer message for an email: UTF-8 text and HTML alternatives, our ids and dates. */
export function toMessageOptions(email: OutgoingEmail): SendMailOptions {
  return {
    from: { name: email.from.name, address: email.from.address },
    to: email.to.map((a) => ({ name: a.name, address: a.address })),
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: email.messageId,
    date: email.date,
    headers: email.headers,
    // Text is always UTF-8. Chinese is mostly non-ASCII, where base64 is about a third smaller than
    // quoted-printable: for the bodies and for encoded header words (subject, names).
    encoding: 'base64',
    textEncoding: 'B',
    disableFileAccess: true,
    disableUrlAccess: true,
    // nodemailer adds it as the text/calendar alternative (with its METHOD) and as an attachment.
    ...(email.icalEvent ? { icalEvent: { method: email.icalEvent.method, filename: 'invite.ics', content: email.icalEvent.content } } : {}),
    ...(email.attachments?.length
      ? { attachments: email.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: Buffer.from(a.base64, 'base64') })) }
      : {}),
  };
}
