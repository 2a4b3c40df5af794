// While the mail server is down nobody waits for it: every action on a hazard, a task or a campaign is
// recorded and answered at once, and the notices it and the calendar queued go out — each once — when
// the server is back. The whole engine (Temporal's time-skipping server, the real worker and activities,
// SQLite) with the engine's own SMTP transport, to a real SMTP server that is stopped and started again.

import { simpleParser } from 'mailparser';
import { describe, expect, it, vi } from 'vitest';
import { mailConfigFromEnv } from '../../activities/mail/config.ts';
import { createMailTransport } from '../../activities/mail/transport.ts';
import { act } from '../../client/act.ts';
import { quietTemporalLogs } from '../../worker/index.ts';
import { startSmtpSink } from '../activities/smtp.ts';
import { MAIL_FROM, noDigest, startEngine } from '../support/engine.ts';
import { TASK_TOWN, startTask, villageReport } from '../support/tasks.ts';
import { close, start } from './campaign-helpers.ts';
import { general } from './hazard-helpers.ts';

// Every failed send is worth a WARN line from the worker; here they are expected.
quietTemporalLogs('ERROR');

const keysOf = (received: Array<{ raw: Buffer }>) =>
  Promise.all(received.map(async (r) => (await simpleParser(r.raw)).headers.get('x-anwei-key') as string));

/** How long an action may take while the mail server is down. */
const PROMPT_MS = 10_000;

/** The action's answer, or a failure naming it when it took longer than PROMPT_MS (it was waiting for mail). */
async function promptly<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: no answer within ${PROMPT_MS / 1000} s while the mail server was down`)), PROMPT_MS);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

describe('the mail server down', () => {
  it('keeps no action waiting: ack, submit, verify, extend, decide, a new report, task complete and campaign close are answered at once; every notice arrives once when it is back', async () => {
    const server = await startSmtpSink();
    const smtp = createMailTransport(mailConfigFromEnv({ SMTP_URL: server.url, ANWEI_MAIL_FROM: MAIL_FROM }, { outboxDir: '/nonexistent' }));
    // Each notice by itself, so that each is counted as it arrives (a digest's own outage is tests/engine/digest.test.ts's).
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: noDigest(TASK_TOWN), mail: smtp });
    await engine.advanceTo('2030-09-02T10:00');
    // H1 due Mon 09-09, overdue with level 1 on Tue 09-10; H2 due Mon 09-16. The village report is due Fri 09-06.
    await engine.report(general('H1', { workdays: 5 }));
    await engine.report(general('H2', { workdays: 10 }, { description: '消防通道堵塞' }));
    await startTask(engine, villageReport());
    await start(engine, { id: 'SC2030', template: 'special', title: '2030年秋季专项整治', due: { workdays: 5 }, by: 'lead' });
    const allSent = async () => expect(await engine.db.prisma.notice.findMany({ where: { status: { not: 'sent' } }, select: { key: true } })).toEqual([]);
    await vi.waitFor(allSent, { timeout: 30_000, interval: 100 });
    const before = server.received.length;
    expect(before).toBeGreaterThan(0);

    await server.close();
    // A week of the calendar with nobody to mail: reminders, overdue notices and escalations queue up.
    await engine.advanceTo('2030-09-10T10:00');
    expect(await engine.db.prisma.notice.count({ where: { status: 'pending' } })).toBeGreaterThan(0);
    expect(await engine.state('H1')).toMatchObject({ escalationLevel: 1 });

    expect(await promptly('ack', engine.act('ack', 'H1', { by: 'lead' }))).toMatchObject({ acknowledged: true });
    expect(await promptly('submit', engine.act('submit', 'H1', { evidence: '已更换接地线' }))).toMatchObject({ status: 'submitted' });
    expect(await promptly('verify', engine.act('verify', 'H1', { by: 'insp', result: 'pass' }))).toMatchObject({ status: 'closed' });
    expect(await promptly('extend', engine.act('extend', 'H2', { reason: '需停产检修', deadline: { date: '2030-09-27' } }))).toMatchObject({
      pendingExtension: { due: '2030-09-27' },
    });
    expect(await promptly('decide', engine.act('decide', 'H2', { by: 'lead', approve: true }))).toMatchObject({ due: '2030-09-27' });
    expect(await promptly('report', engine.report(general('H3', { workdays: 5 }, { description: '配电箱未接地' })))).toMatchObject({ status: 'open' });
    expect(
      await promptly('task complete', act(engine.gateway, 'task', 'village-report:2030-08:v1', 'complete', { by: 'vs', evidence: '已报送8月月报' })),
    ).toMatchObject({ status: 'done', late: true });
    expect(await promptly('campaign close', close(engine, 'SC2030'))).toMatchObject({ status: 'closed' });

    // Nothing went out meanwhile: each workflow's first notice is being retried, the rest wait behind it in order.
    expect(server.received).toHaveLength(before);
    const h1 = await engine.db.prisma.hazard.findUniqueOrThrow({ where: { id: 'H1' } });
    expect((JSON.parse(h1.stateJson!) as { outbox: Array<{ step: string }> }).outbox.map((n) => n.step)).toEqual([
      'r1:2030-09-09:reminder',
      'r1:2030-09-09:overdue',
      'r1:2030-09-09:escalation-1',
      'r1:verification-requested',
      'closed',
    ]);

    // Back on the same port: the retries (at most 10 minutes apart) deliver everything, once.
    const back = await startSmtpSink({ port: server.port });
    const queues = async () => {
      const open = await engine.db.prisma.hazard.findMany({ select: { stateJson: true } });
      return open.flatMap((h) => (JSON.parse(h.stateJson!) as { outbox: unknown[] }).outbox);
    };
    await engine.advanceTo('2030-09-10T10:30');
    await vi.waitFor(async () => {
      await allSent();
      // The last email each queue holds went out: the campaign's closing and the hazards' 销号 and decision.
      const keys = await keysOf(back.received);
      expect(keys).toEqual(expect.arrayContaining(['campaign:SC2030:closed:heads', 'hazard:H1:closed', 'hazard:H2:extension-1:decided']));
    }, { timeout: 60_000, interval: 200 });
    expect(await queues()).not.toHaveLength(0); // recorded with their queues; the ledger is not rewritten per email

    const keys = await keysOf(back.received);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
    expect(keys).toEqual(
      expect.arrayContaining([
        'hazard:H1:r1:2030-09-09:reminder',
        'hazard:H1:r1:2030-09-09:overdue',
        'hazard:H1:r1:2030-09-09:escalation-1',
        'hazard:H1:r1:verification-requested',
        'hazard:H2:extension-1:requested',
        'hazard:H3:report:assigned',
        'village-report:2030-08:v1:2030-09-06:overdue',
        'village-report:2030-08:v1:2030-09-06:escalation-1',
      ]),
    );
    // Every notice in the outbox went out exactly once in all.
    const everything = [...(await keysOf(server.received)), ...keys];
    const rows = await engine.db.prisma.notice.findMany({ where: { NOT: { recipientsJson: '[]' } }, select: { key: true } });
    expect(everything.sort()).toEqual(rows.map((r) => r.key).sort());
  }, 240_000);
});
