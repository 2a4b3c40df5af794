// Email delivery through the whole engine (hazard workflow on Temporal's time-skipping server, the
// real worker and activities, a real database) to a real SMTP server started here, with the engine's
// own SMTP transport configured as an operator would (SMTP_URL, ANWEI_MAIL_FROM). Every message is
// read back from what the server received. Proves: exactly once across a worker crash after the
// server took the message; an SMTP outage retried with the workflow's backoff (3 s doubling to
// 10 min, unlimited) and nothing lost; the 整改通知 as a recipient's mail program shows it.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import { messageIdFor } from '../../activities/mail/compose.ts';
import { mailConfigFromEnv } from '../../activities/mail/config.ts';
import { MailError } from '../../activities/mail/errors.ts';
import { createMailTransport, type MailTransport } from '../../activities/mail/transport.ts';
import type { NoticeRequest } from '../../activities/notice-views.ts';
import { quietTemporalLogs } from '../../worker/index.ts';
import { startSmtpSink, type Received } from '../activities/smtp.ts';
import { freePort } from '../support/ports.ts';
import { MAIL_FROM, TEST_TOWN_NO_DIGEST, instant, startEngine, type Engine } from '../support/engine.ts';

// Every failed attempt is worth a WARN line from the worker; here they are the point of the test.
quietTemporalLogs('ERROR');

const H1 = { id: 'H1', enterprise: 'e1', level: 'general', description: '储罐区静电接地损坏', location: '储罐区2号罐东侧', deadline: { workdays: 3 }, by: 'insp' };
const ASSIGNED = 'hazard:H1:report:assigned';
const REMINDER = 'hazard:H1:r1:2030-10-11:reminder';
const OVERDUE = 'hazard:H1:r1:2030-10-11:overdue';
const ESCALATION_1 = 'hazard:H1:r1:2030-10-11:escalation-1';

/** The retry policy of sendNotice (NOTICE_TIMEOUTS in workflows/common.ts), as a schedule: delay before retry n (n ≥ 1). */
const retryDelay = (n: number) => Math.min(3_000 * 2 ** (n - 1), 600_000);

interface Attempt {
  key: string;
  /** Temporal's attempt number. */
  attempt: number;
  /** Simulated (test server) time the attempt reached the transport. */
  at: number;
  error?: unknown;
}

/**
 * The engine's SMTP transport as `anwei start` builds it from the environment, wrapped only to note
 * each attempt (Temporal's attempt number and the simulated time) before handing it on unchanged.
 */
async function smtpFromEnv(port: number) {
  const outboxDir = await mkdtemp(join(tmpdir(), 'anwei-unused-outbox-'));
  const config = mailConfigFromEnv({ SMTP_URL: `smtp://127.0.0.1:${port}`, ANWEI_MAIL_FROM: MAIL_FROM }, { outboxDir });
  expect(config).toEqual({ type: 'smtp', url: `smtp://127.0.0.1:${port}`, from: MAIL_FROM });
  const smtp = createMailTransport(config);
  const attempts: Attempt[] = [];
  const clock = { now: async (): Promise<number> => Number.NaN };
  const mail: MailTransport = {
    type: smtp.type,
    verify: () => smtp.verify(),
    async send(email) {
      const entry: Attempt = { key: email.key, attempt: Context.current().info.attempt, at: await clock.now() };
      attempts.push(entry);
      try {
        return await smtp.send(email);
      } catch (error) {
        entry.error = error;
        throw error;
      }
    },
    close: () => smtp.close(),
  };
  // Registered before the engine's own clean-up, so it runs after the worker has stopped.
  onTestFinished(async () => {
    await smtp.close();
    await rm(outboxDir, { recursive: true, force: true });
  });
  return { mail, attempts, clock };
}

async function engineWith(port: number, afterSend?: (key: string) => void) {
  const transport = await smtpFromEnv(port);
  const engine = await startEngine({ start: '2030-10-08T10:00', profile: TEST_TOWN_NO_DIGEST, mail: transport.mail, ...(afterSend ? { afterSend } : {}) });
  transport.clock.now = () => engine.now();
  return { engine, ...transport };
}

interface NoticeActivity {
  request: NoticeRequest;
  /** The attempt that finished it (the test server records no lastFailure). */
  attempt?: number;
  result?: { sent: boolean };
}

const payload = <T>(p: Payload | undefined | null): T => defaultPayloadConverter.fromPayload(p as Payload) as T;

/** The hazard workflow's sendNotice activities, from its history, by outbox key. */
async function noticeActivities(engine: Engine, workflowId = 'hazard:H1'): Promise<Map<string, NoticeActivity>> {
  const history = await engine.env.client.workflow.getHandle(workflowId).fetchHistory();
  const byEvent = new Map<string, NoticeActivity>();
  const byKey = new Map<string, NoticeActivity>();
  for (const e of history.events ?? []) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'sendNotice') {
      const entry: NoticeActivity = { request: payload<NoticeRequest>(scheduled.input?.payloads?.[0]) };
      byEvent.set(String(e.eventId), entry);
      byKey.set(entry.request.key, entry);
    }
    const started = e.activityTaskStartedEventAttributes;
    const startedFor = started && byEvent.get(String(started.scheduledEventId));
    if (started && startedFor) startedFor.attempt = started.attempt ?? undefined;
    const completed = e.activityTaskCompletedEventAttributes;
    const completedFor = completed && byEvent.get(String(completed.scheduledEventId));
    if (completed && completedFor) completedFor.result = payload(completed.result?.payloads?.[0]);
  }
  return byKey;
}

const until = <T>(check: () => Promise<T> | T) => vi.waitFor(check, { timeout: 30_000, interval: 50 });

const parse = (r: Received) => simpleParser(r.raw);
const addresses = (field: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => ({ name: v.name, address: v.address })));
const keyOf = (m: ParsedMail) => m.headers.get('x-anwei-key') as string;

describe('mail delivery through the engine to a real SMTP server', () => {
  it('exactly once: a worker dying after the server took each message retries the activity, and nothing is sent twice', async () => {
    const server = await startSmtpSink();
    const hook: Array<[key: string, attempt: number]> = [];
    const crashed = new Set<string>();
    const { engine, mail } = await engineWith(server.port, (key) => {
      hook.push([key, Context.current().info.attempt]);
      if (crashed.has(key)) return;
      crashed.add(key);
      throw new Error(`simulated worker crash after ${key} was sent`);
    });

    await engine.report(H1);
    await engine.advanceTo('2030-10-08T10:01');
    await until(async () => expect((await noticeActivities(engine)).get(ASSIGNED)?.result).toBeDefined());
    // Through the reminder (10-10 09:00) to the overdue notice and level-1 escalation (Sat 10-12 09:00, a make-up workday).
    await engine.advanceTo('2030-10-12T09:05');
    const keys = [ASSIGNED, REMINDER, OVERDUE, ESCALATION_1];
    const activities = await until(async () => {
      const found = await noticeActivities(engine);
      for (const key of keys) expect(found.get(key)?.result).toBeDefined();
      return found;
    });

    // Each first attempt sent its email and then crashed (the hook runs only after a real send)…
    expect(hook).toEqual(keys.map((k) => [k, 1]));
    // …and the notice was sent again, by a sendNotice that found the outbox row sent and sent nothing.
    // A notice the sending loop sends (the assignment, queued by the report; level 1, which the overdue
    // step's recordStep did not reach once its overdue notice failed) crashed in its sendNotice: Temporal
    // ran it again, attempt 2. A notice that crashed in its step's recordStep was left to the loop: attempt 1.
    const byLoop = [ASSIGNED, ESCALATION_1];
    for (const key of keys) {
      const a = activities.get(key)!;
      expect(a.attempt, key).toBe(byLoop.includes(key) ? 2 : 1);
      expect(a.result, key).toMatchObject({ sent: false });
    }

    // The server got each notice exactly once.
    const received = await Promise.all(server.received.map(parse));
    expect(received.map(keyOf)).toEqual(keys);
    expect(received.map((m) => m.messageId)).toEqual(keys.map((k) => messageIdFor(k, MAIL_FROM)));
    const rows = await engine.db.prisma.notice.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.key, r.status, r.attempts])).toEqual(keys.map((k) => [k, 'sent', 1]));
    expect(rows.every((r) => r.sentAt instanceof Date && r.lastError === null)).toBe(true);

    // The control: the same retry, had the outbox row not said `sent`, would have mailed it again,
    // under the same Message-ID (a mail program would at least fold the two together).
    await engine.db.prisma.notice.update({ where: { key: ASSIGNED }, data: { status: 'pending' } });
    const { sendNotice } = createActivities({ db: engine.db, mail, mailFrom: MAIL_FROM });
    const again = (await new MockActivityEnvironment({ attempt: 2, startToCloseTimeoutMs: 120_000 }).run(
      sendNotice,
      activities.get(ASSIGNED)!.request,
    )) as Awaited<ReturnType<typeof sendNotice>>;
    expect(again.sent).toBe(true);
    expect(server.received).toHaveLength(5);
    const duplicate = await parse(server.received[4]!);
    expect(keyOf(duplicate)).toBe(ASSIGNED);
    expect(duplicate.messageId).toBe(received[0]!.messageId);
  });

  it('SMTP down for three hours: retried with backoff from 3 s to every 10 min, delivered once when it is back, later notices still come', async () => {
    const port = await freePort();
    const { engine, attempts } = await engineWith(port);
    const reportedAt = instant('2030-10-08T10:00');
    await engine.report(H1);

    // The outage: nothing listens on the port until 13:00.
    await engine.advanceTo('2030-10-08T13:00');
    const down = instant('2030-10-08T13:00');
    let expected = 1;
    for (let t = reportedAt + retryDelay(1); t < down; t += retryDelay(expected)) expected++;
    await until(() => expect(attempts.length).toBe(expected));
    expect(expected).toBe(25); // 10:00:00, :03, :09, :21, :45, 10:01:33, :03:09, :06:21, :12:45, then every 10 min to 12:52:45

    expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => i + 1));
    expect(attempts.every((a) => a.key === ASSIGNED)).toBe(true);
    for (const a of attempts) expect(a.error).toMatchObject({ reason: 'unreachable', retryable: true } satisfies Partial<MailError>);
    // The delays Temporal kept between attempts, in simulated time: 3 s doubling, then every 10 min,
    // never giving up. Each may run late by the real time an attempt takes (measured: under 0.1 s), never early.
    const delays = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
    const policy = delays.map((_, i) => retryDelay(i + 1));
    expect(delays.map((d, i) => (d >= policy[i]! && d < policy[i]! + 2_000 ? policy[i] : d))).toEqual(policy);
    expect(policy.slice(0, 9).map((d) => d / 1000)).toEqual([3, 6, 12, 24, 48, 96, 192, 384, 600]);
    expect(attempts[0]!.at - reportedAt).toBeLessThan(3_000);

    const pending = await engine.db.prisma.notice.findUniqueOrThrow({ where: { key: ASSIGNED } });
    expect(pending).toMatchObject({ status: 'pending', attempts: expected, sentAt: null });
    expect(pending.lastError).toContain('ECONNREFUSED');
    expect((await engine.state('H1'))?.status).toBe('open');

    // The server comes back on the same port; the next retry (12:52:45 + 10 min) delivers.
    const server = await startSmtpSink({ port });
    await engine.advanceTo('2030-10-08T13:15');
    await until(async () => expect((await engine.db.prisma.notice.findUniqueOrThrow({ where: { key: ASSIGNED } })).status).toBe('sent'));
    expect(attempts).toHaveLength(expected + 1);
    const delivered = attempts.at(-1)!;
    expect(delivered.error).toBeUndefined();
    expect(delivered.at - attempts.at(-2)!.at).toBeGreaterThanOrEqual(600_000);
    expect(delivered.at - attempts.at(-2)!.at).toBeLessThan(602_000);
    expect(server.received).toHaveLength(1);
    const message = await parse(server.received[0]!);
    expect(keyOf(message)).toBe(ASSIGNED);
    // The email keeps the notice's own time, not the time it finally went out.
    expect(message.date?.getTime()).toBe(reportedAt);
    const sent = await engine.db.prisma.notice.findUniqueOrThrow({ where: { key: ASSIGNED } });
    expect(sent).toMatchObject({ status: 'sent', attempts: expected + 1, lastError: null });

    // The workflow carried on: the reminder comes at its time, first try.
    await engine.advanceTo('2030-10-10T09:05');
    await until(() => expect(server.received).toHaveLength(2));
    expect(keyOf(await parse(server.received[1]!))).toBe(REMINDER);
    expect(await engine.db.prisma.notice.findUniqueOrThrow({ where: { key: REMINDER } })).toMatchObject({ status: 'sent', attempts: 1 });
    expect(attempts.filter((a) => a.key === ASSIGNED)).toHaveLength(expected + 1);
  });

  it('the 整改通知 as the recipients receive it: zh-CN, text and HTML, everything needed to act, from the configured sender', async () => {
    const server = await startSmtpSink();
    const { engine } = await engineWith(server.port);
    await engine.report(H1);
    await until(() => expect(server.received).toHaveLength(1));

    const got = server.received[0]!;
    // The envelope: from the configured sender, to the principal and the sector's inspector.
    expect(got.mailFrom).toBe(MAIL_FROM);
    expect(got.rcptTo.sort()).toEqual(['insp@town.example', 'wang@e1.example']);

    const m = await simpleParser(got.raw);
    expect(m.subject).toBe('【隐患整改通知】甲加油站：储罐区静电接地损坏（限10月11日前整改）');
    expect(addresses(m.from)).toEqual([{ name: '测试镇安委会办公室', address: MAIL_FROM }]);
    expect(addresses(m.to)).toEqual([
      { name: '安监员己', address: 'insp@town.example' },
      { name: '王经理', address: 'wang@e1.example' },
    ]);
    expect(m.messageId).toBe(messageIdFor(ASSIGNED, MAIL_FROM));
    expect(m.messageId).toMatch(/^<anwei\.[0-9a-f]{32}@town\.example>$/);
    expect(m.date?.getTime()).toBe(instant('2030-10-08T10:00'));
    expect(m.headers.get('content-language')).toBe('zh-CN');
    expect(m.headers.get('x-anwei-ref')).toBe('H1');
    expect(m.headers.get('x-anwei-kind')).toBe('hazard.assigned');
    expect(m.headers.get('auto-submitted')).toBe('auto-generated');
    expect(got.raw.toString('latin1')).toMatch(/^Content-Type: text\/plain; charset=utf-8$/im);
    expect(got.raw.toString('latin1')).toMatch(/^Content-Type: text\/html; charset=utf-8$/im);

    const row = await engine.db.prisma.hazard.findUniqueOrThrow({ where: { id: 'H1' } });
    expect(row.due).toBe('2030-10-11');
    const text = m.text!;
    const html = m.html as string;
    expect(typeof html).toBe('string');
    expect(html).toMatch(/^<!DOCTYPE html>|<html/i);
    for (const [what, part] of [
      ['text', text],
      ['html', html],
    ] as const) {
      for (const needle of [
        '甲加油站', // the enterprise
        '储罐区静电接地损坏', // the hazard
        '储罐区2号罐东侧',
        '一般隐患', // its level
        '2030年10月11日（周五）', // the due date…
        row.dueTrace, // …and how it was computed
        '王经理', // who is responsible: the principal, the inspector, the sector leader
        '安监员己',
        '副镇长丙',
        '可由您代为提交整改', // what to do next (the links come with a running engine: tests/engine/mail-links.test.ts)
        '隐患编号', // the hazard reference
        'H1',
      ]) {
        expect(part, `${what} has ${needle}`).toContain(needle);
      }
    }
    expect(row.dueTrace).toContain('2030-10-11');
    expect(text).toContain('隐患编号：H1');
    // Plain text stands alone: no markup in it.
    expect(text).not.toMatch(/<\/?(p|td|div|table)\b/);
  });

  it('an address no server could take costs only its own person the notice: the others receive it, the row says whom it missed, the hazard goes on', async () => {
    const server = await startSmtpSink();
    const { engine, attempts } = await engineWith(server.port);
    // Bad data that slipped past the profile check: the principal's address.
    await engine.db.prisma.enterprise.update({ where: { id: 'e1' }, data: { principalEmail: 'wang at e1' } });
    await engine.report(H1);
    await engine.advanceTo('2030-10-12T09:05');
    await until(() => expect(server.received).toHaveLength(4));

    const keys = await Promise.all(server.received.map(async (r) => keyOf(await parse(r))));
    expect(keys).toEqual([ASSIGNED, REMINDER, OVERDUE, ESCALATION_1]);
    // The inspector still heard of it; nobody's envelope held the broken address.
    for (const r of server.received.slice(0, 3)) expect(r.rcptTo).toContain('insp@town.example');
    for (const r of server.received) expect(r.rcptTo).not.toContain('wang at e1');
    expect(server.received[3]!.rcptTo).toEqual(['lead@town.example']);
    const rows = await engine.db.prisma.notice.findMany({ orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.key, r.status, r.attempts])).toEqual([
      [ASSIGNED, 'sent', 1],
      [REMINDER, 'sent', 1],
      [OVERDUE, 'sent', 1],
      [ESCALATION_1, 'sent', 1],
    ]);
    for (const r of rows.slice(0, 3)) expect(r.lastError).toContain('wang at e1');
    expect(rows[3]!.lastError).toBeNull();
    expect(attempts.map((a) => a.key)).toEqual([ASSIGNED, REMINDER, OVERDUE, ESCALATION_1]);
  });
});
