// How the copies of one person's scheduled notices meet in their daily digest (activities/digests.ts), with
// the seal racing the copies as it does when workflows reach 09:00 at slightly different moments: on SQLite and
// on PostgreSQL, a real SMTP server, and a Temporal client the collectors are started with (no worker runs
// them here; the test seals the digest itself, mid-race). Every copy is carried by the digest or goes alone:
// never both, never neither.

import { simpleParser } from 'mailparser';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createDigestActivities } from '../../activities/digests.ts';
import { mailConfigFromEnv } from '../../activities/mail/config.ts';
import { messageIdFor } from '../../activities/mail/compose.ts';
import { createMailTransport } from '../../activities/mail/transport.ts';
import { createOutbox } from '../../activities/notices.ts';
import { createTimeSkippingEnvironment } from '../../client/temporal.ts';
import { digestKey } from '../../domain/digest.ts';
import type { DigestItem } from '../../domain/notices.ts';
import { quietTemporalLogs } from '../../worker/index.ts';
import { PROVIDERS } from '../support/databases.ts';
import { sqliteStatements } from '../support/sqlite-statements.ts';
import { startSmtpSink } from './smtp.ts';
import { FROM, at, world } from './world.ts';

quietTemporalLogs('ERROR');

const COPIES = 40;
const INSPECTOR = { personId: 'insp', name: '安监员己', email: 'insp@town.example' };
const KEY = digestKey('2030-10-09', INSPECTOR.email);

/** A general hazard's 09:00 reminder to the inspector, as the outbox row the notice activity writes. */
function reminder(i: number) {
  const key = `hazard:R${i}:r1:2030-10-10:reminder`;
  const item: DigestItem = { tone: 'warn', subject: `【整改到期提醒】甲加油站：隐患${i}`, lead: `隐患${i}明天到期。`, rows: [{ label: '隐患', value: `隐患${i}` }], buttons: [] };
  return {
    key,
    kind: 'hazard.reminder',
    ref: `R${i}`,
    at: new Date(at('2030-10-09T09:00')),
    recipientsJson: JSON.stringify([INSPECTOR]),
    subject: item.subject,
    text: `${item.subject}\n`,
    html: `<p>${item.subject}</p>`,
    messageId: messageIdFor(key, FROM),
    status: 'pending',
    digest: true,
    itemJson: JSON.stringify(item),
  };
}

describe.each(PROVIDERS)('a digest sealed while copies still arrive (%s)', (provider) => {
  it('carries every copy that joined before the seal, and every later copy goes alone: each reaches the inspector exactly once', async () => {
    const { db } = await world(provider);
    const smtp = await startSmtpSink();
    onTestFinished(() => smtp.close());
    const mail = createMailTransport(mailConfigFromEnv({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, ANWEI_MAIL_FROM: FROM }, { outboxDir: '/nonexistent' }));
    onTestFinished(() => mail.close());
    const env = await createTimeSkippingEnvironment();
    onTestFinished(() => env.teardown());
    const outbox = createOutbox({ db, mail, mailFrom: FROM, temporal: { client: env.client, taskQueue: 'digests-test-no-worker' } });
    const digests = createDigestActivities({ db, mailFrom: FROM, outbox });

    const rows = [];
    for (let i = 0; i < COPIES; i++) rows.push(await db.prisma.notice.create({ data: reminder(i) }));
    // Fifteen copies join; fifteen more race the seal; the last ten come after it (a worker that was down).
    const [early, racing, late] = [rows.slice(0, 15), rows.slice(15, 30), rows.slice(30)];
    await Promise.all(early.map((row) => outbox.deliver(row)));
    const [sealed] = await Promise.all([digests.sendDigest({ key: KEY, at: at('2030-10-09T09:01') }), ...racing.map((row) => outbox.deliver(row))]);
    await Promise.all(late.map((row) => outbox.deliver(row)));

    const entries = await db.prisma.digestEntry.findMany({ where: { digestKey: KEY } });
    const carried = new Set(entries.filter((e) => e.included).map((e) => e.noticeKey));
    expect(sealed).toEqual({ items: carried.size, left: 0, sent: true });
    for (const row of early) expect(carried.has(row.key), row.key).toBe(true);
    for (const row of late) expect(carried.has(row.key), row.key).toBe(false);
    expect(entries.every((e) => e.included === true)).toBe(true);

    const received = await Promise.all(smtp.received.map((r) => simpleParser(r.raw)));
    const byKey = (key: string) => received.filter((m) => m.headers.get('x-anwei-key') === key);
    const digest = byKey(KEY);
    expect(digest).toHaveLength(1);
    // A digest of one item is that item's own email.
    expect(digest[0]!.subject).toBe(carried.size === 1 ? rows.find((r) => carried.has(r.key))!.subject : `今日待办（${carried.size}项）`);
    for (const row of rows) {
      const alone = byKey(`${row.key}:to:0`);
      if (carried.has(row.key)) {
        expect(alone, row.key).toHaveLength(0);
        expect(digest[0]!.text).toContain(row.subject);
      } else {
        expect(alone, row.key).toHaveLength(1);
        expect(digest[0]!.text).not.toContain(`${row.subject}\n`);
      }
    }
    expect(received).toHaveLength(1 + COPIES - carried.size);
    // Every row is done with: sent, by itself or by the digest.
    expect(await db.prisma.notice.count({ where: { status: 'sent', kind: 'hazard.reminder' } })).toBe(COPIES);
  });
});

describe('sealing a digest on sqlite', () => {
  it('decides which items it still carries with one read per kind of item and one write per answer, and reads the town once', async () => {
    const statements = sqliteStatements();
    const { db } = await world('sqlite');
    const env = await createTimeSkippingEnvironment();
    onTestFinished(() => env.teardown());
    const mail = createMailTransport({ type: 'capture', from: FROM });
    const outbox = createOutbox({ db, mail, mailFrom: FROM, temporal: { client: env.client, taskQueue: 'digests-test-no-worker' } });
    const digests = createDigestActivities({ db, mailFrom: FROM, outbox });
    for (let i = 0; i < 6; i++) await outbox.deliver(await db.prisma.notice.create({ data: reminder(i) }));

    statements.length = 0;
    expect(await digests.sendDigest({ key: KEY, at: at('2030-10-09T09:01') })).toEqual({ items: 6, left: 0, sent: true });
    const count = (name: string) => statements.filter((s) => s === name).length;
    expect([count('SELECT Hazard'), count('UPDATE DigestEntry'), count('SELECT Town')]).toEqual([1, 1, 1]);
    expect(mail.captured).toHaveLength(1);
    expect((await db.prisma.digestEntry.findMany({ where: { digestKey: KEY } })).every((e) => e.included)).toBe(true);
  });
});
