// Every activity the worker runs, built from its dependencies (database, mail transport) so tests and
// `anwei simulate` can hand in their own. Workflows import only the type of this factory.

import type { Database } from '../prisma/client.ts';
import { createHazardActivities } from './hazards.ts';
import type { MailTransport } from './mail/transport.ts';
import { createNoticeActivities } from './notices.ts';

export interface ActivityDeps {
  db: Database;
  mail: MailTransport;
  mailFrom: string;
  /** Test-only fault injection: see NoticeDeps.afterSend. */
  afterSend?: (key: string) => void;
}

export function createActivities(deps: ActivityDeps) {
  return {
    ...createHazardActivities(deps),
    ...createNoticeActivities(deps),
  };
}

export type Activities = ReturnType<typeof createActivities>;
