// A database with the test town loaded, and the activities bound to it, for calling activities the
// way the worker does: directly, inside the SDK's activity harness (MockActivityEnvironment), which
// gives them a real activity Context (log, info) without a Temporal server. Not a test file.

import { readFileSync } from 'node:fs';
import { MockActivityEnvironment } from '@temporalio/testing';
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';
import { onTestFinished } from 'vitest';
import { createActivities } from '../../activities/index.ts';
import type { MailTransport } from '../../activities/mail/transport.ts';
import { loadProfile } from '../../client/profile-loader.ts';
import { parseInstant } from '../../domain/time.ts';
import { migrateDatabase, openDatabase, type Database } from '../../prisma/client.ts';
import type { Provider } from '../../prisma/engine.ts';
import { testDatabase } from '../support/databases.ts';

export const TOWN = readFileSync(new URL('../fixtures/town.yaml', import.meta.url), 'utf8');
export const FROM = 'anban@town.example';

/** `2030-10-08T10:00` in Shanghai time. */
export const at = (when: string): number => parseInstant(`${when}:00+08:00`)!;

export interface LogLine {
  level: LogLevel;
  message: string;
  meta: LogMetadata | undefined;
}

/** Keeps what the activities log through the SDK's activity logger. */
export class CollectingLogger implements Logger {
  readonly lines: LogLine[] = [];
  log(level: LogLevel, message: string, meta?: LogMetadata) {
    this.lines.push({ level, message, meta });
  }
  trace(message: string, meta?: LogMetadata) {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata) {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata) {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata) {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata) {
    this.log('ERROR', message, meta);
  }
  at(level: LogLevel): LogLine[] {
    return this.lines.filter((l) => l.level === level);
  }
}

export interface World {
  db: Database;
  logger: CollectingLogger;
  /** Runs one activity call in a fresh activity context, as the worker would (attempt 1). */
  run<A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R>;
  activities(mail: MailTransport, afterSend?: (key: string) => void): ReturnType<typeof createActivities>;
}

/** A fresh database on `provider`, migrated, with `profile` (the test town by default) loaded. */
export async function world(provider: Provider, options: { profile?: string; loadedAt?: string } = {}): Promise<World> {
  const database = await testDatabase(provider);
  await migrateDatabase(database.url);
  const db = await openDatabase(database.url);
  onTestFinished(() => db.close());
  await loadProfile(db, { text: options.profile ?? TOWN, file: 'town.yaml', source: 'test', at: new Date(at(options.loadedAt ?? '2030-10-08T08:00')) });
  const logger = new CollectingLogger();
  return {
    db,
    logger,
    run: (fn, ...args) =>
      new MockActivityEnvironment({ activityType: fn.name, startToCloseTimeoutMs: 120_000 }, { logger }).run(fn, ...args),
    activities: (mail, afterSend) => createActivities({ db, mail, mailFrom: FROM, ...(afterSend ? { afterSend } : {}) }),
  };
}
