// The `anwei simulate` scenario file (contract §5): parsed and checked whole before anything runs,
// so a bad scenario names every problem at once — its shape, its times, and every id its actions
// refer to in the profile.

import { isAbsolute, resolve, dirname } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import {
  ackInputSchema,
  decideInputSchema,
  extendInputSchema,
  reportInputSchema,
  submitInputSchema,
  verifyInputSchema,
} from '../domain/hazard.ts';
import type { Profile } from '../domain/profile.ts';
import { formatPath, idSchema, z } from '../domain/schema.ts';
import { formatInstant, parseInstant } from '../domain/time.ts';

const withId = <S extends z.ZodObject>(schema: S) => schema.extend({ id: idSchema }).strict();

/** Every action a scenario may script, with the schema of its `with`. */
export const SCENARIO_ACTIONS = {
  'hazard.report': reportInputSchema,
  'hazard.ack': withId(ackInputSchema),
  'hazard.submit': withId(submitInputSchema),
  'hazard.verify': withId(verifyInputSchema),
  'hazard.extend': withId(extendInputSchema),
  'hazard.decide_extension': withId(decideInputSchema),
} as const;

export type ScenarioActionName = keyof typeof SCENARIO_ACTIONS;

/** Actions of the contract that later issues implement; named so the refusal says so. */
const NOT_YET = new Set(['duty.complete', 'campaign.start', 'campaign.close']);

export interface ScenarioAction {
  index: number;
  at: number;
  do: ScenarioActionName;
  with: Record<string, unknown> & { id?: string };
}

export interface Scenario {
  file: string;
  profileFile: string;
  start: number;
  until: number;
  actions: ScenarioAction[];
}

export interface ScenarioProblem {
  path: string;
  line?: number;
  message: string;
}

const instant = z.string({ error: '应为带时区的时间，如 2027-03-01T08:00:00+08:00' });
const scenarioSchema = z
  .object({
    profile: z.string({ error: '应为档案文件路径（相对于本文件）' }).min(1),
    start: instant,
    until: instant,
    actions: z
      .array(z.object({ at: instant, do: z.string({ error: '应为动作名，如 hazard.report' }), with: z.record(z.string(), z.unknown()).default({}) }).strict())
      .default([]),
  })
  .strict();

/**
 * Parses a scenario. `now` is the real time: a simulation cannot start in the past (the
 * time-skipping server only moves forward from the present).
 */
export function parseScenario(
  text: string,
  file: string,
  now: number,
): { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: doc.errors.map((e) => ({ path: '', line: lineCounter.linePos(e.pos[0]).line, message: `YAML 语法错误：${e.message.split('\n')[0]}` })),
    };
  }
  const problems: ScenarioProblem[] = [];
  const lineOf = (path: (string | number)[]) => {
    for (let p = path; p.length > 0; p = p.slice(0, -1)) {
      const node = doc.getIn(p, true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const add = (path: (string | number)[], message: string) => {
    const line = lineOf(path);
    problems.push({ path: formatPath(path), ...(line ? { line } : {}), message });
  };

  const shaped = scenarioSchema.safeParse(doc.toJS());
  if (!shaped.success) {
    for (const issue of shaped.error.issues) add(issue.path as (string | number)[], issue.message);
    return { ok: false, problems };
  }
  const raw = shaped.data;
  const time = (path: (string | number)[], value: string) => {
    const t = parseInstant(value);
    if (t === undefined) add(path, `不是有效的时间：${value}（应为 ISO 8601，如 2027-03-01T08:00:00+08:00）`);
    return t;
  };
  const start = time(['start'], raw.start);
  const until = time(['until'], raw.until);
  if (start !== undefined && start < now - 60_000) {
    add(['start'], `开始时间 ${formatInstant(start)} 已经过去（现在是 ${formatInstant(now)}）：模拟只能从现在或将来开始`);
  }
  if (start !== undefined && until !== undefined && until <= start) add(['until'], '结束时间应晚于开始时间');

  const actions: ScenarioAction[] = [];
  raw.actions.forEach((action, index) => {
    const at = time(['actions', index, 'at'], action.at);
    if (at !== undefined && start !== undefined && until !== undefined && (at < start || at > until)) {
      add(['actions', index, 'at'], `动作时间 ${formatInstant(at)} 不在模拟区间（${formatInstant(start)} 至 ${formatInstant(until)}）内`);
    }
    if (!(action.do in SCENARIO_ACTIONS)) {
      add(
        ['actions', index, 'do'],
        NOT_YET.has(action.do)
          ? `动作 ${action.do} 尚未支持（本版本只支持隐患动作）`
          : `未知的动作 “${action.do}”（可用：${Object.keys(SCENARIO_ACTIONS).join('、')}）`,
      );
      return;
    }
    const name = action.do as ScenarioActionName;
    const parsed = SCENARIO_ACTIONS[name].safeParse(action.with);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) add(['actions', index, 'with', ...(issue.path as (string | number)[])], issue.message);
      return;
    }
    if (at !== undefined) actions.push({ index, at, do: name, with: parsed.data as ScenarioAction['with'] });
  });
  if (problems.length > 0 || start === undefined || until === undefined) return { ok: false, problems };

  const profileFile = isAbsolute(raw.profile) ? raw.profile : resolve(dirname(file), raw.profile);
  // Stable by time: actions at the same moment keep the order they were written in.
  actions.sort((a, b) => a.at - b.at || a.index - b.index);
  return { ok: true, scenario: { file, profileFile, start, until, actions } };
}

/** Checks every id an action names against the profile, and that hazards are reported before use. */
export function crossCheckScenario(scenario: Scenario, profile: Profile, lineOf: (index: number) => number | undefined): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const enterprises = new Set(profile.enterprises.map((e) => e.id));
  const people = new Set(profile.people.map((p) => p.id));
  const reported = new Set<string>();
  for (const action of scenario.actions) {
    const path = (field: string) => `actions[${action.index}].with.${field}`;
    const line = lineOf(action.index);
    const add = (field: string, message: string) => problems.push({ path: path(field), ...(line ? { line } : {}), message });
    const w = action.with;
    if (typeof w.by === 'string' && !people.has(w.by)) add('by', `未知的人员 “${w.by}”（见档案 people）`);
    const id = String(w.id);
    if (action.do === 'hazard.report') {
      if (!enterprises.has(String(w.enterprise))) add('enterprise', `未知的企业 “${String(w.enterprise)}”（见档案 enterprises）`);
      if (reported.has(id)) add('id', `隐患 ${id} 已在前面上报过`);
      reported.add(id);
    } else if (!reported.has(id)) {
      add('id', `隐患 ${id} 未在此动作之前上报`);
    }
  }
  return problems;
}

/** The line an action starts on, for problems found after parsing. */
export function actionLines(text: string): (index: number) => number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return (index) => {
    const node = doc.getIn(['actions', index], true) as { range?: [number, number, number] } | undefined;
    return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  };
}
