// The errors of the email layer. A settings error stops the start; a send error says whether trying
// again can help, so the calling activity retries a mail server outage but not a refused address.

/** Missing or invalid mail settings (SMTP_URL, ANWEI_MAIL_FROM): raised at start, never mid-send. */
export class MailConfigError extends Error {
  override name = 'MailConfigError';
}

export type MailErrorReason =
  /** Nothing listening, connection dropped, DNS failure. */
  | 'unreachable'
  | 'timeout'
  | 'tls'
  /** The server refused the login: wrong user or password in SMTP_URL. */
  | 'auth'
  /** The server refused the sender: ANWEI_MAIL_FROM is not the account of SMTP_URL. */
  | 'sender_rejected'
  /** A 4xx reply: the server asks to try later. */
  | 'transient'
  /** Every recipient was refused for good (5xx). */
  | 'recipients_rejected'
  /** The message itself was refused for good (5xx to DATA or after it). */
  | 'message_rejected'
  /** No recipient, or an address that is not an address: our data, not the server. */
  | 'invalid_address'
  /** The outbox folder could not be written. */
  | 'outbox'
  | 'closed';

/**
 * A send that failed. `retryable` is false when the same email would fail the same way again
 * (an invalid or refused address, a message refused for good): the caller should fail the activity
 * non-retryably. Everything else (server down, timeouts, a wrong password or sender an operator
 * will fix) is retryable and should be thrown as is, for Temporal to retry with backoff.
 */
export class MailError extends Error {
  override name = 'MailError';
  readonly retryable: boolean;
  readonly reason: MailErrorReason;
  /** The SMTP reply code, when the server gave one. */
  readonly responseCode: number | undefined;
  /** The addresses the server refused. */
  readonly rejected: readonly string[];

  constructor(
    message: string,
    options: { reason: MailErrorReason; retryable: boolean; responseCode?: number; rejected?: readonly string[]; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.reason = options.reason;
    this.retryable = options.retryable;
    this.responseCode = options.responseCode;
    this.rejected = options.rejected ?? [];
  }
}

export function isNonRetryableMailError(error: unknown): error is MailError {
  return error instanceof MailError && !error.retryable;
}
