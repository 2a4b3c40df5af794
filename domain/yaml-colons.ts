// A key typed without the space YAML needs after its colon (`town:青山镇`), or with the full-width colon of a
// Chinese input method (`town：青山镇`). YAML reads either as plain text, so the parser's first complaint lands
// lines later on an innocent key, or none comes at all. Found here where they are written, and repaired, so
// that the rest of the file can still be checked.

export interface ColonSlip {
  /** 1-based line and column of the key. */
  line: number;
  column: number;
  key: string;
  /** `:` with no space after it, or the full-width `：`. */
  colon: ':' | '：';
  /** The entry as written and as meant: `town:青山镇`, `town: 青山镇` (a long value cut short). */
  written: string;
  meant: string;
}

export interface ColonRepair {
  slips: ColonSlip[];
  /** The source with every slip written as meant: the same lines, a column shifted only after a slip on its line. */
  repaired: string;
  /** The source's column of a 1-based column in `repaired`. */
  sourceColumn(line: number, column: number): number;
}

const KEY_THEN_COLON = /^([A-Za-z_][A-Za-z0-9_]*)(:(?=\S)|：)/;
const ANY_KEY_THEN_COLON = /([A-Za-z_][A-Za-z0-9_]*)(?::(?=\S)|：)/g;
/** A block scalar's header at the end of a line (`note: |`, `- >-`): the lines under it are text. */
const BLOCK_SCALAR_HEADER = /(?:^|\s)[|>][-+1-9]*\s*$/;
const EXCERPT_MAX = 40;

/**
 * The slips of a YAML text. Only a key the file's format knows counts (`keys`): a value may hold a colon
 * (`http://…`, `env:VAR`, `- 09:30`), a key of the format never does. A key is looked for where a mapping
 * entry starts — a line's first word, after `- `, and after `{` or `,` inside braces or brackets — outside
 * quotes, comments and block scalars.
 */
export function repairColonSlips(source: string, keys: ReadonlySet<string>): ColonRepair {
  // Most files hold no slip at all: one pass over the whole text says so (a 50,000-enterprise profile took
  // 1.5 s in the line-by-line walk below). Every slip that walk finds is also a match here.
  if (!mayHoldSlip(source, keys)) return { slips: [], repaired: source, sourceColumn: (_line, column) => column };
  const lines = source.split('\n');
  const slips: ColonSlip[] = [];
  /** Per repaired line, the 0-based indexes where a space was inserted. */
  const inserted = new Map<number, number[]>();
  let flowDepth = 0;
  let blockScalarIndent: number | undefined;

  lines.forEach((line, i) => {
    const indent = line.length - line.trimStart().length;
    if (blockScalarIndent !== undefined) {
      if (line.trim() === '' || indent > blockScalarIndent) return;
      blockScalarIndent = undefined;
    }
    const code = maskQuotesAndComment(line);
    /** Where an entry may start on this line, and whether it is inside braces or brackets there. */
    const starts = [{ at: /^\s*(?:-\s+)*/.exec(code)![0].length, inFlow: flowDepth > 0 }];
    for (let at = 0; at < code.length; at++) {
      const ch = code[at]!;
      if (ch === '{' || ch === '[') flowDepth += 1;
      else if (ch === '}' || ch === ']') flowDepth = Math.max(0, flowDepth - 1);
      if (ch === '{' || (ch === ',' && flowDepth > 0)) starts.push({ at: at + 1 + /^\s*/.exec(code.slice(at + 1))![0].length, inFlow: true });
    }
    let repaired = line;
    let shift = 0;
    for (const { at: start, inFlow } of starts) {
      const m = KEY_THEN_COLON.exec(code.slice(start));
      if (!m || !keys.has(m[1]!)) continue;
      const key = m[1]!;
      const colon = m[2] as ':' | '：';
      const colonAt = start + key.length;
      // In braces a value ends at the next `,` or `}`; on a block line, at the line's end.
      const end = inFlow ? valueEnd(code, colonAt + 1) : code.trimEnd().length;
      slips.push({
        line: i + 1,
        column: start + 1,
        key,
        colon,
        written: excerpt(line.slice(start, end).trim()),
        meant: excerpt(`${key}: ${line.slice(colonAt + 1, end).trim()}`),
      });
      const spaced = /\s/.test(code[colonAt + 1] ?? '');
      const replacement = colon === '：' && spaced ? ':' : ': ';
      const at = colonAt + shift;
      repaired = repaired.slice(0, at) + replacement + repaired.slice(at + 1);
      if (replacement.length > 1) {
        inserted.set(i + 1, [...(inserted.get(i + 1) ?? []), at + 1]);
        shift += 1;
      }
    }
    lines[i] = repaired;
    if (flowDepth === 0 && BLOCK_SCALAR_HEADER.test(code.trimEnd())) blockScalarIndent = indent;
  });

  return {
    slips,
    repaired: lines.join('\n'),
    sourceColumn(line, column) {
      const before = (inserted.get(line) ?? []).filter((index) => index < column - 1).length;
      return column - before;
    },
  };
}

/** A key of the format written with a colon not followed by a space, or with `：`, anywhere in the text. */
function mayHoldSlip(source: string, keys: ReadonlySet<string>): boolean {
  for (const m of source.matchAll(ANY_KEY_THEN_COLON)) if (keys.has(m[1]!)) return true;
  return false;
}

/** The line with quoted text and any comment blanked out (same length), so only YAML's own signs remain. */
function maskQuotesAndComment(line: string): string {
  let out = '';
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      // '' inside single quotes and \x inside double quotes are one character of the text.
      const escaped = (quote === "'" && ch === "'" && line[i + 1] === "'") || (quote === '"' && ch === '\\' && i + 1 < line.length);
      if (escaped) {
        out += '  ';
        i += 1;
      } else if (ch === quote) {
        out += ch;
        quote = undefined;
      } else out += ' ';
      continue;
    }
    const before = out.trimEnd().slice(-1);
    if ((ch === '"' || ch === "'") && (before === '' || ':-{[,'.includes(before))) {
      quote = ch;
      out += ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return out + ' '.repeat(line.length - i);
    } else out += ch;
  }
  return out;
}

function valueEnd(code: string, from: number): number {
  for (let i = from; i < code.length; i++) if (code[i] === ',' || code[i] === '}' || code[i] === ']') return i;
  return code.trimEnd().length;
}

function excerpt(text: string): string {
  const chars = [...text];
  return chars.length > EXCERPT_MAX ? `${chars.slice(0, EXCERPT_MAX - 1).join('')}…` : text;
}
