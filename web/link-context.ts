// What the server hands every page of a link besides its own routes: the ledger, the engine's gateway, the
// signer, the clocks, and the one way each page answers, checks a posted form and reports an action's
// outcome. Pages of one item kind (web/campaign.ts) take it instead of copying the server's plumbing.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Gateway } from '../client/act.ts';
import { readDeadline } from '../client/deadline-spec.ts';
import type { DeadlineForm } from '../domain/calendar.ts';
import { localDateOf } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import type { LinkSigner } from './links.ts';
import type { Upload } from './uploads.ts';
import type { FormValues } from './pages.ts';
import { webText, type RefusalPage } from './text.ts';

export interface LinkContext {
  db: Database;
  gateway: Gateway;
  signer: LinkSigner;
  /** The clock links expire by (epoch ms). */
  now(): Promise<number>;
  /** The clock the rules are checked at: the gateway's (simulated time in tests), else `now`. */
  rulesNow(): Promise<number>;
  log(line: string): void;
  send(reply: FastifyReply, status: number, body: string): FastifyReply;
  refuse(reply: FastifyReply, kind: RefusalPage, o?: { view?: string; problems?: readonly string[] }): FastifyReply;
  /**
   * The posted fields without the form token, and the evidence files a form with files brought (kept by hash
   * as they streamed in, after the token was checked), once the token proves the form came from this link's
   * page; undefined when it does not, or an upload was refused (the refusal page sent, nothing kept). Rate
   * limit and origin are checked before the link.
   */
  posted(token: string, request: FastifyRequest, reply: FastifyReply, withFiles: boolean): Promise<{ typed: Record<string, string>; files: Upload[] } | undefined>;
  /** Removes the files a refused action brought (a file another item's evidence has stays). */
  discard(files: readonly Upload[]): Promise<void>;
  /** Records the files an accepted action brought; a failure is logged (the action's words name the files). */
  record(o: { itemKind: 'hazard' | 'task'; itemId: string; action: string; by: string; at: number; files: readonly Upload[] }): Promise<void>;
  /**
   * Runs an action through client/act.ts: true once it is done. A refusal in the rules' words is the form again
   * (`again`, 422), an unclear outcome the page saying so — both sent, and false; anything else is the server's
   * error. (A boolean, not the reply: a Fastify reply is a thenable, which an await would unwrap to nothing.)
   */
  attempt(reply: FastifyReply, view: string, again: (problems: readonly string[], headline?: string) => FastifyReply | Promise<FastifyReply>, run: () => Promise<unknown>): Promise<boolean>;
}

/**
 * A typed due date (`2030-10-20`, `10月20日`, `5个工作日`) of a form field, read as the CLI's --deadline
 * reads it; none typed is `form: undefined` when required (the rule then names it), nothing otherwise.
 */
export function formDeadline(values: FormValues, field: string, label: string, required: boolean, now: number): { form?: DeadlineForm; problem?: string } {
  const typed = values[field]?.trim() ?? '';
  if (!typed) return required ? { form: undefined } : {};
  const read = readDeadline(typed, localDateOf(now));
  return 'refusal' in read ? { problem: webText.deadlineRefused(label, typed, read.refusal) } : { form: read.form };
}
