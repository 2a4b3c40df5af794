// The whole engine sending through its SMTP transport to a real SMTP server started here, with each
// recipient's links signed as `anwei start` signs them: what recipients receive, read back and verified.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { expect, onTestFinished, vi } from 'vitest';
import { mailConfigFromEnv } from '../../activities/mail/config.ts';
import { createMailTransport } from '../../activities/mail/transport.ts';
import type { LinkAction } from '../../domain/links.ts';
import { LinkSigner } from '../../web/links.ts';
import { startSmtpSink } from '../activities/smtp.ts';
import { MAIL_FROM, startEngine, type EngineOptions } from './engine.ts';

export const PUBLIC_URL = 'https://anwei.example/qingshan';

export const until = <T>(check: () => Promise<T> | T) => vi.waitFor(check, { timeout: 30_000, interval: 50 });
export const to = (m: ParsedMail) => ((m.to as AddressObject).value ?? []).map((a) => a.address);

export async function linkedEngine(start = '2030-10-08T10:00', profile?: string, extra: Pick<EngineOptions, 'afterSend' | 'beforeStepRecord'> = {}) {
  const server = await startSmtpSink();
  const outboxDir = await mkdtemp(join(tmpdir(), 'anwei-unused-outbox-'));
  const mail = createMailTransport(mailConfigFromEnv({ SMTP_URL: `smtp://127.0.0.1:${server.port}`, ANWEI_MAIL_FROM: MAIL_FROM }, { outboxDir }));
  onTestFinished(() => mail.close());
  const signer = new LinkSigner(Buffer.alloc(32, 3), PUBLIC_URL);
  const engine = await startEngine({ start, mail, links: signer.maker(), ...(profile ? { profile } : {}), ...extra });
  const messages = async () => Promise.all(server.received.map((r) => simpleParser(r.raw)));
  /** The one message of a kind to one address. */
  const messageTo = async (kind: string, address: string) => {
    const all = (await messages()).filter((m) => m.headers.get('x-anwei-kind') === kind && to(m).includes(address));
    expect(all, `${kind} to ${address}`).toHaveLength(1);
    return all[0]!;
  };
  /** Every button of a message's text part, as (label, action, grant) — each URL verified with the engine's secret. */
  const buttons = (m: ParsedMail) => {
    const found = [...m.text!.matchAll(/^ +(\S+)：(https:\/\/anwei\.example\/qingshan\/a\/([^/\s]+)(?:\/(\w+))?)$/gm)];
    return found.map(([, label, url, token, action]) => {
      // Valid when it arrives (the message's date, simulated time), and for 30 days.
      const checked = signer.verify(token!, m.date!.getTime() + 29 * 86_400_000);
      if (!('grant' in checked)) throw new Error(`${url} is not a valid link: ${checked.refused}`);
      expect(m.html).toContain(`href="${url}"`);
      return { label: label!, action: (action ?? 'view') as LinkAction, who: checked.grant.who, item: `${checked.grant.kind}:${checked.grant.id}`, allowed: checked.grant.actions };
    });
  };
  return { server, engine, messages, messageTo, buttons };
}

