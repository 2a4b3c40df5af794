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

export function page(title: string, body: Html): string {
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
<main>
${body}
</main>
</body>
</html>
`.markup;
}

/** The stylesheet: readable on a 360 px phone, nothing fixed-width, long words wrapped. */
export const STYLESHEET = `*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:#1f2328;background:#f5f6f8;overflow-wrap:anywhere;word-break:break-word}
header.site{background:#b42318;color:#fff;padding:.6rem 1rem;font-weight:600}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.3rem;margin:.2rem 0 .8rem}
h2{font-size:1.1rem;margin:1.4rem 0 .6rem}
section,form{background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem;border:1px solid #e3e5e8}
dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:.3rem .8rem}
dt{color:#57606a}
dd{margin:0;min-width:0}
ol.timeline{list-style:none;margin:0;padding:0}
ol.timeline li{border-left:3px solid #d0d7de;padding:.1rem 0 .6rem .8rem;margin-left:.2rem}
.when{color:#57606a;font-size:.9rem;display:block}
.note{white-space:pre-wrap;color:#424a53}
.notice{background:#dafbe1;border:1px solid #4ac26b;border-radius:.5rem;padding:.8rem;margin-bottom:1rem}
.problems{background:#fff1f0;border:1px solid #f5a39b;border-radius:.5rem;padding:.8rem;margin-bottom:1rem}
.problems ul{margin:.3rem 0 0;padding-left:1.2rem}
label{display:block;font-weight:600;margin:.8rem 0 .3rem}
.hint{display:block;font-weight:400;color:#57606a;font-size:.9rem}
textarea,input[type=text]{width:100%;font:inherit;padding:.5rem;border:1px solid #afb8c1;border-radius:.4rem}
textarea{min-height:7rem}
fieldset{border:0;padding:0;margin:.8rem 0 0}
legend{font-weight:600;padding:0;margin-bottom:.3rem}
fieldset label{display:inline-block;font-weight:400;margin:0 1.2rem .3rem 0}
.buttons{display:flex;flex-wrap:wrap;gap:.6rem;margin-top:1rem}
button,a.button{display:inline-block;font:inherit;font-weight:600;padding:.6rem 1.2rem;border-radius:.4rem;border:1px solid #b42318;background:#b42318;color:#fff;text-decoration:none;cursor:pointer;text-align:center}
button.secondary,a.button.secondary{background:#fff;color:#b42318}
input[type=file]{width:100%;font:inherit}
ul.files{list-style:none;margin:0;padding:0}
ul.files li{display:flex;gap:.8rem;align-items:flex-start;padding:.5rem 0;border-top:1px solid #eaeef2}
ul.files li:first-child{border-top:0}
ul.files img{width:6rem;height:auto;max-height:8rem;object-fit:cover;border-radius:.3rem;border:1px solid #d0d7de}
ul.files li>div{min-width:0}
`;
