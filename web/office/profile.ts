// 档案 in the office (contract §7 "Office pages"; issue 11): the town as loaded — people, sectors, villages,
// enterprises — and a profile pasted to be checked (the office head and the safety leader) and loaded (the
// office head only). The check and the load are the CLI's own calls (client/profile-loader.ts: checkProfile,
// previewProfile, loadAndTell), so the page lists the problems `anwei profile check` prints, with their lines,
// and a load tells the running workflows as `anwei profile load` does.
//
// Who sees it: the whole-town people only (domain/visibility.ts scope 'town'); anyone with a part of the town
// gets 403. The profile is the town's whole roster — every person's address — and a part of it would not say
// what a load changes, so the page is not narrowed but refused.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { checkProfile, loadAndTell, previewProfile, summarize } from '../../client/profile-loader.ts';
import { TemporalUnavailableError, UserInputError } from '../../client/errors.ts';
import { cliText } from '../../domain/text/cli.ts';
import { officeText } from '../../domain/text/office.ts';
import { officeProfileText as t } from '../../domain/text/office-profile.ts';
import { formatLocalMinute } from '../../domain/time.ts';
import { html, page, type Html } from '../html.ts';
import { formValues, sendPage } from '../server.ts';
import { OFFICE_PATHS } from './pages.ts';
import type { OfficeContext, OfficeVisitor } from './routes.ts';
import { formTokenOf } from './session.ts';

export const PROFILE_PATHS = { view: '/office/profile', check: '/office/profile/check', load: '/office/profile/load' } as const;

/** The largest profile text taken (UTF-8 bytes): a town's roster is tens of KB; this is far beyond any. */
export const PROFILE_TEXT_LIMIT = 1024 * 1024;
/** The form carrying it is percent-encoded: up to 9 bytes a Chinese character. */
const PROFILE_FORM_LIMIT = 3 * PROFILE_TEXT_LIMIT;

const roleName = (role: string) => (officeText.roleName as Record<string, string>)[role] ?? role;

type Right = 'view' | 'check' | 'load';

/**
 * Contract §7: the office head and the safety leader check a profile; issue 11: only the office head loads it.
 * Viewing is for everyone who sees the whole town.
 */
async function may(office: OfficeContext, who: OfficeVisitor, right: Right): Promise<boolean> {
  if (who.scope.kind !== 'town') return false;
  if (right === 'view' || who.person.role === 'office_head') return true;
  if (right === 'load') return false;
  const town = await office.db.prisma.town.findUnique({ where: { id: 1 }, select: { safetyLeaderId: true } });
  return town?.safetyLeaderId === who.person.personId;
}

const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;

function checkForm(formToken: string, text: string): Html {
  const c = t.check;
  return html`<form method="post" action="${PROFILE_PATHS.check}" accept-charset="utf-8">${hidden('form', formToken)}
<h2>${c.title}</h2><p>${c.intro}</p>
<label for="profile">${c.label}</label><textarea id="profile" name="profile" class="profile" spellcheck="false" required>${text}</textarea>
<div class="buttons"><button type="submit">${c.button}</button></div>
</form>`;
}

const table = (cls: string, columns: readonly string[], rows: ReadonlyArray<readonly string[]>) =>
  html`<table class="ledger ${cls}"><thead><tr>${columns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${rows.map(
    (r) => html`<tr>${r.map((cell, i) => html`<td data-label="${columns[i]!}">${cell}</td>`)}</tr>`,
  )}</tbody></table>`;

export function registerProfilePages(app: FastifyInstance, office: OfficeContext): void {
  const { db } = office;

  /** The visitor if they have the right, or the answer already sent (sign-in, 403). */
  async function allowed(who: OfficeVisitor | undefined, reply: FastifyReply, right: Right): Promise<OfficeVisitor | undefined> {
    if (!who) return undefined;
    if (await may(office, who, right)) return who;
    await office.refuse(reply, 'notYours', { problems: [t.refused[right]], nav: who.nav, back: { href: right === 'view' ? OFFICE_PATHS.ledger : PROFILE_PATHS.view, label: right === 'view' ? officeText.backToLedger : t.load.back } });
    return undefined;
  }

  app.get(PROFILE_PATHS.view, async (request, reply) => {
    const who = await allowed(await office.signedIn(request, reply), reply, 'view');
    if (!who) return reply;
    const [town, people, sectors, villages, enterprises] = await Promise.all([
      db.prisma.town.findUnique({ where: { id: 1 } }),
      db.prisma.person.findMany({ where: { active: true }, orderBy: { id: 'asc' } }),
      db.prisma.sector.findMany({ where: { active: true }, orderBy: { id: 'asc' } }),
      db.prisma.village.findMany({ where: { active: true }, orderBy: { id: 'asc' } }),
      db.prisma.enterprise.findMany({ where: { active: true }, orderBy: { id: 'asc' } }),
    ]);
    const all = await db.prisma.person.findMany({ select: { id: true, name: true } });
    const person = (id: string) => all.find((p) => p.id === id)?.name ?? id;
    const sectorName = (id: string) => sectors.find((s) => s.id === id)?.name ?? id;
    const villageName = (id: string | null) => (id === null ? '—' : (villages.find((v) => v.id === id)?.name ?? id));
    const mayCheck = await may(office, who, 'check');
    return sendPage(
      reply,
      200,
      page(
        t.title,
        html`<h1>${t.title}</h1>
<p>${town ? t.loaded(town.name, town.profileVersion, formatLocalMinute(town.loadedAt.getTime())) : t.none}</p>
<h2>${t.people.title}</h2>${table('profile', [t.people.name, t.people.role, t.people.email], people.map((p) => [p.name, roleName(p.role), p.email]))}
<h2>${t.sectors.title}</h2>${table('profile', [t.sectors.name, t.sectors.leader, t.sectors.inspector], sectors.map((s) => [s.name, person(s.leaderId), person(s.inspectorId)]))}
<h2>${t.villages.title}</h2>${table('profile', [t.villages.name, t.villages.supervisor, t.villages.leader], villages.map((v) => [v.name, person(v.supervisorId), person(v.leaderId)]))}
<h2>${t.enterprises.title}</h2>${table(
          'profile',
          [t.enterprises.name, t.enterprises.sector, t.enterprises.village, t.enterprises.class, t.enterprises.principal],
          enterprises.map((e) => [e.name, sectorName(e.sectorId), villageName(e.villageId), e.class, e.principalName]),
        )}
${mayCheck ? checkForm(formTokenOf(who.person.sessionId), '') : ''}`,
        who.nav,
      ),
    );
  });

  /** The posted profile text, or the answer already sent (422 when empty or too large). */
  async function postedText(who: OfficeVisitor, body: unknown, reply: FastifyReply): Promise<string | undefined> {
    const text = formValues(body).profile ?? '';
    const problem = !text.trim() ? t.check.empty : Buffer.byteLength(text) > PROFILE_TEXT_LIMIT ? t.check.tooLarge(PROFILE_TEXT_LIMIT / 1024 / 1024) : undefined;
    if (!problem) return text;
    await sendPage(reply, 422, resultPage(who, { failed: [problem], text: problem === t.check.empty ? text : '' }));
    return undefined;
  }

  function resultPage(who: OfficeVisitor, o: { failed?: readonly string[]; headline?: string; passed?: readonly string[]; mayLoad?: boolean; text: string }): string {
    const c = t.check;
    const formToken = formTokenOf(who.person.sessionId);
    return page(
      c.title,
      html`<h1>${c.title}</h1>
${o.failed ? html`<div class="problems" role="alert"><p>${o.headline ?? c.failed}</p><ul class="lines">${o.failed.map((p) => html`<li>${p}</li>`)}</ul></div>` : ''}
${
  o.passed
    ? html`<section role="status"><h2>${c.passed}</h2><ul class="lines">${o.passed.map((p) => html`<li>${p}</li>`)}</ul>${
        o.mayLoad
          ? html`<form method="post" action="${PROFILE_PATHS.load}" accept-charset="utf-8">${hidden('form', formToken)}${hidden('profile', o.text)}<p class="hint">${c.loadHint}</p><div class="buttons"><button type="submit">${c.loadButton}</button></div></form>`
          : html`<p class="hint">${c.onlyHead}</p>`
      }</section>`
    : ''
}
${checkForm(formToken, o.text)}
<p><a href="${PROFILE_PATHS.view}">${t.load.back}</a></p>`,
      who.nav,
    );
  }

  // 检查: `anwei profile check`'s lines (its problems with line and column, or 检查通过 with the counts and
  // warnings), and what loading would change.
  app.post(PROFILE_PATHS.check, { bodyLimit: PROFILE_FORM_LIMIT }, async (request, reply) => {
    const who = await allowed(await office.postedBy(request, reply), reply, 'check');
    if (!who) return reply;
    const text = await postedText(who, request.body, reply);
    if (text === undefined) return reply;
    const file = t.fileName;
    try {
      const { profile: p, warnings } = checkProfile(text, file);
      const report = await previewProfile(db, { text, file });
      const counts = { people: p.people.length, sectors: p.sectors.length, villages: p.villages.length, enterprises: p.enterprises.length };
      const passed = [
        cliText.profile.checked(file, p.town, counts),
        ...warnings.map((w) => cliText.profile.warning(w).trim()),
        t.check.wouldChange(summarize(report)),
        ...report.handover.map((line) => cliText.profile.handover(line).trim()),
      ];
      return sendPage(reply, 200, resultPage(who, { passed, mayLoad: await may(office, who, 'load'), text }));
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      return sendPage(reply, 422, resultPage(who, { failed: error.problems, ...(error.headline ? { headline: error.headline } : {}), text }));
    }
  });

  // 载入: `anwei profile load` itself (checked again, the engine told), by the office head.
  app.post(PROFILE_PATHS.load, { bodyLimit: PROFILE_FORM_LIMIT }, async (request, reply) => {
    const who = await allowed(await office.postedBy(request, reply), reply, 'load');
    if (!who) return reply;
    const text = await postedText(who, request.body, reply);
    if (text === undefined) return reply;
    const g = office.gateway;
    const engine = async () => {
      try {
        return { client: typeof g.client === 'function' ? await g.client() : g.client, taskQueue: g.taskQueue };
      } catch (error) {
        if (error instanceof TemporalUnavailableError) return undefined; // the load says so, as the CLI's does
        throw error;
      }
    };
    const lines: string[] = [];
    try {
      await loadAndTell(db, { text, file: t.fileName, source: 'office', actor: who.person.personId }, engine, (line) => lines.push(line.trim()));
    } catch (error) {
      if (!(error instanceof UserInputError)) throw error;
      return sendPage(reply, 422, resultPage(who, { failed: error.problems, ...(error.headline ? { headline: error.headline } : {}), text }));
    }
    return sendPage(
      reply,
      200,
      page(t.load.title, html`<h1>${t.load.title}</h1><section role="status"><h2>${t.load.done}</h2><ul class="lines">${lines.map((l) => html`<li>${l}</li>`)}</ul></section><p><a class="button secondary" href="${PROFILE_PATHS.view}">${t.load.back}</a></p>`, who.nav),
    );
  });
}
