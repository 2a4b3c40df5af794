// The CLI's tables as a terminal shows them: columns aligned by the columns a character takes (a Chinese
// character two), fitted to the terminal's width by shortening the one free-text column and nothing else.

/** Terminal columns a code point takes: East Asian wide and full-width characters two, joiners and marks none. */
function codePointWidth(code: number): number {
  if ((code >= 0x300 && code <= 0x36f) || (code >= 0x200b && code <= 0x200d) || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
  return (code >= 0x1100 && code <= 0x115f) || // Hangul Jamo
    (code >= 0x2e80 && code <= 0xa4cf) || // CJK radicals, punctuation (、。「」), kana, ideographs, Yi
    (code >= 0xac00 && code <= 0xd7a3) || // Hangul syllables
    (code >= 0xf900 && code <= 0xfaff) || // CJK compatibility ideographs
    (code >= 0xfe10 && code <= 0xfe19) || // vertical forms
    (code >= 0xfe30 && code <= 0xfe6b) || // CJK compatibility and small forms
    (code >= 0xff00 && code <= 0xff60) || // full-width forms (，（）：ＡＢ)
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1f300 && code <= 0x1f64f) || // pictographs and emoticons
    (code >= 0x1f900 && code <= 0x1f9ff) ||
    (code >= 0x20000 && code <= 0x3fffd) // CJK extensions B and later: rare characters of names
    ? 2
    : 1;
}

/** Terminal columns a string takes. */
export function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      }
    }
    width += codePointWidth(code);
  }
  return width;
}

/** The text's start that fits `width` columns with `…` after it (the text itself when it fits). */
export function cutEnd(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let kept = '';
  let used = 1;
  for (const ch of text) {
    used += displayWidth(ch);
    if (used > width) break;
    kept += ch;
  }
  return `${kept}…`;
}

/**
 * A title cut in its middle so that its closing `（…）` — the enterprise, village or sector it is about —
 * stays whole: `2026年12月企业安…（青山化工有限公司）`. The name is kept even where it alone is wider.
 */
export function cutKeepingObject(title: string, width: number): string {
  if (displayWidth(title) <= width) return title;
  const open = objectStart(title);
  if (open === undefined) return cutEnd(title, width);
  const object = title.slice(open);
  const room = width - displayWidth(object);
  return room >= 2 ? `${cutEnd(title.slice(0, open), room)}${object}` : `…${object}`;
}

/** Where a title's closing parenthesised group starts (nested ones included), if it ends with one. */
function objectStart(title: string): number | undefined {
  if (!title.endsWith('）')) return undefined;
  let depth = 0;
  for (let i = title.length - 1; i > 0; i--) {
    if (title[i] === '）') depth++;
    else if (title[i] === '（' && --depth === 0) return i;
  }
  return undefined;
}

export interface TableOptions {
  /** The terminal's columns; Infinity prints every cell whole (--wide). */
  width: number;
  /** The free-text column that is shortened, alone, when the table is wider than `width`. */
  shrink?: { column: number; cut: (text: string, width: number) => string };
}

/** The narrowest a shrunk column is made, so a table on a very narrow terminal keeps a readable word of it. */
const SHRINK_FLOOR = 8;

export function table(headers: readonly string[], rows: readonly string[][], options: TableOptions): string {
  const cells = [headers, ...rows].map((r) => [...r]);
  // Each cell measured once (a list of a thousand hazards is measured in milliseconds); a shrunk cell again.
  const cellWidths = cells.map((r) => r.map(displayWidth));
  const columnWidth = (i: number) => Math.max(...cellWidths.map((w) => w[i] ?? 0));
  const widths = headers.map((_, i) => columnWidth(i));
  const total = widths.reduce((a, b) => a + b, 0) + 2 * (headers.length - 1);
  const shrink = options.shrink;
  if (shrink && total > options.width) {
    const k = shrink.column;
    const fit = Math.max(SHRINK_FLOOR, displayWidth(headers[k]!), widths[k]! - (total - options.width));
    for (let r = 1; r < cells.length; r++) {
      if (cellWidths[r]![k]! <= fit) continue;
      cells[r]![k] = shrink.cut(cells[r]![k]!, fit);
      cellWidths[r]![k] = displayWidth(cells[r]![k]!);
    }
    widths[k] = columnWidth(k);
  }
  const line = (r: readonly string[], w: number[]) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - w[i]!))).join('  ').trimEnd();
  return cells.map((r, k) => line(r, cellWidths[k]!)).join('\n');
}

/** A ledger list as a table: its headers, a row's cells, and the free-text column that gives way to the width. */
export interface LedgerTable<R> {
  headers: readonly string[];
  empty: string;
  cells: (row: R) => string[];
  shrink: NonNullable<TableOptions['shrink']>;
}

export function ledgerTable<R>(layout: LedgerTable<R>, rows: readonly R[], width: number): string {
  if (rows.length === 0) return layout.empty;
  return table(layout.headers, rows.map(layout.cells), { width, shrink: layout.shrink });
}
