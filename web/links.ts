// Signed links: a grant (person, item, actions, expiry) and an HMAC-SHA256 over it with the engine's secret,
// in one URL-safe token. Nothing is stored per link: the token is the proof; spent and closed are checked
// against the ledger when it is used.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { LINK_ACTIONS, linkMakerFrom, type LinkAction, type LinkGrant, type LinkItemKind, type LinkMaker } from '../domain/links.ts';

const KINDS: readonly LinkItemKind[] = ['hazard', 'task', 'campaign'];

/** Why a token is not accepted; the web shows each as its own page. */
export type LinkRefusal = 'forged' | 'expired';

interface Payload {
  v: 1;
  w: string;
  k: LinkItemKind;
  i: string;
  a: LinkAction[];
  /** Expiry, epoch seconds. */
  e: number;
}

const b64 = (data: Buffer | string) => Buffer.from(data).toString('base64url');
const TOKEN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/;

/** A MAC given back equals the expected one, compared in constant time. */
function same(expected: string, candidate: unknown): boolean {
  if (typeof candidate !== 'string') return false;
  const given = Buffer.from(candidate, 'utf8');
  const wanted = Buffer.from(expected, 'utf8');
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export class LinkSigner {
  readonly #secret: Buffer;
  /** The base every link starts with (ANWEI_PUBLIC_URL), without a trailing slash. */
  readonly base: string;

  constructor(secret: Buffer, publicUrl: string) {
    if (secret.length < 32) throw new Error('link secret must be at least 32 bytes');
    this.#secret = secret;
    this.base = publicUrl.replace(/\/+$/, '');
  }

  #mac(part: string, purpose = 'link'): Buffer {
    return createHmac('sha256', this.#secret).update(`${purpose}\n${part}`).digest();
  }

  sign(grant: LinkGrant): string {
    const payload: Payload = { v: 1, w: grant.who, k: grant.kind, i: grant.id, a: grant.actions, e: Math.floor(grant.expiresAt / 1000) };
    const part = b64(JSON.stringify(payload));
    return `${part}.${b64(this.#mac(part))}`;
  }

  /** The grant a token carries, or why it is refused; `now` is epoch ms. */
  verify(token: string, now: number): { grant: LinkGrant } | { refused: LinkRefusal } {
    // Exactly as sign() writes it: base64url payload, a dot, the 43 characters of the MAC (no padding, no
    // other spelling of the same bytes — one link has one token).
    if (token.length > 2000 || !TOKEN.test(token)) return { refused: 'forged' };
    const dot = token.indexOf('.');
    const part = token.slice(0, dot);
    const mac = Buffer.from(token.slice(dot + 1), 'utf8');
    const expected = Buffer.from(b64(this.#mac(part)), 'utf8');
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return { refused: 'forged' };
    let payload: Payload;
    try {
      payload = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Payload;
    } catch {
      return { refused: 'forged' };
    }
    const valid =
      payload.v === 1 &&
      typeof payload.w === 'string' &&
      KINDS.includes(payload.k) &&
      typeof payload.i === 'string' &&
      Array.isArray(payload.a) &&
      payload.a.every((a) => (LINK_ACTIONS as readonly string[]).includes(a)) &&
      Number.isFinite(payload.e);
    if (!valid) return { refused: 'forged' };
    if (payload.e * 1000 <= now) return { refused: 'expired' };
    return { grant: { who: payload.w, kind: payload.k, id: payload.i, actions: payload.a, expiresAt: payload.e * 1000 } };
  }

  /**
   * The form token of a link: an HMAC of the link token under its own purpose, carried in each form's body.
   * A page elsewhere cannot post a form for a link it never saw the page of.
   */
  formToken(token: string): string {
    return b64(this.#mac(token, 'form'));
  }

  isFormToken(token: string, candidate: unknown): boolean {
    return same(this.formToken(token), candidate);
  }

  /**
   * A receipt of what a link's form did (the number a report got), carried by the address the form
   * redirects to, so that the page names it back before the ledger has recorded it — and an address
   * typed by hand cannot make the page claim another.
   */
  receipt(token: string, what: string): string {
    return b64(this.#mac(`${token}\n${what}`, 'receipt'));
  }

  isReceipt(token: string, what: string, candidate: unknown): boolean {
    return same(this.receipt(token, what), candidate);
  }

  /** The path of a token's page: `/a/<token>` for 查看详情, `/a/<token>/<action>` for an action. */
  path(token: string, action: LinkAction): string {
    return action === 'view' ? `/a/${token}` : `/a/${token}/${action}`;
  }

  /** The maker the notices use: one token per recipient and item, one URL per button. */
  maker(): LinkMaker {
    const tokens = new Map<string, string>();
    return linkMakerFrom((grant, action) => {
      const key = JSON.stringify(grant);
      let token = tokens.get(key);
      if (!token) tokens.set(key, (token = this.sign(grant)));
      return `${this.base}${this.path(token, action)}`;
    });
  }
}
