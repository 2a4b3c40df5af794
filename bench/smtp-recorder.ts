// A real SMTP server for bench/mail-faults.ts (smtp-server, plain SMTP on 127.0.0.1): it records every
// message it accepts with its Message-ID and the time, and says when a send begins (MAIL FROM), so the
// benchmark can kill the engine in the middle of one.

import { SMTPServer } from 'smtp-server';

export interface ReceivedMessage {
  messageId: string;
  /** When the server accepted it (Date.now()), just before its 250 reply. */
  at: number;
}

export interface SmtpRecorder {
  url: string;
  received: ReceivedMessage[];
  /** Resolves at the next MAIL FROM (true), or false after `timeoutMs` without one. */
  nextSend(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

const MESSAGE_ID = /^message-id:\s*(<[^>]+>)/im;

/** The Message-ID of a raw message, from its header (the part before the first empty line). */
function messageIdOf(raw: string): string {
  const end = raw.search(/\r?\n\r?\n/);
  return MESSAGE_ID.exec(end < 0 ? raw : raw.slice(0, end))?.[1] ?? '(no Message-ID)';
}

/**
 * Starts the server on a port the OS picks. `acceptDelayMs` is the time between the end of a message's
 * data and the server's 250 reply (a remote server writing its queue and checking the content): a
 * message is recorded when that time is up, whether or not the sender is still there to hear the reply.
 */
export async function startSmtpRecorder(options: { acceptDelayMs: number }): Promise<SmtpRecorder> {
  const received: ReceivedMessage[] = [];
  let sendWaiters: Array<() => void> = [];
  const server = new SMTPServer({
    logger: false,
    secure: false,
    // Plain SMTP without login: nodemailer would otherwise upgrade to smtp-server's self-signed certificate.
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    closeTimeout: 1000,
    onMailFrom(_address, _session, callback) {
      const waiters = sendWaiters;
      sendWaiters = [];
      for (const wake of waiters) wake();
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        setTimeout(() => {
          received.push({ messageId: messageIdOf(Buffer.concat(chunks).toString('latin1')), at: Date.now() });
          callback();
        }, options.acceptDelayMs);
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((ready, fail) => {
    server.server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ready());
  });
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('the SMTP server has no port');
  let closing: Promise<void> | undefined;
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    nextSend: (timeoutMs) =>
      new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          sendWaiters = sendWaiters.filter((w) => w !== wake);
          resolve(false);
        }, timeoutMs);
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        sendWaiters.push(wake);
      }),
    close: () => (closing ??= new Promise<void>((done) => server.close(() => done()))),
  };
}
