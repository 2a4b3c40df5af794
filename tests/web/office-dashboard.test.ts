// Contract §7 "Office pages", 看板: a town with hazards in every state (open, overdue, 待复查, closed on time,
// closed late, 重大) and campaign tasks (done, open, overdue). Each role's dashboard carries the figures the
// CLI ledger functions give for that role's scope — parsed from the page's JSON block and checked against
// listHazards / listTasks / loadCampaignLines called here — and shows them as tables too. The chart scripts
// are ours, served with a JavaScript type; only the dashboard's reply lets scripts from 'self' run.

import { describe, expect, it } from 'vitest';
import { loadCampaignLines } from '../../activities/campaign-ledger.ts';
import { listHazards } from '../../client/ledger.ts';
import { listTasks } from '../../client/task-ledger.ts';
import { localDateOf } from '../../domain/time.ts';
import { hazardWhere, seesTask, taskWhere, type Scope } from '../../domain/visibility.ts';
import { loadScope } from '../../web/office/access.ts';
import { lastMonths, type DashboardFigures } from '../../web/office/dashboard.ts';
import type { Engine } from '../support/engine.ts';
import { dashboardTown } from './office-dashboard-town.ts';
import { startOffice } from './office-support.ts';

const ROLES = ['sec', 'head', 'office', 'lead', 'lead2', 'insp', 'insp2', 'vs', 'vs2'];

/** The figures block of a dashboard page. */
function figuresOf(page: string): DashboardFigures {
  const m = /<script type="application\/json" id="figures">([^<]*)<\/script>/.exec(page);
  if (!m) throw new Error(`no figures block in:\n${page}`);
  return JSON.parse(m[1]!) as DashboardFigures;
}

const tally = (names: readonly string[]) => {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return Object.fromEntries(counts);
};

/** What the ledger functions say for a scope, in the figures' terms. */
async function ledgerFigures(engine: Engine, scope: Scope) {
  const { db } = engine;
  const now = await engine.now();
  const today = localDateOf(now);
  const seen = [hazardWhere(scope)];
  const open = await listHazards(db, { status: 'open', also: seen }, now);
  const overdue = await listHazards(db, { overdue: true, also: seen }, now);
  const majors = await listHazards(db, { level: 'major', also: seen }, now);
  const all = await listHazards(db, { also: seen }, now);
  const tasksOpen = await listTasks(db, { status: 'open', also: [taskWhere(scope)] }, now);
  const tasksOverdue = await listTasks(db, { overdue: true, also: [taskWhere(scope)] }, now);
  const stored = await db.prisma.hazard.findMany({ where: { AND: seen }, select: { reportedAt: true, closedAt: true, due: true } });
  const months = lastMonths(today);
  const monthOf = (d: Date) => localDateOf(d.getTime()).slice(0, 7);
  const enterprises = await db.prisma.enterprise.findMany({ select: { id: true, villageId: true } });
  const villages = new Map((await db.prisma.village.findMany()).map((v) => [v.id, v.name]));
  const campaigns = [];
  for (const c of await db.prisma.campaign.findMany({ where: { status: 'open' }, orderBy: { startedAt: 'asc' } })) {
    const lines = (await loadCampaignLines(db, c.id)).filter((l) => seesTask(scope, { scopeKind: 'enterprise', scopeId: l.enterpriseId, assigneeId: l.inspectorId }));
    if (lines.length) campaigns.push({ id: c.id, done: lines.filter((l) => l.status === 'done').length, total: lines.length });
  }
  return {
    counts: { openHazards: open.length, overdueHazards: overdue.length, openTasks: tasksOpen.length, overdueTasks: tasksOverdue.length },
    major: majors.filter((h) => h.status !== 'closed').map((h) => h.id),
    overdueBySector: tally(overdue.map((h) => h.sectorName)),
    overdueByVillage: tally(overdue.map((h) => villages.get(enterprises.find((e) => e.id === h.enterprise)!.villageId!)!)),
    onTime: months.map((month) => {
      const closed = stored.filter((h) => h.closedAt && monthOf(h.closedAt) === month);
      const onTime = closed.filter((h) => localDateOf(h.closedAt!.getTime()) <= h.due).length;
      return { month, onTime, late: closed.length - onTime };
    }),
    foundClosed: months.map((month) => ({
      month,
      found: stored.filter((h) => monthOf(h.reportedAt) === month).length,
      closed: stored.filter((h) => h.closedAt && monthOf(h.closedAt) === month).length,
    })),
    ids: all.map((h) => h.id),
    campaigns,
  };
}

describe('看板', () => {
  it.each(['sqlite', 'postgresql'] as const)('each role’s figures equal the ledger’s for their scope; the charts’ scripts are ours; 303 without sign-in, 403 in charge of nothing (%s)', async (provider) => {
    const engine = await dashboardTown(provider);
    const office = await startOffice(engine);
    expect((await office.browser().get('/office/dashboard')).status).toBe(303);
    expect((await office.browser().get('/office/dashboard')).location).toBe('/office/login');

    for (const id of ROLES) {
      const person = await engine.db.prisma.person.findUniqueOrThrow({ where: { id } });
      const browser = office.browser();
      await browser.signIn(person.email);
      const page = await browser.get('/office/dashboard');
      expect(page.status, id).toBe(200);
      expect(page.headers.get('content-security-policy'), id).toContain("script-src 'self'");
      const f = figuresOf(page.text);
      const ledger = await ledgerFigures(engine, await loadScope(engine.db, id));
      expect(f.today).toBe('2030-09-05');
      expect(f.week).toEqual({ from: '2030-09-02', to: '2030-09-08' });
      const { dueThisWeek, ...counts } = f.counts;
      expect(counts, id).toEqual(ledger.counts);
      expect(f.major.map((h) => h.id), id).toEqual(ledger.major);
      expect(Object.fromEntries(f.overdueBySector.map((r) => [r.name, r.count])), id).toEqual(ledger.overdueBySector);
      expect(Object.fromEntries(f.overdueByVillage.map((r) => [r.name, r.count])), id).toEqual(ledger.overdueByVillage);
      expect(f.onTime, id).toEqual(ledger.onTime);
      expect(f.foundClosed, id).toEqual(ledger.foundClosed);
      expect(f.campaigns.map(({ id: c, done, total }) => ({ id: c, done, total })), id).toEqual(ledger.campaigns);
      // 本周到期: the visible hazards not closed and tasks not done due 09-02…09-08.
      expect(dueThisWeek, id).toBe(f.dueThisWeek.length);
      for (const d of f.dueThisWeek) expect(d.due >= f.week.from && d.due <= f.week.to, d.id).toBe(true);
      if (ledger.ids.includes('H5')) expect(f.dueThisWeek.map((d) => d.id), id).toContain('H5');
      // The same figures as tables (the page without JavaScript).
      for (const text of ['看板', '重大隐患挂牌督办', '按期整改率', '逾期隐患（按行业领域）', '逾期隐患（按村社区）', '隐患发现与销号', '专项行动进度']) expect(page.text, id).toContain(text);
      for (const h of f.major) expect(page.text, id).toContain(`<a href="/office/hazards/${h.id}">${h.id}</a>`);
      for (const c of f.campaigns) expect(page.text, id).toContain(c.title);
      // The scripts: ours, no inline code.
      expect(page.text).toContain('<script src="/office/static/echarts.min.js" defer></script>');
      expect(page.text).toContain('<script src="/office/static/dashboard.js" defer></script>');
      expect(page.text.match(/<script(?![^>]*(src=|type="application\/json"))/g)).toBeNull();
      expect(page.text).toContain('<a href="/office/dashboard" aria-current="page">看板</a>');
    }

    // The whole town's figures hold every state the town was given.
    const town = await office.browser();
    await town.signIn('head@town.example');
    const f = figuresOf((await town.get('/office/dashboard')).text);
    expect(f.counts).toEqual({ openHazards: 3, overdueHazards: 1, openTasks: 3, overdueTasks: 2, dueThisWeek: 4 });
    expect(f.dueThisWeek.map((d) => `${d.kind} ${d.id} ${d.due}`)).toEqual(['hazard H1 2030-09-03', 'task SC2030:e2 2030-09-03', 'task SC2030:e3 2030-09-03', 'hazard H5 2030-09-05']);
    expect(f.major).toEqual([{ id: 'M1', enterpriseName: '丙机械厂', status: 'open', due: '2030-09-30', daysLeft: 25 }]);
    expect(f.onTime.at(-1)).toEqual({ month: '2030-09', onTime: 1, late: 1 });
    expect(f.foundClosed.at(-1)).toEqual({ month: '2030-09', found: 6, closed: 2 });
    expect(f.overdueBySector).toEqual([{ name: '危险化学品', count: 1 }]);
    expect(f.overdueByVillage).toEqual([{ name: '一村', count: 1 }]);
    expect(f.campaigns.map(({ id, done, total }) => ({ id, done, total }))).toEqual([
      { id: 'SC2030', done: 1, total: 3 },
      { id: 'SW2030', done: 0, total: 3 },
    ]);

    // Out of everything: 403.
    const nobody = office.browser();
    await nobody.signIn('insp3@town.example');
    expect((await nobody.get('/office/dashboard')).status).toBe(403);

    // The scripts are served as JavaScript, from our server; every other page keeps scripts off.
    const echarts = await town.get('/office/static/echarts.min.js');
    expect(echarts.status).toBe(200);
    expect(echarts.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(echarts.text).toContain('echarts');
    expect(echarts.text.length).toBeGreaterThan(500_000);
    const script = await town.get('/office/static/dashboard.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.text).toContain("getElementById('figures')");
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
    const ledger = await town.get('/office');
    expect(ledger.headers.get('content-security-policy')).toContain("script-src 'none'");
    expect(ledger.text).not.toContain('<script');
  }, 240_000);
});
