// sendHazardNotice against the real things, on both databases: the outbox folder (each .eml opened
// as a mail program would, with mailparser), and a real SMTP server that is down, refuses
// recipients, or takes the message. The outbox row is checked after every call.

import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { describe, expect, it, onTestFinished } from 'vitest';
import { messageIdFor } from '../../activities/mail/compose.ts';
import { MailError } from '../../activities/mail/errors.ts';
import { createMailTransport, type MailTransport, type OutboxTransport } from '../../activities/mail/transport.ts';
import type { HazardNoticeRequest } from '../../domain/notices.ts';
import * as rules from '../../domain/hazard-rules.ts';
import { PROVIDERS } from '../support/databases.ts';
import { sqliteStatements } from '../support/sqlite-statements.ts';
import { startSmtpSink } from './smtp.ts';
import { freePort } from '../support/ports.ts';
import { FROM, at, world, type World } from './world.ts';

const REPORTED_AT = at('2030-10-08T10:00');
const KEY = 'hazard:H1:report:assigned';
const SUBJECT = '【隐患整改通知】甲加油站：储罐区静电接地损坏（限10月11日前整改）';

const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => ({ name: v.name, address: v.address })));

/**
 * Hazard H1 reported at 甲加油站 and recorded, as the workflow does it (through the activities), and
 * the request the workflow then makes for its 整改通知 (the queued notice of the report).
 */
async function reported(w: World): Promise<{ request: HazardNoticeRequest; dueTrace: string }> {
  const { loadHazardContext, recordHazard } = w.activities(undefined as never);
  const ctx = await w.run(loadHazardContext, { enterpriseId: 'e1', at: REPORTED_AT });
  const t = rules.report(
    undefined,
    { id: 'H1', enterprise: 'e1', level: 'general', description: '储罐区静电接地损坏', location: '储罐区2号罐东侧', deadline: { workdays: 3 }, by: 'insp' },
    ctx,
    REPORTED_AT,
  );
  await w.run(recordHazard, { key: 'hazard:H1:event-1-reported', at: REPORTED_AT, hazard: t.state, event: t.event, nextNoticeAt: null, deadline: t.deadline! });
  const n = t.notices[0]!;
  expect(n.kind).toBe('hazard.assigned');
  return {
    request: { key: `hazard:H1:${n.step}`, kind: n.kind, hazardId: 'H1', at: n.at, audience: n.audience, facts: n.facts },
    dueTrace: t.state.dueTrace,
  };
}

async function outboxDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'anwei-activity-outbox-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function emlFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const day of await readdir(dir)) for (const f of await readdir(join(dir, day))) files.push(join(day, f));
  return files.sort();
}

function smtp(url: string): MailTransport {
  const transport = createMailTransport({ type: 'smtp', url, from: FROM });
  onTestFinished(() => transport.close());
  return transport;
}

const notice = (w: World) => w.db.prisma.notice.findUniqueOrThrow({ where: { key: KEY } });

async function thrown(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the activity to fail');
    },
    (e: unknown) => e,
  );
}

for (const provider of PROVIDERS) {
  describe(`sendHazardNotice on ${provider}`, () => {
    it('outbox transport: writes one .eml a mail program reads (headers, charset, both parts); a retry sends nothing', async () => {
      const w = await world(provider);
      const { request, dueTrace } = await reported(w);
      const dir = await outboxDir();
      const outbox: OutboxTransport = createMailTransport({ type: 'outbox', dir, from: FROM });
      const { sendHazardNotice } = w.activities(outbox);

      const first = await w.run(sendHazardNotice, request);
      expect(first.sent).toBe(true);
      expect(first.recipients).toEqual([
        { personId: 'insp', name: '安监员己', email: 'insp@town.example' },
        { name: '王经理', email: 'wang@e1.example' },
      ]);
      const row = await notice(w);
      expect(row).toMatchObject({ status: 'sent', attempts: 1, lastError: null, kind: 'hazard.assigned', ref: 'H1', subject: SUBJECT, messageId: messageIdFor(KEY, FROM) });
      expect(row.at.getTime()).toBe(REPORTED_AT);
      expect(row.sentAt).toBeInstanceOf(Date);

      // One file, in the folder of the notice's Shanghai day, named by time, kind, hazard and key digest.
      const files = await emlFiles(dir);
      expect(files).toHaveLength(1);
      expect(files[0]).toMatch(/^2030-10-08\/1000_hazard\.assigned_H1_[0-9a-f]{12}\.eml$/);
      const file = join(dir, files[0]!);
      expect(outbox.fileFor({ key: KEY, kind: 'hazard.assigned', ref: 'H1', at: REPORTED_AT })).toBe(file);
      const raw = await readFile(file);

      // ── what a mail program needs of the raw file ──
      const source = raw.toString('latin1');
      const [head, ...rest] = source.split('\r\n\r\n');
      expect(rest.length).toBeGreaterThan(0);
      expect(source.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/); // CRLF line ends only
      for (const line of source.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998); // RFC 5322 §2.1.1
      expect(head).toMatch(/^[\x20-\x7e\r\n\t]*$/); // headers 7-bit: Chinese only in encoded words
      expect(head).toMatch(/^MIME-Version: 1\.0$/m);
      expect(head).toMatch(/^Content-Type: multipart\/alternative;/m);
      expect(head).toMatch(/^Subject: =\?UTF-8\?B\?/im);
      expect(head).toMatch(/^From: =\?UTF-8\?B\?.*\?= <anban@town\.example>$/im);
      expect(head).toMatch(/^Date: Tue, 08 Oct 2030 10:00:00 \+0800$/m);
      expect(head).toMatch(/^Content-Language: zh-CN$/m);
      expect(source).toMatch(/^Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64$/im);
      expect(source).toMatch(/^Content-Type: text\/html; charset=utf-8\r\nContent-Transfer-Encoding: base64$/im);
      expect(raw.toString('utf8')).not.toContain('\ufffd'); // nothing 8-bit left unencoded

      // ── what a mail program shows ──
      const parsed = await simpleParser(raw);
      expect(parsed.subject).toBe(SUBJECT);
      expect(addresses(parsed.from)).toEqual([{ name: '测试镇安委会办公室', address: FROM }]);
      expect(addresses(parsed.to)).toEqual([
        { name: '安监员己', address: 'insp@town.example' },
        { name: '王经理', address: 'wang@e1.example' },
      ]);
      expect(parsed.messageId).toBe(messageIdFor(KEY, FROM));
      expect(parsed.date?.getTime()).toBe(REPORTED_AT);
      expect(parsed.headers.get('x-anwei-key')).toBe(KEY);
      expect(parsed.headers.get('x-anwei-kind')).toBe('hazard.assigned');
      expect(parsed.headers.get('x-anwei-ref')).toBe('H1');
      expect(parsed.headers.get('auto-submitted')).toBe('auto-generated');
      expect(parsed.headers.get('content-language')).toBe('zh-CN');
      expect(parsed.text?.replace(/\r\n/g, '\n').trimEnd()).toBe(row.text.trimEnd());
      expect(parsed.html).toBe(row.html);
      for (const part of [parsed.text!, parsed.html as string]) {
        expect(part).toContain('甲加油站');
        expect(part).toContain('储罐区静电接地损坏');
        expect(part).toContain('2030年10月11日');
        expect(part).toContain(dueTrace);
        expect(part).toContain('可由您代为提交整改');
        expect(part).not.toContain('anwei ');
      }

      // A retried activity (the worker died before Temporal heard back) finds the row sent.
      const retry = await w.run(sendHazardNotice, request);
      expect(retry).toEqual({ recipients: first.recipients, sent: false });
      expect(await emlFiles(dir)).toEqual(files);
      expect(await notice(w)).toMatchObject({ status: 'sent', attempts: 1 });

      // Died between handing the email over and marking the row: the outbox file is not written twice.
      await w.db.prisma.notice.update({ where: { key: KEY }, data: { status: 'pending', sentAt: null } });
      const resent = await w.run(sendHazardNotice, request);
      expect(resent.sent).toBe(true);
      expect(await emlFiles(dir)).toEqual(files);
      expect(await readFile(file)).toEqual(raw);
      expect(await notice(w)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
      expect(await w.db.prisma.notice.count()).toBe(1);
    });

    it('SMTP down: the attempt fails retryably with the row pending; the next attempt, with the server up, delivers once', async () => {
      const w = await world(provider);
      const { request } = await reported(w);
      const port = await freePort();
      const { sendHazardNotice } = w.activities(smtp(`smtp://127.0.0.1:${port}`));

      const error = await thrown(w.run(sendHazardNotice, request));
      expect(error).toBeInstanceOf(MailError);
      expect(error).toMatchObject({ retryable: true, reason: 'unreachable' });
      expect(await notice(w)).toMatchObject({ status: 'pending', attempts: 1, sentAt: null });
      expect((await notice(w)).lastError).toContain('ECONNREFUSED');

      const server = await startSmtpSink({ port });
      const result = await w.run(sendHazardNotice, request);
      expect(result.sent).toBe(true);
      expect(server.received).toHaveLength(1);
      expect(server.received[0]!.rcptTo.sort()).toEqual(['insp@town.example', 'wang@e1.example']);
      expect(await notice(w)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
      // And once it is sent, a retry does not even connect.
      const sessions = server.sessions();
      expect((await w.run(sendHazardNotice, request)).sent).toBe(false);
      expect(server.sessions()).toBe(sessions);
      expect(server.received).toHaveLength(1);
    });

    it('every recipient refused for good (550): the notice is failed with the reason, not thrown, never retried', async () => {
      const w = await world(provider);
      const { request } = await reported(w);
      const server = await startSmtpSink({ refuse: () => true });
      const { sendHazardNotice } = w.activities(smtp(server.url));

      const result = await w.run(sendHazardNotice, request);
      expect(result).toMatchObject({ sent: false });
      expect(result.recipients).toHaveLength(2);
      const row = await notice(w);
      expect(row).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
      expect(row.lastError).toContain('550');
      expect(server.received).toHaveLength(0);
      expect(w.logger.at('ERROR')).toEqual([expect.objectContaining({ message: 'notice could not be delivered', meta: expect.objectContaining({ key: KEY }) })]);

      // A later call (a replay, a retry) leaves it failed and does not try the server again.
      const sessions = server.sessions();
      expect((await w.run(sendHazardNotice, request)).sent).toBe(false);
      expect(server.sessions()).toBe(sessions);
      expect(await notice(w)).toMatchObject({ status: 'failed', attempts: 1 });
    });

    it('an address that is not one (bad data in the database): the others still get the email, the row names whom it missed', async () => {
      const w = await world(provider);
      const { request } = await reported(w);
      await w.db.prisma.enterprise.update({ where: { id: 'e1' }, data: { principalEmail: 'wang at e1.example' } });
      const server = await startSmtpSink();
      const { sendHazardNotice } = w.activities(smtp(server.url));

      expect((await w.run(sendHazardNotice, request)).sent).toBe(true);
      expect(server.received).toHaveLength(1);
      expect(server.received[0]!.rcptTo).toEqual(['insp@town.example']);
      const row = await notice(w);
      expect(row).toMatchObject({ status: 'sent', attempts: 1 });
      expect(row.lastError).toContain('wang at e1.example');
      expect(w.logger.at('WARN')).toEqual([
        expect.objectContaining({ message: 'notice not delivered to some recipients', meta: expect.objectContaining({ key: KEY, missed: ['wang at e1.example'] }) }),
      ]);
    });

    it('no address that is one: failed with the reason, not an endless retry', async () => {
      const w = await world(provider);
      const { request } = await reported(w);
      await w.db.prisma.enterprise.update({ where: { id: 'e1' }, data: { principalEmail: 'wang at e1.example' } });
      await w.db.prisma.person.updateMany({ where: { email: 'insp@town.example' }, data: { email: 'insp(at)town' } });
      const server = await startSmtpSink();
      const { sendHazardNotice } = w.activities(smtp(server.url));

      const result = await w.run(sendHazardNotice, request);
      expect(result.sent).toBe(false);
      const row = await notice(w);
      expect(row.status).toBe('failed');
      expect(row.lastError).toContain('wang at e1.example');
      expect(row.lastError).toContain('insp(at)town');
      expect(server.sessions()).toBe(0);
      expect(w.logger.at('ERROR')).toHaveLength(1);
      // Retried anyway: nothing changes, nothing is thrown.
      expect((await w.run(sendHazardNotice, request)).sent).toBe(false);
      expect((await notice(w)).status).toBe('failed');
      expect(server.sessions()).toBe(0);
    });

    it('one recipient refused, the other taken: sent to who could receive it, the refusal logged', async () => {
      const w = await world(provider);
      const { request } = await reported(w);
      const server = await startSmtpSink({ refuse: (a) => a === 'wang@e1.example' });
      const { sendHazardNotice } = w.activities(smtp(server.url));

      expect((await w.run(sendHazardNotice, request)).sent).toBe(true);
      expect(server.received).toHaveLength(1);
      expect(server.received[0]!.rcptTo).toEqual(['insp@town.example']);
      expect(await notice(w)).toMatchObject({ status: 'sent', attempts: 1, lastError: expect.stringContaining('wang@e1.example') });
      expect(w.logger.at('WARN')).toEqual([
        expect.objectContaining({ message: 'notice not delivered to some recipients', meta: expect.objectContaining({ key: KEY, missed: ['wang@e1.example'] }) }),
      ]);
    });

    it('the fault hook runs after the row is marked sent: a crash there leaves nothing to send again', async () => {
      const w = await world(provider);
      const { request } = await reported(w);
      const server = await startSmtpSink();
      const crashes: string[] = [];
      const { sendHazardNotice } = w.activities(smtp(server.url), (key) => {
        crashes.push(key);
        throw new Error(`simulated worker crash after sending ${key}`);
      });
      const error = await thrown(w.run(sendHazardNotice, request));
      expect((error as Error).message).toContain('simulated worker crash');
      expect(crashes).toEqual([KEY]);
      expect(await notice(w)).toMatchObject({ status: 'sent', attempts: 1 });
      expect(server.received).toHaveLength(1);

      expect((await w.run(sendHazardNotice, request)).sent).toBe(false);
      expect(server.received).toHaveLength(1);
      expect(crashes).toEqual([KEY]);
    });
  });
}

describe('a hazard notice on sqlite', () => {
  it('reads the hazard’s row once, for its audience, its digest, its links and its view', async () => {
    const statements = sqliteStatements();
    const w = await world('sqlite');
    const { request } = await reported(w);
    const mail = createMailTransport({ type: 'capture', from: FROM });
    const { sendHazardNotice } = w.activities(mail);
    statements.length = 0;
    expect(await w.run(sendHazardNotice, { ...request, scheduled: true })).toMatchObject({ sent: true });
    expect(statements.filter((s) => s === 'SELECT Hazard')).toHaveLength(1);
    expect(mail.captured).toHaveLength(1);
    // A general hazard's scheduled notice may wait for a digest; its links as its open state allows.
    const row = await notice(w);
    expect(row).toMatchObject({ digest: true, status: 'sent', attempts: 1 });
    expect(row.linksJson).toContain('"action":"extend"');
  });
});
