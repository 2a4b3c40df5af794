// The office pages on the server of the action links (contract §7 "Office pages"): sign-in by a one-time
// emailed link, a session cookie, and the pages a signed-in person may open — each list and item narrowed by
// domain/visibility.ts. Registered on the app createWebServer made (client/start.ts), so the security
// headers, the stylesheet, the not-found and error pages are the action pages' own.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isMailAddress } from '../../activities/mail/compose.ts';
import type { Gateway } from '../../client/act.ts';
import { hazardLedger } from '../../client/hazard-export.ts';
import { dateRangeProblems, listHazards, type HazardFilter } from '../../client/ledger.ts';
import { ledgerText } from '../../domain/text/ledger.ts';
import { officeText, type OfficeRefusal } from '../../domain/text/office.ts';
import { localDateOf } from '../../domain/time.ts';
import { hazardWhere, seesEnterprise, seesHazard, type Scope } from '../../domain/visibility.ts';
import type { Database } from '../../prisma/client.ts';
import { contentDisposition, type EvidenceStore } from '../evidence.ts';
import { sendEvidence, shownFiles } from '../evidence-serve.ts';
import type { Html } from '../html.ts';
import { loadItem } from '../items.ts';
import { viewPage } from '../pages.ts';
import { RateLimit } from '../rate-limit.ts';
import { crossSite, formValues, refuse, sendPage } from '../server.ts';
import { webText } from '../text.ts';
import { discard, readUploadForm, type Upload } from '../uploads.ts';
import { registerCalendarPages } from './calendar.ts';
import { loadScope, villagesOffered } from './access.ts';
import { registerCampaignPages } from './campaigns.ts';
import { registerDashboardPages } from './dashboard.ts';
import { OFFICE_PATHS, type MenuKey, confirmPage, ledgerPage, loginPage, officeNav, officeRefusalPage, sentPage, type LedgerFilters } from './pages.ts';
import { registerReportPages } from './report.ts';
import { registerProfilePages } from './profile.ts';
import { registerTaskPages } from './tasks.ts';
import { SESSION_HOURS, SIGNIN_MINUTES, createSignin, endSession, formTokenOf, isFormTokenOf, sessionPerson, signinState, spendSignin, tokenHash, type SignedIn } from './session.ts';
import { sendSigninMail, type SigninMail } from './signin-mail.ts';

/**
 * Sign-in requests one client address may make in a minute: the whole town hall behind one address signing
 * in at nine stays below it; a script trying addresses does not.
 */
export const SIGNIN_PER_CLIENT_PER_MINUTE = 20;
/** Sign-in requests for one email address in a minute, known or not (the same answer either way). */
export const SIGNIN_PER_ADDRESS_PER_MINUTE = 3;
/** Links one person can have outstanding in their validity window: no flooding a mailbox, whatever the clients. */
export const SIGNIN_LINKS_PER_WINDOW = 5;

export const SESSION_COOKIE = 'anwei_office';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export interface OfficeOptions {
  db: Database;
  mail: SigninMail;
  /** Where the items' evidence files are kept: the office sees those of the items it may see. */
  evidence: EvidenceStore;
  /**
   * The address people's browsers reach (ANWEI_PUBLIC_URL): the base of sign-in links; https makes the cookie
   * Secure. A function when it is known only once the server listens (ANWEI_WEB_PORT=0 without a public URL).
   */
  publicUrl: string | (() => string);
  /** The clock of links, sessions and overdue counts (epoch ms): the engine's, or the machine's. */
  now?: () => number | Promise<number>;
  /** How the office's own actions (start and close a campaign) reach the engine: the CLI's gateway. */
  gateway: Gateway;
  /** A sign-in email that could not be sent (the page has answered already). */
  log?: (line: string) => void;
}

const REFUSAL_STATUS: Readonly<Record<OfficeRefusal, number>> = {
  noAccess: 403,
  notYours: 403,
  inactive: 403,
  linkUnknown: 404,
  linkExpired: 410,
  linkUsed: 409,
  badFilter: 400,
  badForm: 403,
};

const SIGNIN_REFUSAL = { unknown: 'linkUnknown', expired: 'linkExpired', used: 'linkUsed' } as const;

function cookieOf(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

type Query = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

/** The office page modules besides sign-in and 隐患台账 (each registers its routes; MENU links them). */
const OFFICE_PAGES: ReadonlyArray<(app: FastifyInstance, context: OfficeContext) => void | Promise<void>> = [
  registerCalendarPages,
  registerTaskPages,
  registerCampaignPages,
  registerDashboardPages,
  registerReportPages,
  registerProfilePages,
];

/** Who is looking at an office page: the person, what they may see, and the menu to show them. */
export interface OfficeVisitor {
  person: SignedIn;
  scope: Scope;
  nav: Html;
}

/**
 * What every office page module gets from registerOffice: the ledger, the evidence store, the clock, who is
 * signed in (or the answer already sent), and the office's refusal pages.
 */
export interface OfficeContext {
  db: Database;
  evidence: EvidenceStore;
  now(): Promise<number>;
  signedIn(request: FastifyRequest, reply: FastifyReply, current?: MenuKey): Promise<OfficeVisitor | undefined>;
  /**
   * The signed-in visitor of a form posted from our own pages (not another site's, carrying the session's form
   * token, as 退出 is checked); or the answer already sent (sign-in, 403).
   */
  postedBy(request: FastifyRequest, reply: FastifyReply, current?: MenuKey): Promise<OfficeVisitor | undefined>;
  /**
   * postedBy for a form that may bring evidence files (multipart, 佐证材料): the cross-site check first, the
   * session, then the fields as they stream, the session's form token checked before any file is kept
   * (web/uploads.ts). The fields without the token and the files kept; or the answer already sent, nothing kept.
   */
  postedWithFiles(request: FastifyRequest, reply: FastifyReply, current?: MenuKey): Promise<{ who: OfficeVisitor; typed: Record<string, string>; files: Upload[] } | undefined>;
  /** The engine, for the office's own actions. */
  gateway: Gateway;
  refuse(reply: FastifyReply, kind: OfficeRefusal, o?: Parameters<typeof officeRefusalPage>[1]): FastifyReply;
}

export async function registerOffice(app: FastifyInstance, options: OfficeOptions): Promise<void> {
  const { db } = options;
  const clock = options.now ?? (() => Date.now());
  const now = async () => clock();
  const log = options.log ?? (() => {});
  const publicUrl = options.publicUrl;
  const base = () => (typeof publicUrl === 'string' ? publicUrl : publicUrl()).replace(/\/+$/, '');
  const perClient = new RateLimit(SIGNIN_PER_CLIENT_PER_MINUTE);
  const perAddress = new RateLimit(SIGNIN_PER_ADDRESS_PER_MINUTE);

  const cookie = (value: string, maxAge: number) =>
    `${SESSION_COOKIE}=${value}; Path=/office; Max-Age=${maxAge}; HttpOnly; SameSite=Lax${base().startsWith('https:') ? '; Secure' : ''}`;
  const refuseOffice = (reply: FastifyReply, kind: OfficeRefusal, o: Parameters<typeof officeRefusalPage>[1] = {}) =>
    sendPage(reply, REFUSAL_STATUS[kind], officeRefusalPage(kind, o));

  /** The signed-in person, their scope and menu (`current` marked); or the answer already sent (to sign-in, or a 403). */
  async function signedIn(request: FastifyRequest, reply: FastifyReply, current?: MenuKey): Promise<OfficeVisitor | undefined> {
    const found = await sessionPerson(db, cookieOf(request, SESSION_COOKIE), await now());
    if (found === undefined) {
      await reply.code(303).header('location', OFFICE_PATHS.login).send();
      return undefined;
    }
    if (found === 'inactive') {
      // Removed from the profile: the session is worthless from now on; the browser forgets it too.
      reply.header('set-cookie', cookie('', 0));
      await refuseOffice(reply, 'inactive', { back: { href: OFFICE_PATHS.login, label: officeText.backToSignin } });
      return undefined;
    }
    const nav = officeNav({ name: found.name, role: found.role, formToken: formTokenOf(found.sessionId), ...(current ? { current } : {}) });
    const scope = await loadScope(db, found.personId);
    if (scope.kind === 'none') {
      await refuseOffice(reply, 'noAccess', { nav });
      return undefined;
    }
    return { person: found, scope, nav };
  }

  // ── sign-in ─────────────────────────────────────────────────────────────────────────────────────

  app.get<{ Querystring: Query }>(OFFICE_PATHS.login, async (request, reply) => {
    const notice = one(request.query.out) ? officeText.signin.signedOut : undefined;
    return sendPage(reply, 200, loginPage(notice ? { notice } : {}));
  });

  app.post(OFFICE_PATHS.login, async (request, reply) => {
    const at = Date.now();
    if (!perClient.allow(request.ip, at)) return refuse(reply, 'tooMany');
    if (crossSite(request, base())) return refuse(reply, 'crossSite');
    const typed = (formValues(request.body).email ?? '').trim();
    if (!typed) return sendPage(reply, 422, loginPage({ problems: [officeText.signin.emailMissing] }));
    if (!isMailAddress(typed) || typed.length > 254) return sendPage(reply, 422, loginPage({ email: typed, problems: [officeText.signin.emailBad(typed)] }));
    const address = typed.toLowerCase();
    if (!perAddress.allow(address, at)) return refuse(reply, 'tooMany');
    // The page answers before any mail goes out, and the same for every address: neither its words nor its
    // timing tell whether the address is in the profile.
    // The log names no address (a mail server's answer often quotes it): person ids only, as everywhere.
    void mailLinks(address).catch((error: unknown) => log(`登录链接邮件未能发出：${(error instanceof Error ? error.message : String(error)).replace(/[^\s<>"'@]+@[^\s<>"'@]+/g, '<邮箱>')}`));
    return sendPage(reply, 200, sentPage(SIGNIN_MINUTES));
  });

  /** Mails a sign-in link to each active profile person with this address (none for anyone else). */
  async function mailLinks(address: string): Promise<void> {
    const people = (await db.prisma.person.findMany({ where: { active: true } })).filter((p) => p.email.trim().toLowerCase() === address);
    if (people.length === 0) return;
    const town = await db.prisma.town.findUnique({ where: { id: 1 }, select: { name: true } });
    for (const person of people) {
      const at = await now();
      const recent = await db.prisma.officeSignin.count({ where: { personId: person.id, createdAt: { gt: new Date(at - SIGNIN_MINUTES * 60_000) } } });
      if (recent >= SIGNIN_LINKS_PER_WINDOW) continue;
      const token = await createSignin(db, person.id, at);
      await sendSigninMail(options.mail, { person, town: town?.name ?? '', url: `${base()}${OFFICE_PATHS.signin(token)}`, at, tokenHash: tokenHash(token) });
    }
  }

  // Opening the link shows a button; only its POST spends the link: mail scanners that fetch every link in an
  // email (GET) do not sign anyone in, nor use the link up.
  app.get<{ Params: { token: string } }>('/office/signin/:token', async (request, reply) => {
    const state = await signinState(db, request.params.token, await now());
    if (state.state !== 'valid') return refuseOffice(reply, SIGNIN_REFUSAL[state.state], { back: { href: OFFICE_PATHS.login, label: officeText.backToSignin } });
    return sendPage(reply, 200, confirmPage(request.params.token, state.name));
  });

  // Not rate-limited: a link is 32 random bytes, nothing to guess; the requests that send mail are.
  app.post<{ Params: { token: string } }>('/office/signin/:token', async (request, reply) => {
    if (crossSite(request, base())) return refuse(reply, 'crossSite');
    const spent = await spendSignin(db, request.params.token, await now());
    if ('refused' in spent) return refuseOffice(reply, SIGNIN_REFUSAL[spent.refused], { back: { href: OFFICE_PATHS.login, label: officeText.backToSignin } });
    return reply.code(303).header('set-cookie', cookie(spent.sessionId, SESSION_HOURS * 3600)).header('location', OFFICE_PATHS.ledger).send();
  });

  app.post(OFFICE_PATHS.logout, async (request, reply) => {
    if (crossSite(request, base())) return refuse(reply, 'crossSite');
    const sessionId = cookieOf(request, SESSION_COOKIE);
    if (sessionId) {
      if (!isFormTokenOf(sessionId, formValues(request.body).form)) return refuseOffice(reply, 'badForm', { back: { href: OFFICE_PATHS.ledger, label: officeText.backToLedger } });
      await endSession(db, sessionId, await now());
    }
    return reply.code(303).header('set-cookie', cookie('', 0)).header('location', `${OFFICE_PATHS.login}?out=1`).send();
  });

  // ── pages ───────────────────────────────────────────────────────────────────────────────────────

  /**
   * 隐患台账's filters as the query gives them, checked against the choices the person has (their sectors and
   * villages, and those of their enterprises; the enterprises they see; the campaigns of the hazards they see;
   * 发现时间 days as the CLI's --from/--to are checked): the page and its 导出Excel read them the same way, so the file
   * holds what the page lists. A value not among the choices is a 400 page (sent here).
   */
  async function ledgerQuery(who: { scope: Scope; nav: Html }, query: Query, reply: FastifyReply) {
    const { scope, nav } = who;
    const [sectors, villages, enterprises, campaignIds] = await Promise.all([
      db.prisma.sector.findMany({ orderBy: { id: 'asc' } }),
      db.prisma.village.findMany({ orderBy: { id: 'asc' } }),
      db.prisma.enterprise.findMany({ select: { id: true, name: true, sectorId: true, villageId: true }, orderBy: { id: 'asc' } }),
      // The campaigns the person's hazards were found in: a campaign with none of them would list nothing.
      db.prisma.hazard.findMany({ where: { AND: [hazardWhere(scope), { campaignId: { not: null } }] }, distinct: ['campaignId'], select: { campaignId: true } }),
    ]);
    const campaignChoices = await db.prisma.campaign.findMany({
      where: { id: { in: campaignIds.map((c) => c.campaignId!) } },
      select: { id: true, title: true },
      orderBy: { id: 'asc' },
    });
    const enterpriseChoices = enterprises.filter((e) => seesEnterprise(scope, e));
    // The filter's choices: what the person sees (their sectors and villages, and those of their enterprises).
    const mine = scope.kind === 'part' ? enterprises.filter((e) => scope.enterprises.has(e.id)) : enterprises;
    const sectorChoices = sectors.filter((s) => (scope.kind === 'town' ? s.active : scope.kind === 'part' && (scope.sectors.has(s.id) || mine.some((e) => e.sectorId === s.id))));
    const villageChoices = villagesOffered(scope, villages, enterprises);

    const problems: string[] = [];
    const pick = <T extends string>(name: string, label: string, allowed: readonly T[]): T | undefined => {
      const value = one(query[name]);
      if (value === undefined) return undefined;
      if ((allowed as readonly string[]).includes(value)) return value as T;
      problems.push(officeText.ledger.badFilter(label, value));
      return undefined;
    };
    const f = officeText.ledger.filter;
    const filters: LedgerFilters = {};
    const status = pick('status', f.status, ['open', 'submitted', 'closed'] as const);
    const level = pick('level', f.level, ['general', 'major'] as const);
    const sector = pick('sector', f.sector, sectorChoices.map((s) => s.id));
    const village = pick('village', f.village, villageChoices.map((v) => v.id));
    const overdue = pick('overdue', f.overdue, ['1'] as const);
    const enterprise = pick('enterprise', f.enterprise, enterpriseChoices.map((e) => e.id));
    const campaign = pick('campaign', f.campaign, campaignChoices.map((c) => c.id));
    const [from, to] = [one(query.from), one(query.to)];
    problems.push(...dateRangeProblems(from, to, { from: f.from, to: f.to }));
    if (problems.length) {
      await refuseOffice(reply, 'badFilter', { problems, nav, back: { href: OFFICE_PATHS.ledger, label: f.clear } });
      return undefined;
    }
    if (status) filters.status = status;
    if (level) filters.level = level;
    if (sector) filters.sector = sector;
    if (village) filters.village = village;
    if (overdue) filters.overdue = true;
    if (enterprise) filters.enterprise = enterprise;
    if (campaign) filters.campaign = campaign;
    if (from) filters.from = from;
    if (to) filters.to = to;
    const filter: HazardFilter = {
      ...(enterprise ? { enterprise } : {}),
      ...(campaign ? { campaign } : {}),
      ...(from ? { reportedFrom: from } : {}),
      ...(to ? { reportedTo: to } : {}),
      ...(status ? { status } : {}),
      ...(level ? { level } : {}),
      ...(sector ? { sector } : {}),
      ...(overdue ? { overdue: true } : {}),
      also: [hazardWhere(scope), ...(village ? [{ enterpriseId: { in: enterprises.filter((e) => e.villageId === village).map((e) => e.id) } }] : [])],
    };
    const campaigns = campaignChoices.map((c) => ({ id: c.id, name: c.title }));
    return { filter, filters, sectors, villages, sectorChoices, villageChoices, enterpriseChoices, campaigns };
  }

  app.get<{ Querystring: Query }>(OFFICE_PATHS.ledger, async (request, reply) => {
    const who = await signedIn(request, reply, 'hazards');
    if (!who) return reply;
    const { scope, nav } = who;
    const asked = await ledgerQuery(who, request.query, reply);
    if (!asked) return reply;
    const { filter, filters, sectors, villages, sectorChoices, villageChoices, enterpriseChoices, campaigns } = asked;
    const rows = await listHazards(db, filter, await now());
    const names = <T extends { id: string; name: string }>(all: readonly T[], ids: ReadonlySet<string>) => all.filter((x) => ids.has(x.id)).map((x) => x.name);
    const scopeWords = scope.kind === 'part' ? officeText.ledger.scopePart(names(sectors, scope.sectors), names(villages, scope.villages)) : officeText.ledger.scopeTown;
    return sendPage(
      reply,
      200,
      ledgerPage({
        nav,
        rows,
        filters,
        scope: scopeWords,
        sectors: sectorChoices.map(({ id, name }) => ({ id, name })),
        villages: villageChoices.map(({ id, name }) => ({ id, name })),
        enterprises: enterpriseChoices.map(({ id, name }) => ({ id, name })),
        campaigns,
      }),
    );
  });

  // 导出Excel: the file `anwei hazard export` writes, for the page's filters and what the person may see.
  app.get<{ Querystring: Query }>(OFFICE_PATHS.ledgerExport, async (request, reply) => {
    const who = await signedIn(request, reply, 'hazards');
    if (!who) return reply;
    const asked = await ledgerQuery(who, request.query, reply);
    if (!asked) return reply;
    const at = await now();
    const { file } = await hazardLedger(db, asked.filter, at);
    return reply
      .header('content-disposition', contentDisposition(ledgerText.hazard.exportFile(localDateOf(at)), XLSX_TYPE))
      .header('cache-control', 'no-store')
      .type(XLSX_TYPE)
      .send(file);
  });

  /** A hazard the signed-in person may see, or the answer already sent (sign-in, 403, 404). */
  async function visibleHazard(request: FastifyRequest, reply: FastifyReply, id: string) {
    const who = await signedIn(request, reply, 'hazards');
    if (!who) return undefined;
    const hazard = await db.prisma.hazard.findUnique({ where: { id }, select: { sectorId: true, enterpriseId: true } });
    if (!hazard) {
      await refuse(reply, 'unknownItem');
      return undefined;
    }
    if (!seesHazard(who.scope, hazard)) {
      await refuseOffice(reply, 'notYours', { nav: who.nav, back: { href: OFFICE_PATHS.ledger, label: officeText.backToLedger } });
      return undefined;
    }
    return who;
  }

  // The item page of the action links, for the office: the same facts, story and evidence, no action buttons.
  app.get<{ Params: { id: string } }>('/office/hazards/:id', async (request, reply) => {
    const { id } = request.params;
    const who = await visibleHazard(request, reply, id);
    if (!who) return reply;
    const at = await now();
    const item = await loadItem(db, { who: who.person.personId, kind: 'hazard', id, actions: ['view'], expiresAt: at + 60_000 }, at);
    if (!item) return refuse(reply, 'unknownItem');
    const files = await shownFiles(options.evidence, item.detail.files, `/office/hazards/${encodeURIComponent(id)}`);
    return sendPage(reply, 200, viewPage(item, { actions: [], files, nav: who.nav }));
  });

  for (const what of ['file', 'thumb'] as const) {
    app.get<{ Params: { id: string; sha256: string } }>(`/office/hazards/:id/${what}s/:sha256`, async (request, reply) => {
      const { id, sha256 } = request.params;
      const who = await visibleHazard(request, reply, id);
      if (!who) return reply;
      return sendEvidence(db, options.evidence, reply, { kind: 'hazard', id }, sha256, what, () => refuse(reply, 'noFile'));
    });
  }

  // The other pages of the menu, each in its own module, on the same sign-in and visibility.
  async function postedBy(request: FastifyRequest, reply: FastifyReply, current?: MenuKey): Promise<OfficeVisitor | undefined> {
    if (crossSite(request, base())) {
      await refuse(reply, 'crossSite');
      return undefined;
    }
    const who = await signedIn(request, reply, current);
    if (!who) return undefined;
    if (!isFormTokenOf(who.person.sessionId, formValues(request.body).form)) {
      await refuseOffice(reply, 'badForm', { nav: who.nav, back: { href: OFFICE_PATHS.ledger, label: officeText.backToLedger } });
      return undefined;
    }
    return who;
  }

  async function postedWithFiles(request: FastifyRequest, reply: FastifyReply, current?: MenuKey) {
    if (crossSite(request, base())) {
      await refuse(reply, 'crossSite');
      return undefined;
    }
    const who = await signedIn(request, reply, current);
    if (!who) return undefined;
    const tokenOk = (values: Record<string, string>) => isFormTokenOf(who.person.sessionId, values.form);
    let values: Record<string, string>;
    let files: Upload[] = [];
    if (request.isMultipart()) {
      const read = await readUploadForm(request.parts(), options.evidence, tokenOk, webText.files);
      if ('refused' in read && read.refused !== 'badForm') {
        await refuse(reply, read.refused, { problems: read.problems });
        return undefined;
      }
      if (!('refused' in read)) ({ values, files } = read);
      else values = {};
    } else {
      values = formValues(request.body);
    }
    if (!tokenOk(values)) {
      await discard(options.evidence, files, db);
      await refuseOffice(reply, 'badForm', { nav: who.nav, back: { href: OFFICE_PATHS.ledger, label: officeText.backToLedger } });
      return undefined;
    }
    const { form: _form, ...typed } = values;
    return { who, typed, files };
  }

  const context: OfficeContext = { db, evidence: options.evidence, now, signedIn, postedBy, postedWithFiles, gateway: options.gateway, refuse: refuseOffice };
  for (const pages of OFFICE_PAGES) await pages(app, context);
}
