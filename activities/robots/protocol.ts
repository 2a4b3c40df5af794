// What every group robot client shares: the message a post carries, the four answers a robot gives (sent,
// rate-limited, refused for good, try again), cutting text to a robot's limit, and the one HTTP POST.
// Each robot's own request and answers are in its file (wecom.ts, dingtalk.ts, feishu.ts; docs/robots.md).

import { robotText } from '../../domain/text/robots.ts';

/** One post to one group: a title, a short markdown body (names of the people concerned in it), mobiles to @. */
export interface RobotMessage {
  title: string;
  markdown: string;
  /** Sorted, each once. */
  mentions: string[];
}

/** Where a post goes, read from the environment: never logged, never stored. */
export interface RobotTarget {
  webhook: string;
  secret?: string;
}

export type RobotAnswer =
  | { outcome: 'sent' }
  /** The robot's own rate limit answered: wait, then post the same message again. */
  | { outcome: 'rate_limited'; detail: string }
  /** A bad key, token, signature, keyword or request: the same post fails the same way every time. */
  | { outcome: 'permanent'; detail: string }
  /** Network, 5xx, "system busy": try again later. */
  | { outcome: 'transient'; detail: string };

export interface RobotRequest {
  url: string;
  body: unknown;
}

/** One robot's protocol: the request for a message at `nowMs`, and what its answer means. */
export interface RobotProtocol {
  request(target: RobotTarget, message: RobotMessage, nowMs: number): RobotRequest;
  answer(status: number, body: unknown): RobotAnswer;
}

export type FetchLike = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string; signal?: AbortSignal }) => Promise<{
  status: number;
  text(): Promise<string>;
}>;

const REQUEST_TIMEOUT_MS = 15_000;

/** Posts once and classifies the answer; never throws (a network error is `transient`). */
export async function postOnce(protocol: RobotProtocol, target: RobotTarget, message: RobotMessage, nowMs: number, fetchImpl: FetchLike): Promise<RobotAnswer> {
  let request: RobotRequest;
  try {
    request = protocol.request(target, message, nowMs);
  } catch {
    // A webhook that is no URL at all: nothing a retry changes.
    return { outcome: 'permanent', detail: robotText.badWebhook };
  }
  let status: number;
  let text: string;
  try {
    const response = await fetchImpl(request.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(request.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    status = response.status;
    text = await response.text();
  } catch (error) {
    // The URL stays out of the message: it is the robot's credential.
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return { outcome: 'transient', detail: cause ?? (error instanceof Error ? error.name : 'network error') };
  }
  if (status >= 500 || status === 429) return { outcome: 'transient', detail: robotText.httpStatus(status) };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return status >= 400 ? { outcome: 'permanent', detail: robotText.httpStatus(status) } : { outcome: 'transient', detail: robotText.badAnswer(status) };
  }
  return protocol.answer(status, body);
}

/** The text cut to `maxBytes` of UTF-8, ending in 「……（内容过长，已截断）」 when it was cut; never splits a character. */
export function truncateBytes(text: string, maxBytes: number): string {
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  if (bytes(text) <= maxBytes) return text;
  const ending = `\n${robotText.truncated}`;
  const room = maxBytes - bytes(ending);
  let cut = '';
  let used = 0;
  for (const char of text) {
    const size = bytes(char);
    if (used + size > room) break;
    cut += char;
    used += size;
  }
  return `${cut.trimEnd()}${ending}`;
}

/** Markdown made plain for a text message: bold marks and headings dropped, `[label](url)` as `label：url`. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/\*\*(.+?)\*\*/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^>\s?/gm, '')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1：$2');
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
