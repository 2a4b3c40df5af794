// The web of `anwei start` (contract §7): the pages people open from the signed links in their emails, on a
// phone, without a login. A link's token is the proof of who acts on what; every change goes through
// client/act.ts — the same rules and the same Update as the CLI — with the link's person as the actor.

import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import { act, type Gateway } from '../client/act.ts';
import { UnclearOutcomeError, UserInputError } from '../client/errors.ts';
import { LINK_ACTIONS, type LinkAction, type LinkGrant } from '../domain/links.ts';
import { PRINCIPAL } from '../domain/notices.ts';
import type { Database } from '../prisma/client.ts';
import type { EvidenceStore } from './evidence.ts';
import { sendEvidence, shownFiles } from './evidence-serve.ts';
import { STYLESHEET, STYLESHEET_PATH } from './html.ts';
import { RateLimit } from './rate-limit.ts';
import { campaignPages } from './campaign.ts';
import { availability, isListed, loadItem, stillResponsible, type Item } from './items.ts';
import { formDeadline, type LinkContext } from './link-context.ts';
import type { LinkSigner } from './links.ts';
import { formPage, refusalPage, viewPage, WITH_FILES, type FormAction, type FormValues } from './pages.ts';
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
   * Behind a reverse proxy: which proxy's X-Forwarded-For to believe (Fastify's trustProxy: a hop count, or
   * addresses and subnets), so that the per-address limit counts people, not the proxy. None by default.
   */
  trustProxy?: number | string;
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
  notYours: 403,
  notResponsible: 403,
  notListed: 403,
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


const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
} as const;

export function sendPage(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(body);
}

export const refuse = (reply: FastifyReply, kind: RefusalPage, o: { view?: string; problems?: readonly string[] } = {}) => sendPage(reply, STATUS[kind], refusalPage(kind, o));

/** The body's fields as strings (a repeated field counts once: its first value). */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') values[key] = first;
  }
  return values;
}

/** An origin from another site: a page elsewhere posting to us. `null` (sent under no-referrer) and none are not. */
export function crossSite(request: FastifyRequest, base: string): boolean {
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

/** An action's form on one item: the link's own, or (`target`) one task of a campaign link's list. */
interface ItemForm {
  grant: LinkGrant;
  item: Item;
  action: FormAction;
  /** Where the form posts to: the address it was opened at. */
  post: string;
}

type Read = { input: Record<string, unknown> } | { problems: string[] };

/** The Update's input from a form, as the CLI builds it from its flags; `by` is the link's person. */
function inputOf(action: FormAction, values: FormValues, by: string, now: number): Read {
  const text = (name: string) => values[name]?.trim() ?? '';
  const person = by === PRINCIPAL ? {} : { by };
  const deadline = (label: string, required: boolean) => formDeadline(values, 'deadline', label, required, now);
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

  // A hop count or addresses; typed as Fastify's single option (its overloads do not take the union as it stands).
  const trustProxy = (options.trustProxy ?? false) as string;
  const app = Fastify({ bodyLimit: BODY_LIMIT, routerOptions: { maxParamLength: 4096 }, logger: false, trustProxy });
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

  const viewPath = (token: string) => signer.path(token, 'view');

  const context: LinkContext = {
    db,
    gateway,
    signer,
    now,
    rulesNow: async () => (gateway.now ? gateway.now() : now()),
    log,
    send: sendPage,
    refuse,
    async posted(token, request, reply, withFiles) {
      let values: Record<string, string>;
      let files: Upload[] = [];
      if (request.isMultipart()) {
        if (!withFiles) {
          await refuse(reply, 'badRequest', { view: viewPath(token) });
          return undefined;
        }
        const read = await readUploadForm(request.parts(), evidence, (v) => signer.isFormToken(token, v.form), webText.files);
        if ('refused' in read) {
          await refuse(reply, read.refused, { view: viewPath(token), problems: read.problems });
          return undefined;
        }
        ({ values, files } = read);
      } else {
        values = formValues(request.body);
      }
      if (!signer.isFormToken(token, values.form)) {
        await discard(evidence, files, db);
        await refuse(reply, 'badForm', { view: viewPath(token) });
        return undefined;
      }
      const { form: _form, ...typed } = values;
      return { typed, files };
    },
    discard: (files) => discard(evidence, files, db),
    async record(o) {
      if (!o.files.length) return;
      try {
        await recordEvidence(db, evidence, o);
      } catch (error) {
        // The action is done and its words name the files; the files stay kept for the office to relink.
        log(`佐证材料记录失败（${o.itemKind} ${o.itemId}）：${error instanceof Error ? error.message : String(error)}`);
      }
    },
    async attempt(reply, view, again, run) {
      try {
        await run();
        return true;
      } catch (error) {
        if (error instanceof UserInputError) {
          await again(error.problems, error.headline);
          return false;
        }
        if (error instanceof UnclearOutcomeError) {
          log(error.message);
          await refuse(reply, 'unclear', { view });
          return false;
        }
        throw error;
      }
    },
  };
  const campaign = campaignPages(context);

  /** The grant of a token, or the page refusing it (already sent). */
  async function granted(token: string, reply: FastifyReply): Promise<LinkGrant | undefined> {
    const verified = signer.verify(token, await now());
    if ('refused' in verified) {
      await refuse(reply, verified.refused);
      return undefined;
    }
    // A person taken off the profile holds no link of theirs any more (not even to look).
    if (!(await isListed(db, verified.grant.who))) {
      await refuse(reply, 'notListed');
      return undefined;
    }
    return verified.grant;
  }

  /** The grant of a token that allows `action`, or the refusal page sent. */
  async function grantFor(token: string, action: string, reply: FastifyReply): Promise<LinkGrant | undefined> {
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
    return grant;
  }

  /** A POST's first checks, before its link is read: the per-link and per-address limits, then the origin. */
  function admitted(token: string, request: FastifyRequest, reply: FastifyReply): boolean {
    const at = Date.now();
    // The address first; a link's own share only for a genuine link (made-up tokens are no keys to keep).
    if (!perAddress.allow(request.ip, at) || (!('refused' in signer.verify(token, at)) && !perLink.allow(token, at))) {
      void refuse(reply, 'tooMany');
      return false;
    }
    if (crossSite(request, signer.base)) {
      void refuse(reply, 'crossSite');
      return false;
    }
    return true;
  }

  /** The item a form acts on and the action's state, or the refusal page sent. */
  async function itemForm(grant: LinkGrant, token: string, action: string, target: string | undefined, reply: FastifyReply): Promise<ItemForm | undefined> {
    if (!isFormAction(action)) {
      await refuse(reply, 'unsupported', { view: viewPath(token) });
      return undefined;
    }
    // A campaign link acts on the tasks of its person's list, one at a time; no other link names a target.
    let subject: LinkGrant | undefined = grant;
    if (grant.kind === 'campaign' && target !== undefined && action === 'complete') subject = await campaign.taskGrant(grant, target, token, reply);
    else if (grant.kind === 'campaign' || target !== undefined) {
      await refuse(reply, 'notFound');
      return undefined;
    }
    if (!subject) return undefined;
    const at = await now();
    const item = await loadItem(db, subject, at);
    if (!item) {
      await refuse(reply, 'unknownItem');
      return undefined;
    }
    const state = availability(item, action, at);
    if (state !== 'possible') {
      await refuse(reply, state, { view: viewPath(token) });
      return undefined;
    }
    if (!(await stillResponsible(db, item, subject.who, action))) {
      await refuse(reply, 'notResponsible', { view: viewPath(token) });
      return undefined;
    }
    const post = target === undefined ? signer.path(token, action) : `${signer.path(token, action)}/${encodeURIComponent(target)}`;
    return { grant: subject, item, action, post };
  }

  app.get<{ Params: { token: string }; Querystring: { done?: string; reported?: string; receipt?: string } }>('/a/:token', async (request, reply) => {
    const { token } = request.params;
    const grant = await granted(token, reply);
    if (!grant) return reply;
    if (grant.kind === 'campaign') return campaign.view(grant, token, request.query, reply);
    const at = await now();
    const item = await loadItem(db, grant, at);
    if (!item) return refuse(reply, 'unknownItem');
    const actions = grant.actions
      .filter((a): a is FormAction => isFormAction(a) && availability(item, a, at) === 'possible');
    const shown = [];
    for (const action of actions) if (await stillResponsible(db, item, grant.who, action)) shown.push({ action, href: signer.path(token, action) });
    const done = request.query.done && Object.hasOwn(webText.done, request.query.done) ? webText.done[request.query.done] : undefined;
    const files = await shownFiles(evidence, item.detail.files, `/a/${token}`);
    return sendPage(reply, 200, viewPage(item, { actions: shown, files, ...(done ? { done } : {}) }));
  });

  /**
   * An evidence file of the link's item, to anyone holding a valid link to that item (any of its actions, its
   * 查看详情 too, after the item closed as well, until the link expires): the file, or its thumbnail.
   */
  async function sendLinkEvidence(token: string, sha256: string, what: 'file' | 'thumb', reply: FastifyReply): Promise<FastifyReply> {
    const grant = await granted(token, reply);
    if (!grant) return reply;
    const missing = () => refuse(reply, 'noFile', { view: viewPath(token) });
    if (grant.kind !== 'hazard' && grant.kind !== 'task') return missing();
    return sendEvidence(db, evidence, reply, { kind: grant.kind, id: grant.id }, sha256, what, missing);
  }

  app.get<{ Params: { token: string; sha256: string } }>('/a/:token/files/:sha256', async (request, reply) => sendLinkEvidence(request.params.token, request.params.sha256, 'file', reply));
  app.get<{ Params: { token: string; sha256: string } }>('/a/:token/thumbs/:sha256', async (request, reply) => sendLinkEvidence(request.params.token, request.params.sha256, 'thumb', reply));

  async function showForm(grant: LinkGrant, token: string, action: string, target: string | undefined, reply: FastifyReply) {
    const ok = await itemForm(grant, token, action, target, reply);
    if (!ok) return reply;
    const files = ok.action === 'verify' ? await shownFiles(evidence, ok.item.detail.files, `/a/${token}`) : [];
    return sendPage(reply, 200, formPage(ok.item, ok.action, { post: ok.post, formToken: signer.formToken(token), view: viewPath(token), files }));
  }

  async function postForm(grant: LinkGrant, token: string, action: string, target: string | undefined, request: FastifyRequest, reply: FastifyReply) {
    const ok = await itemForm(grant, token, action, target, reply);
    if (!ok) return reply;
    const form = await context.posted(token, request, reply, WITH_FILES.has(ok.action));
    if (!form) return reply;
    const { typed, files } = form;

    // A refused action keeps none of the files it brought (a file another item's evidence has stays).
    const again = async (problems: readonly string[], headline?: string) => {
      await context.discard(files);
      const given = ok.action === 'verify' ? await shownFiles(evidence, ok.item.detail.files, `/a/${token}`) : [];
      return sendPage(
        reply,
        422,
        formPage(ok.item, ok.action, {
          post: ok.post,
          formToken: signer.formToken(token),
          view: viewPath(token),
          files: given,
          values: typed,
          problems: files.length ? [...problems, webText.files.chooseAgain] : problems,
          ...(headline ? { headline } : {}),
        }),
      );
    };

    const actedAt = await context.rulesNow();
    // The action's own text names its files, so that its history (CLI, emails, 台账) says what came with it.
    const names = files.map((f) => f.name);
    const forInput = names.length ? { ...typed, evidence: [typed.evidence?.trim(), attachmentLine(names)].filter(Boolean).join('\n') } : typed;
    const read = inputOf(ok.action, forInput, ok.grant.who, actedAt);
    if ('problems' in read) return again(read.problems);
    const id = ok.item.detail.id;
    let done: boolean;
    try {
      // An unclear outcome keeps the files (the action may have been done; a repeat sends the same files, kept once), unrecorded.
      done = await context.attempt(reply, viewPath(token), again, () =>
        ok.item.kind === 'hazard' ? act(gateway, 'hazard', id, ok.action as Exclude<FormAction, 'complete'>, read.input) : act(gateway, 'task', id, 'complete', read.input),
      );
    } catch (error) {
      await context.discard(files);
      throw error;
    }
    if (!done) return reply;
    await context.record({ itemKind: ok.item.kind, itemId: id, action: ok.action, by: ok.grant.who, at: actedAt, files });
    return reply.code(303).header('location', `${viewPath(token)}?done=${ok.action}`).send();
  }

  app.get<{ Params: { token: string; action: string } }>('/a/:token/:action', async (request, reply) => {
    const { token, action } = request.params;
    const grant = await grantFor(token, action, reply);
    if (!grant) return reply;
    // A campaign link's 登记完成 opens its person's list; its 上报隐患 is the campaign's own form.
    if (grant.kind === 'campaign' && action === 'complete') return campaign.view(grant, token, {}, reply);
    if (grant.kind === 'campaign' && action === 'report') return campaign.reportForm(grant, token, reply);
    return showForm(grant, token, action, undefined, reply);
  });

  app.post<{ Params: { token: string; action: string } }>('/a/:token/:action', async (request, reply) => {
    const { token, action } = request.params;
    if (!admitted(token, request, reply)) return reply;
    const grant = await grantFor(token, action, reply);
    if (!grant) return reply;
    if (grant.kind === 'campaign' && action === 'report') return campaign.report(grant, token, request, reply);
    return postForm(grant, token, action, undefined, request, reply);
  });

  app.get<{ Params: { token: string; action: string; target: string } }>('/a/:token/:action/:target', async (request, reply) => {
    const { token, action, target } = request.params;
    const grant = await grantFor(token, action, reply);
    if (!grant) return reply;
    return showForm(grant, token, action, target, reply);
  });

  app.post<{ Params: { token: string; action: string; target: string } }>('/a/:token/:action/:target', async (request, reply) => {
    const { token, action, target } = request.params;
    if (!admitted(token, request, reply)) return reply;
    const grant = await grantFor(token, action, reply);
    if (!grant) return reply;
    return postForm(grant, token, action, target, request, reply);
  });

  return app;
}
