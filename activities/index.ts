// Every activity the worker runs, built from its dependencies (database, mail transport) so tests and
// `anwei simulate` can hand in their own. Workflows import only the type of this factory.

import type { Client } from '@temporalio/client';
import type { LinkMaker } from '../domain/links.ts';
import type { Database } from '../prisma/client.ts';
import { createCalendarNoticeActivities } from './calendar-notice.ts';
import { createCampaignActivities } from './campaigns.ts';
import { createDutyActivities } from './duties.ts';
import { createHazardActivities } from './hazards.ts';
import { createLedgerActivities } from './ledger.ts';
import type { MailTransport } from './mail/transport.ts';
import { createDigestActivities } from './digests.ts';
import { createNoticeActivities, createOutbox } from './notices.ts';
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
  /** The worker's own Temporal client and queue, for the startTask activity. */
  temporal?: { client: Client; taskQueue: string };
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createHazardActivities(deps),
    ...createLedgerActivities(deps),
    ...createNoticeActivities(deps),
    ...createTaskActivities(deps),
    ...createDutyActivities(deps),
    ...createCalendarNoticeActivities(deps),
    ...createCampaignActivities(deps),
    ...createDigestActivities({ db: deps.db, mailFrom: deps.mailFrom, outbox: createOutbox(deps) }),
  };
}

export type Activities = ReturnType<typeof createActivities>;
