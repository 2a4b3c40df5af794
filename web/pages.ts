// The pages of a link: an item's 查看详情 (facts, 办理记录, 下一步, the buttons still possible), each
// action's form (the product's labels, what was typed kept after a refusal), and the refusal pages.

import type { StoryFile } from '../client/story.ts';
import { LINK_LABELS, type LinkAction } from '../domain/links.ts';
import { fileSize, place } from '../domain/text/ledger.ts';
import { hazardText } from '../domain/text/hazard.ts';
import { statusText } from '../domain/text/status.ts';
import { taskText } from '../domain/text/task.ts';
import { EVIDENCE_ACCEPT, isPhoto } from './evidence.ts';
import { html, page, type Html } from './html.ts';
import type { Item } from './items.ts';
import { FILES_FIELD } from './uploads.ts';
import { webText, type RefusalPage } from './text.ts';

export type FormAction = 'submit' | 'extend' | 'decide' | 'ack' | 'verify' | 'complete';
export type FormValues = Readonly<Record<string, string>>;

/** `2030-09-02T10:00:00+08:00` as people read it: `2030-09-02 10:00`. */
const minute = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export function facts(rows: Array<[string, string | null | undefined]>): Html {
  return html`<dl>${rows.filter(([, v]) => v).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

function timeline(item: Item): Html {
  const names = item.kind === 'hazard' ? hazardText.eventName : taskText.eventName;
  const events = item.detail.events;
  if (events.length === 0) return html`<p>${webText.noEvents}</p>`;
  return html`<ol class="timeline">${events.map(
    (e) => html`<li><span class="when">${minute(e.at)}</span>${e.who ? html`${e.who} ` : ''}${names[e.type] ?? e.type}${
      e.evidence ? html`<div class="note">${webText.evidence(e.evidence)}</div>` : ''
    }${e.note ? html`<div class="note">${e.note.kind === 'opinion' ? webText.opinion(e.note.text) : webText.reasonNote(e.note.text)}</div>` : ''}</li>`,
  )}</ol>`;
}

function nextStep(item: Item): string {
  if (item.kind === 'hazard') {
    const d = item.detail;
    if (d.status === 'closed') return webText.nextHazard.closed;
    if (d.status === 'submitted') return webText.nextHazard.submitted;
    if (item.state?.pendingExtension) return webText.nextHazard.pendingExtension;
    return webText.nextHazard.open(d.due);
  }
  const d = item.detail;
  if (d.status === 'done') return webText.nextTask.done;
  if (d.status === 'cancelled') return webText.nextTask.cancelled;
  return d.status === 'overdue' ? webText.nextTask.overdue(d.due) : webText.nextTask.open(d.due);
}

function itemFacts(item: Item): { title: string; facts: Html } {
  if (item.kind === 'hazard') {
    const d = item.detail;
    const pending = item.state?.pendingExtension;
    return {
      title: webText.hazard.title(d.id),
      facts: facts([
        [webText.hazard.enterprise, d.enterprise.name],
        [webText.hazard.description, d.description],
        [webText.hazard.location, d.location],
        [webText.hazard.level, d.levelName],
        [webText.hazard.status, d.round > 1 ? `${d.statusName}（${webText.hazard.round(d.round)}）` : d.statusName],
        [webText.hazard.due, d.due],
        [webText.hazard.dueTrace, d.dueTrace],
        ['', pending ? webText.hazard.pendingExtension(pending.due) : undefined],
      ]),
    };
  }
  const d = item.detail;
  return {
    title: webText.task.title(d.title),
    facts: facts([
      [webText.task.id, d.id],
      [webText.task.assignee, d.assignee.name],
      [webText.task.status, `${statusText.name(statusText.task, d.status)}${d.status === 'done' && d.late ? webText.task.late : ''}`],
      [webText.task.opensOn, d.opensOn],
      [webText.task.due, d.due],
      [webText.task.dueTrace, d.dueTrace],
      [webText.task.proof, d.proof],
    ]),
  };
}

/** An evidence file as the item's page links it: the file, and its thumbnail when one could be made. */
export type ShownFile = StoryFile & { href: string; thumb?: string };

function evidenceList(files: readonly ShownFile[]): Html {
  if (files.length === 0) return html`<p>${webText.files.none}</p>`;
  return html`<ul class="files">${files.map(
    (f) => html`<li>${
      f.thumb ? html`<a href="${f.href}"><img src="${f.thumb}" alt="${f.name}" loading="lazy"></a>` : ''
    }<div><a href="${f.href}">${f.name}</a> <span class="hint">${f.thumb ? '' : fileSize(f.size)}</span>
<div class="hint">${webText.files.by(f.uploadedByName, minute(f.uploadedAt))}</div>${f.takenAt ? html`<div class="hint">${webText.files.takenAt(f.takenAt.slice(0, 16))}</div>` : ''}${
      f.latitude !== null && f.longitude !== null ? html`<div class="hint">${webText.files.place(place(f.latitude, f.longitude))}</div>` : ''
    }</div></li>`,
  )}</ul>`;
}

export function viewPage(item: Item, o: { actions: Array<{ action: LinkAction; href: string }>; files: readonly ShownFile[]; done?: string; nav?: Html }): string {
  const { title, facts: shown } = itemFacts(item);
  const nextAt = item.detail.nextNoticeAt && item.kind === 'hazard' && item.detail.status !== 'closed' ? webText.nextNotice(minute(item.detail.nextNoticeAt)) : undefined;
  return page(
    title,
    html`${o.done ? html`<p class="notice" role="status">${o.done}</p>` : ''}
<h1>${title}</h1>
<p>${webText.you(item.who)}</p>
<section>${shown}</section>
${o.actions.length ? html`<section><h2>${webText.actions}</h2><div class="buttons">${o.actions.map((a) => html`<a class="button" href="${a.href}">${LINK_LABELS[a.action]}</a>`)}</div></section>` : ''}
<section><h2>${webText.next}</h2><p>${nextStep(item)}</p>${nextAt ? html`<p>${nextAt}</p>` : ''}</section>
<section><h2>${webText.files.heading}</h2>${evidenceList(o.files)}</section>
<section><h2>${webText.timeline}</h2>${timeline(item)}</section>`,
    o.nav,
  );
}

export const textarea = (name: string, label: string, values: FormValues, required = true) =>
  html`<label for="${name}">${label}</label><textarea id="${name}" name="${name}"${required ? html` required` : ''}>${values[name] ?? ''}</textarea>`;

export const textInput = (name: string, label: string, hint: string, values: FormValues, required = true) =>
  html`<label for="${name}">${label}<span class="hint">${hint}</span></label><input type="text" id="${name}" name="${name}" value="${values[name] ?? ''}"${required ? html` required` : ''}>`;

/** Actions whose form carries evidence files (contract §7): sent as multipart/form-data. */
export const WITH_FILES: ReadonlySet<FormAction> = new Set(['submit', 'complete']);

// No `capture`: a phone then offers its camera and its files alike.
export const fileInput = () =>
  html`<label for="${FILES_FIELD}">${webText.form.files}<span class="hint">${webText.files.fieldHint}</span></label><input type="file" id="${FILES_FIELD}" name="${FILES_FIELD}" multiple accept="${EVIDENCE_ACCEPT}">`;

function fields(action: FormAction, item: Item, values: FormValues): Html {
  const f = webText.form;
  const submit = html`<div class="buttons"><button type="submit">${f.submit}</button></div>`;
  switch (action) {
    case 'submit':
      return html`${textarea('evidence', f.submitEvidence, values)}${fileInput()}${submit}`;
    case 'extend':
      return html`${textarea('reason', f.extendReason, values)}${textInput('deadline', f.extendTo, f.extendToHint, values)}${submit}`;
    case 'decide': {
      const pending = item.kind === 'hazard' ? item.state?.pendingExtension : undefined;
      const by = pending && item.kind === 'hazard' ? (item.detail.events.findLast((e) => e.type === 'extension_requested')?.who ?? '') : '';
      return html`${pending ? html`<p>${f.pendingExtensionToDecide(pending.due, pending.reason, by)}</p>` : ''}${textarea('note', f.decideNote, values, false)}
<div class="buttons"><button type="submit" name="decision" value="approve">${f.approve}</button><button type="submit" name="decision" value="deny" class="secondary">${f.deny}</button></div>`;
    }
    case 'ack':
      return html`${textarea('note', f.ackNote, values, false)}<div class="buttons"><button type="submit">${f.ack}</button></div>`;
    case 'verify':
      return html`<fieldset><legend>${f.verifyResult}</legend>
<label><input type="radio" name="result" value="pass"${values.result === 'pass' ? html` checked` : ''} required> ${f.pass}</label>
<label><input type="radio" name="result" value="fail"${values.result === 'fail' ? html` checked` : ''}> ${f.fail}</label></fieldset>
${textInput('deadline', f.newDeadline, f.newDeadlineHint, values, false)}${textarea('note', f.verifyNote, values, false)}${submit}`;
    case 'complete':
      return html`${textarea('evidence', f.completeEvidence, values)}${fileInput()}${submit}`;
  }
}

/** A refused form's problems, in the rules' words, above the form. */
export const problemList = (problems: readonly string[] | undefined, headline?: string): Html | '' =>
  problems?.length ? html`<div class="problems" role="alert">${headline ?? webText.form.refused}<ul>${problems.map((p) => html`<li>${p}</li>`)}</ul></div>` : '';

/**
 * What a 复查 is of: the latest 提交整改 — its words, who gave it and when, and the files given with it (those
 * since the last failed verification) — so that the inspector judges it on the form itself.
 */
function submissionSection(item: Item, files: readonly ShownFile[]): Html {
  if (item.kind !== 'hazard') return html``;
  const events = item.detail.events;
  const submitted = events.findLast((e) => e.type === 'submitted');
  if (!submitted) return html``;
  const since = events.findLast((e) => e.type === 'rejected')?.at ?? '';
  const given = files.filter((f) => f.action === 'submit' && f.uploadedAt >= since);
  return html`<section><h2>${webText.submission.heading}</h2><p class="hint">${webText.submission.by(submitted.who ?? '', minute(submitted.at))}</p>
<p class="words">${submitted.evidence ?? ''}</p>${given.length ? evidenceList(given) : ''}</section>`;
}

export function formPage(
  item: Item,
  action: FormAction,
  o: { post: string; formToken: string; view: string; values?: FormValues; problems?: readonly string[]; headline?: string; files?: readonly ShownFile[] },
): string {
  const { title, facts: shown } = itemFacts(item);
  const submission = action === 'verify' ? submissionSection(item, o.files ?? []) : '';
  const heading = `${LINK_LABELS[action]} · ${title}`;
  const problems = problemList(o.problems, o.headline);
  return page(
    heading,
    html`<h1>${heading}</h1>
<p>${webText.you(item.who)}</p>
${problems}
<section>${shown}</section>
${submission}
<form method="post" action="${o.post}" accept-charset="utf-8"${WITH_FILES.has(action) ? html` enctype="multipart/form-data"` : ''}>
<input type="hidden" name="form" value="${o.formToken}">
${fields(action, item, o.values ?? {})}
</form>
<p><a href="${o.view}">${webText.backToView}</a></p>`,
  );
}

export function refusalPage(kind: RefusalPage, o: { view?: string; problems?: readonly string[] } = {}): string {
  const { title, body } = webText.refusal[kind];
  return page(
    title,
    html`<h1>${title}</h1><section><p>${body}</p>${o.problems?.length ? html`<ul>${o.problems.map((p) => html`<li>${p}</li>`)}</ul>` : ''}</section>${
      o.view ? html`<p><a class="button secondary" href="${o.view}">${LINK_LABELS.view}</a></p>` : ''
    }`,
  );
}

