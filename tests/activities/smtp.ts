// A real SMTP server for the delivery tests (smtp-server, in this process, plain SMTP on 127.0.0.1):
// it keeps every message it accepted, raw, with its envelope, and can refuse recipients for good.
// Not a test file: the activity tests and tests/engine/mail-delivery.test.ts both start one.

import { SMTPServer } from 'smtp-server';
import { onTestFinished } from 'vitest';

export interface Received {
  raw: Buffer;
  mailFrom: string;
  rcptTo: string[];
}

export interface SmtpSink {
  port: number;
  /** smtp://127.0.0.1:PORT, as SMTP_URL takes it. */
  url: string;
  received: Received[];
  /** Sessions that reached the server (connections), accepted or not. */
  sessions(): number;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  /** Listen on this port (0, the default: one the OS picks). */
  port?: number;
  /** Recipients to refuse for good (550), as a real server refuses an unknown mailbox. */
  refuse?: (address: string) => boolean;
}

/** Starts a server that accepts mail; closed when the test finishes (or earlier, by close()). */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const received: Received[] = [];
  let sessions = 0;
  const server = new SMTPServer({
    logger: false,
    secure: false,
    // Plain SMTP without login: nodemailer would otherwise upgrade to smtp-server's self-signed certificate.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    onConnect(_session, callback) {
      sessions++;
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (options.refuse?.(address.address)) callback(Object.assign(new Error('5.1.1 No such user here'), { responseCode: 550 }));
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
        });
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((ready, fail) => {
    server.server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ready());
  });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('SMTP test server has no port');
  let closing: Promise<void> | undefined;
  const sink: SmtpSink = {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    sessions: () => sessions,
    close: () => (closing ??= new Promise<void>((done) => server.close(() => done()))),
  };
  onTestFinished(() => sink.close());
  return sink;
}

