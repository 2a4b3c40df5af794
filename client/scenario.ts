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
import { closeCampaignInputSchema, startCampaignInputSchema } from '../domain/campaign.ts';
import type { Profile } from '../domain/profile.ts';
import { completeTaskInputSchema, taskIdSchema } from '../domain/task.ts';
import { formatPath, idSchema, keysWithin, plainText, z } from '../domain/schema.ts';
import { formatInstant, parseInstant } from '../domain/time.ts';
import { inputText } from '../domain/text/input.ts';
import { scenarioText } from '../domain/text/scenario.ts';
import { repairColonSlips } from '../domain/yaml-colons.ts';

const record = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const withId = <S extends z.ZodObject>(schema: S) => schema.extend({ id: idSchema }).strict();

/** Every action a scenario may script, with the schema of its `with`. */
export const SCENARIO_ACTIONS = {
  'hazard.report': reportInputSchema,
  'hazard.ack': withId(ackInputSchema),
  'hazard.submit': withId(submitInputSchema),
  'hazard.verify': withId(verifyInputSchema),
  'hazard.extend': withId(extendInputSchema),
  'hazard.decide_extension': withId(decideInputSchema),
  'duty.complete': completeTaskInputSchema.extend({ task: taskIdSchema }).strict(),
  'campaign.start': startCampaignInputSchema,
  'campaign.close': withId(closeCampaignInputSchema),
} as const;

export type ScenarioActionName = keyof typeof SCENARIO_ACTIONS;

/** Actions of the contract that later issues implement; named so the refusal says so. */
const NOT_YET = new Set<string>([]);

export interface ScenarioAction {
  index: number;
  at: number;
  do: ScenarioActionName;
  with: Record<string, unknown> & { id?: string; task?: string };
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

const instant = z.string({ error: scenarioText.instant });
// The top level and each action are checked separately, so one bad part never hides the others.
const scenarioSchema = z
  .object({
    profile: plainText('line', { error: scenarioText.profilePath }).min(1, scenarioText.profilePath),
    start: instant,
    until: instant,
    actions: z.array(z.unknown(), { error: scenarioText.actionList }).default([]),
  })
  .strict();
// Not strict: an unknown field of an action is named separately, and its `with` is still checked.
const actionSchema = z.object({
  at: instant,
  do: plainText('line', { error: scenarioText.actionName }),
  with: z.record(z.string(), z.unknown()).default({}),
});

/** Every key a scenario may have: a `key:value` typed without its space is told from a value holding a colon by these. */
const SCENARIO_KEYS: ReadonlySet<string> = new Set(keysWithin(scenarioSchema, actionSchema, ...Object.values(SCENARIO_ACTIONS)));

/**
 * Parses a scenario. `now` is the real time: a simulation cannot start in the past (the
 * time-skipping server only moves forward from the present). A key typed without the space after
 * its colon is named at its line, and the file is checked further as if the space were there.
 */
export function parseScenario(
  source: string,
  file: string,
  now: number,
): { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[]; partial?: Scenario; reportedIds?: string[] } {
  const { slips, repaired: text } = repairColonSlips(source, SCENARIO_KEYS);
  const problems: ScenarioProblem[] = slips.map((slip) => ({
    path: '',
    line: slip.line,
    message: inputText.colonSlip(slip.written, slip.meant, slip.colon === '：'),
  }));
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      problems: [
        ...problems,
        ...doc.errors.map((e) => ({ path: '', line: lineCounter.linePos(e.pos[0]).line, message: scenarioText.yamlSyntax(e.message.split('\n')[0] ?? '') })),
      ],
    };
  }
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

  const js: unknown = doc.toJS();
  if (typeof js !== 'object' || js === null || Array.isArray(js)) {
    return { ok: false, problems: [{ path: '', line: 1, message: scenarioText.notAScenario }] };
  }
  /** A shape problem; an unknown field is named at its own line with the fields that may be there. */
  const addIssue = (prefix: (string | number)[], issue: z.core.$ZodIssue, fields: readonly string[]) => {
    const path = [...prefix, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) add([...path, key], scenarioText.unknownField(key, fields));
    } else add(path, issue.message);
  };
  const shaped = scenarioSchema.safeParse(js);
  if (!shaped.success) for (const issue of shaped.error.issues) addIssue([], issue, Object.keys(scenarioSchema.shape));
  const raw = js as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const time = (path: (string | number)[], value: string | undefined) => {
    if (value === undefined) return undefined; // its shape problem was named above
    const t = parseInstant(value);
    if (t === undefined) add(path, scenarioText.badInstant(value));
    return t;
  };
  const start = time(['start'], str(raw.start));
  const until = time(['until'], str(raw.until));
  if (start !== undefined && start < now - 60_000) {
    add(['start'], scenarioText.startPassed(formatInstant(start), formatInstant(now)));
  }
  if (start !== undefined && until !== undefined && until <= start) add(['until'], scenarioText.untilBeforeStart);

  const actions: ScenarioAction[] = [];
  /** Hazards reported by actions too broken to keep: later actions on them are not blamed for it. */
  const reportedIds: string[] = [];
  (Array.isArray(raw.actions) ? (raw.actions as unknown[]) : []).forEach((rawAction, index) => {
    for (const key of Object.keys(record(rawAction) ?? {})) {
      if (!(key in actionSchema.shape)) add(['actions', index, key], scenarioText.unknownField(key, Object.keys(actionSchema.shape)));
    }
    const shapedAction = actionSchema.safeParse(rawAction);
    if (!shapedAction.success) {
      for (const issue of shapedAction.error.issues) addIssue(['actions', index], issue, Object.keys(actionSchema.shape));
      const w = record(record(rawAction)?.with);
      if (record(rawAction)?.do === 'hazard.report' && typeof w?.id === 'string') reportedIds.push(w.id);
      return;
    }
    const action = shapedAction.data;
    const at = time(['actions', index, 'at'], action.at);
    if (at !== undefined && start !== undefined && until !== undefined && (at < start || at > until)) {
      add(['actions', index, 'at'], scenarioText.actionOutside(formatInstant(at), formatInstant(start), formatInstant(until)));
    }
    if (!(action.do in SCENARIO_ACTIONS)) {
      add(
        ['actions', index, 'do'],
        NOT_YET.has(action.do)
          ? scenarioText.actionNotSupported(action.do)
          : scenarioText.unknownAction(action.do, Object.keys(SCENARIO_ACTIONS)),
      );
      return;
    }
    const name = action.do as ScenarioActionName;
    const parsed = SCENARIO_ACTIONS[name].safeParse(action.with);
    if (!parsed.success) {
      const fields = Object.keys((SCENARIO_ACTIONS[name] as z.ZodObject).shape);
      for (const issue of parsed.error.issues) addIssue(['actions', index, 'with'], issue, issue.path.length ? [] : fields);
      if (name === 'hazard.report' && typeof action.with.id === 'string') reportedIds.push(action.with.id);
      return;
    }
    if (at !== undefined) actions.push({ index, at, do: name, with: parsed.data as ScenarioAction['with'] });
    else if (name === 'hazard.report' && typeof action.with.id === 'string') reportedIds.push(action.with.id);
  });

  const profile = str(raw.profile);
  const profileFile = profile ? (isAbsolute(profile) ? profile : resolve(dirname(file), profile)) : '';
  // Stable by time: actions at the same moment keep the order they were written in.
  actions.sort((a, b) => a.at - b.at || a.index - b.index);
  const scenario = { file, profileFile, start: start ?? 0, until: until ?? 0, actions };
  if (problems.length > 0 || start === undefined || until === undefined || !profile) {
    // What could be read is still checked against the profile, so every problem is named at once.
    return { ok: false, problems, partial: scenario, reportedIds };
  }
  return { ok: true, scenario };
}

/** Checks every id an action names against the profile, and that hazards are reported before use. */
export function crossCheckScenario(
  scenario: Scenario,
  profile: Profile,
  lineOf: (index: number, field?: string) => number | undefined,
  alsoReported: readonly string[] = [],
): ScenarioProblem[] {
  const problems: ScenarioProblem[] = [];
  const enterprises = new Set(profile.enterprises.map((e) => e.id));
  const people = new Set(profile.people.map((p) => p.id));
  const reported = new Set<string>(alsoReported);
  const completed = new Set<string>();
  const campaigns = new Set<string>();
  for (const action of scenario.actions) {
    const path = (field: string) => `actions[${action.index}].with.${field}`;
    const add = (field: string, message: string) => {
      const line = lineOf(action.index, field);
      problems.push({ path: path(field), ...(line ? { line } : {}), message });
    };
    const w = action.with;
    if (typeof w.by === 'string' && !people.has(w.by)) add('by', scenarioText.unknownPerson(w.by));
    if (action.do === 'duty.complete') {
      // Which tasks exist is the duty calendar's to say, at run time: a task not started is refused then.
      const task = String(w.task);
      if (completed.has(task)) add('task', scenarioText.taskCompletedBefore(task));
      completed.add(task);
      continue;
    }
    if (action.do === 'campaign.start' || action.do === 'campaign.close') {
      const id = String(w.id);
      if (action.do === 'campaign.close') {
        if (!campaigns.has(id)) add('id', scenarioText.campaignNotStarted(id));
        continue;
      }
      if (campaigns.has(id)) add('id', scenarioText.campaignStartedBefore(id));
      campaigns.add(id);
      const scope = (w.scope ?? {}) as { sectors?: string[]; villages?: string[]; enterprises?: string[] };
      const known = { sectors: new Set(profile.sectors.map((x) => x.id)), villages: new Set(profile.villages.map((x) => x.id)), enterprises };
      for (const field of ['sectors', 'villages', 'enterprises'] as const) {
        for (const ref of scope[field] ?? []) if (!known[field].has(ref)) add('scope', scenarioText.unknownScopeId(field, ref));
      }
      continue;
    }
    const id = String(w.id);
    if (action.do === 'hazard.report') {
      if (typeof w.campaign === 'string' && !campaigns.has(w.campaign)) add('campaign', scenarioText.campaignNotStarted(w.campaign));
      if (!enterprises.has(String(w.enterprise))) add('enterprise', scenarioText.unknownEnterprise(String(w.enterprise)));
      if (reported.has(id)) add('id', scenarioText.hazardReportedBefore(id));
      reported.add(id);
    } else if (!reported.has(id)) {
      add('id', scenarioText.hazardNotReported(id));
    }
  }
  return problems;
}

/** The line of an action's field (or of the action), for problems found after parsing. */
export function actionLines(text: string): (index: number, field?: string) => number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(repairColonSlips(text, SCENARIO_KEYS).repaired, { lineCounter });
  return (index, field) => {
    for (const path of field ? [['actions', index, 'with', field], ['actions', index]] : [['actions', index]]) {
      const node = doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
      if (node?.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
}
