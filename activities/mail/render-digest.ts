// The daily digest's email (今日待办（N项）, contract §8): every item with its facts and the person's own
// buttons, grouped by kind with what is overdue first, as text and as HTML saying the same.

import { groupDigest, type DigestEntryOf } from '../../domain/digest.ts';
import type { Recipient, RenderedEmail } from '../../domain/notices.ts';
import { digestText } from '../../domain/text/digest.ts';
import { longDate, mailText } from '../../domain/text/mail.ts';
import { localDateOf, weekdayName, type LocalDate } from '../../domain/time.ts';
import { BUTTON, BUTTON_QUIET, escapeHtml, FONT, TONE_COLOR } from './document.ts';

export interface DigestView {
  town: string;
  day: LocalDate;
  /** When it is sent (its date under the signature). */
  at: number;
  to: Recipient;
  entries: readonly DigestEntryOf[];
}

const INDENT = '    ';
const html = (value: string) => escapeHtml(value).replace(/\r\n?|\n/g, '<br>');
const oneLine = (value: string) => value.replace(/\s*[\r\n]+\s*/g, ' ');

export function renderDigest(view: DigestView): RenderedEmail {
  const office = mailText.office(view.town);
  const n = view.entries.length;
  const subject = digestText.subject(n);
  const lead = digestText.lead(view.day, weekdayName(view.day), n);
  const groups = groupDigest(view.entries).map((g) => ({
    title: digestText.group(digestText.groupName[g.kind] ?? digestText.otherGroup, g.entries.length),
    entries: g.entries,
  }));
  const date = longDate(localDateOf(view.at));
  const footer = digestText.footer(office);

  const text: string[] = [subject, '', mailText.greeting([view.to.name]), '', `${INDENT}${lead}`, ''];
  let number = 0;
  groups.forEach((g, i) => {
    text.push(`${mailText.sectionNumber(i + 1)}${g.title}`);
    for (const { item } of g.entries) {
      number++;
      text.push(`${INDENT}${number}. ${item.subject}`, `${INDENT}   ${oneLine(item.lead)}`);
      for (const row of item.rows) text.push(`${INDENT}   ${row.label}：${oneLine(row.value)}`);
      for (const b of item.buttons) text.push(`${INDENT}   ${b.label}：${b.url}`);
      text.push('');
    }
  });
  text.push(office, date, '', '——', footer, '');

  const parts: string[] = [
    `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${html(subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:#f5f5f5;">`,
    `<div style="max-width:680px;margin:0 auto;padding:20px 24px;background:#ffffff;color:#222222;font-size:14px;line-height:1.75;${FONT}">`,
    `<div style="border-left:5px solid ${TONE_COLOR.info};padding:6px 12px;margin-bottom:16px;font-size:17px;font-weight:bold;color:${TONE_COLOR.info};">${html(subject)}</div>`,
    `<p style="margin:0 0 8px;">${html(mailText.greeting([view.to.name]))}</p>`,
    `<p style="margin:0 0 16px;text-indent:2em;">${html(lead)}</p>`,
  ];
  number = 0;
  groups.forEach((g, i) => {
    parts.push(`<h3 style="margin:20px 0 8px;font-size:15px;color:#333333;">${html(`${mailText.sectionNumber(i + 1)}${g.title}`)}</h3>`);
    for (const { item } of g.entries) {
      number++;
      const color = TONE_COLOR[item.tone];
      parts.push(
        `<div style="margin:0 0 14px;padding:8px 12px;border:1px solid #e1e4e8;border-left:4px solid ${color};border-radius:3px;">`,
        `<div style="font-weight:bold;color:${color};">${number}. ${html(item.subject)}</div>`,
        `<div style="margin:4px 0;color:#333333;">${html(item.lead)}</div>`,
      );
      if (item.rows.length) {
        parts.push(`<table role="presentation" style="border-collapse:collapse;width:100%;font-size:13px;">`);
        for (const row of item.rows) {
          parts.push(
            `<tr><th scope="row" style="text-align:left;vertical-align:top;white-space:nowrap;width:7em;padding:3px 8px 3px 0;font-weight:normal;color:#666666;">${html(row.label)}</th>`,
            `<td style="vertical-align:top;padding:3px 0;">${html(row.value)}</td></tr>`,
          );
        }
        parts.push(`</table>`);
      }
      if (item.buttons.length) {
        parts.push(`<p style="margin:6px 0 0;">`);
        item.buttons.forEach((b, j) => {
          const style = j < item.buttons.length - 1 || item.buttons.length === 1 ? BUTTON(color) : BUTTON_QUIET;
          parts.push(`<a href="${escapeHtml(b.url)}" style="${style}">${html(b.label)}</a>`);
        });
        parts.push(`</p>`);
      }
      parts.push(`</div>`);
    }
  });
  parts.push(
    `<p style="margin:24px 0 0;text-align:right;">${html(office)}<br>${html(date)}</p>`,
    `<p style="margin:24px 0 0;padding-top:8px;border-top:1px solid #e1e4e8;font-size:12px;color:#888888;">${html(footer)}</p>`,
    `</div></body></html>`,
  );
  return { subject, text: text.join('\n'), html: parts.join('\n') };
}
