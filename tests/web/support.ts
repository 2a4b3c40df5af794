// The web of the action links against a real engine (tests/support/engine.ts): the real server on a free
// port, links signed as the notices sign them, and a person's browser reduced to fetch — GET a page, read
// its form token, POST the form as a browser does (urlencoded, no redirects followed).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished, vi } from 'vitest';
import type { LinkAction, LinkGrant, LinkItemKind } from '../../domain/links.ts';
import { evidenceDir } from '../../web/settings.ts';
import { EvidenceStore } from '../../web/evidence.ts';
import { LinkSigner } from '../../web/links.ts';
import { createWebServer } from '../../web/server.ts';
import { captured, type Engine } from '../support/engine.ts';

export const DAY = 24 * 60 * 60 * 1000;

export interface Web {
  base: string;
  /** Where this server keeps evidence files (a fresh data folder per test). */
  evidence: EvidenceStore;
  signer: LinkSigner;
  /** A signed link's path for one person and item (valid 30 days from simulated now unless `expiresAt` says). */
  link(who: string, kind: LinkItemKind, id: string, actions: LinkAction[], expiresAt?: number): Promise<{ token: string; view: string; path: (a: LinkAction) => string }>;
  get(path: string, headers?: Record<string, string>): Promise<Page>;
  post(path: string, fields: Record<string, string>, headers?: Record<string, string>): Promise<Page>;
  /** GETs the form page, then posts its fields with the page's form token. */
  submit(path: string, fields: Record<string, string>): Promise<Page>;
  /**
   * GETs the form page, then posts it as a browser posts a form with files (multipart/form-data): the form
   * token first, the text fields, then each file under `files`. `form: false` leaves the token out.
   */
  upload(path: string, fields: Record<string, string>, files: readonly UploadFile[], o?: { form?: false }): Promise<Page>;
}

export interface UploadFile {
  name: string;
  data: Buffer;
  /** What the browser says it is (the server reads the content instead); application/octet-stream by default. */
  type?: string;
}

export interface Page {
  status: number;
  text: string;
  headers: Headers;
  location: string | null;
}

async function pageOf(response: Response): Promise<Page> {
  return { status: response.status, text: await response.text(), headers: response.headers, location: response.headers.get('location') };
}

export const formTokenOf = (html: string): string => {
  const m = /name="form" value="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no form token in the page:\n${html}`);
  return m[1]!;
};

/**
 * The signer of the tests' links. Start the engine with `links: linkSigner().maker()` and its emails carry links
 * this web accepts: same secret; their base is not the server's (its port is known only once it listens), so
 * emailLinks() hands back paths, to be opened on `web.base`.
 */
export const linkSigner = () => new LinkSigner(Buffer.alloc(32, 7), 'http://anwei.test');

/** A web server of the engine, with its own data folder; `env` as its process would have it (ANWEI_EVIDENCE_DIR). */
export async function startWeb(engine: Engine, signer = linkSigner(), env: NodeJS.ProcessEnv = {}): Promise<Web> {
  const dataDir = mkdtempSync(join(tmpdir(), 'anwei-web-'));
  onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
  const evidence = new EvidenceStore(evidenceDir(env, dataDir));
  const server = await createWebServer({ db: engine.db, gateway: engine.gateway, signer, evidence });
  await server.listen({ port: 0, host: '127.0.0.1' });
  onTestFinished(() => server.close());
  const address = server.server.address();
  if (!address || typeof address === 'string') throw new Error('the web server has no port');
  const base = `http://127.0.0.1:${address.port}`;
  const web: Web = {
    base,
    evidence,
    signer,
    async link(who, kind, id, actions, expiresAt) {
      const grant: LinkGrant = { who, kind, id, actions, expiresAt: expiresAt ?? (await engine.now()) + 30 * DAY };
      const token = signer.sign(grant);
      return { token, view: signer.path(token, 'view'), path: (a) => signer.path(token, a) };
    },
    get: async (path, headers = {}) => pageOf(await fetch(base + path, { redirect: 'manual', headers })),
    post: async (path, fields, headers = {}) =>
      pageOf(
        await fetch(base + path, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams(fields).toString(),
        }),
      ),
    async submit(path, fields) {
      const form = await web.get(path);
      if (form.status !== 200) return form;
      return web.post(path, { form: formTokenOf(form.text), ...fields });
    },
    async upload(path, fields, files, o = {}) {
      const form = await web.get(path);
      if (form.status !== 200) return form;
      const body = new FormData();
      if (o.form !== false) body.append('form', formTokenOf(form.text));
      for (const [name, value] of Object.entries(fields)) body.append(name, value);
      for (const f of files) body.append('files', new Blob([new Uint8Array(f.data)], { type: f.type ?? 'application/octet-stream' }), f.name);
      return pageOf(await fetch(base + path, { method: 'POST', redirect: 'manual', body }));
    },
  };
  return web;
}

/** The ledger's events of a hazard as `type by`. */
export async function hazardEvents(engine: Engine, id: string): Promise<string[]> {
  const rows = await engine.db.prisma.hazardEvent.findMany({ where: { hazardId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  return rows.map((e) => `${e.type} ${e.by}`);
}

/** Lets the workflow's ledger writes land (the Update answers before its activity records). */
export async function settled<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The action links of the email of `kind` to `address`, by button label (`{ 提交整改: '/a/…/submit', 查看详情: '/a/…' }`),
 * as paths on the web. Waits for the email (the notice goes out after the workflow's step). A scheduled notice
 * reaches its recipient in their daily digest (contract §8): then the links are those of the digest that carried
 * it, which must carry that notice alone (a digest of one item is the notice's own email).
 */
export async function emailLinks(engine: Engine, kind: string, address: string, signer = linkSigner()): Promise<Record<string, string>> {
  const email = await vi.waitFor(
    async () => {
      const alone = captured(engine).filter((c) => c.email.kind === kind && c.envelope.to.includes(address));
      if (alone.length === 1) return alone[0]!.email;
      const carried = await engine.db.prisma.digestEntry.findMany({ where: { kind, digestKey: { endsWith: `:${address}` }, included: true } });
      const digest = captured(engine).filter((c) => carried.length === 1 && c.email.key === carried[0]!.digestKey);
      if (alone.length === 0 && digest.length === 1) {
        if (carried.length !== 1 || (await engine.db.prisma.digestEntry.count({ where: { digestKey: carried[0]!.digestKey, included: true } })) !== 1) {
          throw new Error(`the ${kind} email to ${address} went in a digest of several items`);
        }
        return digest[0]!.email;
      }
      throw new Error(`${alone.length} emails ${kind} to ${address}`);
    },
    { timeout: 30_000, interval: 100 },
  );
  return buttonsOf(email, signer.base);
}

/**
 * An email's buttons, by label, as paths under `base` (the links' ANWEI_PUBLIC_URL). The text part (`  提交整改：URL`)
 * and the HTML part (`<a href="URL">提交整改</a>`) must offer the same buttons with the same URLs.
 */
export function buttonsOf(email: { kind: string; text: string; html: string }, base: string): Record<string, string> {
  const prefix = `${base}/a/`;
  const fromText = [...email.text.matchAll(/^ +(\S+)：(\S+)$/gm)].filter(([, , url]) => url!.startsWith(prefix));
  const fromHtml = [...email.html.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].filter(([, url]) => url!.startsWith(prefix));
  const text = fromText.map(([, label, url]) => [label!, url!.slice(base.length)] as const);
  const html = fromHtml.map(([, url, label]) => [label!, url!.slice(base.length)] as const);
  if (text.length === 0 || JSON.stringify(text) !== JSON.stringify(html)) {
    throw new Error(`the buttons of a ${email.kind} email differ between its text and HTML parts (or there are none):\n${JSON.stringify({ text, html })}`);
  }
  return Object.fromEntries(text);
}
