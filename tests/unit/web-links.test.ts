// The web's pure parts: where `anwei start` serves and what its links start with (ANWEI_WEB_PORT,
// ANWEI_WEB_HOST, ANWEI_PUBLIC_URL), the form token bound to its link, and the escaping every page relies on.

import { describe, expect, it } from 'vitest';
import { webSettings } from '../../web/settings.ts';
import { UserInputError } from '../../client/errors.ts';
import { html, escapeHtml } from '../../web/html.ts';
import { LinkSigner } from '../../web/links.ts';
import { RateLimit } from '../../web/rate-limit.ts';

describe('the web settings of anwei start', () => {
  it('serve this machine only on 8080 with links to it by default; a town behind a proxy sets its address, and 0 takes any free port', () => {
    expect(webSettings({})).toEqual({ port: 8080, host: '127.0.0.1', publicUrl: 'http://127.0.0.1:8080' });
    expect(webSettings({ ANWEI_WEB_PORT: '9000', ANWEI_WEB_HOST: '0.0.0.0', ANWEI_PUBLIC_URL: 'https://anwei.example.gov.cn/', ANWEI_WEB_TRUST_PROXY: '127.0.0.1' })).toEqual({
      port: 9000,
      host: '0.0.0.0',
      publicUrl: 'https://anwei.example.gov.cn',
      trustProxy: '127.0.0.1',
    });
    expect(webSettings({ ANWEI_WEB_PORT: '0' })).toEqual({ port: 0, host: '127.0.0.1' });
    // `true`: one proxy in front, whose view of the address counts — not what a client wrote into X-Forwarded-For.
    expect(webSettings({ ANWEI_WEB_TRUST_PROXY: 'true' })).toMatchObject({ trustProxy: 1 });
  });

  it('a public address that is no http(s) URL, or a bad port, is the office’s input error naming the setting', () => {
    for (const bad of ['anwei.example.gov.cn', 'ftp://x.example', 'https://x.example/?a=1', 'https://user:pw@x.example', 'https://town.example/anwei']) {
      expect(() => webSettings({ ANWEI_PUBLIC_URL: bad }), bad).toThrow(UserInputError);
      expect(() => webSettings({ ANWEI_PUBLIC_URL: bad })).toThrow('ANWEI_PUBLIC_URL');
    }
    expect(() => webSettings({ ANWEI_WEB_PORT: '八零八零' })).toThrow('ANWEI_WEB_PORT');
  });
});

describe('form tokens', () => {
  const signer = new LinkSigner(Buffer.alloc(32, 1), 'http://127.0.0.1:8080');
  const token = signer.sign({ who: 'insp', kind: 'hazard', id: 'H1', actions: ['verify'], expiresAt: Date.UTC(2031, 0, 1) });
  const other = signer.sign({ who: 'lead', kind: 'hazard', id: 'H1', actions: ['decide'], expiresAt: Date.UTC(2031, 0, 1) });

  it('belong to one link: its own is accepted; another link’s, another secret’s, a changed one or none is not', () => {
    expect(signer.isFormToken(token, signer.formToken(token))).toBe(true);
    expect(signer.isFormToken(token, signer.formToken(other))).toBe(false);
    expect(signer.isFormToken(token, new LinkSigner(Buffer.alloc(32, 2), 'http://x').formToken(token))).toBe(false);
    expect(signer.isFormToken(token, `${signer.formToken(token)}x`)).toBe(false);
    expect(signer.isFormToken(token, undefined)).toBe(false);
    expect(signer.formToken(token)).not.toContain(token.split('.')[1]);
  });

  it('a receipt names one result of one link: another number, another link’s receipt or its form token is not it', () => {
    const receipt = signer.receipt(token, 'YH-2030-0001');
    expect(signer.isReceipt(token, 'YH-2030-0001', receipt)).toBe(true);
    expect(signer.isReceipt(token, 'YH-2030-0002', receipt)).toBe(false);
    expect(signer.isReceipt(other, 'YH-2030-0001', receipt)).toBe(false);
    expect(signer.isReceipt(token, 'YH-2030-0001', signer.formToken(token))).toBe(false);
    expect(signer.isReceipt(token, 'YH-2030-0001', undefined)).toBe(false);
  });
});

describe('page markup', () => {
  it('escapes every interpolated value, nested markup kept', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const name = '<script>alert(1)</script>';
    expect(html`<p>${name}</p>${html`<b>${'&'}</b>`}${[html`<i>${'"'}</i>`, '<']}`.markup).toBe(
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><b>&amp;</b><i>&quot;</i>&lt;',
    );
  });
});

describe('a link has one spelling', () => {
  it('its token with padding, a character added or the last one changed, or a line break, is forged', () => {
    const signer = new LinkSigner(Buffer.alloc(32, 7), 'https://anwei.example');
    const now = Date.parse('2030-09-02T02:00:00Z');
    const token = signer.sign({ who: 'insp', kind: 'hazard', id: 'H1', actions: ['verify'], expiresAt: now + 86_400_000 });
    expect(signer.verify(token, now)).toMatchObject({ grant: { who: 'insp', id: 'H1' } });
    const last = token.at(-1)!;
    // Base64url's last character carries 2 spare bits: three other characters decode to the same MAC bytes.
    const sameBytes = [...'AEIMQUYcgkosw048'].find((c) => c !== last && Math.floor('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(c) / 4) === Math.floor('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.indexOf(last) / 4));
    for (const spelling of [`${token}!`, `${token}====`, `${token}\r\n`, `${token.slice(0, -1)}${sameBytes ?? 'A'}`, ` ${token}`]) {
      expect(signer.verify(spelling, now), JSON.stringify(spelling)).toEqual({ refused: 'forged' });
    }
  });
});

describe('the web’s rate limits', () => {
  it('keep at most KEPT_KEYS keys however many made-up ones arrive, and still count a key that keeps coming', () => {
    const limit = new RateLimit(3);
    const now = 1_000_000;
    for (let i = 0; i < RateLimit.KEPT_KEYS * 3; i++) limit.allow(`made-up-${i}`, now + i);
    expect(limit.size).toBeLessThanOrEqual(RateLimit.KEPT_KEYS + 1);
    const at = now + RateLimit.KEPT_KEYS * 3;
    expect([1, 2, 3, 4].map((n) => limit.allow('one link', at + n))).toEqual([true, true, true, false]);
  });
});
