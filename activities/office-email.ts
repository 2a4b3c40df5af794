// A one-off email to the office heads (安办主任) that no obligation sends: a year whose holidays are not yet
// confirmed (calendar-notice.ts), a group robot that refuses posts (robots/office.ts). Written once, under
// its key, as a notice row — so it is sent once, however often the reason recurs — then sent by the caller.

import type { Doc } from './mail/document.ts';
import { toHtml, toText } from './mail/document.ts';
import { messageIdFor } from './mail/compose.ts';
import type { createOutbox, NoticeDeps } from './notices.ts';
import { resolveAudience } from './town.ts';

type Outbox = ReturnType<typeof createOutbox>;
type NoticeRow = Awaited<ReturnType<Outbox['insert']>>;

/**
 * The row of the office email keyed `key`: the one written before, else the email `doc` gives written now
 * (to the active office heads; with none, marked sent with the reason). Undefined when `doc` has nothing to say.
 */
export async function officeEmailRow(
  deps: Pick<NoticeDeps, 'db' | 'mailFrom'>,
  outbox: Outbox,
  email: { key: string; kind: string; ref: string; at: number },
  doc: () => Promise<Doc | undefined>,
): Promise<NoticeRow | undefined> {
  const found = await outbox.find(email.key);
  if (found) return found;
  const d = await doc();
  if (!d) return undefined;
  const { recipients } = await resolveAudience(deps.db, ['office_head'], {});
  return outbox.insert({
    key: email.key,
    kind: email.kind,
    ref: email.ref,
    at: new Date(email.at),
    recipientsJson: JSON.stringify(recipients),
    subject: d.subject,
    text: toText(d),
    html: toHtml(d),
    messageId: messageIdFor(email.key, deps.mailFrom),
    status: recipients.length ? 'pending' : 'sent',
    ...(recipients.length ? {} : { lastError: 'nobody to tell: office_head' }),
  });
}
