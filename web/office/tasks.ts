// 工作任务 (contract §7 "Office pages"): the task ledger the signed-in person may see — `anwei task list`'s
// rows for the same filter, narrowed by domain/visibility.ts taskWhere — each task's page (the action links'
// item page without buttons, with its evidence files), and 导出Excel: the workbook `anwei task export` writes.

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { taskLedger } from '../../client/task-export.ts';
import { listTasks, type TaskFilter, type TaskRow } from '../../client/task-ledger.ts';
import type { TaskSpec, TaskStatus } from '../../domain/task.ts';
import { ledgerText } from '../../domain/text/ledger.ts';
import { officeTasksText as t } from '../../domain/text/office-tasks.ts';
import { statusText } from '../../domain/text/status.ts';
import { periodName } from '../../domain/text/task.ts';
import { localDateOf } from '../../domain/time.ts';
import { seesTask, taskWhere, type Scope } from '../../domain/visibility.ts';
import { contentDisposition } from '../evidence.ts';
import { sendEvidence, shownFiles } from '../evidence-serve.ts';
import { html, page, type Html } from '../html.ts';
import { loadItem } from '../items.ts';
import { viewPage } from '../pages.ts';
import { refuse, sendPage } from '../server.ts';
import { villagesOffered } from './access.ts';
import { exportHref } from './pages.ts';
import type { OfficeContext, OfficeVisitor } from './routes.ts';

export const TASK_PATHS = {
  list: '/office/tasks',
  /** 导出Excel of the list: the same query string as the page. */
  export: '/office/tasks.xlsx',
  task: (id: string) => `/office/tasks/${encodeURIComponent(id)}`,
} as const;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const STATUSES = Object.keys(statusText.task) as TaskStatus[];

type Query = Record<string, string | string[] | undefined>;
type Choice = { id: string; name: string };
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

/** The page's filters as the query gave them (after checking), to mark the form and to carry to 导出Excel. */
interface TaskFilters {
  status?: TaskStatus;
  duty?: string;
  assignee?: string;
  village?: string;
  overdue?: boolean;
}

export function registerTaskPages(app: FastifyInstance, office: OfficeContext): void {
  const { db } = office;
  const back = { href: TASK_PATHS.list, label: t.backToTasks };

  /**
   * The filters as the query gives them, checked against the choices the person has (the duties and
   * assignees of the tasks they see, their villages): the page and its 导出Excel read them the same way, so
   * the file holds what the page lists. A value not among the choices is a 400 page (sent here).
   */
  async function tasksQuery(who: OfficeVisitor, query: Query, reply: FastifyReply) {
    const { scope, nav } = who;
    const where = taskWhere(scope);
    // One task of each duty (for its name) and each assignee: the choices, not every task's spec.
    const [dutyTasks, assigneeTasks, people, sectors, villages, enterprises] = await Promise.all([
      db.prisma.task.findMany({ where, distinct: ['dutyId'], select: { dutyId: true, specJson: true }, orderBy: { dutyId: 'asc' } }),
      db.prisma.task.findMany({ where, distinct: ['assigneeId'], select: { assigneeId: true } }),
      db.prisma.person.findMany({ select: { id: true, name: true }, orderBy: { id: 'asc' } }),
      db.prisma.sector.findMany({ orderBy: { id: 'asc' } }),
      db.prisma.village.findMany({ orderBy: { id: 'asc' } }),
      db.prisma.enterprise.findMany({ select: { id: true, villageId: true } }),
    ]);
    const dutyChoices = dutyTasks.map((task) => ({ id: task.dutyId, name: (JSON.parse(task.specJson) as Partial<TaskSpec>).dutyName ?? task.dutyId }));
    const assignees = new Set(assigneeTasks.map((task) => task.assigneeId));
    const assigneeChoices = people.filter((p) => assignees.has(p.id));
    const villageChoices = villagesOffered(scope, villages, enterprises);

    const problems: string[] = [];
    const pick = <T extends string>(name: keyof TaskFilters, allowed: readonly T[]): T | undefined => {
      const value = one(query[name]);
      if (value === undefined) return undefined;
      if ((allowed as readonly string[]).includes(value)) return value as T;
      problems.push(t.badFilter(t.filter[name], value));
      return undefined;
    };
    const filters: TaskFilters = {};
    const status = pick('status', STATUSES);
    const duty = pick('duty', dutyChoices.map((d) => d.id));
    const assignee = pick('assignee', assigneeChoices.map((p) => p.id));
    const village = pick('village', villageChoices.map((v) => v.id));
    const overdue = pick('overdue', ['1'] as const);
    // The CLI's rule (`task list --overdue --status`): 只看逾期 is status 已逾期.
    if (overdue && status && status !== 'overdue') problems.push(t.overdueAndStatus(statusText.name(statusText.task, status)));
    if (problems.length) {
      await office.refuse(reply, 'badFilter', { problems, nav, back: { href: TASK_PATHS.list, label: t.filter.clear } });
      return undefined;
    }
    if (status) filters.status = status;
    if (duty) filters.duty = duty;
    if (assignee) filters.assignee = assignee;
    if (village) filters.village = village;
    if (overdue) filters.overdue = true;
    const filter: TaskFilter = { ...filters, also: [where] };
    const names = (all: readonly Choice[], ids: ReadonlySet<string>) => all.filter((x) => ids.has(x.id)).map((x) => x.name);
    const scopeWords = scope.kind === 'part' ? t.scopePart(names(sectors, scope.sectors), names(villages, scope.villages)) : t.scopeTown;
    return { filter, filters, scopeWords, dutyChoices, assigneeChoices: assigneeChoices.map(({ id, name }) => ({ id, name })), villageChoices: villageChoices.map(({ id, name }) => ({ id, name })) };
  }

  app.get<{ Querystring: Query }>(TASK_PATHS.list, async (request, reply) => {
    const who = await office.signedIn(request, reply, 'tasks');
    if (!who) return reply;
    const asked = await tasksQuery(who, request.query, reply);
    if (!asked) return reply;
    const rows = await listTasks(db, asked.filter, await office.now());
    return sendPage(reply, 200, tasksPage({ nav: who.nav, rows, ...asked }));
  });

  // 导出Excel: the file `anwei task export` writes, for the page's filters and what the person may see.
  app.get<{ Querystring: Query }>(TASK_PATHS.export, async (request, reply) => {
    const who = await office.signedIn(request, reply, 'tasks');
    if (!who) return reply;
    const asked = await tasksQuery(who, request.query, reply);
    if (!asked) return reply;
    const at = await office.now();
    const { file } = await taskLedger(db, asked.filter, at);
    return reply
      .header('content-disposition', contentDisposition(ledgerText.task.exportFile(localDateOf(at)), XLSX_TYPE))
      .header('cache-control', 'no-store')
      .type(XLSX_TYPE)
      .send(file);
  });

  /** A task the signed-in person may see, or the answer already sent (sign-in, 403, 404). */
  async function visibleTask(request: FastifyRequest, reply: FastifyReply, id: string): Promise<OfficeVisitor | undefined> {
    const who = await office.signedIn(request, reply, 'tasks');
    if (!who) return undefined;
    const task = await db.prisma.task.findUnique({ where: { id }, select: { scopeKind: true, scopeId: true, assigneeId: true } });
    if (!task) {
      await refuse(reply, 'unknownItem');
      return undefined;
    }
    if (!seesTask(who.scope, task)) {
      await office.refuse(reply, 'notYours', { nav: who.nav, back });
      return undefined;
    }
    return who;
  }

  // The item page of the action links, for the office: the same facts, story and evidence, no action buttons.
  app.get<{ Params: { id: string } }>('/office/tasks/:id', async (request, reply) => {
    const { id } = request.params;
    const who = await visibleTask(request, reply, id);
    if (!who) return reply;
    const at = await office.now();
    const item = await loadItem(db, { who: who.person.personId, kind: 'task', id, actions: ['view'], expiresAt: at + 60_000 }, at);
    if (!item) return refuse(reply, 'unknownItem');
    const files = await shownFiles(office.evidence, item.detail.files, TASK_PATHS.task(id));
    return sendPage(reply, 200, viewPage(item, { actions: [], files, nav: who.nav }));
  });

  for (const what of ['file', 'thumb'] as const) {
    app.get<{ Params: { id: string; sha256: string } }>(`/office/tasks/:id/${what}s/:sha256`, async (request, reply) => {
      const { id, sha256 } = request.params;
      const who = await visibleTask(request, reply, id);
      if (!who) return reply;
      return sendEvidence(db, office.evidence, reply, { kind: 'task', id }, sha256, what, () => refuse(reply, 'noFile'));
    });
  }
}

function select(name: keyof TaskFilters, choices: readonly Choice[], chosen: string | undefined): Html {
  return html`<label for="${name}">${t.filter[name]}<select id="${name}" name="${name}"><option value="">${t.filter.all}</option>${choices.map(
    (c) => html`<option value="${c.id}"${c.id === chosen ? html` selected` : ''}>${c.name}</option>`,
  )}</select></label>`;
}

/** A task's status as the CLI's list says it: 已完成（逾期完成） for one done after its due date. */
const statusWord = (r: TaskRow) => ledgerText.task.status(statusText.name(statusText.task, r.status), r.status === 'done' && r.late);

export function tasksPage(o: {
  nav: Html;
  rows: readonly TaskRow[];
  filters: TaskFilters;
  /** What the person may see, in words (whole town, or their sectors and villages). */
  scopeWords: string;
  dutyChoices: readonly Choice[];
  assigneeChoices: readonly Choice[];
  villageChoices: readonly Choice[];
}): string {
  const c = t.columns;
  const statuses = STATUSES.map((id) => ({ id, name: statusText.task[id] }));
  const rows = o.rows.map(
    (r) =>
      html`<tr><td data-label="${c.title}"><a href="${TASK_PATHS.task(r.id)}">${r.title}</a></td><td data-label="${c.assignee}">${r.assigneeName}</td><td data-label="${c.period}">${periodName(r.period)}</td><td data-label="${c.due}">${r.due}</td><td data-label="${c.status}">${statusWord(r)}</td><td data-label="${c.overdue}"${r.daysOverdue > 0 ? html` class="late"` : ''}>${r.daysOverdue > 0 ? t.overdueDays(r.daysOverdue) : t.notOverdue}</td></tr>`,
  );
  return page(
    t.title,
    html`<h1>${t.title}</h1>
<p>${o.scopeWords}</p>
<form class="filters" method="get" action="${TASK_PATHS.list}">
${select('status', statuses, o.filters.status)}${select('duty', o.dutyChoices, o.filters.duty)}${select('assignee', o.assigneeChoices, o.filters.assignee)}${select('village', o.villageChoices, o.filters.village)}
<label class="check"><input type="checkbox" name="overdue" value="1"${o.filters.overdue ? html` checked` : ''}> ${t.filter.overdue}</label>
<button type="submit">${t.filter.apply}</button> <a href="${TASK_PATHS.list}">${t.filter.clear}</a>
</form>
<p>${t.count(o.rows.length)} <a href="${exportHref(o.filters, TASK_PATHS.export)}" download>${t.export}</a></p>
${
  o.rows.length
    ? html`<table class="ledger tasks"><thead><tr><th>${c.title}</th><th>${c.assignee}</th><th>${c.period}</th><th>${c.due}</th><th>${c.status}</th><th>${c.overdue}</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<section><p>${t.empty}</p></section>`
}`,
    o.nav,
  );
}
