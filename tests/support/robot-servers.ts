// Local HTTP servers that answer as the three group robots do (docs/robots.md): WeCom's
// /cgi-bin/webhook/send?key=…, DingTalk's /robot/send?access_token=…[&timestamp&sign], Feishu's
// /open-apis/bot/v2/hook/<token>. Each checks what its robot checks — the key or token, DingTalk's and
// Feishu's signatures and timestamps (±1 hour), the message's shape and length — answers with that robot's
// own error codes, and keeps its limit of 20 messages a rolling window a robot (a minute unless a test
// shortens it). Not a test file; started on a free port by the test that uses it.

import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RobotKind = 'wecom' | 'dingtalk' | 'feishu';

export interface RobotAccount {
  kind: RobotKind;
  /** WeCom's key, DingTalk's access_token, Feishu's hook token. */
  token: string;
  /** DingTalk 加签 / Feishu 签名校验: requests must be signed with it. */
  secret?: string;
}

export interface Received {
  kind: RobotKind;
  token: string;
  /** Server clock (ms) when the message was taken. */
  at: number;
  body: Record<string, unknown>;
  /** The text people see (markdown or text content). */
  text: string;
  /** Mobiles the message @-mentions (DingTalk atMobiles, WeCom mentioned_mobile_list). */
  mentions: string[];
}

export interface Refusal {
  kind: RobotKind;
  token: string;
  code: number;
}

export interface RobotServers {
  /** `http://127.0.0.1:<port>` */
  base: string;
  /** The webhook URL of an account, as its robot's settings page shows it. */
  webhook(account: RobotAccount): string;
  /** Every message taken, in order. */
  received: Received[];
  /** Every refused request, in order (bad key, signature, rate limit …). */
  refusals: Refusal[];
  /** Counts `n` messages from elsewhere against a robot's limit, now (another system posting with the same robot). */
  preload(account: RobotAccount, n: number): void;
  /** The next `n` requests answer HTTP 502 (a gateway hiccup). */
  failNext(n: number): void;
  close(): Promise<void>;
}

const HOUR_MS = 3_600_000;

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const bytes = (s: unknown) => Buffer.byteLength(typeof s === 'string' ? s : '', 'utf8');
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export async function startRobotServers(options: { accounts: RobotAccount[]; limit?: number; windowMs?: number }): Promise<RobotServers> {
  const limit = options.limit ?? 20;
  const windowMs = options.windowMs ?? 60_000;
  const received: Received[] = [];
  const refusals: Refusal[] = [];
  const taken = new Map<string, number[]>();
  let failures = 0;

  const find = (kind: RobotKind, token: string | null) => options.accounts.find((a) => a.kind === kind && a.token === token);
  const slot = (a: RobotAccount) => `${a.kind}:${a.token}`;
  /** True when the robot may take one more message now (and counts it). */
  const withinLimit = (a: RobotAccount): boolean => {
    const now = Date.now();
    const times = (taken.get(slot(a)) ?? []).filter((t) => t > now - windowMs);
    if (times.length >= limit) {
      taken.set(slot(a), times);
      return false;
    }
    times.push(now);
    taken.set(slot(a), times);
    return true;
  };

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(request);
      const answer = (payload: unknown, status = 200) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      if (failures > 0) {
        failures -= 1;
        response.writeHead(502, { 'content-type': 'text/html' });
        response.end('<html>502 Bad Gateway</html>');
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        body = undefined;
      }
      const refuse = (kind: RobotKind, token: string, code: number, payload: unknown) => {
        refusals.push({ kind, token, code });
        answer(payload);
      };

      // ── 企业微信群机器人 ──
      if (request.method === 'POST' && url.pathname === '/cgi-bin/webhook/send') {
        const token = url.searchParams.get('key') ?? '';
        const account = find('wecom', token);
        if (!account) return refuse('wecom', token, 93000, { errcode: 93000, errmsg: 'invalid webhook url, hint: [test]' });
        if (!isRecord(body)) return refuse('wecom', token, 40035, { errcode: 40035, errmsg: 'invalid parameter' });
        let text: string;
        let mentions: string[] = [];
        if (body.msgtype === 'markdown' && isRecord(body.markdown)) {
          text = String(body.markdown.content ?? '');
          if (bytes(text) > 4096) return refuse('wecom', token, 40058, { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' });
        } else if (body.msgtype === 'text' && isRecord(body.text)) {
          text = String(body.text.content ?? '');
          if (bytes(text) > 2048) return refuse('wecom', token, 40058, { errcode: 40058, errmsg: 'text.content exceed max length 2048' });
          mentions = Array.isArray(body.text.mentioned_mobile_list) ? body.text.mentioned_mobile_list.map(String) : [];
        } else return refuse('wecom', token, 40008, { errcode: 40008, errmsg: 'invalid message type' });
        if (text.trim() === '') return refuse('wecom', token, 44004, { errcode: 44004, errmsg: 'empty content' });
        if (!withinLimit(account)) return refuse('wecom', token, 45009, { errcode: 45009, errmsg: 'api freq out of limit' });
        received.push({ kind: 'wecom', token, at: Date.now(), body, text, mentions });
        return answer({ errcode: 0, errmsg: 'ok' });
      }

      // ── 钉钉自定义机器人 ──
      if (request.method === 'POST' && url.pathname === '/robot/send') {
        const token = url.searchParams.get('access_token') ?? '';
        const account = find('dingtalk', token);
        if (!account) return refuse('dingtalk', token, 300001, { errcode: 300001, errmsg: 'token is not exist' });
        if (account.secret) {
          const timestamp = Number(url.searchParams.get('timestamp'));
          const sign = url.searchParams.get('sign') ?? '';
          const expected = createHmac('sha256', account.secret).update(`${timestamp}\n${account.secret}`).digest('base64');
          if (!Number.isFinite(timestamp) || Math.abs(Date.now() - timestamp) > HOUR_MS) {
            return refuse('dingtalk', token, 310000, { errcode: 310000, errmsg: 'invalid timestamp' });
          }
          if (sign !== expected) return refuse('dingtalk', token, 310000, { errcode: 310000, errmsg: 'sign not match' });
        }
        if (!isRecord(body) || body.msgtype !== 'markdown' || !isRecord(body.markdown) || !body.markdown.title || !body.markdown.text) {
          return refuse('dingtalk', token, 40035, { errcode: 40035, errmsg: '缺少参数 json' });
        }
        if (!withinLimit(account)) return refuse('dingtalk', token, 130101, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' });
        const at = isRecord(body.at) && Array.isArray(body.at.atMobiles) ? body.at.atMobiles.map(String) : [];
        received.push({ kind: 'dingtalk', token, at: Date.now(), body, text: String(body.markdown.text), mentions: at });
        return answer({ errcode: 0, errmsg: 'ok' });
      }

      // ── 飞书自定义机器人 ──
      const hook = /^\/open-apis\/bot\/v2\/hook\/([^/]+)$/.exec(url.pathname);
      if (request.method === 'POST' && hook) {
        const token = decodeURIComponent(hook[1]!);
        const account = find('feishu', token);
        if (!account) return refuse('feishu', token, 19001, { code: 19001, msg: 'param invalid: incoming webhook access token invalid', data: {} });
        if (!isRecord(body) || raw.length > 20 * 1024) return refuse('feishu', token, 9499, { code: 9499, msg: 'Bad Request', data: {} });
        if (account.secret) {
          const seconds = Number(body.timestamp);
          const key = `${body.timestamp}\n${account.secret}`;
          const expected = createHmac('sha256', key).update(Buffer.alloc(0)).digest('base64');
          if (!Number.isFinite(seconds) || Math.abs(Date.now() / 1000 - seconds) > 3600 || body.sign !== expected) {
            return refuse('feishu', token, 19021, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time', data: {} });
          }
        }
        const card = isRecord(body.card) ? body.card : undefined;
        const elements = card && Array.isArray(card.elements) ? card.elements.filter(isRecord) : [];
        if (body.msg_type !== 'interactive' || elements.length === 0) return refuse('feishu', token, 9499, { code: 9499, msg: 'Bad Request', data: {} });
        if (!withinLimit(account)) return refuse('feishu', token, 11232, { code: 11232, msg: 'frequency limited', data: {} });
        const header = card && isRecord(card.header) && isRecord(card.header.title) ? String(card.header.title.content ?? '') : '';
        const text = [header, ...elements.map((e) => String(e.content ?? ''))].join('\n');
        received.push({ kind: 'feishu', token, at: Date.now(), body, text, mentions: [] });
        return answer({ code: 0, msg: 'success', data: {}, StatusCode: 0, StatusMessage: 'success' });
      }

      answer({ errcode: 404, errmsg: 'not found' }, 404);
    })().catch((error: unknown) => {
      response.writeHead(500);
      response.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    base,
    webhook(account) {
      switch (account.kind) {
        case 'wecom':
          return `${base}/cgi-bin/webhook/send?key=${encodeURIComponent(account.token)}`;
        case 'dingtalk':
          return `${base}/robot/send?access_token=${encodeURIComponent(account.token)}`;
        case 'feishu':
          return `${base}/open-apis/bot/v2/hook/${encodeURIComponent(account.token)}`;
      }
    },
    received,
    refusals,
    preload(account, n) {
      const now = Date.now();
      taken.set(slot(account), [...(taken.get(slot(account)) ?? []), ...Array.from({ length: n }, () => now)]);
    },
    failNext(n) {
      failures = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
