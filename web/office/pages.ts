// The office pages' markup (contract §7 "Office pages"): sign-in, the menu every signed-in page carries, the
// hazard ledger and the office's refusals. Same layout and stylesheet as the action pages (web/html.ts).

import type { HazardRow } from '../../client/ledger.ts';
import { hazardText } from '../../domain/text/hazard.ts';
import { officeText, type OfficeRefusal } from '../../domain/text/office.ts';
import { officeReportText } from '../../domain/text/office-report.ts';
import { officeProfileText } from '../../domain/text/office-profile.ts';
import { statusText } from '../../domain/text/status.ts';
import { html, page, type Html } from '../html.ts';

export const OFFICE_PATHS = {
  ledger: '/office',
  /** 导出Excel of the ledger: the same query string as the page. */
  ledgerExport: '/office/hazards.xlsx',
  login: '/office/login',
  logout: '/office/logout',
  signin: (token: string) => `/office/signin/${token}`,
  hazard: (id: string) => `/office/hazards/${encodeURIComponent(id)}`,
  report: '/office/hazards/new',
} as const;

const roleName = (role: string) => (officeText.roleName as Record<string, string>)[role] ?? role;

/**
 * The menu: the five entries of §7, who is signed in (with 档案 beside them), and 退出 (a POST with the
 * session's form token).
 */
export type MenuKey = 'dashboard' | 'hazards' | 'tasks' | 'calendar' | 'campaigns';

/** The menu of contract §7, in its order, with where each page lives. */
export const MENU: ReadonlyArray<{ key: MenuKey; href: string }> = [
  { key: 'dashboard', href: '/office/dashboard' },
  { key: 'hazards', href: OFFICE_PATHS.ledger },
  { key: 'tasks', href: '/office/tasks' },
  { key: 'calendar', href: '/office/calendar' },
  { key: 'campaigns', href: '/office/campaigns' },
];

export function officeNav(o: { name: string; role: string; formToken: string; current?: MenuKey }): Html {
  const m = officeText.menu;
  const entry = ({ key, href }: { key: MenuKey; href: string }) => html`<a href="${href}"${o.current === key ? html` aria-current="page"` : ''}>${m[key]}</a>`;
  return html`<nav class="office" aria-label="菜单">${MENU.map(entry)}<span class="who">${m.who(o.name, roleName(o.role))} <a href="/office/profile">${officeProfileText.link}</a></span><form method="post" action="${OFFICE_PATHS.logout}"><input type="hidden" name="form" value="${o.formToken}"><button type="submit" class="secondary">${m.signOut}</button></form></nav>
`;
}

const problemList = (problems: readonly string[]) =>
  problems.length ? html`<div class="problems" role="alert"><ul>${problems.map((p) => html`<li>${p}</li>`)}</ul></div>` : '';

export function loginPage(o: { email?: string; problems?: readonly string[]; notice?: string } = {}): string {
  const s = officeText.signin;
  return page(
    s.title,
    html`${o.notice ? html`<p class="notice" role="status">${o.notice}</p>` : ''}<h1>${s.title}</h1>
${problemList(o.problems ?? [])}
<form method="post" action="${OFFICE_PATHS.login}" accept-charset="utf-8">
<p>${s.intro}</p>
<label for="email">${s.email}</label><input type="email" id="email" name="email" autocomplete="email" value="${o.email ?? ''}" required>
<div class="buttons"><button type="submit">${s.send}</button></div>
</form>`,
  );
}

export function sentPage(minutes: number): string {
  const s = officeText.signin;
  return page(s.sentTitle, html`<h1>${s.sentTitle}</h1><section><p>${s.sent(minutes)}</p></section><p><a href="${OFFICE_PATHS.login}">${officeText.backToSignin}</a></p>`);
}

export function confirmPage(token: string, name: string): string {
  const s = officeText.signin;
  return page(
    s.confirmTitle,
    html`<h1>${s.confirmTitle}</h1>
<form method="post" action="${OFFICE_PATHS.signin(token)}">
<p>${s.confirm(name)}</p>
<p class="hint">${s.confirmWhy}</p>
<div class="buttons"><button type="submit">${s.confirmButton}</button></div>
</form>`,
  );
}

export function officeRefusalPage(kind: OfficeRefusal, o: { problems?: readonly string[]; nav?: Html; back?: { href: string; label: string } } = {}): string {
  const { title, body } = officeText.refusal[kind];
  return page(
    title,
    html`<h1>${title}</h1><section><p>${body}</p>${o.problems?.length ? html`<ul>${o.problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}</section>${
      o.back ? html`<p><a class="button secondary" href="${o.back.href}">${o.back.label}</a></p>` : ''
    }`,
    o.nav,
  );
}

export interface LedgerFilters {
  status?: 'open' | 'submitted' | 'closed';
  level?: 'general' | 'major';
  sector?: string;
  village?: string;
  overdue?: boolean;
  enterprise?: string;
  campaign?: string;
  /** 发现时间's first and last day (YYYY-MM-DD), as the query names them. */
  from?: string;
  to?: string;
}

type Choice = { id: string; name: string };

function select(name: keyof LedgerFilters, label: string, choices: readonly Choice[], chosen: string | undefined): Html {
  return html`<label for="${name}">${label}<select id="${name}" name="${name}"><option value="">${officeText.ledger.filter.all}</option>${choices.map(
    (c) => html`<option value="${c.id}"${c.id === chosen ? html` selected` : ''}>${c.name}</option>`,
  )}</select></label>`;
}

function day(name: 'from' | 'to', label: string, chosen: string | undefined): Html {
  return html`<label for="${name}">${label}<input type="date" id="${name}" name="${name}" value="${chosen ?? ''}"></label>`;
}

/** 导出Excel's address (`path`, 隐患台账's by default): the page's own filters, so the file holds what the page lists. */
export function exportHref(filters: object, path: string = OFFICE_PATHS.ledgerExport): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== undefined) query.set(name, value === true ? '1' : String(value));
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export function ledgerPage(o: {
  nav: Html;
  rows: readonly HazardRow[];
  filters: LedgerFilters;
  sectors: readonly Choice[];
  villages: readonly Choice[];
  enterprises: readonly Choice[];
  campaigns: readonly Choice[];
  /** What the person may see, in words (whole town, or their sectors and villages). */
  scope: string;
}): string {
  const t = officeText.ledger;
  const c = t.columns;
  const statuses = (['open', 'submitted', 'closed'] as const).map((id) => ({ id, name: statusText.name(statusText.hazard, id) }));
  const levels = (['general', 'major'] as const).map((id) => ({ id, name: hazardText.levelName[id] }));
  const rows = o.rows.map(
    (r) => html`<tr><td data-label="${c.id}"><a href="${OFFICE_PATHS.hazard(r.id)}">${r.id}</a></td><td data-label="${c.enterprise}">${r.enterpriseName}</td><td data-label="${c.description}">${r.description}</td><td data-label="${c.level}">${hazardText.levelName[r.level]}</td><td data-label="${c.status}">${statusText.name(statusText.hazard, r.status)}</td><td data-label="${c.due}">${r.due}</td><td data-label="${c.overdue}"${r.daysOverdue > 0 ? html` class="late"` : ''}>${r.daysOverdue > 0 ? t.overdueDays(r.daysOverdue) : t.notOverdue}</td></tr>`,
  );
  return page(
    t.title,
    html`<h1>${t.title}</h1>
<p>${o.scope}</p>
<form class="filters" method="get" action="${OFFICE_PATHS.ledger}">
${select('status', t.filter.status, statuses, o.filters.status)}${select('level', t.filter.level, levels, o.filters.level)}${select('sector', t.filter.sector, o.sectors, o.filters.sector)}${select('village', t.filter.village, o.villages, o.filters.village)}${select('enterprise', t.filter.enterprise, o.enterprises, o.filters.enterprise)}${select('campaign', t.filter.campaign, o.campaigns, o.filters.campaign)}
${day('from', t.filter.from, o.filters.from)}${day('to', t.filter.to, o.filters.to)}
<label class="check"><input type="checkbox" name="overdue" value="1"${o.filters.overdue ? html` checked` : ''}> ${t.filter.overdue}</label>
<button type="submit">${t.filter.apply}</button> <a href="${OFFICE_PATHS.ledger}">${t.filter.clear}</a>
</form>
<p>${t.count(o.rows.length)} <a href="${exportHref(o.filters)}" download>${t.export}</a></p>
<p><a class="button" href="${OFFICE_PATHS.report}">${officeReportText.button}</a></p>
${
  o.rows.length
    ? html`<table class="ledger"><thead><tr><th>${c.id}</th><th>${c.enterprise}</th><th>${c.description}</th><th>${c.level}</th><th>${c.status}</th><th>${c.due}</th><th>${c.overdue}</th></tr></thead><tbody>${rows}</tbody></table>`
    : html`<section><p>${t.empty}</p></section>`
}`,
    o.nav,
  );
}
