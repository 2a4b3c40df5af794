// The web of `anwei start` (contract §7): the pages people open from the signed links in their emails, on a
// phone, without a login. A link's token is the proof of who acts on what; every change goes through
// client/act.ts — the same rules and the same Update as the CLI — with the link's person as the actor.

import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createReadStream } from 'node:fs';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { act, type Gateway } from '../client/act.ts';
import { readDeadline } from '../client/deadline-spec.ts';
import { UnclearOutcomeError, UserInputError } from '../client/errors.ts';
import { LINK_ACTIONS, type LinkAction, type LinkGrant } from '../domain/links.ts';
import { PRINCIPAL } from '../domain/notices.ts';
import { localDateOf } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import { contentDisposition, isPhoto, type EvidenceStore } from './evidence.ts';
import { STYLESHEET, STYLESHEET_PATH } from './html.ts';
import { availability, loadItem, type Item } from './items.ts';
import type { LinkSigner } from './links.ts';
import { formPage, refusalPage, viewPage, WITH_FILES, type FormAction, type FormValues, type ShownFile } from './pages.ts';
import { webText, type RefusalPage } from './text.ts';
import { attachmentLine, discard, MULTIPART_LIMITS, readUploadForm, recordEvidence, type Upload } from './uploads.ts';

/** Form bodies are a few paragraphs of text; anything larger is refused (413) before it is parsed. */
export const BODY_LIMIT = 64 * 1024;
/** POSTs a link, and an address, may send in a minute (a person retyping a refused form stays far below). */
export const POSTS_PER_MINUTE = 30;

export interface WebServerOptions {
  db: Database;
  /** How the actions reach the engine: the CLI's gateway (its `now` is the rules' clock). */
  gateway: Gateway;
  signer: LinkSigner;
  /** Where evidence files are kept (`<data folder>/evidence`). */
  evidence: EvidenceStore;
  /** The clock links expire by (epoch ms); the gateway's, or the machine's, by default. */
  now?: () => number | Promise<number>;
  /**
   * Behind a reverse proxy: which proxy's X-Forwarded-For to believe (Fastify's trustProxy: true, or
   * addresses and subnets), so that the per-address limit counts people, not the proxy. None by default.
   */
  trustProxy?: boolean | string;
  /** Errors that are nobody's input (the engine unreachable): logged, never shown. */
  log?: (line: string) => void;
}

const FORM_ACTIONS: readonly FormAction[] = ['submit', 'extend', 'decide', 'ack', 'verify', 'complete'];
const isFormAction = (action: string): action is FormAction => (FORM_ACTIONS as readonly string[]).includes(action);

const STATUS: Readonly<Record<RefusalPage, number>> = {
  forged: 403,
  expired: 410,
  notGranted: 403,
  closed: 410,
  spent: 409,
  notFound: 404,
  unknownItem: 404,
  unsupported: 404,
  tooLarge: 413,
  fileTooLarge: 413,
  tooManyFiles: 413,
  fileType: 415,
  noFile: 404,
  tooMany: 429,
  crossSite: 403,
  badForm: 403,
  badRequest: 400,
  unclear: 503,
  failed: 500,
};

/** Counts of recent POSTs per key (a link, an address) within the last minute. */
class RateLimit {
  readonly #hits = new Map<string, number[]>();
  constructor(readonly perMinute: number) {}

  /** Records a hit; false once the key has used its minute's share. */
  allow(key: string, now: number): boolean {
    const recent = (this.#hits.get(key) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.perMinute) {
      this.#hits.set(key, recent);
      return false;
    }
    recent.push(now);
    this.#hits.set(key, recent);
    if (this.#hits.size > 10_000) this.#sweep(now);
    return true;
  }

  #sweep(now: number): void {
    for (const [key, hits] of this.#hits) if (hits.every((t) => now - t >= 60_000)) this.#hits.delete(key);
  }
}

/** An evidence file is data, never a page of ours: nothing in it may run, even when a browser is asked to show it. */
const FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'none'; sandbox; frame-ancestors 'none'";

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

const refuse = (reply: FastifyReply, kind: RefusalPage, o: { view?: string; problems?: readonly string[] } = {}) => sendPage(reply, STATUS[kind], refusalPage(kind, o));

/** The body's fields as strings (a repeated field counts once: its first value). */
function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') values[key] = first;
  }
  return values;
}

/** An origin from another site: a page elsewhere posting to us. `null` (sent under no-referrer) and none are not. */
function crossSite(request: FastifyRequest, base: string): boolean {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site') return true;
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return false;
  const ours = new Set<string>();
  try {
    ours.add(new URL(base).origin);
  } catch {
    // A base that is no URL names no origin of ours.
  }
  const host = request.headers.host;
  if (host) {
    ours.add(`http://${host}`);
    ours.add(`https://${host}`);
  }
  return !ours.has(origin);
}

type Read = { input: Record<string, unknown> } | { problems: string[] };

/** The Update's input from a form, as the CLI builds it from its flags; `by` is the link's person. */
function inputOf(action: FormAction, values: FormValues, by: string, now: number): Read {
  const text = (name: string) => values[name]?.trim() ?? '';
  const person = by === PRINCIPAL ? {} : { by };
  const deadline = (label: string, required: boolean): { form?: unknown; problem?: string } => {
    const typed = text('deadline');
    if (!typed) return required ? { form: undefined } : {};
    const read = readDeadline(typed, localDateOf(now));
    return 'refusal' in read ? { problem: webText.deadlineRefused(label, typed, read.refusal) } : { form: read.form };
  };
  const note = text('note') ? { note: text('note') } : {};
  switch (action) {
    case 'submit':
      return { input: { evidence: values.evidence ?? '', ...person } };
    case 'extend': {
      const d = deadline(webText.form.extendTo, true);
      if (d.problem) return { problems: [d.problem] };
      return { input: { reason: values.reason ?? '', deadline: d.form, ...person } };
    }
    case 'decide': {
      const decision = values.decision;
      if (decision !== 'approve' && decision !== 'deny') return { problems: [webText.approveMissing] };
      return { input: { by, approve: decision === 'approve', ...note } };
    }
    case 'ack':
      return { input: { by, ...note } };
    case 'verify': {
      const result = values.result;
      if (result !== 'pass' && result !== 'fail') return { problems: [webText.resultMissing] };
      const d = deadline(webText.form.newDeadline, false);
      if (d.problem) return { problems: [d.problem] };
      return { input: { by, result, ...(d.form ? { deadline: d.form } : {}), ...note } };
    }
    case 'complete':
      return { input: { by, evidence: values.evidence ?? '', ...note } };
  }
}

export async function createWebServer(options: WebServerOptions): Promise<FastifyInstance> {
  const { db, gateway, signer, evidence } = options;
  const clock = options.now ?? gateway.now ?? (() => Date.now());
  const now = async () => clock();
  const log = options.log ?? (() => {});
  const perLink = new RateLimit(POSTS_PER_MINUTE);
  const perAddress = new RateLimit(POSTS_PER_MINUTE);

  const app = Fastify({ bodyLimit: BODY_LIMIT, routerOptions: { maxParamLength: 4096 }, logger: false, trustProxy: options.trustProxy ?? false });
  // Forms only: a browser's urlencoded form. JSON and plain text are no form of ours (400).
  app.removeAllContentTypeParsers();
  await app.register(formbody, { bodyLimit: BODY_LIMIT });
  // The forms with evidence files (提交整改, 登记完成): read as they stream, in the POST handler, after the link
  // was checked (web/uploads.ts); the text fields keep the form's limit.
  await app.register(multipart, { limits: { ...MULTIPART_LIMITS, fieldSize: BODY_LIMIT }, throwFileSizeLimit: false });

  app.addHook('onSend', async (_request, reply, payload) => {
    const ownPolicy = reply.getHeader('content-security-policy');
    reply.headers(SECURITY_HEADERS);
    if (ownPolicy) reply.header('content-security-policy', ownPolicy);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setNotFoundHandler((_request, reply) => refuse(reply, 'notFound'));
  app.setErrorHandler((error: { statusCode?: number; code?: string; message?: string }, _request, reply) => {
    if (error.statusCode === 413 || error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return refuse(reply, 'tooLarge');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return refuse(reply, 'badRequest');
    log(`网页请求出错：${error.message ?? String(error)}`);
    return refuse(reply, 'failed');
  });

  app.get(STYLESHEET_PATH, (_request, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(STYLESHEET));

  /** The grant of a token, or the page refusing it (already sent). */
  async function granted(token: string, reply: FastifyReply): Promise<LinkGrant | undefined> {
    const verified = signer.verify(token, await now());
    if ('refused' in verified) {
      await refuse(reply, verified.refused);
      return undefined;
    }
    return verified.grant;
  }

  const viewPath = (token: string) => signer.path(token, 'view');

  /** The link's item and the action's state, or the refusal page sent. */
  async function actionable(token: string, action: string, reply: FastifyReply): Promise<{ grant: LinkGrant; item: Item; action: FormAction } | undefined> {
    if (!(LINK_ACTIONS as readonly string[]).includes(action) || action === 'view') {
      await refuse(reply, 'notFound');
      return undefined;
    }
    const grant = await granted(token, reply);
    if (!grant) return undefined;
    if (!grant.actions.includes(action as LinkAction)) {
      await refuse(reply, 'notGranted', { view: viewPath(token) });
      return undefined;
    }
    if (!isFormAction(action)) {
      await refuse(reply, 'unsupported', { view: viewPath(token) });
      return undefined;
    }
    const at = await now();
    const item = await loadItem(db, grant, at);
    if (!item) {
      await refuse(reply, grant.kind === 'campaign' ? 'unsupported' : 'unknownItem');
      return undefined;
    }
    const state = availability(item, action, at);
    if (state !== 'possible') {
      await refuse(reply, state, { view: viewPath(token) });
      return undefined;
    }
    return { grant, item, action };
  }

  app.get<{ Params: { token: string }; Querystring: { done?: string } }>('/a/:token', async (request, reply) => {
    const { token } = request.params;
    const grant = await granted(token, reply);
    if (!grant) return reply;
    const at = await now();
    const item = await loadItem(db, grant, at);
    if (!item) return refuse(reply, grant.kind === 'campaign' ? 'unsupported' : 'unknownItem');
    const actions = grant.actions
      .filter((a): a is FormAction => isFormAction(a) && availability(item, a, at) === 'possible')
      .map((action) => ({ action, href: signer.path(token, action) }));
    const done = request.query.done ? webText.done[request.query.done] : undefined;
    const files: ShownFile[] = [];
    for (const f of item.detail.files) {
      // A thumbnail is made when its photo is recorded; a photo sharp cannot read (HEIC) is shown by its name.
      const thumb = isPhoto(f.type) && (await evidence.has(evidence.thumbnailPathOf(f.sha256)));
      files.push({ ...f, href: `/a/${token}/files/${f.sha256}`, ...(thumb ? { thumb: `/a/${token}/thumbs/${f.sha256}` } : {}) });
    }
    return sendPage(reply, 200, viewPage(item, { actions, files, ...(done ? { done } : {}) }));
  });

  /**
   * An evidence file of the link's item, to anyone holding a valid link to that item (any of its actions, its
   * 查看详情 too, after the item closed as well, until the link expires): the file, or its thumbnail.
   */
  async function sendEvidence(token: string, sha256: string, what: 'file' | 'thumb', reply: FastifyReply): Promise<FastifyReply> {
    const grant = await granted(token, reply);
    if (!grant) return reply;
    const row =
      (grant.kind === 'hazard' || grant.kind === 'task') && /^[0-9a-f]{64}$/.test(sha256)
        ? await db.prisma.evidence.findFirst({ where: { itemKind: grant.kind, itemId: grant.id, sha256 }, orderBy: { id: 'desc' } })
        : null;
    const path = !row ? undefined : what === 'file' ? evidence.pathOf(sha256) : isPhoto(row.mimeType) ? await evidence.thumbnail(sha256) : undefined;
    if (!row || !path || !(await evidence.has(path))) return refuse(reply, 'noFile', { view: viewPath(token) });
    reply.header('content-security-policy', FILE_CSP).header('cache-control', 'private, max-age=86400');
    if (what === 'thumb') return reply.type('image/jpeg').send(createReadStream(path));
    return reply.header('content-disposition', contentDisposition(row.fileName, row.mimeType)).header('content-length', row.size).type(row.mimeType).send(createReadStream(path));
  }

  app.get<{ Params: { token: string; sha256: string } }>('/a/:token/files/:sha256', async (request, reply) => sendEvidence(request.params.token, request.params.sha256, 'file', reply));
  app.get<{ Params: { token: string; sha256: string } }>('/a/:token/thumbs/:sha256', async (request, reply) => sendEvidence(request.params.token, request.params.sha256, 'thumb', reply));

  app.get<{ Params: { token: string; action: string } }>('/a/:token/:action', async (request, reply) => {
    const { token, action } = request.params;
    const ok = await actionable(token, action, reply);
    if (!ok) return reply;
    return sendPage(reply, 200, formPage(ok.item, ok.action, { post: signer.path(token, ok.action), formToken: signer.formToken(token), view: viewPath(token) }));
  });

  app.post<{ Params: { token: string; action: string } }>('/a/:token/:action', async (request, reply) => {
    const { token, action } = request.params;
    const at = Date.now();
    if (!perLink.allow(token, at) || !perAddress.allow(request.ip, at)) return refuse(reply, 'tooMany');
    if (crossSite(request, signer.base)) return refuse(reply, 'crossSite');
    const ok = await actionable(token, action, reply);
    if (!ok) return reply;
    let values: Record<string, string>;
    let files: Upload[] = [];
    if (request.isMultipart()) {
      if (!WITH_FILES.has(ok.action)) return refuse(reply, 'badRequest', { view: viewPath(token) });
      const read = await readUploadForm(request.parts(), evidence, (v) => signer.isFormToken(token, v.form), webText.files);
      if ('refused' in read) return refuse(reply, read.refused, { view: viewPath(token), problems: read.problems });
      ({ values, files } = read);
    } else {
      values = formValues(request.body);
    }
    if (!signer.isFormToken(token, values.form)) {
      await discard(evidence, files, db);
      return refuse(reply, 'badForm', { view: viewPath(token) });
    }
    const { form: _form, ...typed } = values;

    // A refused action keeps none of the files it brought (a file another item's evidence has stays).
    const again = async (status: number, problems: readonly string[], headline?: string) => {
      await discard(evidence, files, db);
      return sendPage(
        reply,
        status,
        formPage(ok.item, ok.action, {
          post: signer.path(token, ok.action),
          formToken: signer.formToken(token),
          view: viewPath(token),
          values: typed,
          problems: files.length ? [...problems, webText.files.chooseAgain] : problems,
          ...(headline ? { headline } : {}),
        }),
      );
    };

    const actedAt = await (gateway.now ? gateway.now() : now());
    // The action's own text names its files, so that its history (CLI, emails, 台账) says what came with it.
    const names = files.map((f) => f.name);
    const forInput = names.length ? { ...typed, evidence: [typed.evidence?.trim(), attachmentLine(names)].filter(Boolean).join('\n') } : typed;
    const read = inputOf(ok.action, forInput, ok.grant.who, actedAt);
    if ('problems' in read) return again(422, read.problems);
    try {
      if (ok.grant.kind === 'hazard') await act(gateway, 'hazard', ok.grant.id, ok.action as Exclude<FormAction, 'complete'>, read.input);
      else await act(gateway, 'task', ok.grant.id, 'complete', read.input);
    } catch (error) {
      if (error instanceof UserInputError) return again(422, error.problems, error.headline);
      if (error instanceof UnclearOutcomeError) {
        // The action may have been done: its files stay (a repeat sends the same files, kept once), unrecorded.
        log(error.message);
        return refuse(reply, 'unclear', { view: viewPath(token) });
      }
      await discard(evidence, files, db);
      throw error;
    }
    if (files.length) {
      const itemKind = ok.grant.kind === 'hazard' ? 'hazard' : 'task';
      try {
        await recordEvidence(db, evidence, { itemKind, itemId: ok.grant.id, action: ok.action, by: ok.grant.who, at: actedAt, files });
      } catch (error) {
        // The action is done and its text names the files; the files stay kept for the office to relink.
        log(`佐证材料记录失败（${itemKind} ${ok.grant.id}）：${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return reply.code(303).header('location', `${viewPath(token)}?done=${ok.action}`).send();
  });

  return app;
}
