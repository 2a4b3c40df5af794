// 专项行动 in the office (contract §7 "Office pages"): the list, one campaign's progress with its task lines and
// hazards, 导出Excel, and — for the office head and the safety leader — start (with a preview of the targets) and
// close. Every figure, check and action is the CLI's own call (client/campaigns.ts, client/campaign-cli.ts):
// the pages only narrow what is read by the visitor's scope (domain/visibility.ts) and render it.

import type { Client } from '@temporalio/client';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { campaignLedger, loadCampaignHazards, loadCampaignLines } from '../../activities/campaign-ledger.ts';
import { readCampaignStart, checkStartWithOptions, type CampaignStartOptions } from '../../client/campaign-cli.ts';
import { campaignStatus, closeCampaign, listCampaigns, nextCampaignId, startCampaign, waitForCampaignRow, checkCampaignClose, type CampaignGateway, type CampaignNarrowing } from '../../client/campaigns.ts';
import { UserInputError } from '../../client/errors.ts';
import { CAMPAIGN_TEMPLATE_IDS, campaignStartWarnings, type CampaignSpec } from '../../domain/campaign.ts';
import { campaignText } from '../../domain/text/campaign.ts';
import { hazardText } from '../../domain/text/hazard.ts';
import { officeCampaignText as t } from '../../domain/text/office-campaigns.ts';
import { statusText } from '../../domain/text/status.ts';
import { formatLocalMinute, localDateOf, yearOf } from '../../domain/time.ts';
import { seesHazard, seesTask, type Scope } from '../../domain/visibility.ts';
import { contentDisposition } from '../evidence.ts';
import { html, page, type Html } from '../html.ts';
import { formValues, refuse, sendPage } from '../server.ts';
import { OFFICE_PATHS } from './pages.ts';
import type { OfficeContext, OfficeVisitor } from './routes.ts';
import { formTokenOf } from './session.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const CAMPAIGN_PATHS = {
  list: '/office/campaigns',
  start: '/office/campaigns/new',
  campaign: (id: string) => `/office/campaigns/${encodeURIComponent(id)}`,
  export: (id: string) => `/office/campaigns/${encodeURIComponent(id)}.xlsx`,
  close: (id: string) => `/office/campaigns/${encodeURIComponent(id)}/close`,
} as const;

const templateName = (id: string) => (campaignText.templateName as Record<string, string>)[id] ?? id;
const campaignStatusName = (s: string) => statusText.name(statusText.campaign, s);

/**
 * What a visitor sees of a campaign: the task lines of enterprises in their scope (a campaign task's scope is
 * its enterprise, its assignee the inspector) and the hazards they see — the same decisions as every page.
 */
const narrowingOf = (scope: Scope): CampaignNarrowing | undefined =>
  scope.kind === 'town'
    ? undefined
    : {
        line: (l) => seesTask(scope, { scopeKind: 'enterprise', scopeId: l.enterpriseId, assigneeId: l.inspectorId }),
        hazard: (h) => seesHazard(scope, h),
      };

/**
 * Contract §7: the office head and the safety leader start and close campaigns (the CLI's `--by` is whoever
 * types it; here it is the signed-in person, so the web keeps to the contract's two).
 */
async function runsCampaigns(office: OfficeContext, personId: string, role: string): Promise<boolean> {
  if (role === 'office_head') return true;
  const town = await office.db.prisma.town.findUnique({ where: { id: 1 }, select: { safetyLeaderId: true } });
  return town?.safetyLeaderId === personId;
}

async function campaignGateway(office: OfficeContext): Promise<CampaignGateway> {
  const g = office.gateway;
  const client: Client = typeof g.client === 'function' ? await g.client() : g.client;
  return { client, taskQueue: g.taskQueue, db: g.db };
}

// ── the start form's fields ─────────────────────────────────────────────────────────────────────────

interface StartFields {
  template: string;
  title: string;
  id: string;
  sectors: string[];
  classes: string[];
  villages: string[];
  enterprises: string;
  due: string;
}

const EMPTY_FIELDS: StartFields = { template: 'special', title: '', id: '', sectors: [], classes: [], villages: [], enterprises: '', due: '' };

/** Every value of a field (check boxes repeat their name); formbody gives one value or a list. */
function allValues(body: unknown, name: string): string[] {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean);
}

function startFields(body: unknown): StartFields {
  const v = formValues(body);
  return {
    template: (v.template ?? '').trim(),
    title: (v.title ?? '').trim(),
    id: (v.id ?? '').trim(),
    sectors: allValues(body, 'sectors'),
    classes: allValues(body, 'classes'),
    villages: allValues(body, 'villages'),
    enterprises: (v.enterprises ?? '').trim(),
    due: (v.due ?? '').trim(),
  };
}

/** The form as `campaign start`'s options: lists as the CLI takes them, comma-separated; blank = not given. */
function asOptions(f: StartFields, by: string): CampaignStartOptions {
  const given = (value: string) => value || undefined;
  const joined = (values: string[]) => (values.length ? values.join(',') : undefined);
  const o: CampaignStartOptions = { template: f.template, by };
  const optional = { id: given(f.id), title: given(f.title), sectors: joined(f.sectors), classes: joined(f.classes), villages: joined(f.villages), enterprises: given(f.enterprises), due: given(f.due) };
  for (const [k, value] of Object.entries(optional)) if (value !== undefined) (o as unknown as Record<string, string>)[k] = value;
  return o;
}

// ── markup ──────────────────────────────────────────────────────────────────────────────────────────

type Choice = { id: string; name: string };

const problemBox = (headline: string | undefined, problems: readonly string[]) =>
  problems.length ? html`<div class="problems" role="alert">${headline ? html`<p>${headline}</p>` : ''}<ul>${problems.map((p) => html`<li>${p}</li>`)}</ul></div>` : '';

const hidden = (name: string, value: string) => html`<input type="hidden" name="${name}" value="${value}">`;

function checkboxes(name: 'sectors' | 'classes' | 'villages', label: string, choices: readonly Choice[], chosen: readonly string[]): Html {
  return html`<fieldset class="choices"><legend>${label}</legend>${choices.map(
    (c) => html`<label class="check"><input type="checkbox" name="${name}" value="${c.id}"${chosen.includes(c.id) ? html` checked` : ''}> ${c.name}</label>`,
  )}</fieldset>`;
}

function startFormPage(o: { nav: Html; formToken: string; fields: StartFields; sectors: Choice[]; villages: Choice[]; headline?: string; problems?: readonly string[] }): string {
  const s = t.start;
  const f = o.fields;
  return page(
    s.title,
    html`<h1>${s.title}</h1>
${problemBox(o.headline, o.problems ?? [])}
<form method="post" action="${CAMPAIGN_PATHS.start}" accept-charset="utf-8" class="campaign-start">
<p>${s.intro}</p>
${hidden('form', o.formToken)}
<label for="template">${s.template}</label><select id="template" name="template">${CAMPAIGN_TEMPLATE_IDS.map(
      (id) => html`<option value="${id}"${id === f.template ? html` selected` : ''}>${templateName(id)}</option>`,
    )}</select>
<label for="title">${s.titleField}</label><input type="text" id="title" name="title" value="${f.title}" maxlength="200"><p class="hint">${s.titleHint}</p>
<label for="id">${s.id}</label><input type="text" id="id" name="id" value="${f.id}" maxlength="64"><p class="hint">${s.idHint}</p>
<p class="hint">${s.scopeHint}</p>
${checkboxes('sectors', s.sectors, o.sectors, f.sectors)}
${checkboxes('classes', s.classes, ['A', 'B', 'C'].map((c) => ({ id: c, name: s.classLabel(c) })), f.classes)}
${checkboxes('villages', s.villages, o.villages, f.villages)}
<label for="enterprises">${s.enterprises}</label><input type="text" id="enterprises" name="enterprises" value="${f.enterprises}"><p class="hint">${s.enterprisesHint}</p>
<label for="due">${s.due}</label><input type="text" id="due" name="due" value="${f.due}"><p class="hint">${s.dueHint}</p>
<div class="buttons"><button type="submit" name="step" value="preview">${s.preview}</button></div>
</form>`,
    o.nav,
  );
}

/** The preview: the targets counted by the CLI's check, and 确认开始 carrying the very fields previewed. */
function previewPage(o: { nav: Html; formToken: string; fields: StartFields; spec: CampaignSpec; warnings: readonly string[] }): string {
  const s = t.start;
  const f = o.fields;
  const carried = [
    hidden('form', o.formToken),
    hidden('template', f.template),
    hidden('title', f.title),
    hidden('id', o.spec.id),
    ...f.sectors.map((v) => hidden('sectors', v)),
    ...f.classes.map((v) => hidden('classes', v)),
    ...f.villages.map((v) => hidden('villages', v)),
    hidden('enterprises', f.enterprises),
    hidden('due', f.due),
  ];
  return page(
    s.previewTitle,
    html`<h1>${s.previewTitle}</h1>
<section>
<p>${s.previewTitleLine(o.spec.id, o.spec.title, templateName(o.spec.template))}</p>
<p class="count"><strong>${s.previewCount(o.spec.expected)}</strong></p>
<p>${s.previewDue(o.spec.due, o.spec.opensOn)}</p>
${o.warnings.map((w) => html`<p class="hint">${w}</p>`)}
</section>
<form method="post" action="${CAMPAIGN_PATHS.start}" accept-charset="utf-8">
${carried}
<div class="buttons"><button type="submit" name="step" value="start">${s.confirm}</button><button type="submit" name="step" value="edit" class="secondary">${s.change}</button></div>
</form>`,
    o.nav,
  );
}

function listPage(o: { nav: Html; scope: Scope; rows: Awaited<ReturnType<typeof listCampaigns>>; mayStart: boolean }): string {
  const c = t.columns;
  const rows = o.rows.map(
    (r) =>
      html`<tr><td data-label="${c.id}"><a href="${CAMPAIGN_PATHS.campaign(r.id)}">${r.id}</a></td><td data-label="${c.title}">${r.title}</td><td data-label="${c.template}">${templateName(r.template)}</td><td data-label="${c.due}">${r.due}</td><td data-label="${c.status}">${campaignStatusName(r.status)}</td><td data-label="${c.progress}">${t.progress(r.done, r.tasks)}</td><td data-label="${c.hazards}">${r.hazards}</td></tr>`,
  );
  return page(
    t.title,
    html`<h1>${t.title}</h1>
<p>${o.scope.kind === 'town' ? t.scopeTown : t.scopePart}</p>
${o.mayStart ? html`<p><a class="button" href="${CAMPAIGN_PATHS.start}">${t.startLink}</a></p>` : ''}
${
  o.rows.length
    ? html`<table class="ledger campaigns"><thead><tr><th>${c.id}</th><th>${c.title}</th><th>${c.template}</th><th>${c.due}</th><th>${c.status}</th><th>${c.progress}</th><th>${c.hazards}</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<section><p>${t.none}</p></section>`
}`,
    o.nav,
  );
}

function progressTable(heading: string, rows: NonNullable<Awaited<ReturnType<typeof campaignStatus>>>['bySector']): Html {
  const c = t.rowColumns;
  return html`<h2>${heading}</h2><table class="ledger progress"><thead><tr><th>${c.name}</th><th>${c.tasks}</th><th>${c.done}</th><th>${c.open}</th><th>${c.overdue}</th><th>${c.hazards}</th><th>${c.rectified}</th></tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr><td data-label="${c.name}">${r.name}</td><td data-label="${c.tasks}">${r.tasks}</td><td data-label="${c.done}">${r.done}</td><td data-label="${c.open}">${r.open}</td><td data-label="${c.overdue}"${r.overdue > 0 ? html` class="late"` : ''}>${r.overdue}</td><td data-label="${c.hazards}">${r.hazards}</td><td data-label="${c.rectified}">${r.rectified}</td></tr>`,
  )}</tbody></table>`;
}

// ── routes ──────────────────────────────────────────────────────────────────────────────────────────

export function registerCampaignPages(app: FastifyInstance, office: OfficeContext): void {
  const { db } = office;
  const back = { href: CAMPAIGN_PATHS.list, label: t.backToList };

  /** The office head or the safety leader, or the 403 already sent. */
  async function mayRun(who: OfficeVisitor, reply: FastifyReply): Promise<boolean> {
    if (await runsCampaigns(office, who.person.personId, who.person.role)) return true;
    await office.refuse(reply, 'notYours', { nav: who.nav, problems: [t.start.mayNot], back });
    return false;
  }

  /** A campaign the visitor sees some of (a task line of theirs; whole-town people: any), or the answer sent. */
  async function visibleCampaign(who: OfficeVisitor, reply: FastifyReply, id: string) {
    const row = await db.prisma.campaign.findUnique({ where: { id } });
    if (!row) {
      await refuse(reply, 'unknownItem');
      return undefined;
    }
    const narrow = narrowingOf(who.scope);
    if (narrow && !(await loadCampaignLines(db, id)).some((l) => narrow.line(l))) {
      await office.refuse(reply, 'notYours', { nav: who.nav, back });
      return undefined;
    }
    return row;
  }

  const choices = async () => {
    const [sectors, villages] = await Promise.all([
      db.prisma.sector.findMany({ where: { active: true }, orderBy: { id: 'asc' }, select: { id: true, name: true } }),
      db.prisma.village.findMany({ where: { active: true }, orderBy: { id: 'asc' }, select: { id: true, name: true } }),
    ]);
    return { sectors, villages };
  };

  app.get(CAMPAIGN_PATHS.list, async (request, reply) => {
    const who = await office.signedIn(request, reply, 'campaigns');
    if (!who) return reply;
    const rows = await listCampaigns(db, await office.now(), narrowingOf(who.scope));
    const mayStart = await runsCampaigns(office, who.person.personId, who.person.role);
    return sendPage(reply, 200, listPage({ nav: who.nav, scope: who.scope, rows, mayStart }));
  });

  app.get(CAMPAIGN_PATHS.start, async (request, reply) => {
    const who = await office.signedIn(request, reply, 'campaigns');
    if (!who || !(await mayRun(who, reply))) return reply;
    return sendPage(reply, 200, startFormPage({ nav: who.nav, formToken: formTokenOf(who.person.sessionId), fields: EMPTY_FIELDS, ...(await choices()) }));
  });

  // 预览 → the CLI's check counts the targets (nothing is started); 确认开始 → the CLI's start with the same fields.
  app.post(CAMPAIGN_PATHS.start, async (request, reply) => {
    const who = await office.postedBy(request, reply, 'campaigns');
    if (!who || !(await mayRun(who, reply))) return reply;
    const fields = startFields(request.body);
    const step = formValues(request.body).step;
    const formToken = formTokenOf(who.person.sessionId);
    const formAgain = async (status: number, refusal: { headline?: string; problems: readonly string[] } = { problems: [] }) =>
      sendPage(reply, status, startFormPage({ nav: who.nav, formToken, fields, ...(await choices()), ...(refusal.headline ? { headline: refusal.headline } : {}), problems: refusal.problems }));
    if (step === 'edit') return formAgain(200);

    const now = await office.now();
    const today = localDateOf(now);
    const options = asOptions(fields, who.person.personId);
    const { input: given, argProblems } = readCampaignStart(options, today, t.start.due);
    const id = options.id ?? (await nextCampaignId(db, options.template, yearOf(today)));
    const input = { id, ...given };
    try {
      const spec = await checkStartWithOptions(db, input, argProblems, now);
      if (step !== 'start') return sendPage(reply, 200, previewPage({ nav: who.nav, formToken, fields, spec, warnings: campaignStartWarnings(spec) }));
      await startCampaign(await campaignGateway(office), input, now);
      // The workflow records the campaign a moment after it starts: the page we send to must find it.
      await waitForCampaignRow(db, spec.id);
      return reply.code(303).header('location', CAMPAIGN_PATHS.campaign(spec.id)).send();
    } catch (error) {
      if (error instanceof UserInputError) return formAgain(422, { headline: error.headline ?? campaignText.refused(id), problems: error.problems });
      throw error;
    }
  });

  app.get<{ Params: { id: string } }>('/office/campaigns/:id', async (request, reply) => {
    const who = await office.signedIn(request, reply, 'campaigns');
    if (!who) return reply;
    // The workbook's address ends in .xlsx: one route, as Fastify keeps one parameter per path segment.
    const asked = request.params.id;
    const wantsFile = asked.endsWith('.xlsx');
    const id = wantsFile ? asked.slice(0, -'.xlsx'.length) : asked;
    const row = await visibleCampaign(who, reply, id);
    if (!row) return reply;
    const at = await office.now();
    if (wantsFile) {
      // The whole 台账 (`anwei campaign export`) lists every enterprise and hazard: only the whole-town people.
      if (who.scope.kind !== 'town') return office.refuse(reply, 'notYours', { nav: who.nav, problems: [t.exportTownOnly], back: { href: CAMPAIGN_PATHS.campaign(id), label: t.backToList } });
      const file = await campaignLedger(db, id, at);
      return reply.header('content-disposition', contentDisposition(campaignText.ledgerFile(id), XLSX_TYPE)).header('cache-control', 'no-store').type(XLSX_TYPE).send(file);
    }
    const narrow = narrowingOf(who.scope);
    const report = (await campaignStatus(db, id, at, narrow))!;
    const lines = (await loadCampaignLines(db, id)).filter((l) => !narrow || narrow.line(l));
    const hazards = (await loadCampaignHazards(db, id)).filter((h) => !narrow || narrow.hazard(h));
    const names = new Map((await db.prisma.person.findMany({ select: { id: true, name: true } })).map((p) => [p.id, p.name]));
    const mayClose = row.status === 'open' && (await runsCampaigns(office, who.person.personId, who.person.role));
    const tc = t.taskColumns;
    const hc = t.hazardColumns;
    const body = html`<h1>${t.heading(report.id, report.title)}</h1>
<p>${templateName(report.template)} · ${campaignStatusName(report.status)} · ${t.span(report.opensOn, report.due, report.closedAt ? formatLocalMinute(report.closedAt) : undefined)}</p>
${narrow ? html`<p class="hint">${t.partNote}</p>` : ''}
<p><strong>${campaignText.counts(report.counts)}</strong></p>
<p>${who.scope.kind === 'town' ? html`<a href="${CAMPAIGN_PATHS.export(id)}" download>${t.export}</a>` : html`<span class="hint">${t.exportTownOnly}</span>`}</p>
${
  mayClose
    ? html`<form method="post" action="${CAMPAIGN_PATHS.close(id)}">${hidden('form', formTokenOf(who.person.sessionId))}<div class="buttons"><button type="submit" class="secondary">${t.close.button}</button></div></form>`
    : ''
}
${progressTable(campaignText.section.bySector, report.bySector)}
${progressTable(campaignText.section.byInspector, report.byInspector)}
<h2>${t.tasks}</h2>
${
  lines.length
    ? html`<table class="ledger campaign-tasks"><thead><tr><th>${tc.id}</th><th>${tc.enterprise}</th><th>${tc.sector}</th><th>${tc.village}</th><th>${tc.inspector}</th><th>${tc.due}</th><th>${tc.status}</th><th>${tc.completedAt}</th></tr></thead><tbody>${lines.map(
        (l) =>
          html`<tr><td data-label="${tc.id}">${l.taskId}</td><td data-label="${tc.enterprise}">${l.enterpriseName}</td><td data-label="${tc.sector}">${l.sectorName}</td><td data-label="${tc.village}">${l.villageName ?? ''}</td><td data-label="${tc.inspector}">${names.get(l.inspectorId) ?? l.inspectorId}</td><td data-label="${tc.due}">${l.due}</td><td data-label="${tc.status}">${statusText.name(statusText.task, l.status)}</td><td data-label="${tc.completedAt}">${l.completedAt ? formatLocalMinute(l.completedAt) : ''}</td></tr>`,
      )}</tbody></table>`
    : html`<section><p>${t.noTasks}</p></section>`
}
<h2>${t.hazards}</h2>
${
  hazards.length
    ? html`<table class="ledger"><thead><tr><th>${hc.id}</th><th>${hc.enterprise}</th><th>${hc.description}</th><th>${hc.level}</th><th>${hc.due}</th><th>${hc.status}</th></tr></thead><tbody>${hazards.map(
        (h) =>
          html`<tr><td data-label="${hc.id}"><a href="${OFFICE_PATHS.hazard(h.id)}">${h.id}</a></td><td data-label="${hc.enterprise}">${h.enterpriseName}</td><td data-label="${hc.description}">${h.description}</td><td data-label="${hc.level}">${(hazardText.levelName as Record<string, string>)[h.level] ?? h.level}</td><td data-label="${hc.due}">${h.due}</td><td data-label="${hc.status}">${statusText.name(statusText.hazard, h.status)}</td></tr>`,
      )}</tbody></table>`
    : html`<section><p>${t.noHazards}</p></section>`
}
<p><a href="${CAMPAIGN_PATHS.list}">${t.backToList}</a></p>`;
    return sendPage(reply, 200, page(t.heading(report.id, report.title), body, who.nav));
  });

  // 结束专项行动: the first POST shows what closing does (and takes a 说明); 确认结束 closes through the CLI's call.
  app.post<{ Params: { id: string } }>('/office/campaigns/:id/close', async (request, reply) => {
    const who = await office.postedBy(request, reply, 'campaigns');
    if (!who || !(await mayRun(who, reply))) return reply;
    const { id } = request.params;
    const row = await visibleCampaign(who, reply, id);
    if (!row) return reply;
    const posted = formValues(request.body);
    const note = (posted.note ?? '').trim();
    const input = { by: who.person.personId, ...(note ? { note } : {}) };
    const formToken = formTokenOf(who.person.sessionId);
    const confirmPage = async (status: number, refusal?: UserInputError) => {
      const report = (await campaignStatus(db, id, await office.now()))!;
      const c = t.close;
      return sendPage(
        reply,
        status,
        page(
          c.title(id),
          html`<h1>${c.title(id)}</h1>
${refusal ? problemBox(refusal.headline, refusal.problems) : ''}
<form method="post" action="${CAMPAIGN_PATHS.close(id)}" accept-charset="utf-8">
<p>${t.heading(report.id, report.title)}：${campaignText.counts(report.counts)}</p>
<p>${c.confirmText(report.counts.open + report.counts.overdue)}</p>
${hidden('form', formToken)}${hidden('confirm', '1')}
<label for="note">${c.note}</label><textarea id="note" name="note" rows="3" maxlength="1000">${note}</textarea>
<div class="buttons"><button type="submit">${c.confirm}</button><a class="button secondary" href="${CAMPAIGN_PATHS.campaign(id)}">${c.cancel}</a></div>
</form>`,
          who.nav,
        ),
      );
    };
    try {
      if (posted.confirm !== '1') {
        await checkCampaignClose(db, id, input); // refused before asking to confirm (already closed…)
        return await confirmPage(200);
      }
      await closeCampaign(await campaignGateway(office), id, input);
      return reply.code(303).header('location', CAMPAIGN_PATHS.campaign(id)).send();
    } catch (error) {
      if (error instanceof UserInputError) return confirmPage(422, error);
      throw error;
    }
  });
}

