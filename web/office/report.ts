// 上报隐患 from the office (contract §7 "Office pages", issue 11): the office head, the town's safety leader and
// the inspectors report a hazard of an enterprise they see, with its 佐证材料 — the campaign link's form
// (web/campaign.ts reportFields), the reporter the signed-in person, through client/act.ts as
// `anwei hazard report` goes: the same rules, the same refusals, the same 整改通知.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { act } from '../../client/act.ts';
import { UnclearOutcomeError, UserInputError } from '../../client/errors.ts';
import { officeReportText } from '../../domain/text/office-report.ts';
import { officeText } from '../../domain/text/office.ts';
import { seesEnterprise } from '../../domain/visibility.ts';
import { reportFields, reportInput, reportProblems } from '../campaign.ts';
import { html, page } from '../html.ts';
import { problemList, type FormValues } from '../pages.ts';
import { refuse, sendPage } from '../server.ts';
import { webText } from '../text.ts';
import { discard, recordEvidence } from '../uploads.ts';
import { OFFICE_PATHS } from './pages.ts';
import { formTokenOf } from './session.ts';
import type { OfficeContext, OfficeVisitor } from './routes.ts';

/** Roles that report from the office besides the safety leader (Town.safetyLeaderId, a deputy head). */
const REPORTING_ROLES: readonly string[] = ['office_head', 'inspector'];

type Choice = { id: string; name: string };

function reportPage(who: OfficeVisitor, enterprises: readonly Choice[], o: { values?: FormValues; problems?: readonly string[]; headline?: string } = {}): string {
  const t = officeReportText;
  const r = webText.report;
  const values = o.values ?? {};
  return page(
    t.title,
    html`<h1>${t.title}</h1>
<p>${t.intro(who.person.name)}</p>
${problemList(o.problems, o.headline)}
<form method="post" action="${OFFICE_PATHS.report}" accept-charset="utf-8" enctype="multipart/form-data">
<input type="hidden" name="form" value="${formTokenOf(who.person.sessionId)}">
<label for="enterprise">${r.enterprise}</label>
<select id="enterprise" name="enterprise" required><option value="">${r.choose}</option>${enterprises.map(
      (e) => html`<option value="${e.id}"${values.enterprise === e.id ? html` selected` : ''}>${e.name}（${e.id}）</option>`,
    )}</select>
${reportFields(values)}
<div class="buttons"><button type="submit">${webText.form.submit}</button></div>
</form>
<p><a href="${OFFICE_PATHS.ledger}">${officeText.backToLedger}</a></p>`,
    who.nav,
  );
}

export function registerReportPages(app: FastifyInstance, office: OfficeContext): void {
  const { db } = office;
  const back = { href: OFFICE_PATHS.ledger, label: officeText.backToLedger };

  /** The enterprises the visitor may report for (active, in their scope); undefined when they may not report (403 sent). */
  async function reportable(who: OfficeVisitor, reply: FastifyReply): Promise<Choice[] | undefined> {
    const town = await db.prisma.town.findUnique({ where: { id: 1 }, select: { safetyLeaderId: true } });
    if (!REPORTING_ROLES.includes(who.person.role) && town?.safetyLeaderId !== who.person.personId) {
      await office.refuse(reply, 'notYours', { nav: who.nav, problems: [officeReportText.notAllowed], back });
      return undefined;
    }
    const all = await db.prisma.enterprise.findMany({ where: { active: true }, select: { id: true, name: true, sectorId: true, villageId: true }, orderBy: { id: 'asc' } });
    const mine = all.filter((e) => seesEnterprise(who.scope, e)).map(({ id, name }) => ({ id, name }));
    if (mine.length === 0) {
      await office.refuse(reply, 'notYours', { nav: who.nav, problems: [officeReportText.noEnterprise], back });
      return undefined;
    }
    return mine;
  }

  app.get(OFFICE_PATHS.report, async (request, reply) => {
    const who = await office.signedIn(request, reply, 'hazards');
    if (!who) return reply;
    const enterprises = await reportable(who, reply);
    if (!enterprises) return reply;
    return sendPage(reply, 200, reportPage(who, enterprises));
  });

  app.post(OFFICE_PATHS.report, async (request, reply) => {
    const form = await office.postedWithFiles(request, reply, 'hazards');
    if (!form) return reply;
    const { who, typed, files } = form;
    const drop = () => discard(office.evidence, files, db);
    const enterprises = await reportable(who, reply);
    if (!enterprises) {
      await drop();
      return reply;
    }
    // Only an enterprise the page offers: another one is no typing to keep.
    if (typed.enterprise && !enterprises.some((e) => e.id === typed.enterprise)) {
      await drop();
      return office.refuse(reply, 'notYours', { nav: who.nav, problems: [officeReportText.enterpriseNotYours(typed.enterprise)], back });
    }
    // The rules' clock (simulated time in tests), as the action links check at.
    const at = office.gateway.now ? await office.gateway.now() : await office.now();
    const by = who.person.personId;
    const read = reportInput(typed, at, { by });
    let id: string;
    try {
      id = (await act(office.gateway, 'hazard', undefined, 'report', read.input)).id;
    } catch (error) {
      await drop();
      if (error instanceof UserInputError) {
        const problems = reportProblems(error.problems, read.deadlineProblem);
        const again = { values: typed, problems: files.length ? [...problems, webText.files.chooseAgain] : problems, ...(error.headline ? { headline: error.headline } : {}) };
        return sendPage(reply, 422, reportPage(who, enterprises, again));
      }
      if (error instanceof UnclearOutcomeError) {
        request.log.warn(error.message);
        return refuse(reply, 'unclear');
      }
      throw error;
    }
    // The files are the hazard's from its report on: its page and `hazard show` list them.
    if (files.length) {
      try {
        await recordEvidence(db, office.evidence, { itemKind: 'hazard', itemId: id, action: 'report', by, at, files });
      } catch (error) {
        // The hazard is reported; the files stay kept for the office to relink (as on the action links).
        request.log.error(`佐证材料记录失败（hazard ${id}）：${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return reply.code(303).header('location', OFFICE_PATHS.hazard(id)).send();
  });
}
