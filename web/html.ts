// HTML by template: every interpolated value is escaped unless it is markup this module made (Html).
// The layout is one page shape for every page: zh-CN, a phone's width, our own stylesheet, no script.

import { webText } from './text.ts';

export class Html {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

type Value = Html | string | number | null | undefined | false | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.markup;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** `html\`<p>${text}</p>\``: text escaped, nested Html kept. */
export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => (out += render(value) + strings[i + 1]!));
  return new Html(out);
}

export const STYLESHEET_PATH = '/static/anwei.css';

/** `nav`: a menu under the site's name (the office pages'); the action pages have none. */
export function page(title: string, body: Html, nav?: Html): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${webText.pageTitle(title)}</title>
<link rel="stylesheet" href="${STYLESHEET_PATH}">
</head>
<body>
<header class="site">${webText.siteName}</header>
${nav ?? ''}<main>
${body}
</main>
</body>
</html>
`.markup;
}

/**
 * The stylesheet: readable on a 360 px phone, nothing fixed-width, long words wrapped; everything tapped is at
 * least 44 px high (buttons, the radio choices with their words, the back link), the buttons share a row's width.
 */
export const STYLESHEET = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2328;background:#f5f6f8;overflow-wrap:anywhere;word-break:break-word}
header.site{background:#b42318;color:#fff;padding:.6rem 1rem;font-weight:600}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.2rem 0 .8rem}
h2{font-size:1.1rem;margin:1.4rem 0 .6rem}
section,form{background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem;border:1px solid #e3e5e8}
section>:first-child,form>:first-child,form>input[type=hidden]:first-child+*{margin-top:0}
section>:last-child,form>:last-child{margin-bottom:0}
dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:.3rem .8rem}
dt{color:#57606a}
dd{margin:0;min-width:0}
ol.timeline{list-style:none;margin:0;padding:0}
ol.timeline li{border-left:3px solid #d0d7de;padding:.1rem 0 .6rem .8rem;margin-left:.2rem}
.when{color:#57606a;font-size:.9rem;display:block}
.note{white-space:pre-wrap;color:#424a53}
.words{white-space:pre-wrap}
.notice{background:#dafbe1;border:1px solid #4ac26b;border-radius:.5rem;padding:.8rem;margin-bottom:1rem}
.problems{background:#fff1f0;border:1px solid #f5a39b;border-radius:.5rem;padding:.8rem;margin-bottom:1rem}
.problems ul{margin:.3rem 0 0;padding-left:1.2rem}
label{display:block;font-weight:600;margin:.8rem 0 .3rem}
.hint{display:block;font-weight:400;color:#57606a;font-size:.9rem}
textarea,input[type=text],input[type=date],select{width:100%;font:inherit;padding:.5rem;border:1px solid #afb8c1;border-radius:.4rem}
textarea:focus,input[type=text]:focus,input[type=date]:focus,select:focus{outline:2px solid #b42318;outline-offset:0;border-color:#b42318}
textarea{min-height:7rem;field-sizing:content}
fieldset{border:0;padding:0;margin:.8rem 0 0}
legend{font-weight:600;padding:0;margin-bottom:.3rem}
fieldset label{display:inline-flex;align-items:center;gap:.5rem;font-weight:400;margin:0 1.5rem 0 0;min-height:2.75rem;cursor:pointer}
input[type=radio]{width:1.3rem;height:1.3rem;margin:0;accent-color:#b42318}
.buttons{display:flex;flex-wrap:wrap;gap:.6rem;margin-top:1rem}
button,a.button{display:inline-block;font:inherit;font-weight:600;padding:.6rem 1.2rem;min-height:2.75rem;min-width:6rem;border-radius:.4rem;border:1px solid #b42318;background:#b42318;color:#fff;text-decoration:none;cursor:pointer;text-align:center}
.buttons>button,.buttons>a.button{flex:1 1 auto}
button.secondary,a.button.secondary{background:#fff;color:#b42318}
a{color:#0b57d0}
p>a:not(.button){display:inline-block;padding:.6rem 0}
nav.office{background:#fff;border-bottom:1px solid #e3e5e8;padding:.4rem 1rem;display:flex;flex-wrap:wrap;gap:.2rem 1rem;align-items:center}
nav.office a{color:#b42318;font-weight:600;text-decoration:none}
nav.office a[aria-current]{text-decoration:underline}
nav.office .who{color:#57606a;font-size:.9rem;margin-left:auto}
nav.office form{margin:0;padding:0;border:0;background:none}
nav.office button{padding:.2rem .8rem}
body:has(nav.office) main{max-width:72rem}
table.ledger{width:100%;border-collapse:collapse;background:#fff;border:1px solid #e3e5e8}
table.ledger th,table.ledger td{padding:.4rem .5rem;border-bottom:1px solid #e3e5e8;text-align:left;vertical-align:top}
.late{color:#b42318;font-weight:600}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:flex-end}
form.filters label{margin:0}
form.filters label.check{font-weight:400}
form.filters select{width:auto;margin-left:.3rem}
@media (min-width:40.01rem){table.ledger td:not(:nth-child(2)):not(:nth-child(3)){white-space:nowrap}}
select,input[type=email]{font:inherit;padding:.4rem;border:1px solid #afb8c1;border-radius:.4rem;max-width:100%}
input[type=email]{width:100%}
@media (max-width:40rem){table.ledger thead{display:none}table.ledger tr{display:block;border-bottom:1px solid #d0d7de;padding:.3rem 0}table.ledger td{display:grid;grid-template-columns:4rem 1fr;gap:.5rem;border:0;padding:.1rem .5rem}table.ledger td::before{content:attr(data-label);color:#57606a}}
ul.tasks{list-style:none;margin:0;padding:0}
ul.tasks li{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem .8rem;padding:.5rem 0;border-bottom:1px solid #eaeef2}
ul.tasks .what{flex:1 1 8rem;font-weight:600}
ul.tasks .state{color:#57606a}
input[type=file]{width:100%;font:inherit}
ul.files{list-style:none;margin:0;padding:0}
ul.files li{display:flex;gap:.8rem;align-items:flex-start;padding:.5rem 0;border-top:1px solid #eaeef2}
ul.files li:first-child{border-top:0}
ul.files img{width:6rem;height:auto;max-height:8rem;object-fit:cover;border-radius:.3rem;border:1px solid #d0d7de}
ul.files li>div{min-width:0}
/* 工作日历 (web/office/calendar.ts): month grids, one per row on a phone, three or four across on a wide screen */
.months{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,16.5rem),1fr));gap:1rem;align-items:start}
section.month{margin:0;padding:.6rem}
section.month h2{margin:0 0 .4rem;font-size:1rem}
table.month{width:100%;border-collapse:separate;border-spacing:2px;table-layout:fixed;font-size:.9rem}
table.month th{font-weight:400;color:#57606a;font-size:.8rem}
table.month th.we{color:#b42318}
table.month td{text-align:center;vertical-align:top;height:2.3rem;padding:.1rem 0;border-radius:.25rem;line-height:1.2}
table.month td .n{display:block}
.work{background:#fff}
table.month td.work{border:1px solid #eaeef2}
.off.weekend{background:#eef1f4;color:#57606a}
.off.holiday{background:#fde7e4;color:#b42318;font-weight:600}
.work.makeup{background:#fff8c5;outline:2px dashed #bf8700;outline-offset:-2px}
.today{box-shadow:inset 0 0 0 2px #0b57d0}
.mark{font-size:.65rem;line-height:1}
.mark.opens{color:#0b57d0}
.mark.due{color:#b42318}
section.legend{display:flex;flex-wrap:wrap;gap:.4rem .8rem;align-items:center;padding:.6rem 1rem}
.key{display:inline-block;padding:0 .5rem;border-radius:.25rem;border:1px solid #d0d7de;font-size:.9rem}
section.legend .mark{font-size:.9rem}
ul.days{list-style:none;margin:.4rem 0 0;padding:0;font-size:.85rem}
ul.days li{padding:.15rem 0;border-top:1px solid #eaeef2}
ul.days a{padding:0}
ul.days .d{color:#57606a;font-variant-numeric:tabular-nums}
ul.days li.opens a{color:#0b57d0}
ul.days li.due a{color:#b42318}
nav.years{margin:0 0 .6rem}
nav.years a{display:inline-block;padding:.6rem 0;margin-right:1rem}
ul.trace{margin:.2rem 0 .8rem;padding-left:1.2rem;color:#424a53}
ol.duty-tasks{background:#fff;border:1px solid #e3e5e8;border-radius:.5rem;padding:.8rem .8rem .8rem 2rem}
/* 工作任务 (web/office/tasks.ts): a task's title wraps like a hazard's description */
table.ledger.tasks td:first-child{white-space:normal}
/* 专项行动 (web/office/campaigns.ts): the start form's fields and check boxes, the progress tables */
form.campaign-start input[type=text]{font:inherit;padding:.4rem;border:1px solid #afb8c1;border-radius:.4rem;width:100%}
fieldset.choices legend{font-weight:600}
fieldset.choices label{margin-right:1rem}
table.ledger.progress td:not(:first-child),table.ledger.progress th:not(:first-child){text-align:right}
@media (max-width:40rem){table.ledger.progress td:not(:first-child){text-align:left}}
/* office 看板 (web/office/dashboard.ts) */
ul.tiles{list-style:none;margin:0;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(8rem,1fr));gap:.6rem}
ul.tiles li{background:#fff;border:1px solid #e3e5e8;border-radius:.4rem;padding:.6rem .8rem;display:flex;flex-direction:column}
ul.tiles strong{font-size:1.8rem;line-height:1.2}
ul.tiles span{color:#57606a}
.chart{width:100%;height:16rem;margin:.5rem 0}
table.dash{margin-top:.5rem}
@media (min-width:64rem){div.charts{display:grid;grid-template-columns:1fr 1fr;gap:0 1rem;align-items:start}div.charts>section{min-width:0}}
/* 档案 (web/office/profile.ts): addresses and problem lines wrap; the YAML in a fixed-width font */
table.ledger.profile td{white-space:normal;overflow-wrap:anywhere}
textarea.profile{font-family:ui-monospace,Menlo,Consolas,monospace;min-height:16rem;font-size:.85rem}
ul.lines li{overflow-wrap:anywhere}
`;
