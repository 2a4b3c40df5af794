// The pages of a campaign link (contract §7): its person's own list in one campaign — each of their
// enterprises' inspection task with its state, 登记完成 while open — and 上报隐患 for one of those
// enterprises, linked to the campaign as `anwei hazard report --campaign` links it. 登记完成 itself is the
// task's form (web/server.ts); `taskGrant` says which task of the list an address names, and refuses the rest.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { loadCampaignHazards, loadCampaignLines, type CampaignHazardLine } from '../activities/campaign-ledger.ts';
import { act } from '../client/act.ts';
import { actorNames } from '../client/story.ts';
import { isOpenStatus, isOverdueAt, totalCounts, type CampaignTaskLine } from '../domain/campaign.ts';
import { PLAN_PARTS } from '../domain/hazard.ts';
import { LINK_LABELS, type LinkGrant } from '../domain/links.ts';
import { hazardText } from '../domain/text/hazard.ts';
import { statusText } from '../domain/text/status.ts';
import { html, page, type Html } from './html.ts';
import { formDeadline, type LinkContext } from './link-context.ts';
import { facts, fileInput, problemList, textarea, type FormValues } from './pages.ts';
import { webText } from './text.ts';

/** One campaign as its link's person sees it: the campaign, their own tasks and reports, the town's counts. */
interface CampaignPage {
  id: string;
  title: string;
  opensOn: string;
  due: string;
  open: boolean;
  who: string;
  mine: CampaignTaskLine[];
  reported: CampaignHazardLine[];
  counts: ReturnType<typeof totalCounts>;
}

/** The report form's field of each plan part (ASCII names; the labels are the parts). */
const planField = (i: number) => `plan-${i + 1}`;

/**
 * 上报隐患's fields after 企业 (contract §7: 隐患描述, 隐患等级, 整改期限, 佐证材料, and a major hazard's six plan
 * parts): the same form on a campaign link and on the office's page, read by reportInput.
 */
export function reportFields(values: FormValues): Html {
  const r = webText.report;
  const checked = (level: string) => ((values.level ?? 'general') === level ? html` checked` : '');
  return html`${textarea('description', r.description, values)}
<fieldset><legend>${r.level}</legend>
<label><input type="radio" name="level" value="general"${checked('general')}> ${r.general}</label>
<label><input type="radio" name="level" value="major"${checked('major')}> ${r.major}</label></fieldset>
<label for="deadline">${r.deadline}<span class="hint">${r.deadlineHint}</span></label><input type="date" id="deadline" name="deadline" value="${values.deadline ?? ''}" required>
${fileInput()}
<fieldset><legend>${r.plan}</legend>${PLAN_PARTS.map((part, i) => textarea(planField(i), part, values, false))}</fieldset>`;
}

/**
 * The report's input as the CLI's `hazard report` builds it from reportFields' values and the chosen 企业;
 * `by` is the person acting (the link's, or the signed-in one), `campaign` a campaign link's. A due date that
 * cannot be read goes as none, and its own words replace the rule's (reportProblems, as the CLI's do).
 */
export function reportInput(values: FormValues, now: number, o: { by: string; campaign?: string }): { input: Record<string, unknown>; deadlineProblem?: string } {
  const text = (name: string) => values[name]?.trim() ?? '';
  const deadline = formDeadline(values, 'deadline', webText.report.deadline, true, now);
  const level = text('level') || 'general';
  // A general hazard has no plan; a major one's six parts go as typed and the rule names what is missing.
  const plan = Object.fromEntries(PLAN_PARTS.map((part, i) => [part, text(planField(i))]).filter(([, typed]) => typed));
  return {
    ...(deadline.problem ? { deadlineProblem: deadline.problem } : {}),
    input: {
      enterprise: text('enterprise'),
      level,
      description: values.description ?? '',
      deadline: deadline.form,
      by: o.by,
      ...(level === 'major' ? { plan } : {}),
      ...(o.campaign ? { campaign: o.campaign } : {}),
    },
  };
}

/** The rules' refusal of a report, an unreadable due date named in its own words instead of the rule's. */
export const reportProblems = (refused: readonly string[], deadlineProblem?: string): readonly string[] =>
  deadlineProblem ? [...refused.filter((p) => !p.startsWith('deadline:')), deadlineProblem] : refused;

export function campaignPages(ctx: LinkContext) {
  const { db, signer } = ctx;
  const viewPath = (token: string) => signer.path(token, 'view');

  async function load(grant: LinkGrant): Promise<CampaignPage | undefined> {
    const row = await db.prisma.campaign.findUnique({ where: { id: grant.id } });
    if (!row) return undefined;
    const [lines, hazards, names] = await Promise.all([loadCampaignLines(db, grant.id), loadCampaignHazards(db, grant.id), actorNames(db)]);
    return {
      id: row.id,
      title: row.title,
      opensOn: row.opensOn,
      due: row.due,
      open: row.status === 'open',
      who: names(grant.who) ?? grant.who,
      // The list is the tasks assigned to the link's person, as the ledger has them now (a task reassigned
      // since the email left the list with it).
      mine: lines.filter((line) => line.inspectorId === grant.who),
      reported: hazards.filter((h) => h.reportedBy === grant.who),
      counts: totalCounts(lines, hazards, await ctx.now()),
    };
  }

  /** The campaign, or the page saying the ledger has none (sent). */
  async function loaded(grant: LinkGrant, reply: FastifyReply): Promise<CampaignPage | undefined> {
    const found = await load(grant);
    if (!found) void ctx.refuse(reply, 'unknownItem');
    return found;
  }

  function taskState(line: CampaignTaskLine, at: number): string {
    if (line.status === 'done') return `${statusText.task.done}${line.late ? webText.task.late : ''}`;
    if (isOverdueAt(line, at)) return statusText.task.overdue;
    return statusText.name(statusText.task, line.status);
  }

  function listPage(c: CampaignPage, grant: LinkGrant, token: string, at: number, notice?: string): string {
    const t = webText.campaign;
    const complete = (line: CampaignTaskLine) => `${signer.path(token, 'complete')}/${encodeURIComponent(line.enterpriseId)}`;
    const may = (action: 'complete' | 'report') => c.open && grant.actions.includes(action);
    return page(
      t.title(c.title),
      html`${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<h1>${t.title(c.title)}</h1>
<p>${webText.you(c.who)}</p>
<section>${facts([
        [t.id, c.id],
        [t.period, t.periodRange(c.opensOn, c.due)],
        [t.due, c.due],
        [t.status, statusText.name(statusText.campaign, c.open ? 'open' : 'closed')],
        [t.town, t.counts(c.counts.tasks, c.counts.done, c.counts.overdue, c.counts.hazards)],
      ])}${c.open ? '' : html`<p>${t.closed}</p>`}</section>
<section><h2>${t.mine}</h2>${
        c.mine.length
          ? html`<ul class="tasks">${c.mine.map(
              (line) =>
                html`<li><span class="what">${line.enterpriseName}</span><span class="state">${taskState(line, at)}</span>${
                  may('complete') && isOpenStatus(line.status) ? html`<a class="button" href="${complete(line)}">${LINK_LABELS.complete}</a>` : ''
                }</li>`,
            )}</ul>`
          : html`<p>${t.none}</p>`
      }</section>
${may('report') && c.mine.length ? html`<div class="buttons"><a class="button" href="${signer.path(token, 'report')}">${LINK_LABELS.report}</a></div>` : ''}
${
  c.reported.length
    ? html`<section><h2>${t.reported}</h2><ul>${c.reported.map(
        (h) => html`<li>${t.hazardLine(h.id, h.enterpriseName, hazardText.levelName[h.level as 'general' | 'major'] ?? h.level, statusText.name(statusText.hazard, h.status))}</li>`,
      )}</ul></section>`
    : ''
}`,
    );
  }

  function reportPage(c: CampaignPage, token: string, o: { values?: FormValues; problems?: readonly string[]; headline?: string } = {}): string {
    const r = webText.report;
    const values = o.values ?? {};
    const heading = r.heading(c.title);
    return page(
      heading,
      html`<h1>${heading}</h1>
<p>${webText.you(c.who)}</p>
${problemList(o.problems, o.headline)}
<form method="post" action="${signer.path(token, 'report')}" accept-charset="utf-8" enctype="multipart/form-data">
<input type="hidden" name="form" value="${signer.formToken(token)}">
<label for="enterprise">${r.enterprise}</label>
<select id="enterprise" name="enterprise" required><option value="">${r.choose}</option>${c.mine.map(
        (line) => html`<option value="${line.enterpriseId}"${values.enterprise === line.enterpriseId ? html` selected` : ''}>${line.enterpriseName}</option>`,
      )}</select>
${reportFields(values)}
<div class="buttons"><button type="submit">${webText.form.submit}</button></div>
</form>
<p><a href="${viewPath(token)}">${webText.backToView}</a></p>`,
    );
  }

  return {
    /** The list page (the link's 查看详情 and its 登记完成); after 登记完成 or 上报隐患 it says what was done. */
    async view(grant: LinkGrant, token: string, query: { done?: string; reported?: string; receipt?: string }, reply: FastifyReply) {
      const c = await loaded(grant, reply);
      if (!c) return reply;
      // The number a report got, named back only with its receipt (the ledger may not have recorded it yet).
      const reported = query.reported && signer.isReceipt(token, query.reported, query.receipt) ? query.reported : undefined;
      const notice = reported ? webText.campaign.reportDone(reported) : query.done && Object.hasOwn(webText.done, query.done) ? webText.done[query.done] : undefined;
      return ctx.send(reply, 200, listPage(c, grant, token, await ctx.now(), notice));
    },

    /** The grant of one task of the link's list (by enterprise or task id), or the refusal page sent. */
    async taskGrant(grant: LinkGrant, target: string, token: string, reply: FastifyReply): Promise<LinkGrant | undefined> {
      const c = await loaded(grant, reply);
      if (!c) return undefined;
      const line = c.mine.find((l) => l.enterpriseId === target || l.taskId === target);
      if (!line) {
        void ctx.refuse(reply, 'notYours', { view: viewPath(token) });
        return undefined;
      }
      return { who: grant.who, kind: 'task', id: line.taskId, actions: ['complete'], expiresAt: grant.expiresAt };
    },

    async reportForm(grant: LinkGrant, token: string, reply: FastifyReply) {
      const c = await loaded(grant, reply);
      if (!c) return reply;
      if (!c.open) return ctx.refuse(reply, 'closed', { view: viewPath(token) });
      if (c.mine.length === 0) return ctx.refuse(reply, 'notYours', { view: viewPath(token) });
      return ctx.send(reply, 200, reportPage(c, token));
    },

    /** 上报隐患 posted: through client/act.ts as the CLI reports, then back to the list naming the number. */
    async report(grant: LinkGrant, token: string, request: FastifyRequest, reply: FastifyReply) {
      const c = await loaded(grant, reply);
      if (!c) return reply;
      if (!c.open) return ctx.refuse(reply, 'closed', { view: viewPath(token) });
      const form = await ctx.posted(token, request, reply, true);
      if (!form) return reply;
      const { typed, files } = form;
      // Only an enterprise of the person's own list: the select offers no other, so another one is no typing to keep.
      if (typed.enterprise && !c.mine.some((l) => l.enterpriseId === typed.enterprise)) {
        await ctx.discard(files);
        return ctx.refuse(reply, 'notYours', { view: viewPath(token) });
      }
      const at = await ctx.rulesNow();
      const read = reportInput(typed, at, { by: grant.who, campaign: grant.id });
      const again = async (refused: readonly string[], headline?: string) => {
        await ctx.discard(files);
        const problems = reportProblems(refused, read.deadlineProblem);
        return ctx.send(reply, 422, reportPage(c, token, { values: typed, problems: files.length ? [...problems, webText.files.chooseAgain] : problems, ...(headline ? { headline } : {}) }));
      };
      let id = '';
      let done: boolean;
      try {
        done = await ctx.attempt(reply, viewPath(token), again, async () => {
          id = (await act(ctx.gateway, 'hazard', undefined, 'report', read.input)).id;
        });
      } catch (error) {
        await ctx.discard(files);
        throw error;
      }
      if (!done) return reply;
      // The files are the hazard's from its report on: its page and hazard show list them.
      await ctx.record({ itemKind: 'hazard', itemId: id, action: 'report', by: grant.who, at, files });
      const receipt = new URLSearchParams({ reported: id, receipt: signer.receipt(token, id) });
      return reply.code(303).header('location', `${viewPath(token)}?${receipt.toString()}`).send();
    },
  };
}
