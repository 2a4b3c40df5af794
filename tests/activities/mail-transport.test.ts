// The mail transports against the real thing: an SMTP server started in this process on a random
// port, the file system, and nodemailer's own message building. Every message is read back with
// mailparser, as a mail program would read it.

import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { composeEmail, messageIdFor, rfc5322Date, type OutgoingEmail } from '../../activities/mail/compose.ts';
import { MailError, isNonRetryableMailError } from '../../activities/mail/errors.ts';
import { renderHazardNotice } from '../../activities/mail/render-hazard.ts';
import { classifySmtpError, createMailTransport, type MailTransport } from '../../activities/mail/transport.ts';
import { mailText } from '../../domain/text/mail.ts';
import { CASES } from '../support/mail-fixtures.ts';
import { freePort } from '../support/ports.ts';

// ── fixtures ────────────────────────────────────────────────────────────────────────────────────

const FROM = 'anban@qingshan.example';

function email(name: keyof typeof CASES = 'overdue', key?: string): OutgoingEmail {
  const view = CASES[name]!;
  return composeEmail({
    key: key ?? view.key,
    kind: view.kind,
    ref: view.hazard.id,
    at: view.at,
    from: FROM,
    fromName: mailText.office(view.town),
    to: view.recipients,
    rendered: renderHazardNotice(view),
  });
}

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => ({ name: v.name, address: v.address })));

/** What any mail program would show of the message: everything must survive the trip. */
function expectIntact(parsed: ParsedMail, sent: OutgoingEmail) {
  expect(parsed.subject).toBe(sent.subject);
  expect(parsed.subject).toContain('【隐患逾期】东方加油站：储罐区静电接地损坏');
  expect(parsed.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(sent.text.trimEnd());
  expect(parsed.html).toBe(sent.html);
  expect(parsed.messageId).toBe(sent.messageId);
  expect(parsed.date?.getTime()).toBe(sent.at);
  expect(parsed.headers.get('date')).toBeInstanceOf(Date);
  expect(parsed.headers.get('x-anwei-key')).toBe(sent.key);
  expect(parsed.headers.get('x-anwei-kind')).toBe(sent.kind);
  expect(parsed.headers.get('x-anwei-ref')).toBe(sent.ref);
  expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
  expect(addresses(parsed.from)).toEqual([{ name: '青山镇安委会办公室', address: FROM }]);
  expect(addresses(parsed.to)).toEqual(sent.to.map((a) => ({ name: a.name, address: a.address })));
  expect(parsed.text).toContain('储罐区静电接地损坏');
  expect(parsed.html).toContain('储罐区静电接地损坏');
}

// ── a real SMTP server ──────────────────────────────────────────────────────────────────────────

interface Received {
  raw: Buffer;
  mailFrom: string;
  rcptTo: string[];
  user: string | undefined;
}

interface TestServer {
  port: number;
  received: Received[];
  /** The most sessions that were open at once. */
  peakSessions(): number;
  close(): Promise<void>;
}

const servers: TestServer[] = [];

async function startSmtp(
  options: {
    port?: number;
    auth?: { user: string; pass: string };
    refuse?: (address: string) => boolean;
    refuseSender?: boolean;
    /** `implicit`: TLS from the first byte (smtps); `starttls`: offered after EHLO. Self-signed certificate. */
    tls?: 'implicit' | 'starttls';
  } = {},
): Promise<TestServer> {
  const received: Received[] = [];
  let open = 0;
  let peak = 0;
  const config: SMTPServerOptions = {
    onConnect(_session, callback) {
      peak = Math.max(peak, ++open);
      callback();
    },
    onClose() {
      open--;
    },
    logger: false,
    // Plain by default: nodemailer would otherwise upgrade to smtp-server's self-signed certificate.
    secure: options.tls === 'implicit',
    disabledCommands: [...(options.tls === 'starttls' ? [] : ['STARTTLS']), ...(options.auth ? [] : ['AUTH'])],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onMailFrom(_address, _session, callback) {
      if (options.refuseSender) callback(Object.assign(new Error('Mail from must equal authorized user'), { responseCode: 553 }));
      else callback();
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          raw: Buffer.concat(chunks),
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  };
  const server = new SMTPServer(config);
  // A client that hangs up mid-handshake (refusing our self-signed certificate) is reported here:
  // expected in those tests, and not this server's failure.
  server.on('error', () => undefined);
  await new Promise<void>((ready, fail) => {
    server.server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ready());
  });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const handle: TestServer = {
    port: address.port,
    received,
    peakSessions: () => peak,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
  servers.push(handle);
  return handle;
}

const transports: MailTransport[] = [];
function smtp(url: string): MailTransport {
  const transport = createMailTransport({ type: 'smtp', url, from: FROM });
  transports.push(transport);
  return transport;
}

afterEach(async () => {
  for (const t of transports.splice(0)) await t.close();
  for (const s of servers.splice(0)) await s.close();
});

async function rejection(promise: Promise<unknown>): Promise<MailError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MailError);
  expect(error).toBeInstanceOf(Error);
  return error as MailError;
}

// ── compose ─────────────────────────────────────────────────────────────────────────────────────

describe('composeEmail', () => {
  it('derives the Message-ID from the outbox key, and dates the email at the notice time', () => {
    const a = email('overdue');
    expect(a.messageId).toBe(messageIdFor(CASES.overdue!.key, FROM));
    expect(a.messageId).toMatch(/^<anwei\.[0-9a-f]{32}@qingshan\.example>$/);
    expect(email('overdue').messageId).toBe(a.messageId);
    expect(email('overdue', 'hazard:H1:other-step').messageId).not.toBe(a.messageId);
    expect(a.date).toBe('Wed, 10 Mar 2027 09:00:00 +0800');
    expect(rfc5322Date(Date.UTC(2027, 0, 31, 16, 30))).toBe('Mon, 01 Feb 2027 00:30:00 +0800');
    expect(a.headers).toMatchObject({ 'X-Anwei-Key': 'hazard:H1:r1:2027-03-08:overdue', 'X-Anwei-Kind': 'hazard.overdue', 'X-Anwei-Ref': 'H1' });
    expect(a.from).toEqual({ name: '青山镇安委会办公室', address: FROM });
  });

  it('refuses no recipients or a broken address for good (not retryable)', () => {
    const view = CASES.overdue!;
    const base = { key: 'k', kind: view.kind, ref: 'H1', at: view.at, from: FROM, fromName: 'x', rendered: renderHazardNotice(view) };
    const refused = (to: Array<{ name: string; email: string }>) => {
      try {
        composeEmail({ ...base, to });
      } catch (error) {
        expect(isNonRetryableMailError(error)).toBe(true);
        return (error as MailError).reason;
      }
      throw new Error('expected a refusal');
    };
    expect(refused([])).toBe('invalid_address');
    expect(refused([{ name: '王建华', email: 'wangjh at dongfang' }])).toBe('invalid_address');
    expect(refused([{ name: '王建华', email: 'wang <jh>@dongfang.example' }])).toBe('invalid_address');
  });

  it('leaves out a broken address and keeps the others, saying which it left out', () => {
    const view = CASES.overdue!;
    const base = { key: 'k', kind: view.kind, ref: 'H1', at: view.at, from: FROM, fromName: 'x', rendered: renderHazardNotice(view) };
    const composed = composeEmail({ ...base, to: [{ name: '王建华', email: 'wangjh at dongfang' }, { name: '李明', email: 'liming@town.example' }] });
    expect(composed.to).toEqual([{ name: '李明', address: 'liming@town.example' }]);
    expect(composed.skipped).toEqual(['wangjh at dongfang']);
    expect(composeEmail({ ...base, to: [{ name: '李明', email: 'liming@town.example' }] }).skipped).toBeUndefined();
  });
});

// ── SMTP ────────────────────────────────────────────────────────────────────────────────────────

describe('SMTP transport', () => {
  it('delivers to a server without AUTH: subject, text, HTML, ids, date, headers and Chinese intact', async () => {
    const server = await startSmtp();
    const sent = email('overdue');
    const result = await smtp(`smtp://127.0.0.1:${server.port}`).send(sent);
    expect(result.messageId).toBe(sent.messageId);
    expect(result.rejected).toEqual([]);
    expect(server.received).toHaveLength(1);
    const got = server.received[0]!;
    expect(got.mailFrom).toBe(FROM);
    expect(got.rcptTo.sort()).toEqual(['wangjh@dongfang.example', 'zhaolei@qingshan.example']);
    expect(got.user).toBeUndefined();
    expectIntact(await simpleParser(got.raw), sent);
  });

  it('logs in with the user and password of the URL (percent-encoded)', async () => {
    const server = await startSmtp({ auth: { user: 'anban@qingshan.example', pass: 'p@ss:w/rd 安全' } });
    const url = `smtp://${encodeURIComponent('anban@qingshan.example')}:${encodeURIComponent('p@ss:w/rd 安全')}@127.0.0.1:${server.port}`;
    const sent = email('overdue');
    await smtp(url).send(sent);
    expect(server.received[0]!.user).toBe('anban@qingshan.example');
    expectIntact(await simpleParser(server.received[0]!.raw), sent);
  });

  it('a refused login is retryable (an operator fixes the password) and names the server, not the password', async () => {
    const server = await startSmtp({ auth: { user: 'anban', pass: 'right' } });
    const error = await rejection(smtp(`smtp://anban:wrong-s3cret@127.0.0.1:${server.port}`).send(email()));
    expect(error.reason).toBe('auth');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`127.0.0.1:${server.port}`);
    expect(error.message).not.toContain('wrong-s3cret');
    expect(server.received).toHaveLength(0);
  });

  it('recipients the server refuses for good fail non-retryably; a partial refusal still delivers', async () => {
    const server = await startSmtp({ refuse: (a) => a.startsWith('wangjh') });
    const partial = await smtp(`smtp://127.0.0.1:${server.port}`).send(email('overdue'));
    expect(partial.rejected).toEqual(['wangjh@dongfang.example']);
    expect(partial.accepted).toEqual(['zhaolei@qingshan.example']);
    expect(server.received[0]!.rcptTo).toEqual(['zhaolei@qingshan.example']);

    const refusing = await startSmtp({ refuse: () => true });
    const error = await rejection(smtp(`smtp://127.0.0.1:${refusing.port}`).send(email('overdue')));
    expect(error.retryable).toBe(false);
    expect(error.reason).toBe('recipients_rejected');
    expect(error.responseCode).toBe(550);
    expect(isNonRetryableMailError(error)).toBe(true);
  });

  it('a refused sender is retryable and says to set ANWEI_MAIL_FROM to the login account', async () => {
    const server = await startSmtp({ refuseSender: true });
    const error = await rejection(smtp(`smtp://127.0.0.1:${server.port}`).send(email()));
    expect(error).toMatchObject({ reason: 'sender_rejected', retryable: true, responseCode: 553 });
    expect(error.message).toContain('ANWEI_MAIL_FROM');
  });

  it('with the server down, send rejects with a retryable error; once it is up the same send is delivered', async () => {
    const port = await freePort();
    const transport = smtp(`smtp://127.0.0.1:${port}`);
    const sent = email('escalation_1');

    const started = Date.now();
    const error = await rejection(transport.send(sent));
    const failedIn = Date.now() - started;
    expect(error.retryable).toBe(true);
    expect(error.reason).toBe('unreachable');
    expect(error.message).toContain('ECONNREFUSED');
    await expect(transport.verify()).rejects.toMatchObject({ retryable: true });

    const server = await startSmtp({ port });
    const result = await transport.send(sent);
    expect(result.messageId).toBe(sent.messageId);
    expect(server.received).toHaveLength(1);
    const parsed = await simpleParser(server.received[0]!.raw);
    expect(parsed.messageId).toBe(sent.messageId);
    expect(parsed.subject).toBe('【隐患督办·一级】东方加油站：储罐区静电接地损坏（已逾期2天）');
    expect(parsed.text).toContain('签收本督办');
    await transport.verify();
    expect(failedIn).toBeLessThan(5_000); // a refused connection fails at once, not after a timeout
  });

  it('speaks TLS: smtps:// and STARTTLS, with a self-signed certificate only when the URL allows it', async () => {
    const implicit = await startSmtp({ tls: 'implicit', auth: { user: 'anban', pass: 'pw' } });
    const refused = await rejection(smtp(`smtps://anban:pw@127.0.0.1:${implicit.port}`).send(email()));
    expect(refused).toMatchObject({ retryable: true });
    expect(implicit.received).toHaveLength(0);
    await smtp(`smtps://anban:pw@127.0.0.1:${implicit.port}?rejectUnauthorized=false`).send(email());
    expect(implicit.received).toHaveLength(1);

    const starttls = await startSmtp({ tls: 'starttls' });
    await smtp(`smtp://127.0.0.1:${starttls.port}?requireTLS=true&rejectUnauthorized=false`).send(email());
    expect(starttls.received).toHaveLength(1);
    const plain = await startSmtp();
    const noTls = await rejection(smtp(`smtp://127.0.0.1:${plain.port}?requireTLS=true`).send(email()));
    expect(noTls).toMatchObject({ retryable: true, reason: 'tls' });
    // smtps:// on a port that expects STARTTLS: the message says which scheme the port wants.
    const mismatch = await rejection(smtp(`smtps://127.0.0.1:${plain.port}`).send(email()));
    expect(mismatch).toMatchObject({ retryable: true, reason: 'tls' });
    expect(mismatch.message).toMatch(/wrong[ _]version[ _]number/i);
    expect(mismatch.message).toContain('须写 smtp://');
    expect(plain.received).toHaveLength(0);
  });

  it('tells the operator what to fix for the usual mistakes', () => {
    const certificate = classifySmtpError(
      Object.assign(new Error('certificate has expired'), { code: 'ESOCKET', originalCode: 'CERT_HAS_EXPIRED' }),
      { display: 'smtps://mail.qingshan.gov.example:465', port: 465, secure: true },
    );
    expect(certificate).toMatchObject({ reason: 'tls', retryable: true });
    expect(certificate.message).toContain('?rejectUnauthorized=false');
    // smtp:// on 465 waits for a greeting that never comes.
    const timeout = classifySmtpError(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' }), {
      display: 'smtp://smtp.qq.example:465',
      port: 465,
      secure: false,
    });
    expect(timeout).toMatchObject({ reason: 'timeout', retryable: true });
    expect(timeout.message).toContain('端口 465 通常须写 smtps://');
  });

  it('sends a burst of notices concurrently without losing one', async () => {
    const server = await startSmtp();
    const transport = smtp(`smtp://127.0.0.1:${server.port}`);
    const burst = Array.from({ length: 12 }, (_, i) => email('overdue', `hazard:H${i}:r1:overdue`));
    const results = await Promise.all(burst.map((e) => transport.send(e)));
    expect(new Set(results.map((r) => r.messageId)).size).toBe(12);
    expect(server.received).toHaveLength(12);
    expect(server.peakSessions()).toBeLessThanOrEqual(3); // providers refuse more connections per account
  });
});

// ── outbox ──────────────────────────────────────────────────────────────────────────────────────

describe('outbox transport', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'anwei-outbox-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes one .eml per email, under the Shanghai day of the notice, readable by a mail program', async () => {
    const transport = createMailTransport({ type: 'outbox', dir, from: FROM });
    await transport.verify();
    const sent = email('overdue');
    const result = await transport.send(sent);
    expect(result.duplicate).toBeUndefined();
    expect(result.file).toBe(transport.fileFor(sent));
    expect(result.file).toMatch(/\/2027-03-10\/0900_hazard\.overdue_H1_[0-9a-f]{12}\.eml$/);
    const raw = await readFile(result.file!);
    expect(raw.includes('\r\n')).toBe(true);
    expectIntact(await simpleParser(raw), sent);
    await transport.close();
  });

  it('a second send of the same key does not write again; another key gets its own file', async () => {
    const transport = createMailTransport({ type: 'outbox', dir, from: FROM });
    const sent = email('reminder');
    const first = await transport.send(sent);
    const before = await stat(first.file!);
    const content = await readFile(first.file!);

    const again = await transport.send(email('reminder'));
    expect(again).toMatchObject({ file: first.file, duplicate: true, messageId: sent.messageId });
    expect((await stat(first.file!)).mtimeMs).toBe(before.mtimeMs);
    expect(await readFile(first.file!)).toEqual(content);

    // Racing sends of one key leave one file and no temporary files.
    const racing = await Promise.all(Array.from({ length: 5 }, () => transport.send(email('closed'))));
    expect(racing.filter((r) => !r.duplicate)).toHaveLength(1);

    await transport.send(email('reminder', 'hazard:H1:r2:2027-03-22:reminder'));
    const day = await readdir(join(dir, '2027-03-05'));
    expect(day.filter((f) => f.endsWith('.eml'))).toHaveLength(2);
    for (const folder of await readdir(dir)) {
      for (const f of await readdir(join(dir, folder))) expect(f).toMatch(/\.eml$/);
    }
  });

  it('an unwritable folder is a retryable error that names the folder', async () => {
    const file = join(dir, 'not-a-folder');
    await (await import('node:fs/promises')).writeFile(file, 'x');
    const transport = createMailTransport({ type: 'outbox', dir: file, from: FROM });
    const error = await rejection(transport.send(email()));
    expect(error.retryable).toBe(true);
    expect(error.reason).toBe('outbox');
    expect(error.message).toContain(file);
    await expect(transport.verify()).rejects.toBeInstanceOf(MailError);
  });
});

// ── capture ─────────────────────────────────────────────────────────────────────────────────────

describe('capture transport', () => {
  it('keeps every message, its RFC 822 source and its envelope, in order', async () => {
    const transport = createMailTransport({ type: 'capture', from: FROM });
    const first = email('assigned');
    const second = email('major_listed');
    await transport.send(first);
    await transport.send(second);
    await transport.send(first); // what was sent twice was received twice: the capture does not hide it
    expect(transport.captured.map((c) => c.email.kind)).toEqual(['hazard.assigned', 'hazard.major_listed', 'hazard.assigned']);
    const [a, b] = transport.captured;
    expect(a!.messageId).toBe(first.messageId);
    expect(a!.envelope).toEqual({ from: FROM, to: ['wangjh@dongfang.example', 'zhaolei@qingshan.example'] });
    expect(b!.envelope.to).toEqual(['chenzy@qingshan.example', 'linht@qingshan.example', 'zhoujg@qingshan.example']);
    const parsed = await simpleParser(b!.raw);
    expect(parsed.subject).toBe(second.subject);
    expect(parsed.text).toContain('安全措施和应急预案');
    expect(parsed.date?.getTime()).toBe(second.at);
    transport.clear();
    expect(transport.captured).toHaveLength(0);
    await transport.close();
  });
});
