// The town profile (town.yaml, contract §2): its types, and parsing with whole-file validation that
// reports every problem with its path and line. Pure: text in, result out; loading it is the caller's job.

import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, YAMLError } from 'yaml';
import { closest } from './closest.ts';
import { checkDuties } from './duties/check.ts';
import type { DutyEntry } from './duties/format.ts';
import { dutyEntrySchema, dutyKeys, dutyKeysAt } from './duties/schema.ts';
import { policySchema } from './policy.ts';
import type { PolicyOverrides } from './policy.ts';
import { formatPath, idSchema, invisibleCharacterProblem, keysWithin, z } from './schema.ts';
import { inputText } from './text/input.ts';
import { joinOr, profileText as T } from './text/profile.ts';
import { robotText } from './text/robots.ts';
import { isLocalDate, isWeekend, weekdayName } from './time.ts';
import type { LocalDate } from './time.ts';
import { repairColonSlips } from './yaml-colons.ts';
import { readTidyYaml, Written } from './yaml-quick.ts';

// ── the profile ─────────────────────────────────────────────────────────────────────────────────

export const ROLES = [
  'party_secretary',
  'town_head',
  'deputy_head',
  'office_head',
  'inspector',
  'village_supervisor',
] as const;

export type Role = (typeof ROLES)[number];

export const ENTERPRISE_CLASSES = ['A', 'B', 'C'] as const;

/** A: inspected monthly, B: quarterly, C: half-yearly (contract §4). */
export type EnterpriseClass = (typeof ENTERPRISE_CLASSES)[number];

export interface Person {
  id: string;
  name: string;
  role: Role;
  email: string;
  phone?: string;
  /** false: every notice by itself, never a daily digest (contract §8); default: the town's `policy.digest`. */
  digest?: boolean;
  /** When their daily digest goes out (HH:MM, Asia/Shanghai); default: the town's notice time, 09:00. */
  digestAt?: string;
  /** 11-digit mainland mobile: group robots @-mention the person by it. */
  mobile?: string;
  /**
   * How they hear of their notices (contract §8): `email` only (never @-mentioned by a robot), `robot` only
   * (no email for a notice a group post @-mentions them in; email still for one no group carries), or
   * `both` (the default).
   */
  channels?: PersonChannels;
}

export const PERSON_CHANNELS = ['email', 'robot', 'both'] as const;
export type PersonChannels = (typeof PERSON_CHANNELS)[number];

export const ROBOT_KINDS = ['wecom', 'dingtalk', 'feishu'] as const;
export type RobotKind = (typeof ROBOT_KINDS)[number];

/**
 * A group robot (contract §8): which group a notice about the town, a sector or a village also posts to.
 * `webhook` and `secret` name environment variables (`env:NAME`): the profile never holds a URL or a key.
 */
export interface Channel {
  id: string;
  kind: RobotKind;
  webhook: string;
  secret?: string;
  /** Every item's notices. */
  town?: boolean;
  sectors?: string[];
  villages?: string[];
}

/** `env:ANWEI_DINGTALK_TOWN` → `ANWEI_DINGTALK_TOWN`; undefined for anything else. */
export function envName(reference: string | undefined): string | undefined {
  return reference === undefined ? undefined : ENV_REFERENCE.exec(reference)?.[1];
}

const ENV_REFERENCE = /^env:([A-Za-z_][A-Za-z0-9_]*)$/;
export const MOBILE = /^1[3-9]\d{9}$/;

/** 一岗双责: every sector has a leader (first escalation level) and an inspector (does the work). */
export interface Sector {
  id: string;
  name: string;
  leader: string;
  inspector: string;
}

export interface Village {
  id: string;
  name: string;
  /** Writes the village's monthly report. */
  supervisor: string;
  /** The town leader in charge of the village (包村领导): first escalation level for village tasks. */
  leader: string;
}

export interface Principal {
  name: string;
  email: string;
  phone?: string;
}

export interface Enterprise {
  id: string;
  name: string;
  sector: string;
  class: EnterpriseClass;
  village?: string;
  address?: string;
  principal: Principal;
}

/** Day-by-day overrides of the official calendar; both lists are always present (possibly empty). */
export interface CalendarOverrides {
  /** Days off. */
  holidays: LocalDate[];
  /** Make-up working days (调休上班). */
  workdays: LocalDate[];
}

export interface Profile {
  town: string;
  /** The deputy head in charge of safety (分管安全): first escalation level for office duties. */
  safetyLeader: string;
  people: Person[];
  sectors: Sector[];
  villages: Village[];
  enterprises: Enterprise[];
  calendar: CalendarOverrides;
  policy: PolicyOverrides;
  /** Group robots (contract §8); absent: none. */
  channels?: Channel[];
  /**
   * Changes to the default duty calendar of contract §4 (domain/duties/defaults.ts): an entry with a default's id
   * changes the fields it gives, `enabled: false` removes it, a new id adds a duty. Absent or empty: the
   * default calendar as it is. effectiveDuties(profile) gives the duties that make tasks.
   */
  duties?: DutyEntry[];
}

export interface ProfileProblem {
  /** Where in the file, written like the contract: `enterprises[3].sector`; empty for the file itself. */
  path: string;
  /** 1-based line and column of the offending node, when the file has one. */
  line?: number;
  column?: number;
  /** zh-CN, for the person who edits the file. */
  message: string;
}

export type ParseProfileResult =
  | { ok: true; profile: Profile; warnings: ProfileProblem[] }
  | { ok: false; problems: ProfileProblem[] };

// ── shape ───────────────────────────────────────────────────────────────────────────────────────

const text = (max = 200) => z.string().trim().min(1).max(max);
const email = z
  .string()
  .trim()
  .pipe(z.email({ error: (iss) => (iss.code === 'invalid_format' ? T.badEmail(iss.input) : undefined) }));
const phone = text(40);
const WALL_CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const localDate = z.string().refine(isLocalDate, { error: (iss) => T.badDate(iss.input) });

const ROLE_CHOICES = ROLES.map((id) => ({ id, name: T.roleName[id] }));

const personSchema = z.strictObject({
  id: idSchema,
  name: text(),
  role: z.enum(ROLES, { error: (iss) => T.badRole(iss.input, ROLE_CHOICES) }),
  email,
  phone: phone.optional(),
  digest: z.boolean().optional(),
  digestAt: z.string().regex(WALL_CLOCK, { error: (iss) => T.badWallClock(iss.input) }).optional(),
  mobile: z.string().trim().regex(MOBILE, { error: (iss) => robotText.badMobile(iss.input) }).optional(),
  channels: z.enum(PERSON_CHANNELS, { error: (iss) => robotText.badPersonChannels(iss.input) }).optional(),
});

const envReference = (field: string) =>
  z.string().trim().regex(ENV_REFERENCE, { error: (iss) => robotText.notEnvReference(field, iss.input) });

const channelSchema = z.strictObject({
  id: idSchema,
  kind: z.enum(ROBOT_KINDS, { error: (iss) => robotText.badKind(iss.input) }),
  webhook: envReference('webhook'),
  secret: envReference('secret').optional(),
  town: z.boolean().optional(),
  sectors: z.array(idSchema).optional(),
  villages: z.array(idSchema).optional(),
});

const sectorSchema = z.strictObject({ id: idSchema, name: text(), leader: idSchema, inspector: idSchema });

const villageSchema = z.strictObject({ id: idSchema, name: text(), supervisor: idSchema, leader: idSchema });

const enterpriseSchema = z.strictObject({
  id: idSchema,
  name: text(),
  sector: idSchema,
  class: z.enum(ENTERPRISE_CLASSES, { error: (iss) => T.badClass(iss.input) }),
  village: idSchema.optional(),
  address: text(500).optional(),
  principal: z.strictObject({ name: text(), email, phone: phone.optional() }),
});

const calendarSchema = z
  .strictObject({ holidays: z.array(localDate).default([]), workdays: z.array(localDate).default([]) })
  .default({ holidays: [], workdays: [] });

const profileSchema = z.strictObject({
  town: text(),
  safetyLeader: idSchema,
  people: z.array(personSchema),
  sectors: z.array(sectorSchema),
  villages: z.array(villageSchema).default([]),
  enterprises: z.array(enterpriseSchema),
  calendar: calendarSchema,
  policy: policySchema.default({}),
  channels: z.array(channelSchema).optional(),
  duties: z.array(dutyEntrySchema).optional(),
});

// ── parsing ─────────────────────────────────────────────────────────────────────────────────────

type PathPart = string | number;

/** Which node of a path a problem points at: the value, its key, or the mapping that lacks it. */
type Anchor = 'value' | 'key' | 'container';

interface Found {
  path: PathPart[];
  message: string;
  anchor: Anchor;
  /** Set when the offending node is known directly (a duplicate key): no lookup by path. */
  offset?: number;
}

/** Every key a profile may have: a `key:value` typed without its space is told from a value holding a colon by these. */
const PROFILE_KEYS: ReadonlySet<string> = new Set([...keysWithin(profileSchema), ...dutyKeys()]);

/**
 * Parses and validates a whole profile. Every problem in the file is reported, errors and warnings
 * apart; the profile is returned only when there is no error at all (nothing half-valid is loaded).
 * A key typed without the space after its colon is named where it is, and the file is checked further
 * as if the space were there. A tidy file is read quickly (quickCheck); `quick: false` always reads it the
 * full way (the tests compare the two).
 */
export function parseProfile(source: string, options: { quick?: boolean } = {}): ParseProfileResult {
  const { slips, repaired, sourceColumn } = repairColonSlips(source, PROFILE_KEYS);
  if (slips.length === 0) return (options.quick === false ? undefined : quickCheck(source)) ?? checkProfileSource(source);
  const slipProblems = slips.map(
    (slip): ProfileProblem => ({ path: '', line: slip.line, column: slip.column, message: inputText.colonSlip(slip.written, slip.meant, slip.colon === '：') }),
  );
  const rest = checkProfileSource(repaired);
  const others = rest.ok
    ? []
    : rest.problems.map((p) => (p.line === undefined || p.column === undefined ? p : { ...p, column: sourceColumn(p.line, p.column) }));
  return { ok: false, problems: sortProblems([...slipProblems, ...others]) };
}

/**
 * A file with nothing to tell — no error, no warning — read quickly (domain/yaml-quick.ts): the same data,
 * the same checks, no syntax tree. Undefined as soon as anything would be reported or could be read
 * differently; checkProfileSource then reads it the full way and says what and where.
 */
function quickCheck(source: string): ParseProfileResult | undefined {
  const raw = settle(readTidyYaml(source));
  if (!isRecord(raw)) return undefined;
  const shaped = profileSchema.safeParse(raw);
  if (!shaped.success) return undefined;
  let clean = true;
  const flag = () => void (clean = false);
  crossCheck(raw, { error: flag, warning: flag, where: { line: () => undefined } });
  return clean ? { ok: true, profile: shaped.data, warnings: [] } : undefined;
}

/** Marks the quick reading given up: the full one reports what it met. */
const GAVE_UP = Symbol('gave up');

/**
 * The quick reader's data as normalize leaves the tree's (numbers as written unless they are counts), or
 * undefined when a key or text holds an invisible character (the full reading names it at its line).
 */
function settle(value: unknown): unknown {
  try {
    return settleOrThrow(value, [], false);
  } catch (error) {
    if (error === GAVE_UP) return undefined;
    throw error;
  }
}

/** `top`: the path's first part, all that keepsNumbers looks at below the root (no path is built per value). */
function settleOrThrow(value: unknown, top: readonly PathPart[], keep: boolean): unknown {
  if (value instanceof Written) return keep ? value.value : value.source;
  if (typeof value === 'string') {
    if (invisibleCharacterProblem(value, 'line')) throw GAVE_UP;
    return value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = settleOrThrow(value[i], top, keep);
  } else if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      if (invisibleCharacterProblem(key, 'line')) throw GAVE_UP;
      value[key] = settleOrThrow(value[key], top.length ? top : [key], keepsNumbers(top, key, keep));
    }
  }
  return value;
}

function checkProfileSource(source: string): ParseProfileResult {
  const lineCounter = new LineCounter();
  // Duplicate keys are found below with their path; the parser would only say "keys must be unique".
  const doc = parseDocument(source, { lineCounter, uniqueKeys: false, prettyErrors: true });
  const where = new Locator(doc, lineCounter);

  // A file that does not parse has no reliable structure to check further. After one mistake the
  // parser is lost and flags every line that follows (a single "：" gave 150 reports), so only the
  // first is reported; the rest of the file is checked once it parses.
  if (doc.errors.length > 0) {
    const [first] = sortProblems(doc.errors.map((e) => syntaxProblem(e, source)));
    return { ok: false, problems: first ? [first] : [] };
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    return { ok: false, problems: [{ path: '', message: T.emptyFile }] };
  }
  if (!isMap(root)) {
    const hint = source.includes('：') ? T.fullWidthHint(firstLineWith(source, '：'), '“：”') : '';
    return { ok: false, problems: [where.problem({ path: [], message: T.notAMapping(hint), anchor: 'value' })] };
  }

  const errors: Found[] = [];
  const warnings: Found[] = [];
  const unseen: Found[] = [];
  invisibleText(root, [], unseen);
  errors.push(...unseen);
  normalize(root, [], false, errors, where);

  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (error) {
    // Only an alias bomb (`&a` / `*a` expanding without end) gets here: the parser refuses to expand it.
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: '', message: T.syntax(T.syntaxOther, '', detail) }] };
  }
  const shaped = profileSchema.safeParse(raw, { reportInput: true });
  if (!shaped.success) {
    for (const issue of shaped.error.issues) errors.push(...shapeProblems(issue));
  }
  // A field whose shape is already wrong is not checked again for what it refers to.
  const flagged = new Set(errors.map((f) => formatPath(f.path)));
  crossCheck(raw as Record<string, unknown>, {
    error: (path, message, anchor = 'value') => {
      if (!flagged.has(formatPath(path))) errors.push({ path, message, anchor });
    },
    warning: (path, message, anchor = 'value') => warnings.push({ path, message, anchor }),
    where,
  });
  for (const w of doc.warnings) {
    warnings.push({ path: [], message: T.yamlWarning(yamlDetail(w)), anchor: 'value', offset: w.pos[0] });
  }

  if (errors.length > 0 || !shaped.success) {
    // An invisible character is named once, in its own words: a field's own check (an id's format, a
    // role's name) would quote it, and a key holding one would be printed in the path.
    const unseenAt = new Set(unseen.filter((f) => f.anchor === 'value').map((f) => formatPath(f.path)));
    const told = (f: Found) =>
      !unseen.includes(f) && (unseenAt.has(formatPath(f.path)) || f.path.some((part) => typeof part === 'string' && invisibleCharacterProblem(part, 'line')));
    return { ok: false, problems: sortProblems(dedupe(errors.filter((f) => !told(f)).map((f) => where.problem(f)))) };
  }
  const profile: Profile = shaped.data;
  return { ok: true, profile, warnings: sortProblems(dedupe(warnings.map((f) => where.problem(f)))) };
}

/** `town.yaml:23:5 enterprises[3].sector: 未知的行业领域 "hazhem"` */
export function formatProfileProblem(file: string, problem: ProfileProblem): string {
  const column = problem.column === undefined ? '' : `:${problem.column}`;
  const at = problem.line === undefined ? file : `${file}:${problem.line}${column}`;
  return problem.path ? `${at} ${problem.path}: ${problem.message}` : `${at} ${problem.message}`;
}

// ── the YAML tree ───────────────────────────────────────────────────────────────────────────────

/** Maps a path of the parsed data back to the line and column it was written at. */
class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  problem(found: Found): ProfileProblem {
    const offset = found.offset ?? this.offsetOf(found.path, found.anchor);
    const problem: ProfileProblem = { path: formatPath(found.path), message: found.message };
    if (offset !== undefined) {
      const { line, col } = this.lines.linePos(offset);
      problem.line = line;
      problem.column = col;
    }
    return problem;
  }

  line(path: readonly PathPart[]): number | undefined {
    return this.lineAtOffset(this.offsetOf(path, 'value'));
  }

  lineAtOffset(offset: number | undefined): number | undefined {
    return offset === undefined ? undefined : this.lines.linePos(offset).line;
  }

  /** The deepest node the path reaches: a problem under a missing mapping points at its parent. */
  private offsetOf(path: readonly PathPart[], anchor: Anchor): number | undefined {
    const steps = anchor === 'container' ? path.slice(0, -1) : path;
    let node: unknown = this.doc.contents;
    let key: unknown;
    let reached = 0;
    for (const step of steps) {
      if (isMap(node)) {
        // The last of duplicated keys, as the parsed data holds its value.
        const pair = node.items.findLast((p) => keyText(p.key) === String(step));
        if (!pair) break;
        key = pair.key;
        node = startOf(pair.value) === undefined ? pair.key : pair.value;
      } else if (isSeq(node) && typeof step === 'number' && step < node.items.length) {
        key = undefined;
        node = node.items[step];
      } else break;
      reached += 1;
    }
    const wantKey = anchor === 'key' && reached === steps.length;
    return (wantKey ? startOf(key) : undefined) ?? startOf(node);
  }
}

function startOf(node: unknown): number | undefined {
  const range = (node as { range?: readonly number[] | null } | null | undefined)?.range;
  return range?.[0];
}

function keyText(key: unknown): string | undefined {
  return isScalar(key) && key.value !== null && key.value !== undefined ? String(key.value) : undefined;
}

/** The keys of a `duties` entry whose values are numbers (counts of days, minutes). */
const DUTY_NUMBER_KEYS: ReadonlySet<string> = new Set([
  'workday', 'day', 'workdaysBefore', 'workdaysAfter', 'daysAfter', 'days', 'weeks',
  'durationMinutes', 'inviteWorkdaysBefore', 'reminderWorkdaysBefore', 'escalationWorkdays',
]);

/** Whether numbers under `key` (in the mapping at `path`) stay numbers: `policy`, and the counts in `duties`. */
function keepsNumbers(path: readonly PathPart[], key: string, inherited: boolean): boolean {
  return inherited || (path.length === 0 && key === 'policy') || (path[0] === 'duties' && DUTY_NUMBER_KEYS.has(key));
}

/**
 * Reads ids, phone numbers and dates as the text written — `id: 001` is "001", `phone: 057112345678`
 * keeps its 0 — and reports keys written twice in one mapping. `policy` holds real numbers and
 * in `duties` only the counts are numbers (`workday: 5`; an id there is still text: `person: 007`).
 */
function normalize(node: unknown, path: PathPart[], keepNumbers: boolean, errors: Found[], where: Locator): void {
  if (isMap(node)) {
    const seen = new Map<string, number | undefined>();
    for (const pair of node.items) {
      const key = keyText(pair.key);
      if (key === undefined) continue;
      const at = startOf(pair.key);
      if (seen.has(key)) {
        const first = seen.get(key);
        errors.push({ path: [...path, key], message: T.duplicateKey(key, where.lineAtOffset(first)), anchor: 'key', offset: at });
      } else seen.set(key, at);
      normalize(pair.value, [...path, key], keepsNumbers(path, key, keepNumbers), errors, where);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => normalize(item, [...path, i], keepNumbers, errors, where));
  } else if (isScalar(node) && !keepNumbers && typeof node.value === 'number' && node.type === 'PLAIN' && node.source) {
    node.value = node.source;
  }
}

/**
 * Every key and string of the file is one line of text people read: a name, an id, an address, a word
 * of the duty format. One that holds a control or bidi character is named at its line; a key's problem
 * is told at the mapping it is in, so the printed path never carries the character itself.
 */
function invisibleText(node: unknown, path: PathPart[], out: Found[]): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = keyText(pair.key);
      if (key === undefined) continue;
      const problem = invisibleCharacterProblem(key, 'line');
      const offset = startOf(pair.key);
      if (problem) out.push({ path, message: inputText.inKey(problem), anchor: 'key', ...(offset === undefined ? {} : { offset }) });
      else invisibleText(pair.value, [...path, key], out);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => invisibleText(item, [...path, i], out));
  } else if (isScalar(node) && typeof node.value === 'string') {
    const problem = invisibleCharacterProblem(node.value, 'line');
    const offset = startOf(node);
    if (problem) out.push({ path, message: problem, anchor: 'value', ...(offset === undefined ? {} : { offset }) });
  }
}

function syntaxProblem(error: YAMLError, source: string): ProfileProblem {
  const start = error.linePos?.[0];
  const detail = yamlDetail(error);
  const explanation = syntaxExplanation(error.code, detail);
  const problem: ProfileProblem = {
    path: '',
    message: T.syntax(explanation, start ? fullWidthHint(source, start.line) : '', detail),
  };
  if (start) {
    problem.line = start.line;
    problem.column = start.col;
  }
  return problem;
}

function syntaxExplanation(code: string, detail: string): string {
  // The parser notices an unclosed { or [ only at the next line, and calls it an indentation problem.
  if (/end with an? [}\]]/.test(detail)) return T.unclosedFlow;
  if (/followed by map values/.test(detail)) return T.missingColon;
  if (/Missing closing .?quote/.test(detail)) return T.unclosedQuote;
  return T.syntaxExplanation[code] ?? T.syntaxOther;
}

/** The parser's own sentence, without the source excerpt it appends. */
function yamlDetail(error: YAMLError): string {
  return (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '').trim();
}

/** Chinese punctuation typed in place of YAML's `:` `,` `{}` `[]` is the commonest reason a clerk's file does not parse. */
function fullWidthHint(source: string, line: number): string {
  const lines = source.split(/\r?\n/).map((l) => l.replace(/#.*$/, ''));
  // The parser often notices a line late, after blank and comment lines: look back to the last line with content.
  let previous = line - 1;
  while (previous > 1 && (lines[previous - 1] ?? '').trim() === '') previous -= 1;
  for (const n of [line, previous]) {
    const content = lines[n - 1] ?? '';
    const inFlow = /[{[｛［]/.test(content);
    const chars = [...new Set(content.match(inFlow ? /[：，｛｝［］]/g : /[：｛｝［］]/g) ?? [])];
    if (chars.length > 0) return T.fullWidthHint(n, chars.map((c) => `“${c}”`).join(''));
  }
  return '';
}

function firstLineWith(source: string, needle: string): number {
  return source.slice(0, Math.max(0, source.indexOf(needle))).split('\n').length;
}

// ── shape problems ──────────────────────────────────────────────────────────────────────────────

function shapeProblems(issue: z.core.$ZodIssue): Found[] {
  const path = issue.path.filter((p): p is PathPart => typeof p === 'string' || typeof p === 'number');
  if (issue.code === 'unrecognized_keys') {
    const allowed = keysAt(path);
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: T.unknownKey(key, closest(key, allowed), allowed),
      anchor: 'key' as const,
    }));
  }
  const input = (issue as { input?: unknown }).input;
  const last = path[path.length - 1];
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && input === undefined) {
    return [{ path, message: T.missing(String(last ?? '')), anchor: 'container' }];
  }
  return [{ path, message: shapeMessage(issue, input, last), anchor: 'value' }];
}

function shapeMessage(issue: z.core.$ZodIssue, input: unknown, last: PathPart | undefined): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = T.typeName[issue.expected] ?? issue.expected;
      return input === null ? T.empty(expected) : T.wrongType(expected, describeValue(input));
    }
    case 'too_small':
      if (issue.origin === 'string') return T.textEmpty;
      if (issue.origin === 'array' || issue.origin === 'set') return T.listTooShort(Number(issue.minimum));
      return T.numberMin(Number(issue.minimum), input);
    case 'too_big':
      if (issue.origin === 'string') return T.textTooLong(Number(issue.maximum));
      return T.numberMax(Number(issue.maximum), input);
    case 'invalid_format':
      if (issue.format === 'regex') return last === 'noticeTime' ? T.badTime(input) : T.withActual(issue.message, input);
      return issue.message;
    default:
      return issue.message;
  }
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return T.valueName.string(value);
  if (typeof value === 'number') return T.valueName.number(value);
  if (typeof value === 'boolean') return T.valueName.boolean(value);
  return Array.isArray(value) ? T.valueName.array : T.valueName.object;
}

/** The keys the schema allows at a path, for "unknown key" messages. */
function keysAt(path: readonly PathPart[]): string[] {
  let schema: unknown = profileSchema;
  for (const step of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodObject && typeof step === 'string') schema = (schema.shape as Record<string, unknown>)[step];
    else if (schema instanceof z.ZodArray && typeof step === 'number') schema = schema.element;
    else return path[0] === 'duties' && typeof path[1] === 'number' ? dutyKeysAt(path.slice(2)) : [];
  }
  schema = unwrap(schema);
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape);
  // Inside `duties`, fields take several shapes (domain/duties/schema.ts knows their keys).
  return path[0] === 'duties' && typeof path[1] === 'number' ? dutyKeysAt(path.slice(2)) : [];
}

function unwrap(schema: unknown): unknown {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable) s = s.unwrap();
  return s;
}

// ── cross-references ────────────────────────────────────────────────────────────────────────────

type RefKind = 'safetyLeader' | 'leader' | 'villageLeader' | 'inspector' | 'supervisor';

const LEADERS: readonly Role[] = ['deputy_head', 'town_head', 'party_secretary'];

/**
 * Who may fill which reference. An escalation target that is not a town leader is an error: the
 * overdue notice would go to someone with no authority over the work (一岗双责). Anything else
 * unusual — an office head leading a sector, a deputy head doing inspections — is a warning: small
 * towns do share jobs, and the engine still works.
 */
const ROLE_FIT: Record<RefKind, { expected: readonly Role[]; refused: readonly Role[] }> = {
  safetyLeader: { expected: ['deputy_head'], refused: ['inspector', 'village_supervisor'] },
  leader: { expected: LEADERS, refused: ['inspector', 'village_supervisor'] },
  villageLeader: { expected: LEADERS, refused: ['inspector', 'village_supervisor'] },
  inspector: { expected: ['inspector'], refused: [] },
  supervisor: { expected: ['village_supervisor'], refused: [] },
};

/** Roles the engine cannot do without: level-2 escalation and the office's own duties. */
const REQUIRED_ROLES: readonly Role[] = ['party_secretary', 'town_head', 'office_head'];

interface Sink {
  error(path: PathPart[], message: string, anchor?: Anchor): void;
  warning(path: PathPart[], message: string, anchor?: Anchor): void;
  where: Pick<Locator, 'line'>;
}

interface Entry {
  index: number;
  item: Record<string, unknown>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function entriesOf(root: Record<string, unknown>, section: string): Entry[] {
  const list = root[section];
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown, index) => (isRecord(item) ? [{ index, item }] : []));
}

/** Ids of one section, first occurrence wins; later ones are reported as duplicates. */
function registerIds(section: string, entries: Entry[], out: Sink): Map<string, Entry> {
  const ids = new Map<string, Entry>();
  for (const entry of entries) {
    const id = str(entry.item.id);
    // An id refused for an invisible character is no id: nothing may refer to it, nor be offered it.
    if (id === undefined || invisibleCharacterProblem(id, 'line')) continue;
    const first = ids.get(id);
    if (first) {
      const firstLine = out.where.line([section, first.index, 'id']);
      out.error([section, entry.index, 'id'], T.duplicateId(id, `${section}[${first.index}]`, firstLine));
    } else ids.set(id, entry);
  }
  return ids;
}

type SameValueMessage = (value: string, firstPath: string) => string;

function warnSameValue(section: string, field: string, entries: Entry[], out: Sink, message: SameValueMessage): void {
  const seen = new Map<string, number>();
  for (const { index, item } of entries) {
    const value = str(item[field]);
    if (value === undefined) continue;
    const key = value.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) seen.set(key, index);
    else out.warning([section, index, field], message(value, `${section}[${first}]`));
  }
}

function crossCheck(root: Record<string, unknown>, out: Sink): void {
  const people = entriesOf(root, 'people');
  const sectors = entriesOf(root, 'sectors');
  const villages = entriesOf(root, 'villages');
  const enterprises = entriesOf(root, 'enterprises');

  const personIds = registerIds('people', people, out);
  const sectorIds = registerIds('sectors', sectors, out);
  const villageIds = registerIds('villages', villages, out);
  const enterpriseIds = registerIds('enterprises', enterprises, out);

  const roleOf = (id: string): Role | undefined => {
    const role = personIds.get(id)?.item.role;
    return (ROLES as readonly unknown[]).includes(role) ? (role as Role) : undefined;
  };

  /** The id when it may be used (a refused role returns undefined: nothing more to say about it). */
  const checkPerson = (path: PathPart[], value: unknown, kind: RefKind): string | undefined => {
    const id = str(value);
    if (id === undefined) return undefined;
    const fit = ROLE_FIT[kind];
    const what = T.refName[kind];
    const expected = joinOr(fit.expected.map((r) => T.roleName[r]));
    if (!personIds.has(id)) {
      const everyone = [...personIds.keys()];
      const candidates = everyone.filter((p) => fit.expected.includes(roleOf(p) as Role));
      const suggestion = closest(id, candidates) ?? closest(id, everyone);
      out.error(path, T.unknownPerson(id, suggestion, expected, candidates));
      return undefined;
    }
    const role = roleOf(id);
    if (role === undefined || fit.expected.includes(role)) return id;
    if (fit.refused.includes(role)) {
      out.error(path, T.roleRefused(id, T.roleName[role], what, expected));
      return undefined;
    }
    out.warning(path, T.roleUnusual(id, T.roleName[role], what, expected));
    return id;
  };

  // Required roles: only worth saying once the people list itself is a list.
  if (Array.isArray(root.people)) {
    const present = new Set(people.map(({ item }) => item.role));
    for (const role of REQUIRED_ROLES) {
      if (!present.has(role)) out.error(['people'], T.missingRole(T.roleName[role], role, T.missingRoleWhy[role] ?? ''), 'key');
    }
  }

  checkPerson(['safetyLeader'], root.safetyLeader, 'safetyLeader');

  const inspecting = new Set<string>();
  for (const { index, item } of sectors) {
    const leader = checkPerson(['sectors', index, 'leader'], item.leader, 'leader');
    const inspector = checkPerson(['sectors', index, 'inspector'], item.inspector, 'inspector');
    if (inspector) inspecting.add(inspector);
    if (leader && leader === inspector) {
      out.error(['sectors', index, 'inspector'], T.samePerson(leader, T.refName.inspector, T.refName.leader));
    }
  }

  const supervising = new Set<string>();
  for (const { index, item } of villages) {
    const supervisor = checkPerson(['villages', index, 'supervisor'], item.supervisor, 'supervisor');
    const leader = checkPerson(['villages', index, 'leader'], item.leader, 'villageLeader');
    if (supervisor) supervising.add(supervisor);
    if (leader && leader === supervisor) {
      out.error(['villages', index, 'supervisor'], T.samePerson(leader, T.refName.supervisor, T.refName.villageLeader));
    }
  }

  const sectorList = [...sectorIds.keys()];
  const villageList = [...villageIds.keys()];
  for (const { index, item } of enterprises) {
    const sector = str(item.sector);
    if (sector !== undefined && !sectorIds.has(sector)) {
      out.error(['enterprises', index, 'sector'], T.unknownSector(sector, closest(sector, sectorList), sectorList));
    }
    const village = str(item.village);
    if (village !== undefined && !villageIds.has(village)) {
      out.error(['enterprises', index, 'village'], T.unknownVillage(village, closest(village, villageList), villageList));
    }
  }

  // People with nothing to do are legal, but usually a sector or village someone forgot to assign.
  for (const { index, item } of people) {
    const id = str(item.id);
    if (id === undefined || personIds.get(id)?.index !== index) continue;
    if (item.role === 'inspector' && !inspecting.has(id)) out.warning(['people', index, 'id'], T.idleInspector(id));
    if (item.role === 'village_supervisor' && !supervising.has(id)) out.warning(['people', index, 'id'], T.idleSupervisor(id));
    // A robot can only reach them by their mobile.
    if (item.channels === 'robot' && item.mobile === undefined) out.error(['people', index, 'channels'], robotText.robotNeedsMobile);
  }

  warnSameValue('people', 'name', people, out, T.duplicateName);
  warnSameValue('people', 'email', people, out, T.sharedEmail);
  warnSameValue('sectors', 'name', sectors, out, T.duplicateName);
  warnSameValue('villages', 'name', villages, out, T.duplicateName);
  warnSameValue('enterprises', 'name', enterprises, out, T.duplicateName);

  checkCalendar(root.calendar, out);
  checkChannels(entriesOf(root, 'channels'), sectorList, villageList, out);

  const roles = new Map([...personIds.keys()].map((id) => [id, String(personIds.get(id)!.item.role)]));
  const refs = { people: roles, sectors: sectorList, villages: villageList, enterprises: [...enterpriseIds.keys()] };
  for (const issue of checkDuties(root.duties, refs)) out.error(issue.path, issue.message, issue.anchor ?? 'value');
}

/** Group robots: unique ids, known sectors and villages, a target each, no secret on 企业微信, one group per variable. */
function checkChannels(channels: Entry[], sectorList: string[], villageList: string[], out: Sink): void {
  const ids = new Map<string, number>();
  const envs = new Map<string, string>();
  for (const { index, item } of channels) {
    const id = str(item.id);
    if (id !== undefined) {
      const first = ids.get(id);
      if (first === undefined) ids.set(id, index);
      else out.error(['channels', index, 'id'], robotText.duplicateChannel(id, `channels[${first}]`));
    }
    if (item.kind === 'wecom' && item.secret !== undefined) out.error(['channels', index, 'secret'], robotText.wecomSecret, 'key');
    const lists = [['sectors', sectorList, robotText.unknownSector], ['villages', villageList, robotText.unknownVillage]] as const;
    for (const [field, known, message] of lists) {
      const list: unknown[] = Array.isArray(item[field]) ? item[field] : [];
      list.forEach((value, i) => {
        const ref = str(value);
        if (ref !== undefined && !known.includes(ref)) out.error(['channels', index, field, i], message(ref, closest(ref, known), known));
      });
    }
    const targets = item.town === true || (Array.isArray(item.sectors) && item.sectors.length > 0) || (Array.isArray(item.villages) && item.villages.length > 0);
    if (!targets && id !== undefined) out.error(['channels', index], robotText.noTarget(id), 'key');
    for (const field of ['webhook', 'secret'] as const) {
      const name = envName(str(item[field]));
      if (name === undefined) continue;
      const first = envs.get(name);
      if (first === undefined) envs.set(name, `channels[${index}].${field}`);
      else if (field === 'webhook') out.error(['channels', index, field], robotText.sameEnv(name, first));
    }
  }
}

function checkCalendar(calendar: unknown, out: Sink): void {
  if (!isRecord(calendar)) return;
  const datesOf = (key: string) => {
    const list: unknown[] = Array.isArray(calendar[key]) ? calendar[key] : [];
    return list.flatMap((date, i) => (isLocalDate(date) ? [{ date, i }] : []));
  };
  const holidays = new Map<string, number>();
  for (const { date, i } of datesOf('holidays')) {
    if (!holidays.has(date)) holidays.set(date, i);
    if (isWeekend(date)) out.warning(['calendar', 'holidays', i], T.holidayOnWeekend(date, weekdayName(date)));
  }
  for (const { date, i } of datesOf('workdays')) {
    const clash = holidays.get(date);
    if (clash !== undefined) out.error(['calendar', 'workdays', i], T.dateInBoth(date, `calendar.holidays[${clash}]`));
    else if (!isWeekend(date)) out.warning(['calendar', 'workdays', i], T.workdayOnWeekday(date, weekdayName(date)));
  }
}

// ── helpers ─────────────────────────────────────────────────────────────────────────────────────

function sortProblems(problems: ProfileProblem[]): ProfileProblem[] {
  return problems.sort(
    (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || a.path.localeCompare(b.path),
  );
}

function dedupe(problems: ProfileProblem[]): ProfileProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}\u0000${p.message}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}
