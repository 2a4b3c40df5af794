// 工作日历 (contract §7 "Office pages"): the year at a glance — twelve month grids with the days off, the 调休
// working days and each duty task's opening and due date — and a duty's page with its rule and how each date
// was found. Both read the duty calendar exactly as `anwei duties preview` does (client/duties.ts: the same
// planner, traces and warnings); nothing here computes a date. Tasks are narrowed by domain/visibility.ts.

import type { FastifyInstance } from 'fastify';
import { previewDuties, townFromDatabase, type PreviewTask, type PreviewTown } from '../../client/duties.ts';
import { UserInputError } from '../../client/errors.ts';
import { WorkCalendar, dayLabel, type DayInfo } from '../../domain/calendar.ts';
import { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR, calendarWarnings, resolveCalendar } from '../../domain/calendar-data.ts';
import { mergeDuties } from '../../domain/duties/defaults.ts';
import type { DutyDefinition } from '../../domain/duties/format.ts';
import { dutiesText } from '../../domain/text/duties.ts';
import { officeCalendarText as C } from '../../domain/text/office-calendar.ts';
import { addDays, daysBetween, isoWeekday, localDateOf, weekdayName, type LocalDate } from '../../domain/time.ts';
import { seesTask, type Scope } from '../../domain/visibility.ts';
import { html, page, type Html } from '../html.ts';
import { sendPage } from '../server.ts';
import type { OfficeContext } from './routes.ts';

const P = dutiesText.preview;

export const CALENDAR_PATHS = {
  calendar: '/office/calendar',
  year: (year: number) => `/office/calendar?year=${year}`,
  duty: (id: string, year: number) => `/office/duties/${encodeURIComponent(id)}?year=${year}`,
} as const;

type Query = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.trim() || undefined;

/** The year asked for (default: the engine clock's), or the problem with it. */
function askedYear(query: Query, today: LocalDate): number | { problem: string } {
  const text = one(query.year);
  if (text === undefined) return Number(today.slice(0, 4));
  const year = /^\d{4}$/.test(text) ? Number(text) : NaN;
  // A task's due date may fall in the next year: the calendar must cover it too.
  if (!(year >= MIN_CALENDAR_YEAR && year < MAX_CALENDAR_YEAR)) return { problem: C.badYear(text, MIN_CALENDAR_YEAR, MAX_CALENDAR_YEAR - 1) };
  return year;
}

/** Whether the visitor sees a planned task: its scope (sector, village, enterprise) or being its assignee. */
const seen = (scope: Scope) => (t: PreviewTask) => seesTask(scope, { scopeKind: t.scope?.kind ?? null, scopeId: t.scope?.id ?? null, assigneeId: t.assigneeId });

const daysIn = (year: number) => daysBetween(`${year}-01-01`, `${year + 1}-01-01`);

/**
 * The year's days and the unconfirmed-year warning, from the calendar the planner uses (the profile's
 * overrides on the published arrangement), worded as the CLI prints it (`注意：…`).
 */
function yearCalendar(town: PreviewTown, year: number): { calendar: WorkCalendar; warnings: string[] } {
  const data = resolveCalendar({ fromYear: year, toYear: year, overrides: town.calendar });
  return { calendar: new WorkCalendar(data), warnings: calendarWarnings(data).map(P.warning) };
}

export function registerCalendarPages(app: FastifyInstance, office: OfficeContext): void {
  app.get<{ Querystring: Query }>(CALENDAR_PATHS.calendar, async (request, reply) => {
    const who = await office.signedIn(request, reply, 'calendar');
    if (!who) return reply;
    const at = await office.now();
    const today = localDateOf(at);
    const year = askedYear(request.query, today);
    if (typeof year !== 'number') return office.refuse(reply, 'badFilter', { problems: [year.problem], nav: who.nav, back: { href: CALENDAR_PATHS.calendar, label: C.duty.back } });
    const town = await townFromDatabase(office.db);
    // From October of the year before: a task opened then may fall due in this year's first weeks.
    const from = year > MIN_CALENDAR_YEAR ? `${year - 1}-10-01` : `${year}-01-01`;
    const plan = previewDuties(town, { from, days: daysBetween(from, `${year}-12-31`) + 1 });
    const tasks = plan.tasks.filter(seen(who.scope));
    const { calendar, warnings } = yearCalendar(town, year);
    const duties = plan.duties.filter((d) => d.enabled).map((d) => ({ id: d.id, name: d.name, count: tasks.filter((t) => t.dutyId === d.id && t.opensOn.startsWith(`${year}-`)).length }));
    return sendPage(reply, 200, calendarPage({ year, today, calendar, tasks, warnings, duties, nav: who.nav }));
  });

  app.get<{ Params: { dutyId: string }; Querystring: Query }>('/office/duties/:dutyId', async (request, reply) => {
    const who = await office.signedIn(request, reply, 'calendar');
    if (!who) return reply;
    const today = localDateOf(await office.now());
    const year = askedYear(request.query, today);
    const back = { href: CALENDAR_PATHS.calendar, label: C.duty.back };
    if (typeof year !== 'number') return office.refuse(reply, 'badFilter', { problems: [year.problem], nav: who.nav, back });
    const town = await townFromDatabase(office.db);
    const id = request.params.dutyId;
    const duty = mergeDuties(town.entries).find((d) => d.id === id);
    if (!duty) return office.refuse(reply, 'badFilter', { problems: [P.unknownDuty(id, mergeDuties(town.entries).filter((d) => d.enabled !== false).map((d) => d.id))], nav: who.nav, back });
    if (duty.enabled === false) return sendPage(reply, 200, dutyPage({ year, duty, tasks: [], warnings: yearCalendar(town, year).warnings, problems: [], nav: who.nav }));
    let plan;
    try {
      plan = previewDuties(town, { from: `${year}-01-01`, days: daysIn(year), duty: id });
    } catch (error) {
      if (error instanceof UserInputError) return office.refuse(reply, 'badFilter', { problems: error.problems, nav: who.nav, back });
      throw error;
    }
    // The occurrences that make no task (no assignee, a refused spec) are the office's to fix: shown to the
    // whole-town people, as the CLI lists them; a problem names no scope to narrow it by.
    const problems = who.scope.kind === 'town' ? plan.problems.map((p) => P.problem(p.taskId ?? `${p.dutyId}:${p.period}`, p.message).trim()) : [];
    return sendPage(reply, 200, dutyPage({ year, duty, tasks: plan.tasks.filter(seen(who.scope)), warnings: plan.warnings.map(P.warning), problems, nav: who.nav }));
  });
}

// ── markup ──────────────────────────────────────────────────────────────────────────────────────

/** Tasks of one duty and period on one day (one per sector, village or enterprise) show as one line. */
interface DayItem {
  kind: 'opens' | 'due';
  date: LocalDate;
  dutyId: string;
  dutyName: string;
  titles: string[];
}

function itemsOf(tasks: readonly PreviewTask[], year: number): Map<LocalDate, DayItem[]> {
  const byDay = new Map<LocalDate, DayItem[]>();
  const add = (kind: DayItem['kind'], date: LocalDate, t: PreviewTask) => {
    if (!date.startsWith(`${year}-`)) return;
    const list = byDay.get(date) ?? [];
    const same = list.find((i) => i.kind === kind && i.dutyId === t.dutyId);
    if (same) same.titles.push(t.title);
    else list.push({ kind, date, dutyId: t.dutyId, dutyName: t.dutyName, titles: [t.title] });
    byDay.set(date, list);
  };
  for (const t of tasks) {
    add('opens', t.opensOn, t);
    add('due', t.due, t);
  }
  return byDay;
}

/** One line of a day's tasks: the title, or the duty with how many (a task per enterprise makes many). */
const itemWhat = (i: DayItem) => (i.titles.length === 1 ? i.titles[0]! : C.group(i.dutyName, i.titles.length));
const itemWords = (i: DayItem) => (i.kind === 'opens' ? C.opensItem(itemWhat(i)) : C.dueItem(itemWhat(i)));

const KIND_CLASS: Record<DayInfo['kind'], string> = { weekday: 'work', weekend: 'off weekend', holiday: 'off holiday', makeup_workday: 'work makeup' };

function monthGrid(year: number, month: number, o: { calendar: WorkCalendar; items: Map<LocalDate, DayItem[]>; today: LocalDate }): Html {
  const first = `${year}-${String(month).padStart(2, '0')}-01` as LocalDate;
  const days: LocalDate[] = [];
  for (let d = first; d.slice(5, 7) === first.slice(5, 7); d = addDays(d, 1)) days.push(d);
  const cells: Array<LocalDate | undefined> = [...Array.from({ length: isoWeekday(first) - 1 }, () => undefined), ...days];
  while (cells.length % 7) cells.push(undefined);
  const weeks: Array<Array<LocalDate | undefined>> = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const cell = (date: LocalDate | undefined) => {
    if (!date) return html`<td></td>`;
    const info = o.calendar.dayInfo(date);
    const items = o.items.get(date) ?? [];
    const opens = items.filter((i) => i.kind === 'opens');
    const due = items.filter((i) => i.kind === 'due');
    const label = C.day(date, weekdayName(date), info.working ? dayLabel(info) : C.dayOff(dayLabel(info)), opens.map(itemWhat), due.map(itemWhat));
    return html`<td class="${KIND_CLASS[info.kind]}${date === o.today ? ' today' : ''}" title="${label}" aria-label="${label}"><span class="n">${Number(date.slice(8))}</span>${opens.length ? html`<span class="mark opens">▲</span>` : ''}${due.length ? html`<span class="mark due">●</span>` : ''}</td>`;
  };
  const listed = days.flatMap((d) => (o.items.get(d) ?? []).map((i) => ({ d, i })));
  return html`<section class="month" aria-labelledby="m${month}"><h2 id="m${month}">${C.month(month)}</h2>
<table class="month"><thead><tr>${C.weekdays.map((w, i) => html`<th scope="col"${i >= 5 ? html` class="we"` : ''}>${w}</th>`)}</tr></thead>
<tbody>${weeks.map((w) => html`<tr>${w.map(cell)}</tr>`)}</tbody></table>
${
  listed.length
    ? html`<ul class="days">${listed.map(({ d, i }) => html`<li class="${i.kind}"><span class="d">${d.slice(5)}</span> <a href="${CALENDAR_PATHS.duty(i.dutyId, year)}">${itemWords(i)}</a></li>`)}</ul>`
    : html`<p class="hint">${C.noTasks}</p>`
}</section>`;
}

const legend = () => {
  const l = C.legend;
  return html`<section class="legend" aria-label="${l.title}"><strong>${l.title}</strong> <span class="key work">${l.workday}</span> <span class="key off weekend">${l.weekend}</span> <span class="key off holiday">${l.holiday}</span> <span class="key work makeup">${l.makeup}</span> <span class="key today">${l.today}</span> <span class="mark opens">${l.opens}</span> <span class="mark due">${l.due}</span></section>`;
};

const warningBlock = (warnings: readonly string[]) =>
  warnings.length ? html`<div class="problems" role="alert">${warnings.map((w) => html`<p>${w}</p>`)}</div>` : '';

export function calendarPage(o: {
  year: number;
  today: LocalDate;
  calendar: WorkCalendar;
  tasks: readonly PreviewTask[];
  warnings: readonly string[];
  duties: ReadonlyArray<{ id: string; name: string; count: number }>;
  nav: Html;
}): string {
  const items = itemsOf(o.tasks, o.year);
  const prev = o.year - 1 >= MIN_CALENDAR_YEAR ? html`<a href="${CALENDAR_PATHS.year(o.year - 1)}">${C.yearNav.previous(o.year - 1)}</a>` : '';
  const next = o.year + 1 < MAX_CALENDAR_YEAR ? html`<a href="${CALENDAR_PATHS.year(o.year + 1)}">${C.yearNav.next(o.year + 1)}</a>` : '';
  return page(
    C.title(o.year),
    html`<h1>${C.title(o.year)}</h1>
<nav class="years" aria-label="${C.yearNav.label}">${prev} ${next}</nav>
${warningBlock(o.warnings)}<p>${C.intro}</p>
${legend()}
<div class="months">${Array.from({ length: 12 }, (_, i) => monthGrid(o.year, i + 1, { calendar: o.calendar, items, today: o.today }))}</div>
<h2>${C.dutiesHeading}</h2>
<ul class="tasks">${o.duties.map((d) => html`<li><a class="what" href="${CALENDAR_PATHS.duty(d.id, o.year)}">${d.name}</a><span class="state">${C.dutyCount(d.count)}</span></li>`)}</ul>`,
    o.nav,
  );
}

/** A rule as the profile writes it (`{ workday: 5 }`): the words of each date are in the traces below. */
const ruleText = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(ruleText).join(', ')}]`;
  if (typeof value === 'object' && value !== null) return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${ruleText(v)}`).join(', ')} }`;
  return String(value);
};

export function dutyPage(o: { year: number; duty: DutyDefinition; tasks: readonly PreviewTask[]; warnings: readonly string[]; problems: readonly string[]; nav: Html }): string {
  const d = o.duty;
  const w = C.duty;
  const title = w.title(d.name, o.year);
  const task = (t: PreviewTask) => {
    const lines = [
      P.assignee(t.assigneeName, t.assigneeId, t.due, weekdayName(t.due)),
      ...(t.meeting ? [P.meeting(t.meeting.date, t.meeting.time, t.meeting.durationMinutes, t.meeting.location, t.meeting.inviteOn, t.meeting.attendees.length)] : []),
      P.opens(t.opensTrace),
      P.due(t.dueTrace),
    ];
    return html`<li><strong>${t.title}</strong> <span class="hint">${t.id}</span><ul class="trace">${lines.map((l) => html`<li>${l}</li>`)}</ul></li>`;
  };
  return page(
    title,
    html`<h1>${title}</h1>
${warningBlock(o.warnings)}<section><h2>${w.rule}</h2><dl>
<dt>${w.id}</dt><dd>${d.id}</dd>
<dt>${w.every}</dt><dd><code>${ruleText(d.every)}</code></dd>
<dt>${w.per}</dt><dd><code>${d.per ?? 'town'}</code></dd>
<dt>${w.opens}</dt><dd><code>${ruleText(d.opens)}</code></dd>
<dt>${w.due}</dt><dd><code>${ruleText(d.due)}</code></dd>
<dt>${w.assignee}</dt><dd><code>${ruleText(d.assignee)}</code></dd>
${d.meeting ? html`<dt>${w.meeting}</dt><dd><code>${ruleText(d.meeting)}</code></dd>` : ''}${d.enabled === false ? html`<dt></dt><dd>${w.disabled}</dd>` : ''}
</dl></section>
<h2>${o.tasks.length ? w.tasks(o.tasks.length) : w.noTasks}</h2>
${o.tasks.length ? html`<ol class="duty-tasks">${o.tasks.map(task)}</ol>` : ''}
${o.problems.length ? html`<h2>${P.problemsHeading(o.problems.length)}</h2><div class="problems"><ul>${o.problems.map((p) => html`<li>${p}</li>`)}</ul></div>` : ''}
<p><a href="${CALENDAR_PATHS.year(o.year)}">${w.back}</a></p>`,
    o.nav,
  );
}
