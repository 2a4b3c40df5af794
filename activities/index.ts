// Every activity the worker runs, built from its dependencies (database, mail transport) so tests and
// `anwei simulate` can hand in their own. Workflows import only the type of this factory.

import { log } from '@temporalio/activity';
import type { LinkMaker } from '../domain/links.ts';
import type { Database } from '../prisma/client.ts';
import { createCalendarNoticeActivities } from './calendar-notice.ts';
import { createCampaignActivities } from './campaigns.ts';
import { createDutyActivities } from './duties.ts';
import { createHazardActivities } from './hazards.ts';
import { createLedgerActivities, recordInLedger, type LedgerRecord } from './ledger.ts';
import type { MailTransport } from './mail/transport.ts';
import { createDigestActivities, type DigestDeps } from './digests.ts';
import { createNoticeActivities, createNoticeSender, createOutbox } from './notices.ts';
import type { NoticeRequest } from './notice-views.ts';
import { createTaskActivities } from './tasks.ts';

export interface ActivityDeps {
  db: Database;
  mail: MailTransport;
  mailFrom: string;
  /**
   * Makes each recipient's action links (web/links.ts signs them with the engine's secret); without it the
   * emails carry the buttons' words but no addresses (`anwei simulate`).
   */
  links?: LinkMaker;
  /** Test-only fault injection: see NoticeDeps.afterSend. */
  afterSend?: (key: string) => void;
  /**
   * Test-only fault injection before recordStep records its step (by the event's key): throws, as a database
   * that is down would, or waits, as a worker starved of CPU would.
   */
  beforeStepRecord?: (key: string) => void | Promise<void>;
  /** The worker's own Temporal client and queue (the startTask activity, digest collectors), and whether its server skips time. */
  temporal?: DigestDeps['temporal'];
}

/** What a scheduled step hands recordStep: its transition to record, then its notices to send (in order). */
export interface StepRecord {
  record: LedgerRecord;
  notices: NoticeRequest[];
}

export function createActivities(deps: ActivityDeps) {
  const send = createNoticeSender(deps);
  const notices = createNoticeActivities(deps, send);
  return {
    ...createHazardActivities(deps),
    ...createLedgerActivities(deps),
    ...notices,
    /**
     * A scheduled step in one activity (workflows/obligation.ts STEP_SENDS_PATCH): records its transition,
     * then makes one attempt at each of its notices, in order. A notice whose attempt fails (the mail server
     * down) and those after it are left to the workflow's sending loop, which retries them with backoff: the
     * step never holds its obligation's lock for longer than one attempt. Returns how many were sent (or
     * failed for good: a refused address, recorded on the notice), from the first.
     */
    async recordStep({ record, notices: queued }: StepRecord): Promise<{ sent: number }> {
      await deps.beforeStepRecord?.(record.key);
      // Written now, the transition's state is what its row holds: its notices need not read it back.
      const written = await recordInLedger(deps.db, record);
      let sent = 0;
      for (const notice of queued) {
        try {
          await send(notice, written ? record : undefined);
        } catch (error) {
          log.warn('notice left to the sending loop', { key: notice.key, error: error instanceof Error ? error.message : String(error) });
          break;
        }
        sent++;
      }
      return { sent };
    },
    ...createTaskActivities(deps),
    ...createDutyActivities(deps),
    ...createCalendarNoticeActivities(deps),
    ...createCampaignActivities(deps),
    ...createDigestActivities({ db: deps.db, mailFrom: deps.mailFrom, outbox: createOutbox(deps) }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
