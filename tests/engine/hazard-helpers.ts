// Shared by the hazard engine tests (tests/engine/hazard-*.test.ts): report inputs for the fixture
// town, the notices a hazard received in the shape the contract's table speaks of, and a snapshot of
// everything a refusal must leave untouched.
//
// Fixture town (tests/fixtures/town.yaml), 2030 calendar as the tests use it:
//   Sep: 12 (Thu, 中秋) off; 28 (Sat) off; 29 (Sun) and 30 (Mon) worked (调休 before 国庆).
//   Oct: 01–07 off (国庆, the 5th and 6th are the weekend); 12 (Sat) worked (调休).
//   hazchem: leader lead, inspector insp; industry: leader lead2, inspector insp2.
//   e1 (hazchem) principal wang@e1.example; e3 (industry) principal zhang@e3.example.
//   head = town head, sec = party secretary.

import { expect } from 'vitest';
import { UserInputError } from '../../client/errors.ts';
import type { Engine } from '../support/engine.ts';
import { instant } from '../support/engine.ts';
import { formatInstant } from '../../domain/time.ts';

export const PLAN = {
  目标任务: '消除储罐区静电积聚引发火灾的风险',
  方法措施: '更换全部静电接地线并逐点检测',
  经费物资: '企业自筹 3 万元',
  机构人员: '企业主要负责人任组长，设备主管具体实施',
  时限要求: '限期内完成',
  安全措施和应急预案: '整改期间储罐区停止装卸作业，配备灭火器材，专人值守',
} as const;

/** A general hazard at e1 (hazchem), reported by the inspector; `extra` overrides any field. */
export function general(id: string, deadline: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return { id, enterprise: 'e1', level: 'general', description: '储罐区静电接地线断开', deadline, by: 'insp', ...extra };
}

/** A 重大 hazard at e1 with its full six-part plan and a date deadline. */
export function major(id: string, date: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    enterprise: 'e1',
    level: 'major',
    description: '液化气储罐安全阀失效',
    deadline: { date },
    by: 'insp',
    plan: { ...PLAN },
    ...extra,
  };
}

export interface Told {
  at: string;
  kind: string;
  to: string[];
}

/** Every notice sent about a hazard, oldest first, as `{ at, kind, to }`. */
export async function told(engine: Engine, ref: string): Promise<Told[]> {
  return (await engine.sent({ ref })).map(({ at, kind, to }) => ({ at, kind, to }));
}

/** A notice as one line, `at kind to,to`: a hazard's whole course reads as a list. */
export const line = (n: Told): string => `${n.at} ${n.kind} ${n.to.join(',')}`;

/** The escalation level an escalation notice was sent at, read from its subject (一级/二级). */
export async function escalationLevels(engine: Engine, ref: string): Promise<Array<{ at: string; level: number; to: string[] }>> {
  return (await engine.sent({ ref, kind: 'hazard.escalation' })).map((n) => ({
    at: n.at,
    level: n.subject.includes('二级') ? 2 : n.subject.includes('一级') ? 1 : 0,
    to: n.to,
  }));
}

/** Lets event notices (sent by the workflow right after an update) go out: one simulated minute. */
export async function settle(engine: Engine, ms = 60_000): Promise<void> {
  const now = await engine.now();
  await engine.advanceTo(formatInstant(now + ms));
}

/** Everything a refusal must leave as it was: the workflow's view and every row about the hazard. */
export async function snapshot(engine: Engine, id: string) {
  const { prisma } = engine.db;
  let state: unknown;
  try {
    state = await engine.state(id);
  } catch (error) {
    state = `no workflow (${(error as Error).name})`;
  }
  const hazard = await prisma.hazard.findUnique({ where: { id } });
  return {
    state,
    hazard,
    events: await prisma.hazardEvent.findMany({ where: { hazardId: id }, orderBy: { id: 'asc' } }),
    notices: await prisma.notice.findMany({ where: { ref: id }, orderBy: { id: 'asc' } }),
    deadlines: await prisma.deadlineComputation.findMany({ where: { subjectId: id }, orderBy: { id: 'asc' } }),
  };
}

/** Runs a command that must be refused; returns the refusal's message (every problem, zh-CN). */
export async function refused(work: Promise<unknown>): Promise<string> {
  let error: unknown;
  try {
    await work;
  } catch (e) {
    error = e;
  }
  expect(error, 'the command should have been refused').toBeInstanceOf(UserInputError);
  return (error as UserInputError).message;
}

/** Shanghai date-time `2030-09-02T10:00` → epoch ms (re-exported for readability). */
export const at = instant;
