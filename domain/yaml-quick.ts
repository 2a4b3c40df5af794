// A quick reader for a tidy YAML file: the same data as `yaml`'s parseDocument + toJS gives it, in about a
// tenth of the time and memory (js-yaml builds the values straight from the parser's events; `yaml` builds a
// syntax tree first, 5–6 s and about 780 MB for a 50,000-enterprise profile, bench/profile.ts). It keeps no
// lines, so it answers only for a file that needs none: anything the two parsers might read differently, or
// that would be reported with a line, makes it give up (undefined) and the caller reads the file the full way.
// Pure, like the rest of domain/.

import {
  constructFromEvents,
  CORE_SCHEMA,
  defineMappingTag,
  defineScalarTag,
  EVENT_ID,
  floatCoreTag,
  intCoreTag,
  NOT_RESOLVED,
  parseEvents,
  COLLECTION_STYLE,
  type Event,
  type ScalarTagDefinition,
} from 'js-yaml';

/** A plain scalar read as a number, with the text it was written as: whether it stays a number is the caller's. */
export class Written {
  constructor(
    readonly source: string,
    readonly value: number,
  ) {}
}

/** The core schema's number, kept with its text (`id: 001` is "001" unless the caller wants the number). */
function written(tag: ScalarTagDefinition<unknown>) {
  return defineScalarTag(tag.tagName, {
    implicit: tag.implicit,
    implicitFirstChars: tag.implicitFirstChars,
    resolve: (source, isExplicit, tagName) => {
      const value = tag.resolve(source, isExplicit, tagName);
      return value === NOT_RESOLVED ? NOT_RESOLVED : new Written(source, value as number);
    },
    identify: () => false,
  });
}

/** Mappings as plain objects with text keys only: a number, null or `__proto__` as a key gives up. */
const textKeyMap = defineMappingTag('tag:yaml.org,2002:map', {
  create: (): Record<string, unknown> => ({}),
  addPair: (map, key, value) => {
    if (typeof key !== 'string' || key === '__proto__') return 'not a text key';
    map[key] = value;
    return '';
  },
  has: (map, key) => typeof key === 'string' && Object.hasOwn(map, key),
  keys: (map) => Object.keys(map),
  get: (map, key) => (typeof key === 'string' && Object.hasOwn(map, key) ? map[key] : null),
  identify: () => false,
});

const SCHEMA = CORE_SCHEMA.withTags(written(intCoreTag), written(floatCoreTag), textKeyMap);

/**
 * The one document of `source` as data, numbers as Written, or undefined when it is not tidy: not one
 * document, a syntax error, a key written twice, a directive, tag, anchor or alias, or a flow collection
 * (`{ … }`, `[ … ]`) over several lines whose later lines are not indented further than its first (`yaml`
 * warns of some of those and refuses others; js-yaml checks less).
 */
export function readTidyYaml(source: string): unknown {
  let events: Event[];
  try {
    events = parseEvents(source, {});
  } catch {
    return undefined;
  }
  if (!tidy(events, source)) return undefined;
  try {
    const documents = constructFromEvents(events, { source, schema: SCHEMA, maxAliases: 0 });
    return documents.length === 1 ? documents[0] : undefined;
  } catch {
    return undefined;
  }
}

/** An open collection while the events are walked. */
interface Open {
  /** In a flow collection: the outermost one's first line (where it starts and ends) and that line's indentation. */
  flow?: { lineStart: number; lineEnd: number; indent: number };
  /** Where its last child ends (a scalar's closing quote, a flow collection's bracket): what follows is its own. */
  lastEnd: number;
}

function tidy(events: Event[], source: string): boolean {
  const indentAt = (lineStart: number) => {
    let i = lineStart;
    while (source[i] === ' ') i++;
    return i - lineStart;
  };
  const lineStartOf = (offset: number) => source.lastIndexOf('\n', offset - 1) + 1;
  // Inside a flow collection, a later line must be indented further than the collection's first.
  const inFlowLine = (flow: Open['flow'], offset: number) => {
    if (!flow || offset < flow.lineEnd) return true;
    const lineStart = lineStartOf(offset);
    return lineStart === flow.lineStart || indentAt(lineStart) > flow.indent;
  };
  const open: Open[] = [];
  let documents = 0;
  for (const event of events) {
    const parent = open.at(-1);
    switch (event.type) {
      case EVENT_ID.DOCUMENT:
        if (++documents > 1 || event.directives.length > 0) return false;
        open.push({ lastEnd: 0 });
        break;
      case EVENT_ID.SEQUENCE:
      case EVENT_ID.MAPPING: {
        if (event.anchorStart !== -1 || event.tagStart !== -1) return false;
        if (!inFlowLine(parent?.flow, event.start)) return false;
        let flow = parent?.flow;
        if (!flow && event.style === COLLECTION_STYLE.FLOW) {
          const lineStart = lineStartOf(event.start);
          const lineEnd = source.indexOf('\n', event.start);
          flow = { lineStart, lineEnd: lineEnd === -1 ? source.length : lineEnd, indent: indentAt(lineStart) };
        }
        open.push({ ...(flow ? { flow } : {}), lastEnd: event.start + (event.style === COLLECTION_STYLE.FLOW ? 1 : 0) });
        break;
      }
      case EVENT_ID.SCALAR: {
        if (event.anchorStart !== -1 || event.tagStart !== -1) return false;
        if (!inFlowLine(parent?.flow, event.valueStart) || !parent) return false;
        const quoted = source[event.valueEnd] === '"' || source[event.valueEnd] === "'";
        parent.lastEnd = Math.max(parent.lastEnd, event.valueEnd + (quoted && event.style !== 1 ? 1 : 0));
        break;
      }
      case EVENT_ID.ALIAS:
        return false;
      case EVENT_ID.POP: {
        const closed = open.pop();
        if (!closed) return false;
        let end = closed.lastEnd;
        if (closed.flow) {
          const bracket = closingBracket(source, closed.lastEnd);
          if (bracket === undefined || !inFlowLine(closed.flow, bracket)) return false;
          end = bracket + 1;
        }
        const outer = open.at(-1);
        if (outer) outer.lastEnd = Math.max(outer.lastEnd, end);
        break;
      }
    }
  }
  return documents === 1;
}

/** The `}` or `]` that closes a flow collection whose last child ends at `from`; undefined for anything unforeseen. */
function closingBracket(source: string, from: number): number | undefined {
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === '}' || c === ']') return i;
    if (c === '#') {
      const lineEnd = source.indexOf('\n', i);
      if (lineEnd === -1) return undefined;
      i = lineEnd;
    } else if (c !== ' ' && c !== ',' && c !== '\n' && c !== '\r' && c !== '\t') return undefined;
  }
  return undefined;
}
