// Reading the task ledger for people: lists (what is late, whose, by how much) and one task's whole
// story (transitions, notices). Reads the database only.

import type { TaskSpec, TaskStatus } from '../domain/task.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { periodName } from '../domain/text/task.ts';
import { statusText } from '../domain/text/status.ts';
import { localDateOf, type LocalDate } from '../domain/time.ts';
import type { Database, Prisma } from '../prisma/client.ts';
import { checkFilterIds } from './filters.ts';
import { mostOverdueFirst, overdueCounter } from './overdue.ts';
import { actorNames, storyFiles, storyOf, when } from './story.ts';

export interface TaskFilter {
  /** Only tasks past their due date and not done (status overdue). */
  overdue?: boolean;
  assignee?: string;
  status?: TaskStatus;
  /** A duty's (or a campaign's) tasks. */
  duty?: string;
  /** The tasks of a village: those for the village itself and for its enterprises. */
  village?: string;
  /** Conditions every row must also meet: who may see it (domain/visibility.ts). */
  also?: readonly Prisma.TaskWhereInput[];
}

export interface TaskRow {
  id: string;
  title: string;
  dutyId: string;
  period: string;
  assignee: string;
  assigneeName: string;
  status: TaskStatus;
  opensOn: LocalDate;
  due: LocalDate;
  late: boolean;
  completedAt: string | null;
  /** Calendar days past the due date, for tasks not done whose due date has ended. */
  daysOverdue: number;
  workdaysOverdue: number;
  escalationLevel: number;
  nextNoticeAt: string | null;
}

export async function listTasks(db: Database, filter: TaskFilter, now = Date.now()): Promise<TaskRow[]> {
  const { prisma } = db;
  const today = localDateOf(now);
  await checkFilterIds([
    { flag: '--assignee', value: filter.assignee, what: ledgerText.filter.person, known: async () => (await prisma.person.findMany({ select: { id: true } })).map((p) => p.id) },
    { flag: '--duty', value: filter.duty, what: ledgerText.filter.duty, known: async () => (await prisma.task.findMany({ select: { dutyId: true }, distinct: ['dutyId'] })).map((t) => t.dutyId) },
    { flag: '--village', value: filter.village, what: ledgerText.filter.village, known: async () => (await prisma.village.findMany({ select: { id: true } })).map((v) => v.id) },
  ]);
  const inVillage = async (village: string): Promise<Prisma.TaskWhereInput> => ({
    OR: [
      { scopeKind: 'village', scopeId: village },
      { scopeKind: 'enterprise', scopeId: { in: (await prisma.enterprise.findMany({ where: { villageId: village }, select: { id: true } })).map((e) => e.id) } },
    ],
  });
  const also = [...(filter.village ? [await inVillage(filter.village)] : []), ...(filter.also ?? [])];
  const tasks = await prisma.task.findMany({
    where: {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.overdue ? { status: 'overdue' } : {}),
      ...(filter.assignee ? { assigneeId: filter.assignee } : {}),
      ...(filter.duty ? { dutyId: filter.duty } : {}),
      ...(also.length ? { AND: also } : {}),
    },
    orderBy: [{ due: 'asc' }, { id: 'asc' }],
    // The columns a row shows: not the spec and the workflow's state, which can be long.
    select: {
      id: true,
      title: true,
      dutyId: true,
      period: true,
      assigneeId: true,
      status: true,
      opensOn: true,
      due: true,
      late: true,
      completedAt: true,
      escalationLevel: true,
      nextNoticeAt: true,
    },
  });
  const names = new Map((await prisma.person.findMany({ select: { id: true, name: true } })).map((p) => [p.id, p.name]));
  const overdue = await overdueCounter(db, tasks.map((t) => t.due), today);
  const rows = tasks.map((t) => {
    const { daysOverdue, workdaysOverdue } = overdue(t.due, t.status === 'open' || t.status === 'overdue');
    return {
      id: t.id,
      title: t.title,
      dutyId: t.dutyId,
      period: t.period,
      assignee: t.assigneeId,
      assigneeName: names.get(t.assigneeId) ?? t.assigneeId,
      status: t.status as TaskStatus,
      opensOn: t.opensOn,
      due: t.due,
      late: t.late,
      completedAt: when(t.completedAt),
      daysOverdue,
      workdaysOverdue,
      escalationLevel: t.escalationLevel,
      nextNoticeAt: when(t.nextNoticeAt),
    };
  });
  return filter.overdue ? mostOverdueFirst(rows) : rows;
}

export async function taskDetail(db: Database, id: string) {
  const { prisma } = db;
  const task = await prisma.task.findUnique({ where: { id } });
  if (!task) return undefined;
  const [events, notices, people] = await Promise.all([
    prisma.taskEvent.findMany({ where: { taskId: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    prisma.notice.findMany({ where: { ref: id }, orderBy: [{ at: 'asc' }, { id: 'asc' }] }),
    prisma.person.findMany({ select: { id: true, name: true } }),
  ]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  const who = await actorNames(db);
  const spec = JSON.parse(task.specJson) as TaskSpec;
  return {
    id: task.id,
    title: task.title,
    duty: { id: task.dutyId, name: spec.dutyName },
    period: task.period,
    periodName: periodName(task.period),
    scope: task.scopeKind && task.scopeId ? { kind: task.scopeKind, id: task.scopeId } : null,
    assignee: { id: task.assigneeId, name: names.get(task.assigneeId) ?? task.assigneeId },
    level1: spec.level1,
    status: task.status as TaskStatus,
    statusName: statusText.name(statusText.task, task.status),
    opensOn: task.opensOn,
    opensTrace: spec.opensTrace,
    due: task.due,
    dueTrace: task.dueTrace,
    proof: spec.proof,
    meeting: spec.meeting ?? null,
    late: task.late,
    completedAt: when(task.completedAt),
    completedBy: task.completedBy,
    completedByName: who(task.completedBy),
    evidence: task.evidence,
    escalationLevel: task.escalationLevel,
    nextNoticeAt: when(task.nextNoticeAt),
    ...storyOf(events, notices, who),
    files: await storyFiles(db, 'task', task.id, who),
  };
}

export type TaskDetail = NonNullable<Awaited<ReturnType<typeof taskDetail>>>;
