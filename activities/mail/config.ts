// Mail settings: where notices go (an outbox folder, an SMTP server, or memory for simulations),
// read from the environment and checked whole at start, so a typo stops the start, not a send.

import { resolve } from 'node:path';
import { mailText } from '../../domain/text/mail.ts';
import { isMailAddress } from './compose.ts';
import { MailConfigError } from './errors.ts';

export type MailConfig =
  | { type: 'outbox'; dir: string; from: string }
  | { type: 'smtp'; url: string; from: string }
  | { type: 'capture'; from: string };

/** The sender when ANWEI_MAIL_FROM is not set; the display name (the town's 安委会办公室) is added when sending. */
export const DEFAULT_MAIL_FROM = 'anwei@localhost';

/** What an SMTP_URL means, as nodemailer takes it. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** smtps: TLS from the first byte (465); smtp: plain, upgraded by STARTTLS when the server offers it. */
  secure: boolean;
  auth?: { user: string; pass: string };
  /** `?requireTLS=true`: refuse to go on (and to send a password) without STARTTLS. */
  requireTLS: boolean;
  /** `?rejectUnauthorized=false`: accept a self-signed certificate (an internal government mail server). */
  rejectUnauthorized: boolean;
  /** The URL with the password replaced by ***: safe for logs and error messages. */
  display: string;
}

const PARAMS = ['requireTLS', 'rejectUnauthorized'] as const;
const DEFAULT_PORT = { 'smtp:': 587, 'smtps:': 465 } as const;

function fail(problem: string): never {
  throw new MailConfigError(`${mailText.config.smtpUrlUnreadable(problem)}。${mailText.config.smtpUrlFormat}`);
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return fail(mailText.config.badEncoding);
  }
}

function booleanParam(name: string, value: string): boolean {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return fail(mailText.config.badParam(name, value, 'true 或 false'));
}

/** Reads an SMTP_URL; every error names SMTP_URL and none shows the password. */
export function parseSmtpUrl(value: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return fail(mailText.config.notAUrl);
  }
  const protocol = url.protocol;
  if (protocol !== 'smtp:' && protocol !== 'smtps:') fail(mailText.config.badProtocol(protocol));
  // IPv6 hosts come bracketed ([::1]); sockets want them bare.
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) fail(mailText.config.noHost);
  if (url.pathname && url.pathname !== '/') fail(mailText.config.hasPath(url.pathname));
  if (url.hash) fail(mailText.config.hasHash);
  const user = decode(url.username);
  const pass = decode(url.password);
  if (pass && !user) fail(mailText.config.passwordWithoutUser);
  if (user && !pass) fail(mailText.config.userWithoutPassword(user));

  let requireTLS = false;
  let rejectUnauthorized = true;
  for (const [name, raw] of url.searchParams) {
    if (name === 'requireTLS') requireTLS = booleanParam(name, raw);
    else if (name === 'rejectUnauthorized') rejectUnauthorized = booleanParam(name, raw);
    else fail(mailText.config.unknownParam(name, PARAMS));
  }

  const port = url.port ? Number(url.port) : DEFAULT_PORT[protocol];
  const userInfo = user ? `${encodeURIComponent(user)}:***@` : '';
  const display = `${protocol}//${userInfo}${url.host}${url.port ? '' : `:${port}`}${url.search}`;
  return {
    host,
    port,
    secure: protocol === 'smtps:',
    ...(user ? { auth: { user, pass } } : {}),
    requireTLS,
    rejectUnauthorized,
    display,
  };
}

/**
 * `SMTP_URL` set → SMTP; otherwise the outbox folder. The sender comes from `ANWEI_MAIL_FROM`.
 * Reports every problem at once, and never echoes a password.
 */
export function mailConfigFromEnv(env: Readonly<Record<string, string | undefined>>, options: { outboxDir: string }): MailConfig {
  const problems: string[] = [];
  const from = env.ANWEI_MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
  if (!isMailAddress(from)) problems.push(mailText.config.badFrom(from));
  const smtpUrl = env.SMTP_URL?.trim();
  if (smtpUrl) {
    try {
      parseSmtpUrl(smtpUrl);
    } catch (error) {
      if (!(error instanceof MailConfigError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length) throw new MailConfigError(problems.join('\n'));
  if (smtpUrl) return { type: 'smtp', url: smtpUrl, from };
  return { type: 'outbox', dir: resolve(options.outboxDir), from };
}

/** A one-line zh-CN description for the start banner; the password is never shown. */
export function describeMailConfig(config: MailConfig): string {
  switch (config.type) {
    case 'outbox':
      return mailText.banner.outbox(config.dir, config.from);
    case 'smtp': {
      let display: string;
      try {
        display = parseSmtpUrl(config.url).display;
      } catch {
        // An unreadable URL cannot be redacted reliably: show only that it is SMTP.
        display = 'SMTP_URL';
      }
      return mailText.banner.smtp(display, config.from);
    }
    case 'capture':
      return mailText.banner.capture(config.from);
  }
}
