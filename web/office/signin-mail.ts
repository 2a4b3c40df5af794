// The sign-in email: to one profile person, zh-CN, saying for whom the link is and how long it works; sent
// through the engine's own mail transport (outbox folder or SMTP), as text and HTML like every notice.

import { composeEmail } from '../../activities/mail/compose.ts';
import type { MailTransport } from '../../activities/mail/transport.ts';
import { mailText } from '../../domain/text/mail.ts';
import { officeText } from '../../domain/text/office.ts';
import { html } from '../html.ts';
import { SIGNIN_MINUTES } from './session.ts';

export interface SigninMail {
  transport: MailTransport;
  /** The sender's address (ANWEI_MAIL_FROM). */
  from: string;
}

export async function sendSigninMail(
  mail: SigninMail,
  o: { person: { id: string; name: string; role: string; email: string }; town: string; url: string; at: number; tokenHash: string },
): Promise<void> {
  const m = officeText.mail;
  const role = (officeText.roleName as Record<string, string>)[o.person.role] ?? o.person.role;
  const office = mailText.office(o.town);
  const rendered = {
    subject: m.subject(o.town),
    text: m.text(o.person.name, role, o.town, o.url, SIGNIN_MINUTES, office),
    html: html`<!doctype html><html lang="zh-CN"><body>
<p>${m.greeting(o.person.name, role)}</p>
<p>${m.line(o.town, SIGNIN_MINUTES)}</p>
<p><a href="${o.url}">${m.button}</a></p>
<p>${o.url}</p>
<p>${m.ignore}</p>
<p>${m.footer(office)}</p>
</body></html>`.markup,
  };
  const email = composeEmail({
    // Keyed by the link (its hash): one email per link, and the Message-ID tells the links apart.
    key: `office-signin:${o.tokenHash}`,
    kind: 'office.signin',
    ref: o.person.id,
    at: o.at,
    from: mail.from,
    fromName: office,
    to: [{ personId: o.person.id, name: o.person.name, email: o.person.email }],
    rendered,
  });
  await mail.transport.send(email);
}
