// Which task a person means on the command line: the whole id, any unique start of it
// (`enterprise-inspection:2026-12:e0`), or the duty with the enterprise, village or sector it is about
// (`--duty enterprise-inspection --enterprise e001`). Several matches are refused, listed with their titles.

import type { TaskStatus } from '../domain/task.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { statusText } from '../domain/text/status.ts';
import { taskText } from '../domain/text/task.ts';
import type { Database } from '../prisma/client.ts';
import { UserInputError } from './errors.ts';
import { checkFilterIds } from './filters.ts';

export interface TaskWanted {
  /** The task's id, or its start. */
  id?: string | undefined;
  duty?: string | undefined;
  enterprise?: string | undefined;
  village?: string | undefined;
  sector?: string | undefined;
}

/** Matches listed in a refusal; the rest are counted. */
const LISTED_MAX = 10;

/**
 * The one task `wanted` names. `actionable` (completing a task) picks, among several matches, the only
 * one still open or overdue: a month's inspection once the earlier months are done.
 */
export async function resolveTaskId(db: Database, wanted: TaskWanted, options: { actionable?: boolean } = {}): Promise<string> {
  const { prisma } = db;
  const scopes = (['enterprise', 'village', 'sector'] as const).filter((kind) => wanted[kind] !== undefined);
  if (wanted.id === undefined && wanted.duty === undefined && scopes.length === 0) throw new UserInputError([taskText.lookup.nothingGiven]);
  if (scopes.length > 1) throw new UserInputError([taskText.lookup.oneScope(scopes.map((kind) => `--${kind}`))]);
  if (wanted.id !== undefined && (await prisma.task.count({ where: { id: wanted.id } })) > 0) return wanted.id;

  await checkFilterIds([
    { flag: '--duty', value: wanted.duty, what: taskText.lookup.duty, known: async () => (await prisma.task.findMany({ distinct: ['dutyId'], select: { dutyId: true } })).map((t) => t.dutyId) },
    { flag: '--enterprise', value: wanted.enterprise, what: ledgerText.filter.enterprise, known: async () => (await prisma.enterprise.findMany({ select: { id: true } })).map((e) => e.id) },
    { flag: '--village', value: wanted.village, what: ledgerText.filter.village, known: async () => (await prisma.village.findMany({ select: { id: true } })).map((v) => v.id) },
    { flag: '--sector', value: wanted.sector, what: ledgerText.filter.sector, known: async () => (await prisma.sector.findMany({ select: { id: true } })).map((s) => s.id) },
  ]);
  const scope = scopes[0];
  const found = await prisma.task.findMany({
    where: {
      ...(wanted.id !== undefined ? { id: { startsWith: wanted.id } } : {}),
      ...(wanted.duty !== undefined ? { dutyId: wanted.duty } : {}),
      ...(scope ? { scopeKind: scope, scopeId: wanted[scope] } : {}),
    },
    select: { id: true, title: true, status: true },
    orderBy: { id: 'asc' },
  });
  // The database's LIKE ignores case and reads _ as a wildcard: an id's start is compared exactly here.
  const matches = wanted.id === undefined ? found : found.filter((t) => t.id.startsWith(wanted.id!));
  const what = describe(wanted, scope);
  if (matches.length === 0) {
    // An id that starts no task goes on as typed: the command names it unknown together with its other problems.
    if (wanted.duty === undefined && !scope) return wanted.id!;
    throw new UserInputError([taskText.lookup.none(what)]);
  }
  if (matches.length === 1) return matches[0]!.id;
  const open = options.actionable ? matches.filter((t) => t.status === 'open' || t.status === 'overdue') : [];
  if (open.length === 1) return open[0]!.id;
  const listed = open.length > 1 ? open : matches;
  throw new UserInputError(
    [
      ...listed.slice(0, LISTED_MAX).map((t) => taskText.lookup.match(t.id, t.title, statusText.name(statusText.task, t.status as TaskStatus))),
      ...(listed.length > LISTED_MAX ? [taskText.lookup.more(listed.length - LISTED_MAX)] : []),
    ],
    taskText.lookup.several(what, listed.length),
  );
}

/** What was typed, as the refusal repeats it: `enterprise-inspection:2026`, `--duty … --enterprise e001`. */
function describe(wanted: TaskWanted, scope: 'enterprise' | 'village' | 'sector' | undefined): string {
  return [
    ...(wanted.id !== undefined ? [wanted.id] : []),
    ...(wanted.duty !== undefined ? [`--duty ${wanted.duty}`] : []),
    ...(scope ? [`--${scope} ${wanted[scope]}`] : []),
  ].join(' ');
}
