// The office pages against a real engine: the real server (createWebServer + registerOffice, as `anwei start`
// wires them) on a free port, sign-in emails through the engine's capture transport, and a browser reduced to
// fetch with one cookie jar per person.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { CaptureTransport } from '../../activities/mail/transport.ts';
import { LinkSigner } from '../../web/links.ts';
import { EvidenceStore } from '../../web/evidence.ts';
import { SESSION_COOKIE, registerOffice } from '../../web/office/routes.ts';
import { createWebServer } from '../../web/server.ts';
import { MAIL_FROM, TEST_TOWN, type Engine } from '../support/engine.ts';
import { settled, type Page } from './support.ts';

/** The office tests' town: the test town with a second village (v2: supervisor vs2, led by lead2) holding e2, and an inspector with no sector. */
export const OFFICE_TOWN = TEST_TOWN.replace(
  '  - { id: vs, name: 监督员辛, role: village_supervisor, email: vs@town.example }\n',
  '  - { id: vs, name: 监督员辛, role: village_supervisor, email: vs@town.example }\n' +
  '  - { id: vs2, name: 监督员癸, role: village_supervisor, email: vs2@town.example }\n' +
  '  - { id: insp3, name: 安监员壬, role: inspector, email: insp3@town.example }\n',
)
  .replace('  - { id: v1, name: 一村, supervisor: vs, leader: lead }\n', '  - { id: v1, name: 一村, supervisor: vs, leader: lead }\n  - { id: v2, name: 二村, supervisor: vs2, leader: lead2 }\n')
  .replace('class: B, village: v1', 'class: B, village: v2');

export interface Office {
  base: string;
  /** Where this server keeps evidence files. */
  evidence: EvidenceStore;
  /** A browser of its own (its own cookies). */
  browser(): Browser;
  /** The sign-in emails sent so far to an address. */
  signinMails(address: string): Array<{ subject: string; text: string; html: string; to: string[] }>;
  /** Waits until `count` sign-in emails went to the address (they are sent after the page answered). */
  waitForMails(address: string, count: number): Promise<Array<{ subject: string; text: string; html: string; to: string[] }>>;
}

export interface Browser {
  /** The session cookie this browser holds, if any. */
  cookie(): string | undefined;
  get(path: string): Promise<Page>;
  post(path: string, fields?: Record<string, string>, headers?: Record<string, string>): Promise<Page>;
  /**
   * Posts a form with files (multipart/form-data) as a browser does: the fields, then each file in the 佐证材料
   * field; `form` is the session's form token unless the fields give one (or none, `form: false`).
   */
  upload(path: string, fields: Record<string, string>, files: ReadonlyArray<{ name: string; data: Buffer; type?: string }>, o?: { form?: boolean }): Promise<Page>;
  /** 邮箱 → 发送登录链接 → the email's link → 登录: the browser is then signed in. Returns the link's path. */
  signIn(address: string): Promise<string>;
}

/** The sign-in link's path in an email's text. */
export const linkPathIn = (text: string, base: string): string => {
  const m = /(https?:\/\/\S+\/office\/signin\/[A-Za-z0-9_-]+)/.exec(text);
  if (!m) throw new Error(`no sign-in link in:\n${text}`);
  return m[1]!.slice(base.length);
};

/** The office form token in a page (the 退出 form carries it). */
export const officeFormToken = (html: string): string => {
  const m = /name="form" value="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no form token in the page:\n${html}`);
  return m[1]!;
};

export async function startOffice(engine: Engine, o: { publicUrl?: string } = {}): Promise<Office> {
  const signer = new LinkSigner(Buffer.alloc(32, 7), 'http://127.0.0.1');
  const dataDir = mkdtempSync(join(tmpdir(), 'anwei-office-'));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const evidence = new EvidenceStore(join(dataDir, 'evidence'));
  const server = await createWebServer({ db: engine.db, gateway: engine.gateway, signer, evidence });
  let port = 0;
  await registerOffice(server, {
    db: engine.db,
    evidence,
    gateway: engine.gateway,
    mail: { transport: engine.mail, from: MAIL_FROM },
    publicUrl: () => o.publicUrl ?? `http://127.0.0.1:${port}`,
    now: () => engine.now(),
  });
  await server.listen({ port: 0, host: '127.0.0.1' });
  onTestFinished(() => server.close());
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('the web server has no port');
  port = address.port;
  const base = `http://127.0.0.1:${port}`;
  const linkBase = o.publicUrl ?? base;

  const signinMails = (to: string) =>
    (engine.mail as CaptureTransport).captured
      .filter((m) => m.email.kind === 'office.signin' && m.envelope.to.includes(to))
      .map((m) => ({ subject: m.email.subject, text: m.email.text, html: m.email.html, to: m.envelope.to }));

  const office: Office = {
    base,
    evidence,
    signinMails,
    waitForMails: (to, count) => settled(async () => signinMails(to), (mails) => mails.length >= count, 5_000),
    browser() {
      let session: string | undefined;
      const remember = (response: Response) => {
        const set = response.headers.get('set-cookie');
        const m = set && new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(set);
        if (m) session = m[1] || undefined;
      };
      const headers = (): Record<string, string> => (session ? { cookie: `${SESSION_COOKIE}=${session}` } : {});
      const pageOf = async (response: Response): Promise<Page> => {
        remember(response);
        return { status: response.status, text: await response.text(), headers: response.headers, location: response.headers.get('location') };
      };
      const browser: Browser = {
        cookie: () => session,
        get: async (path) => pageOf(await fetch(base + path, { redirect: 'manual', headers: headers() })),
        post: async (path, fields = {}, extra = {}) =>
          pageOf(
            await fetch(base + path, {
              method: 'POST',
              redirect: 'manual',
              headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers(), ...extra },
              body: new URLSearchParams(fields).toString(),
            }),
          ),
        async upload(path, fields, files, o = {}) {
          const body = new FormData();
          if (o.form !== false && !('form' in fields)) body.append('form', officeFormToken((await browser.get(path)).text));
          for (const [name, value] of Object.entries(fields)) body.append(name, value);
          for (const f of files) body.append('files', new Blob([new Uint8Array(f.data)], { type: f.type ?? 'application/octet-stream' }), f.name);
          return pageOf(await fetch(base + path, { method: 'POST', redirect: 'manual', headers: headers(), body }));
        },
        async signIn(to) {
          const before = signinMails(to).length;
          const asked = await browser.post('/office/login', { email: to });
          if (asked.status !== 200) throw new Error(`sign-in refused (${asked.status}):\n${asked.text}`);
          const mails = await office.waitForMails(to, before + 1);
          const path = linkPathIn(mails.at(-1)!.text, linkBase);
          const confirmed = await browser.post(path);
          if (confirmed.status !== 303) throw new Error(`the link did not sign in (${confirmed.status}):\n${confirmed.text}`);
          return path;
        },
      };
      return browser;
    },
  };
  return office;
}
