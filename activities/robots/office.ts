// Telling the office that a group robot cannot post: one email to the office heads through the outbox, keyed
// per channel and day (`robot-broken:<channel>:<YYYY-MM-DD>`), so a restarted dispatcher, or a channel that
// keeps failing, writes at most one a day.

import type { RobotKind } from '../../domain/profile.ts';
import { ROBOT_BROKEN_KIND } from '../../domain/robots.ts';
import { longDate, mailText } from '../../domain/text/mail.ts';
import { robotText } from '../../domain/text/robots.ts';
import { formatInstant, localDateOf } from '../../domain/time.ts';
import { createOutbox, type NoticeDeps } from '../notices.ts';
import { officeEmailRow } from '../office-email.ts';
import { loadTown } from '../town.ts';
import { loadChannels } from './queue.ts';

export const robotBrokenKey = (channel: string, atMs: number): string => `robot-broken:${channel}:${localDateOf(atMs)}`;

export { ROBOT_BROKEN_KIND };

/** The dispatcher's `tellOffice`: writes (once per channel and day) and sends the office heads' email. */
export function createRobotOfficeTeller(deps: NoticeDeps, now: () => number = Date.now) {
  const outbox = createOutbox(deps);
  return async (channelId: string, reason: string): Promise<void> => {
    const at = now();
    const row = await officeEmailRow(deps, outbox, { key: robotBrokenKey(channelId, at), kind: ROBOT_BROKEN_KIND, ref: `robot:${channelId}`, at }, async () => {
      const town = await loadTown(deps.db);
      const kind: RobotKind = (await loadChannels(deps.db)).find((c) => c.id === channelId)?.kind ?? 'wecom';
      const office = mailText.office(town.name);
      const text = robotText.broken;
      return {
        tone: 'warn',
        subject: text.subject(channelId),
        greeting: text.greeting,
        lead: text.lead(channelId, kind, reason),
        sections: [],
        actions: [{ text: text.action, commands: [{ command: 'anwei profile check <档案文件>' }] }],
        notes: [],
        office,
        date: longDate(formatInstant(at).slice(0, 10)),
        footer: text.footer(office),
      };
    });
    if (!row) return;
    try {
      await outbox.deliver(row);
    } catch {
      // The mail server is away: the dispatcher must not wait for it. Try again in the background until it takes
      // the email (the row is keyed: a later call for the same channel and day sends it at most once).
      retryLater(() => outbox.deliver(row), RETRY_FIRST_MS);
    }
  };
}

const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 10 * 60_000;

function retryLater(send: () => Promise<unknown>, waitMs: number): void {
  const timer = setTimeout(() => {
    send().catch(() => retryLater(send, Math.min(waitMs * 2, RETRY_MAX_MS)));
  }, waitMs);
  // A stopping engine does not wait for it: the row stays pending and the next failure of the channel sends it.
  timer.unref();
}
