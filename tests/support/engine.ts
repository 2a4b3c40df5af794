// The whole engine for a test: Temporal's time-skipping server, a fresh database (SQLite or
// PostgreSQL) with a town loaded, the real worker (workflow bundle + activities) and a mail
// transport (a capture by default). Tests drive it as people do — through client/act.ts — and
// read back what was sent from the outbox table and the transport.

import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { onTestFinished } from 'vitest';
import { createMailTransport, type CaptureTransport, type MailTransport } from '../../activities/mail/transport.ts';
import type { Client } from '@temporalio/client';
import { act, type Gateway, type HazardAction } from '../../client/act.ts';
import { loadProfile } from '../../client/profile-loader.ts';
import { advanceSimulatedTime, createTimeSkippingEnvironment } from '../../client/temporal.ts';
import { hazardState, hazardWorkflowId, type HazardView } from '../../domain/hazard.ts';
import type { LinkMaker } from '../../domain/links.ts';
import type { Recipient } from '../../domain/notices.ts';
import { formatInstant, parseInstant } from '../../domain/time.ts';
import { migrateDatabase, openDatabase, type Database } from '../../prisma/client.ts';
import type { Provider } from '../../prisma/engine.ts';
import { createEngineWorker, quietTemporalLogs } from '../../worker/index.ts';
import { testDatabase } from './databases.ts';

export const TEST_TOWN = readFileSync(new URL('../fixtures/town.yaml', import.meta.url), 'utf8');
/**
 * The test town with every notice sent by itself (`policy: { digest: false }`): for tests of one notice's
 * delivery, where a daily digest (tests/engine/digest.test.ts) would carry it under another key.
 */
export function noDigest(profile: string): string {
  const off = profile.replace(/^policy: \{\}$/m, 'policy: { digest: false }');
  if (off === profile) throw new Error('the town has no `policy: {}` line: noDigest no longer applies');
  return off;
}
export const TEST_TOWN_NO_DIGEST = noDigest(TEST_TOWN);
export const MAIL_FROM = 'anwei-test@town.example';

export interface SentNotice {
  /** `2030-10-08T09:00` in Shanghai time (seconds and zone dropped: tests read easier). */
  at: string;
  kind: string;
  /** Recipient emails' local parts, sorted (`insp`, `wang`, …). */
  to: string[];
  ref: string;
  key: string;
  subject: string;
}

export interface Engine {
  env: TestWorkflowEnvironment;
  db: Database;
  /** The database's URL, for running the CLI against this engine (DATABASE_URL). */
  databaseUrl: string;
  mail: MailTransport;
  gateway: Gateway & { client: Client };
  /** Moves simulated time forward to an instant (`2030-10-08T09:00+08:00` or a date-time without zone, read as Shanghai). */
  advanceTo(when: string): Promise<void>;
  now(): Promise<number>;
  report(input: Record<string, unknown>): Promise<HazardView>;
  act(action: HazardAction, id: string, input: Record<string, unknown>): Promise<HazardView>;
  state(id: string): Promise<HazardView | null>;
  /** Notices marked sent in the outbox, in the order they went out. */
  sent(filter?: { ref?: string; kind?: string }): Promise<SentNotice[]>;
  /** Replaces the town profile (as `anwei profile load` does) and tells running workflows. */
  reload(profileText: string): Promise<void>;
  close(): Promise<void>;
}

export interface EngineOptions {
  /** Where simulated time starts; must be in the future. */
  start: string;
  profile?: string;
  provider?: Provider;
  mail?: MailTransport;
  afterSend?: (key: string) => void;
  /** Test-only fault injection: ActivityDeps.beforeStepRecord. */
  beforeStepRecord?: (key: string) => void | Promise<void>;
  /** Each recipient's action links, as `anwei start` signs them; without it the emails carry none. */
  links?: LinkMaker;
}

/** Reads `2030-10-08T09:00` (Shanghai) or a full ISO instant. */
export function instant(when: string): number {
  const withZone = /[+-]\d\d:\d\d$|Z$/.test(when) ? when : `${when.length === 16 ? `${when}:00` : when}+08:00`;
  const ms = parseInstant(withZone);
  if (ms === undefined) throw new Error(`not an instant: ${when}`);
  return ms;
}

const short = (ms: number) => formatInstant(ms).slice(0, 16);

export async function startEngine(options: EngineOptions): Promise<Engine> {
  quietTemporalLogs();
  const database = await testDatabase(options.provider ?? 'sqlite');
  await migrateDatabase(database.url);
  const db = await openDatabase(database.url);
  const env = await createTimeSkippingEnvironment();
  const taskQueue = `test-${randomUUID()}`;
  const mail = options.mail ?? createMailTransport({ type: 'capture', from: MAIL_FROM });
  const start = instant(options.start);
  await loadProfile(db, { text: options.profile ?? TEST_TOWN, file: 'town.yaml', source: 'test', at: new Date(start) });

  const worker: Worker = await createEngineWorker({
    connection: env.nativeConnection,
    taskQueue,
    db,
    mail,
    mailFrom: MAIL_FROM,
    timeSkipping: true,
    ...(options.afterSend ? { afterSend: options.afterSend } : {}),
    ...(options.beforeStepRecord ? { beforeStepRecord: options.beforeStepRecord } : {}),
    ...(options.links ? { links: options.links } : {}),
  });
  const running = worker.run();
  const gateway = { client: env.client, taskQueue, db, now: () => env.currentTimeMs() };

  const advanceTo = (when: string) => advanceSimulatedTime(env, instant(when));
  await advanceTo(options.start);

  let closed = false;
  const engine: Engine = {
    env,
    db,
    databaseUrl: database.url,
    mail,
    gateway,
    advanceTo,
    now: () => env.currentTimeMs(),
    report: (input) => act(gateway, 'hazard', undefined, 'report', input),
    act: (action, id, input) => act(gateway, 'hazard', id, action, input),
    state: (id) => env.client.workflow.getHandle(hazardWorkflowId(id)).query(hazardState),
    async sent(filter = {}) {
      const rows = await db.prisma.notice.findMany({
        where: { status: 'sent', ...(filter.ref ? { ref: filter.ref } : {}), ...(filter.kind ? { kind: filter.kind } : {}) },
        orderBy: [{ at: 'asc' }, { id: 'asc' }],
      });
      return rows.map((n) => ({
        at: short(n.at.getTime()),
        kind: n.kind,
        to: (JSON.parse(n.recipientsJson) as Recipient[]).map((r) => r.email.split('@')[0]!).sort(),
        ref: n.ref,
        key: n.key,
        subject: n.subject,
      }));
    },
    async reload(profileText) {
      const { notifyTownChanged } = await import('../../client/town-changed.ts');
      await loadProfile(db, { text: profileText, file: 'town.yaml', source: 'test', at: new Date(await env.currentTimeMs()) });
      await notifyTownChanged(db, env.client);
    },
    async close() {
      if (closed) return;
      closed = true;
      worker.shutdown();
      await running.catch(() => {});
      await env.teardown();
      await db.close();
      await database.drop();
    },
  };
  onTestFinished(() => engine.close());
  return engine;
}

/** The capture transport's messages, when the engine was started with the default capture. */
export function captured(engine: Engine): CaptureTransport['captured'] {
  return (engine.mail as CaptureTransport).captured;
}
