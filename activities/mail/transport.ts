// Sends composed emails: into an outbox folder of .eml files, through an SMTP server, or into memory
// (what `anwei simulate` reads). All three build the message with nodemailer, so what an office opens
// from the outbox is byte for byte what SMTP would have delivered.

import { randomUUID } from 'node:crypto';
import { access, link, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';
import type { SentMessageInfo } from 'nodemailer';
import { mailText } from '../../domain/text/mail.ts';
import { formatInstant, localDateOf } from '../../domain/time.ts';
import { keyDigest, toMessageOptions, type OutgoingEmail } from './compose.ts';
import { parseSmtpUrl, type MailConfig, type SmtpSettings } from './config.ts';
import { MailError } from './errors.ts';

export interface SendResult {
  messageId: string;
  /** Addresses the server took; the outbox and the capture take every address. */
  accepted: string[];
  /** Addresses an SMTP server refused while taking the others: worth a log line. */
  rejected: string[];
  /** Outbox only: the .eml file. */
  file?: string;
  /** Outbox only: the file was already there (a repeated send of the same key); nothing was written. */
  duplicate?: boolean;
}

export interface MailTransport {
  readonly type: MailConfig['type'];
  send(email: OutgoingEmail): Promise<SendResult>;
  /** Checks the transport can work (the folder is writable, the server answers and takes the login), for the start. */
  verify(): Promise<void>;
  close(): Promise<void>;
}

export interface CapturedEmail {
  email: OutgoingEmail;
  /** The RFC 822 source, CRLF line ends, as it would go over SMTP. */
  raw: string;
  envelope: { from: string; to: string[] };
  messageId: string;
}

export interface CaptureTransport extends MailTransport {
  readonly type: 'capture';
  /** Every email sent, in order; a repeated send is kept twice, as an SMTP server would receive it twice. */
  readonly captured: readonly CapturedEmail[];
  clear(): void;
}

export interface OutboxTransport extends MailTransport {
  readonly type: 'outbox';
  /** Where the email with this key, at this time, is (or would be) written. */
  fileFor(email: Pick<OutgoingEmail, 'key' | 'kind' | 'ref' | 'at'>): string;
}

export function createMailTransport(config: Extract<MailConfig, { type: 'capture' }>): CaptureTransport;
export function createMailTransport(config: Extract<MailConfig, { type: 'outbox' }>): OutboxTransport;
export function createMailTransport(config: MailConfig): MailTransport;
export function createMailTransport(config: MailConfig): MailTransport {
  switch (config.type) {
    case 'capture':
      return captureTransport();
    case 'outbox':
      return outboxTransport(config.dir);
    case 'smtp':
      return smtpTransport(parseSmtpUrl(config.url));
  }
}

// ---------------------------------------------------------------------------------------------
// Building the RFC 822 source: nodemailer's own composer, in memory.

interface Built {
  raw: Buffer;
  envelope: { from: string; to: string[] };
  messageId: string;
}

function messageBuilder() {
  const builder = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async build(email: OutgoingEmail): Promise<Built> {
      const info = await builder.sendMail(toMessageOptions(email));
      const raw = info.message;
      if (!Buffer.isBuffer(raw)) throw new Error('nodemailer stream transport returned a stream despite buffer: true');
      const envelope = info.envelope as { from: string | false; to: string[] };
      return { raw, envelope: { from: envelope.from || '', to: [...envelope.to] }, messageId: info.messageId };
    },
    close: () => builder.close(),
  };
}

function captureTransport(): CaptureTransport {
  const builder = messageBuilder();
  const captured: CapturedEmail[] = [];
  return {
    type: 'capture',
    captured,
    async send(email) {
      const built = await builder.build(email);
      captured.push({ email, raw: built.raw.toString('utf8'), envelope: built.envelope, messageId: built.messageId });
      return { messageId: built.messageId, accepted: [...built.envelope.to], rejected: [] };
    },
    clear() {
      captured.length = 0;
    },
    async verify() {},
    async close() {
      builder.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The outbox: one .eml per email, in a folder per Shanghai day of the notice.

/** Keeps a file name portable (Windows, network shares): ids are already tame, this is a guard. */
const safe = (part: string) => part.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);

function outboxFile(dir: string, email: Pick<OutgoingEmail, 'key' | 'kind' | 'ref' | 'at'>): string {
  const day = localDateOf(email.at);
  const hhmm = formatInstant(email.at).slice(11, 16).replace(':', '');
  // The key's digest makes the name unique (and matches the Message-ID); time, kind and ref make the
  // folder readable in a file manager.
  return join(dir, day, `${hhmm}_${safe(email.kind)}_${safe(email.ref)}_${keyDigest(email.key).slice(0, 12)}.eml`);
}

const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV']);

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes a file once: to a temporary name first (a reader never sees half an email), flushed, then
 * linked into place; link() never replaces an existing file, so two racing sends of one key leave one file.
 */
async function writeOnce(file: string, content: Buffer): Promise<boolean> {
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  const handle = await open(tmp, 'wx');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(tmp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_HARD_LINKS.has(code)) throw error;
    // A filesystem without hard links: rename is still atomic; only two sends of one key racing
    // within this instant could both write (the same email).
    if (await exists(file)) return false;
    await rename(tmp, file);
    return true;
  } finally {
    await rm(tmp, { force: true });
  }
}

function outboxTransport(dir: string): OutboxTransport {
  const builder = messageBuilder();
  const ioError = (error: unknown) =>
    new MailError(mailText.error.outbox(dir, error instanceof Error ? error.message : String(error)), {
      reason: 'outbox',
      retryable: true,
      cause: error,
    });
  return {
    type: 'outbox',
    fileFor: (email) => outboxFile(dir, email),
    async send(email) {
      const file = outboxFile(dir, email);
      const accepted = email.to.map((a) => a.address);
      try {
        if (await exists(file)) return { messageId: email.messageId, accepted, rejected: [], file, duplicate: true };
        const built = await builder.build(email);
        await mkdir(join(dir, localDateOf(email.at)), { recursive: true });
        const written = await writeOnce(file, built.raw);
        return { messageId: built.messageId, accepted, rejected: [], file, ...(written ? {} : { duplicate: true }) };
      } catch (error) {
        if (error instanceof MailError) throw error;
        throw ioError(error);
      }
    },
    async verify() {
      try {
        await mkdir(dir, { recursive: true });
        const probe = join(dir, `.write-test.${process.pid}.${randomUUID()}`);
        await writeOnce(probe, Buffer.from(''));
        await rm(probe, { force: true });
      } catch (error) {
        throw ioError(error);
      }
    },
    async close() {
      builder.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// SMTP. Not pooled: a town sends tens of notices a day, mostly in a burst at 09:00. One connection per
// email keeps each activity attempt independent (a dead pooled connection never fails the next
// notice, and nodemailer's pool would requeue on its own, under Temporal's retries). A small limit
// on concurrent sends keeps the 09:00 burst under the connection limits of common providers.

/** Simultaneous SMTP connections; QQ and 163 mail refuse more than a few per account. */
const MAX_CONCURRENT_SENDS = 3;

/**
 * Timeouts sum well under the sending activity's 2-minute start-to-close timeout, so a hung server
 * fails the attempt with our error (and a retry) instead of a Temporal timeout.
 */
const SMTP_TIMEOUTS = {
  dnsTimeout: 10_000,
  connectionTimeout: 15_000,
  greetingTimeout: 15_000,
  socketTimeout: 45_000,
} as const;

class Limiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly max: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    // A finished task hands its slot straight to the next waiter, so a newcomer can never slip in between.
    if (this.active < this.max) this.active++;
    else await new Promise<void>((go) => this.waiting.push(go));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

interface SmtpFailure {
  code?: string;
  originalCode?: string;
  command?: string;
  responseCode?: number;
  response?: string;
  permanent?: boolean;
  rejected?: string[];
  message?: string;
}

/** Node's codes for a certificate it does not trust (expired, self-signed, wrong host…). */
const UNTRUSTED_CERTIFICATE = /^(CERT_|ERR_TLS_CERT|DEPTH_ZERO_SELF_SIGNED|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH)/;
/** OpenSSL's codes when one side speaks TLS and the other does not: smtps:// on a STARTTLS port. */
const PROTOCOL_MISMATCH = /wrong[ _]version[ _]number|unknown[ _]protocol|http[ _]request|packet[ _]length[ _]too[ _]long/i;

/** Sorts a nodemailer error into retry-later or give-up, with a message an operator can act on. */
export function classifySmtpError(error: unknown, settings: Pick<SmtpSettings, 'display' | 'port' | 'secure'>): MailError {
  const server = settings.display;
  const e = (error ?? {}) as SmtpFailure;
  const code = e.code ?? '';
  const underlying = e.originalCode ?? code;
  const detail = (e.response ?? e.message ?? String(error)).trim();
  const responseCode = e.responseCode;
  const base = { cause: error, ...(responseCode !== undefined ? { responseCode } : {}) };
  // A 5xx reply (but 503) is permanent; nodemailer marks it, older paths only give the code.
  const permanent = e.permanent ?? (responseCode !== undefined && responseCode >= 500 && responseCode !== 503);

  if (code === 'EAUTH' || code === 'ENOAUTH') {
    // A wrong password is fixed by an operator, after which the waiting notices must still go out.
    return new MailError(mailText.error.auth(server, detail), { ...base, reason: 'auth', retryable: true });
  }
  const hint = mailText.error.hint;
  if (UNTRUSTED_CERTIFICATE.test(underlying)) {
    return new MailError(mailText.error.tls(server, underlying, hint.untrustedCertificate), { ...base, reason: 'tls', retryable: true });
  }
  const mismatch = PROTOCOL_MISMATCH.exec(`${underlying} ${detail}`);
  if (code === 'ETLS' || code === 'EREQUIRETLS' || mismatch) {
    const portHint = settings.secure && settings.port !== 465 ? hint.useSmtp : '';
    // OpenSSL's full line is noise to an operator; its reason says it.
    return new MailError(mailText.error.tls(server, mismatch ? mismatch[0] : detail, portHint), { ...base, reason: 'tls', retryable: true });
  }
  if (code === 'ETIMEDOUT') {
    // smtp:// on port 465: the server waits for a TLS hello, we wait for its greeting, until the timeout.
    const portHint = !settings.secure && settings.port === 465 ? hint.useSmtps : '';
    return new MailError(mailText.error.timeout(server, portHint), { ...base, reason: 'timeout', retryable: true });
  }
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'EDNS' || code === 'EPROXY') {
    return new MailError(mailText.error.unreachable(server, underlying), { ...base, reason: 'unreachable', retryable: true });
  }
  if (code === 'EENVELOPE' && e.command === 'MAIL FROM') {
    // Most providers only send as the logged-in account: a settings problem an operator fixes.
    return new MailError(mailText.error.senderRejected(server, detail), { ...base, reason: 'sender_rejected', retryable: true });
  }
  if (code === 'EENVELOPE' && permanent) {
    const rejected = e.rejected ?? [];
    return new MailError(mailText.error.recipientsRejected(server, rejected, detail), {
      ...base,
      reason: 'recipients_rejected',
      retryable: false,
      rejected,
    });
  }
  if (code === 'EENVELOPE' && responseCode === undefined) {
    // nodemailer refused the envelope itself (no valid recipient): our data, not the server's mood.
    return new MailError(mailText.error.recipientsRejected(server, e.rejected ?? [], detail), { ...base, reason: 'invalid_address', retryable: false });
  }
  if (permanent && (code === 'EMESSAGE' || (code === 'EENVELOPE' && e.command === 'DATA'))) {
    return new MailError(mailText.error.messageRejected(server, detail), { ...base, reason: 'message_rejected', retryable: false });
  }
  return new MailError(mailText.error.transient(server, detail), { ...base, reason: 'transient', retryable: true });
}

function smtpTransport(settings: SmtpSettings): MailTransport {
  const transporter: Transporter<SentMessageInfo> = createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    ...(settings.auth ? { auth: settings.auth } : {}),
    requireTLS: settings.requireTLS,
    tls: { rejectUnauthorized: settings.rejectUnauthorized },
    ...SMTP_TIMEOUTS,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const limiter = new Limiter(MAX_CONCURRENT_SENDS);
  let closed = false;
  return {
    type: 'smtp',
    async send(email) {
      if (closed) throw new MailError(mailText.error.closed, { reason: 'closed', retryable: true });
      return limiter.run(async () => {
        let info: SentMessageInfo;
        try {
          info = await transporter.sendMail(toMessageOptions(email));
        } catch (error) {
          throw classifySmtpError(error, settings);
        }
        const addresses = (list: unknown): string[] =>
          Array.isArray(list) ? list.map((a) => (typeof a === 'string' ? a : String((a as { address?: string }).address ?? a))) : [];
        return {
          messageId: typeof info.messageId === 'string' ? info.messageId : email.messageId,
          accepted: addresses(info.accepted),
          rejected: addresses(info.rejected),
        };
      });
    },
    async verify() {
      try {
        await transporter.verify();
      } catch (error) {
        throw classifySmtpError(error, settings);
      }
    },
    async close() {
      closed = true;
      transporter.close();
    },
  };
}
