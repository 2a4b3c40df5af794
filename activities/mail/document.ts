// The one document every notice email is written from (hazard, task, campaign and calendar notices):
// a subject, a lead paragraph, sections of label/value rows, what to do next, notes — written out twice,
// so the text part stands alone and the HTML says exactly the same.

import type { LinkButton } from '../../domain/links.ts';
import type { DigestItem, Recipient, RenderedEmail } from '../../domain/notices.ts';
import { longDate, mailText as t } from '../../domain/text/mail.ts';
import { daysBetween, localDateOf, weekdayName, type LocalDate } from '../../domain/time.ts';

export interface Row {
  label: string;
  value: string;
}

export interface Section {
  title: string;
  rows: Row[];
}

export interface Command {
  label?: string;
  command: string;
}

export interface Action {
  who?: string;
  text: string;
  commands?: Command[];
}

/** How urgent the notice looks in HTML (the colour of its title bar). */
export type Tone = 'info' | 'warn' | 'alert' | 'done';

export interface Doc {
  tone: Tone;
  subject: string;
  greeting: string;
  lead: string;
  sections: Section[];
  actions: Action[];
  notes: string[];
  /** The recipient's own action links (one recipient per email then), with until when they work. */
  links?: { holder: string; buttons: LinkButton[]; expires: string };
  office: string;
  date: string;
  footer: string;
}

/** What every notice's builders read the same way: its date, its people by name, how late it is. */
export class NoticeFacts<F extends { due: LocalDate; daysOverdue?: number; workdaysOverdue?: number }> {
  constructor(
    readonly f: F,
    /** The notice's time. */
    readonly at: number,
    /** Names of the people the facts mention by id. */
    readonly names: Readonly<Record<string, string>> | undefined,
  ) {}

  /** A person the facts name by id, as people know them (an id nobody has is shown as it is). */
  person(id: string | undefined): string {
    return id === undefined ? '' : (this.names?.[id] ?? id);
  }

  /** `2030年9月10日（周二）` */
  date(date: LocalDate): string {
    return t.dateWithWeekday(date, weekdayName(date));
  }

  /** Days past the due date at the notice's time, as the workflow counted them (or counted here). */
  overdueDays(): number {
    return this.f.daysOverdue ?? Math.max(0, daysBetween(this.f.due, localDateOf(this.at)));
  }

  /** `已逾期7天（其中工作日5天）` */
  overdue(): string {
    return t.overdueDays(this.overdueDays(), this.f.workdaysOverdue);
  }
}

/** What a kind's builder says; writeEmail adds what every email has. */
export type Body = Pick<Doc, 'tone' | 'subject' | 'lead' | 'sections' | 'actions' | 'notes'>;

export function sections(...list: Array<Section | undefined>): Section[] {
  return list.filter((s): s is Section => s !== undefined && s.rows.length > 0);
}

/** A notice's body with what every email has around it: the greeting, the office's signature and date, the footer. */
export interface EmailFrame {
  town: string;
  recipients: readonly Recipient[];
  at: number;
  footer: (office: string) => string;
  /**
   * The one recipient this copy of the notice is for, with their own buttons (only buttons with an address
   * are shown); without it, one email greets every recipient.
   */
  to?: { recipient: Recipient; buttons: readonly LinkButton[]; expiresAt: number };
}

export function writeEmail(body: Body, frame: EmailFrame): RenderedEmail {
  const office = t.office(frame.town);
  const to = frame.to;
  const buttons = (to?.buttons ?? []).filter((b) => b.url);
  const doc: Doc = {
    ...body,
    ...(to && buttons.length ? { links: { holder: to.recipient.name, buttons, expires: longDate(localDateOf(to.expiresAt)) } } : {}),
    greeting: t.greeting((to ? [to.recipient] : frame.recipients).map((r) => r.name)),
    office,
    date: longDate(localDateOf(frame.at)),
    footer: frame.footer(office),
  };
  return { subject: doc.subject, text: toText(doc), html: toHtml(doc), item: digestItem(body, buttons) };
}

/** How many facts a digest item shows at most: the item's own email has them all, one click away. */
const DIGEST_ROWS = 4;

/**
 * The facts a digest item shows: those of the notice's first two sections (what the item is, its due date)
 * that its lead does not already say, without the computations (期限计算) the email explains.
 */
function digestRows(body: Body): Row[] {
  return body.sections
    .slice(0, 2)
    .flatMap((s) => s.rows)
    .filter((row) => !row.label.endsWith(t.digestSkipsLabel) && !body.lead.includes(row.value))
    .slice(0, DIGEST_ROWS);
}

function digestItem(body: Body, buttons: readonly LinkButton[]): DigestItem {
  return {
    tone: body.tone,
    subject: body.subject,
    lead: body.lead,
    rows: digestRows(body),
    buttons: buttons.map((b) => ({ label: b.label, url: b.url! })),
  };
}

const INDENT = '    ';

/** Continuation lines of a multi-line value line up under its first line. */
function indentLines(value: string, indent: string): string {
  return value
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line, i) => (i === 0 ? line : `${indent}${line}`))
    .join('\n');
}

export function toText(doc: Doc): string {
  const out: string[] = [doc.subject, '', doc.greeting, '', `${INDENT}${indentLines(doc.lead, INDENT)}`, ''];
  doc.sections.forEach((section, i) => {
    out.push(`${t.sectionNumber(i + 1)}${section.title}`);
    for (const row of section.rows) {
      const head = `${INDENT}${row.label}：`;
      out.push(`${head}${indentLines(row.value, INDENT + INDENT)}`);
    }
    out.push('');
  });
  out.push(`${t.sectionNumber(doc.sections.length + 1)}${t.section.actions}`);
  doc.actions.forEach((action, i) => {
    const n = `${INDENT}${i + 1}. `;
    out.push(`${n}${action.who ? `${action.who}：` : ''}${indentLines(action.text, INDENT + '   ')}`);
    for (const c of action.commands ?? []) {
      if (c.label) out.push(`${INDENT}   ${c.label}`);
      out.push(`${INDENT}${INDENT}${c.command}`);
    }
  });
  if (doc.links) {
    out.push('', `${INDENT}${t.links.title(doc.links.holder)}`);
    for (const b of doc.links.buttons) out.push(`${INDENT}${INDENT}${b.label}：${b.url}`);
    out.push(`${INDENT}${t.links.expires(doc.links.expires)}`);
  }
  if (doc.notes.length) out.push('');
  for (const note of doc.notes) out.push(`${INDENT}${indentLines(note, INDENT)}`);
  out.push('', doc.office, doc.date, '', '——', doc.footer, '');
  return out.join('\n');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value that reaches HTML goes through here. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** Escaped, with line breaks kept. */
function html(value: string): string {
  return escapeHtml(value).replace(/\r\n?|\n/g, '<br>');
}

export const TONE_COLOR: Record<Tone, string> = { info: '#1f5fa8', warn: '#c27c0e', alert: '#b3261e', done: '#2e7d32' };

export const FONT = "font-family:'PingFang SC','Hiragino Sans GB','Microsoft YaHei','Noto Sans CJK SC',SimSun,sans-serif;";
const CODE =
  "display:block;margin:4px 0 8px;padding:6px 10px;background:#f3f4f6;border:1px solid #e1e4e8;border-radius:3px;font-family:Consolas,'Courier New',monospace;font-size:13px;white-space:pre-wrap;word-break:break-all;";

/** A link styled as a button: inline styles only (mail clients drop style sheets), big enough for a thumb. */
export const BUTTON = (color: string) =>
  `display:inline-block;margin:4px 8px 4px 0;padding:10px 20px;background:${color};color:#ffffff;border-radius:4px;text-decoration:none;font-size:15px;font-weight:bold;`;
export const BUTTON_QUIET =
  'display:inline-block;margin:4px 8px 4px 0;padding:9px 19px;background:#ffffff;color:#1f5fa8;border:1px solid #1f5fa8;border-radius:4px;text-decoration:none;font-size:15px;';

export function toHtml(doc: Doc): string {
  const color = TONE_COLOR[doc.tone];
  const parts: string[] = [];
  parts.push(
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${html(doc.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:#f5f5f5;">`,
    `<div style="max-width:680px;margin:0 auto;padding:20px 24px;background:#ffffff;color:#222222;font-size:14px;line-height:1.75;${FONT}">`,
    `<div style="border-left:5px solid ${color};padding:6px 12px;margin-bottom:16px;font-size:17px;font-weight:bold;color:${color};">${html(doc.subject)}</div>`,
    `<p style="margin:0 0 8px;">${html(doc.greeting)}</p>`,
    `<p style="margin:0 0 16px;text-indent:2em;">${html(doc.lead)}</p>`,
  );
  doc.sections.forEach((section, i) => {
    parts.push(
      `<h3 style="margin:18px 0 6px;font-size:15px;color:#333333;">${html(`${t.sectionNumber(i + 1)}${section.title}`)}</h3>`,
      `<table role="presentation" style="border-collapse:collapse;width:100%;font-size:14px;">`,
    );
    for (const row of section.rows) {
      parts.push(
        `<tr><th scope="row" style="text-align:left;vertical-align:top;white-space:nowrap;width:8em;padding:5px 10px;border:1px solid #e1e4e8;background:#fafafa;font-weight:normal;color:#555555;">${html(row.label)}</th>`,
        `<td style="vertical-align:top;padding:5px 10px;border:1px solid #e1e4e8;">${html(row.value)}</td></tr>`,
      );
    }
    parts.push(`</table>`);
  });
  parts.push(
    `<h3 style="margin:18px 0 6px;font-size:15px;color:${color};">${html(`${t.sectionNumber(doc.sections.length + 1)}${t.section.actions}`)}</h3>`,
    `<ol style="margin:0;padding-left:1.6em;">`,
  );
  for (const action of doc.actions) {
    const who = action.who ? `<strong>${html(action.who)}：</strong>` : '';
    const commands = (action.commands ?? [])
      .map((c) => `${c.label ? `<div style="margin-top:4px;">${html(c.label)}</div>` : ''}<code style="${CODE}">${html(c.command)}</code>`)
      .join('');
    parts.push(`<li style="margin:0 0 8px;">${who}${html(action.text)}${commands}</li>`);
  }
  parts.push(`</ol>`);
  if (doc.links) {
    parts.push(`<p style="margin:12px 0 6px;color:#555555;">${html(t.links.title(doc.links.holder))}</p>`, `<p style="margin:0;">`);
    doc.links.buttons.forEach((b, i) => {
      const style = i < doc.links!.buttons.length - 1 || doc.links!.buttons.length === 1 ? BUTTON(color) : BUTTON_QUIET;
      parts.push(`<a href="${escapeHtml(b.url!)}" style="${style}">${html(b.label)}</a>`);
    });
    parts.push(`</p>`, `<p style="margin:6px 0 0;font-size:12px;color:#888888;">${html(t.links.expires(doc.links.expires))}</p>`);
  }
  for (const note of doc.notes) parts.push(`<p style="margin:8px 0;color:#555555;">${html(note)}</p>`);
  parts.push(
    `<p style="margin:24px 0 0;text-align:right;">${html(doc.office)}<br>${html(doc.date)}</p>`,
    `<p style="margin:24px 0 0;padding-top:8px;border-top:1px solid #e1e4e8;font-size:12px;color:#888888;">${html(doc.footer)}</p>`,
    `</div></body></html>`,
  );
  return parts.join('\n');
}
