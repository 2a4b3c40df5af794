// 看板 (contract §7 "Office pages"): the visitor's hazards, tasks and campaigns in counts and charts. Every
// figure is read through the CLI's own ledger functions (listHazards, listTasks, loadCampaignLines) narrowed by
// domain/visibility.ts, so "overdue" and "open" mean here exactly what `anwei hazards --overdue` says.
// The charts are ECharts (from node_modules, served by us) drawn by a small script of ours from the figures the
// page carries as JSON; the same figures are on the page as tables, so it reads without JavaScript.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { loadCampaignLines } from '../../activities/campaign-ledger.ts';
import { listHazards } from '../../client/ledger.ts';
import { listTasks } from '../../client/task-ledger.ts';
import { totalCounts } from '../../domain/campaign.ts';
import { officeText } from '../../domain/text/office.ts';
import { dashboardText as t } from '../../domain/text/office-dashboard.ts';
import { statusText } from '../../domain/text/status.ts';
import { addDays, daysBetween, isoWeekday, localDateOf, type LocalDate } from '../../domain/time.ts';
import { hazardWhere, seesTask, taskWhere, type Scope } from '../../domain/visibility.ts';
import type { Database } from '../../prisma/client.ts';
import { Html, html, page } from '../html.ts';
import { sendPage } from '../server.ts';
import type { OfficeContext } from './routes.ts';
import { OFFICE_PATHS } from './pages.ts';

export const DASHBOARD_PATHS = {
  page: '/office/dashboard',
  echarts: '/office/static/echarts.min.js',
  script: '/office/static/dashboard.js',
} as const;

/** The office pages' policy with our own scripts allowed: this page's reply only (everything else keeps 'none'). */
export const DASHBOARD_CSP = "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** How many months the per-month charts span, the current one last. */
export const DASHBOARD_MONTHS = 12;

export interface DashboardFigures {
  today: LocalDate;
  /** The current Monday–Sunday week. */
  week: { from: LocalDate; to: LocalDate };
  counts: { openHazards: number; overdueHazards: number; openTasks: number; overdueTasks: number; dueThisWeek: number };
  /** 重大 hazards not closed (挂牌督办); daysLeft: to the due date while open (negative: days overdue), null while awaiting 复查. */
  major: Array<{ id: string; enterpriseName: string; status: string; due: LocalDate; daysLeft: number | null }>;
  /** Hazards not closed and tasks not done or cancelled whose due date is in the week. */
  dueThisWeek: Array<{ kind: 'hazard' | 'task'; id: string; what: string; due: LocalDate }>;
  /** Hazards closed per month, closed on or before their due date vs after it. */
  onTime: Array<{ month: string; onTime: number; late: number }>;
  overdueBySector: Array<{ name: string; count: number }>;
  overdueByVillage: Array<{ name: string; count: number }>;
  /** Hazards reported and hazards closed per month. */
  foundClosed: Array<{ month: string; found: number; closed: number }>;
  /** Open campaigns with tasks the visitor sees: done of those tasks. */
  campaigns: Array<{ id: string; title: string; due: LocalDate; done: number; total: number }>;
  /** The charts' series names (the script has no words of its own). */
  labels: typeof t.series;
}

/** `YYYY-MM` of the last `n` months, oldest first, ending with today's. */
export function lastMonths(today: LocalDate, n = DASHBOARD_MONTHS): string[] {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return Array.from({ length: n }, (_, i) => {
    const k = year * 12 + (month - 1) - (n - 1 - i);
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
  });
}

const byCount = (counts: Map<string, number>) =>
  [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'));

export async function dashboardFigures(db: Database, scope: Scope, now: number): Promise<DashboardFigures> {
  const { prisma } = db;
  const today = localDateOf(now);
  const from = addDays(today, 1 - isoWeekday(today));
  const week = { from, to: addDays(from, 6) };
  const inWeek = (due: LocalDate) => due >= week.from && due <= week.to;
  const seen = [hazardWhere(scope)];

  const [hazards, overdue, tasks] = await Promise.all([
    listHazards(db, { also: seen }, now),
    listHazards(db, { overdue: true, also: seen }, now),
    listTasks(db, { also: [taskWhere(scope)] }, now),
  ]);
  // When each hazard was reported and closed: the rows listHazards gave, nothing else.
  const times = new Map(
    (await prisma.hazard.findMany({ where: { id: { in: hazards.map((h) => h.id) } }, select: { id: true, reportedAt: true, closedAt: true } })).map((h) => [h.id, h]),
  );
  const [enterprises, villages] = await Promise.all([
    prisma.enterprise.findMany({ select: { id: true, villageId: true } }),
    prisma.village.findMany({ select: { id: true, name: true } }),
  ]);
  const villageOf = new Map(enterprises.map((e) => [e.id, e.villageId]));
  const villageName = new Map(villages.map((v) => [v.id, v.name]));

  const months = lastMonths(today);
  const onTime = new Map(months.map((m) => [m, { month: m, onTime: 0, late: 0 }]));
  const foundClosed = new Map(months.map((m) => [m, { month: m, found: 0, closed: 0 }]));
  for (const h of hazards) {
    const at = times.get(h.id);
    if (!at) continue;
    const found = foundClosed.get(localDateOf(at.reportedAt.getTime()).slice(0, 7));
    if (found) found.found++;
    if (h.status !== 'closed' || !at.closedAt) continue;
    const closedOn = localDateOf(at.closedAt.getTime());
    const month = closedOn.slice(0, 7);
    const closed = foundClosed.get(month);
    if (closed) closed.closed++;
    const kept = onTime.get(month);
    if (kept) kept[closedOn <= h.due ? 'onTime' : 'late']++;
  }

  const bySector = new Map<string, number>();
  const byVillage = new Map<string, number>();
  for (const h of overdue) {
    bySector.set(h.sectorName, (bySector.get(h.sectorName) ?? 0) + 1);
    const village = villageOf.get(h.enterprise);
    const name = village ? (villageName.get(village) ?? village) : t.byVillage.none;
    byVillage.set(name, (byVillage.get(name) ?? 0) + 1);
  }

  const running = tasks.filter((task) => task.status === 'open' || task.status === 'overdue');
  const dueThisWeek = [
    ...hazards.filter((h) => h.status !== 'closed' && inWeek(h.due)).map((h) => ({ kind: 'hazard' as const, id: h.id, what: `${h.enterpriseName}：${h.description}`, due: h.due })),
    ...running.filter((task) => inWeek(task.due)).map((task) => ({ kind: 'task' as const, id: task.id, what: task.title, due: task.due })),
  ].sort((a, b) => a.due.localeCompare(b.due) || a.id.localeCompare(b.id));

  const campaigns: DashboardFigures['campaigns'] = [];
  for (const c of await prisma.campaign.findMany({ where: { status: 'open' }, orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] })) {
    // A campaign's task is an enterprise-scoped task assigned to its inspector: seen as any such task is.
    const lines = (await loadCampaignLines(db, c.id)).filter((l) => seesTask(scope, { scopeKind: 'enterprise', scopeId: l.enterpriseId, assigneeId: l.inspectorId }));
    if (lines.length === 0) continue;
    const counts = totalCounts(lines, [], now);
    campaigns.push({ id: c.id, title: c.title, due: c.due, done: counts.done, total: counts.tasks });
  }

  return {
    today,
    week,
    counts: {
      openHazards: hazards.filter((h) => h.status === 'open').length,
      overdueHazards: overdue.length,
      openTasks: tasks.filter((task) => task.status === 'open').length,
      overdueTasks: tasks.filter((task) => task.status === 'overdue').length,
      dueThisWeek: dueThisWeek.length,
    },
    major: hazards
      .filter((h) => h.level === 'major' && h.status !== 'closed')
      .map((h) => ({
        id: h.id,
        enterpriseName: h.enterpriseName,
        status: h.status,
        due: h.due,
        daysLeft: h.status !== 'open' ? null : h.daysOverdue > 0 ? -h.daysOverdue : daysBetween(today, h.due),
      })),
    dueThisWeek,
    onTime: [...onTime.values()],
    overdueBySector: byCount(bySector),
    overdueByVillage: byCount(byVillage),
    foundClosed: [...foundClosed.values()],
    campaigns,
    labels: t.series,
  };
}

/** The figures as a JSON data block: `<` escaped, so no text in them can end the element. */
const figuresBlock = (figures: DashboardFigures) =>
  html`<script type="application/json" id="figures">${new Html(JSON.stringify(figures).replace(/</g, '\\u003c'))}</script>`;

function table(columns: readonly string[], rows: ReadonlyArray<readonly (string | number | Html)[]>): Html {
  if (rows.length === 0) return html`<p class="empty">${t.noRows}</p>`;
  return html`<table class="ledger dash"><thead><tr>${columns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>${rows.map(
    (r) => html`<tr>${r.map((cell, i) => html`<td data-label="${columns[i]!}">${cell}</td>`)}</tr>`,
  )}</tbody></table>`;
}

export function dashboardPage(o: { nav: Html; figures: DashboardFigures; scope: string }): string {
  const f = o.figures;
  const c = t.counts;
  const tile = (value: number, label: string, late = false) => html`<li${late && value > 0 ? html` class="late"` : ''}><strong>${String(value)}</strong><span>${label}</span></li>`;
  const hazardLink = (id: string) => html`<a href="${OFFICE_PATHS.hazard(id)}">${id}</a>`;
  const m = t.major.columns;
  const w = t.week.columns;
  return page(
    t.title,
    html`<h1>${t.title}</h1>
<p>${t.scopeNote(o.scope, f.today)}</p>
<section aria-labelledby="counts"><h2 id="counts">${c.title}</h2><ul class="tiles">${tile(f.counts.openHazards, c.openHazards)}${tile(f.counts.overdueHazards, c.overdueHazards, true)}${tile(
      f.counts.openTasks,
      c.openTasks,
    )}${tile(f.counts.overdueTasks, c.overdueTasks, true)}${tile(f.counts.dueThisWeek, c.dueThisWeek)}</ul></section>
<section><h2>${t.major.title}</h2>${
      f.major.length
        ? table(
            [m.id, m.enterprise, m.status, m.due, m.left],
            f.major.map((h) => [
              hazardLink(h.id),
              h.enterpriseName,
              statusText.name(statusText.hazard, h.status),
              h.due,
              h.daysLeft === null ? '—' : h.daysLeft < 0 ? html`<span class="late">${t.major.daysLeft(h.daysLeft)}</span>` : t.major.daysLeft(h.daysLeft),
            ]),
          )
        : html`<p>${t.major.empty}</p>`
    }</section>
<section><h2>${t.week.title(f.week.from, f.week.to)}</h2>${
      f.dueThisWeek.length
        ? table(
            [w.kind, w.id, w.what, w.due],
            f.dueThisWeek.map((d) => [d.kind === 'hazard' ? t.week.hazard : t.week.task, d.kind === 'hazard' ? hazardLink(d.id) : d.id, d.what, d.due]),
          )
        : html`<p>${t.week.empty}</p>`
    }</section>
<div class="charts"><section data-chart="onTime"><h2>${t.onTime.title}</h2>${table(
      Object.values(t.onTime.columns),
      f.onTime.map((r) => [r.month, r.onTime, r.late, t.onTime.rate(r.onTime, r.onTime + r.late)]),
    )}</section>
<section data-chart="overdueBySector"><h2>${t.bySector.title}</h2>${table(Object.values(t.bySector.columns), f.overdueBySector.map((r) => [r.name, r.count]))}</section>
<section data-chart="overdueByVillage"><h2>${t.byVillage.title}</h2>${table(Object.values(t.byVillage.columns), f.overdueByVillage.map((r) => [r.name, r.count]))}</section>
<section data-chart="foundClosed"><h2>${t.foundClosed.title}</h2>${table(Object.values(t.foundClosed.columns), f.foundClosed.map((r) => [r.month, r.found, r.closed]))}</section>
<section data-chart="campaigns"><h2>${t.campaigns.title}</h2>${
      f.campaigns.length
        ? table(
            Object.values(t.campaigns.columns),
            f.campaigns.map((r) => [r.title, r.due, r.done, r.total, t.campaigns.progress(r.done, r.total)]),
          )
        : html`<p>${t.campaigns.empty}</p>`
    }</section>
</div>
${figuresBlock(f)}
<script src="${DASHBOARD_PATHS.echarts}" defer></script>
<script src="${DASHBOARD_PATHS.script}" defer></script>`,
    o.nav,
  );
}

/**
 * The charts, drawn from the page's figures block into each section marked data-chart (above its table).
 * Plain ES2017 for the browser; tooltips are drawn on the canvas (richText): no inline styles for the CSP.
 */
export const DASHBOARD_SCRIPT = `// anwei 看板: draws the charts from the figures the page carries (the tables hold the same figures).
(function () {
  'use strict';
  var block = document.getElementById('figures');
  if (!block || !window.echarts) return;
  var f = JSON.parse(block.textContent);
  var L = f.labels;
  var charts = [];
  var base = { animation: false, tooltip: { trigger: 'axis', renderMode: 'richText' }, legend: { top: 0 }, grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true } };
  function draw(name, option) {
    var section = document.querySelector('[data-chart="' + name + '"]');
    if (!section) return;
    var box = document.createElement('div');
    box.className = 'chart';
    section.insertBefore(box, section.children[1] || null);
    var chart = window.echarts.init(box);
    chart.setOption(Object.assign({}, base, option));
    charts.push(chart);
  }
  function pick(rows, key) { return rows.map(function (r) { return r[key]; }); }
  function bars(rows, series) {
    return { xAxis: { type: 'category', data: pick(rows, rows.length && rows[0].month ? 'month' : 'name') }, yAxis: { type: 'value', minInterval: 1 }, series: series };
  }
  draw('onTime', bars(f.onTime, [
    { name: L.onTime, type: 'bar', stack: 'closed', data: pick(f.onTime, 'onTime'), itemStyle: { color: '#1a7f37' } },
    { name: L.late, type: 'bar', stack: 'closed', data: pick(f.onTime, 'late'), itemStyle: { color: '#b42318' } }
  ]));
  if (f.overdueBySector.length) draw('overdueBySector', bars(f.overdueBySector, [{ name: L.overdue, type: 'bar', data: pick(f.overdueBySector, 'count'), itemStyle: { color: '#b42318' } }]));
  if (f.overdueByVillage.length) draw('overdueByVillage', bars(f.overdueByVillage, [{ name: L.overdue, type: 'bar', data: pick(f.overdueByVillage, 'count'), itemStyle: { color: '#b42318' } }]));
  draw('foundClosed', bars(f.foundClosed, [
    { name: L.found, type: 'line', data: pick(f.foundClosed, 'found'), itemStyle: { color: '#0969da' } },
    { name: L.closed, type: 'line', data: pick(f.foundClosed, 'closed'), itemStyle: { color: '#1a7f37' } }
  ]));
  if (f.campaigns.length) draw('campaigns', {
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: pick(f.campaigns, 'title') },
    series: [
      { name: L.done, type: 'bar', stack: 'tasks', data: pick(f.campaigns, 'done'), itemStyle: { color: '#1a7f37' } },
      { name: L.left, type: 'bar', stack: 'tasks', data: f.campaigns.map(function (c) { return c.total - c.done; }), itemStyle: { color: '#d0d7de' } }
    ]
  });
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });
})();
`;

export function registerDashboardPages(app: FastifyInstance, office: OfficeContext): void {
  // Read once at startup: the file npm installed (package.json pins the version), never a CDN.
  const echarts = readFileSync(createRequire(import.meta.url).resolve('echarts/dist/echarts.min'));
  const staticFile = (body: string | Buffer) => (_request: unknown, reply: FastifyReply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(body);
  app.get(DASHBOARD_PATHS.echarts, staticFile(echarts));
  app.get(DASHBOARD_PATHS.script, staticFile(DASHBOARD_SCRIPT));

  app.get(DASHBOARD_PATHS.page, async (request, reply) => {
    const who = await office.signedIn(request, reply, 'dashboard');
    if (!who) return reply;
    const { scope } = who;
    const figures = await dashboardFigures(office.db, scope, await office.now());
    const scopeWords = scope.kind === 'part' ? officeText.ledger.scopePart(await namesOf(office.db, scope.sectors, 'sector'), await namesOf(office.db, scope.villages, 'village')) : officeText.ledger.scopeTown;
    reply.header('content-security-policy', DASHBOARD_CSP);
    return sendPage(reply, 200, dashboardPage({ nav: who.nav, figures, scope: scopeWords }));
  });
}

async function namesOf(db: Database, ids: ReadonlySet<string>, kind: 'sector' | 'village'): Promise<string[]> {
  const rows = kind === 'sector' ? await db.prisma.sector.findMany({ orderBy: { id: 'asc' } }) : await db.prisma.village.findMany({ orderBy: { id: 'asc' } });
  return rows.filter((r) => ids.has(r.id)).map((r) => r.name);
}
