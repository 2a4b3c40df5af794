// `anwei task complete | list | show`: the duty tasks' ledger, and completing a task (client/tasks.ts).
// An action loads the modules it uses when it runs, so the program and its help stay light.

import { Option, type Command } from 'commander';
import type { TaskStatus } from '../domain/task.ts';
import { json, out, withDatabase, withEngine } from './cli-common.ts';
import { UserInputError } from './errors.ts';
import type { TaskFilter } from './task-ledger.ts';

const TASK_STATUSES: readonly TaskStatus[] = ['open', 'done', 'overdue', 'cancelled'];

export function addTaskCommands(program: Command): void {
  const task = program.command('task').description('工作任务（安委会会议、大检查、企业检查、节前检查、报告）：登记完成、查询');

  task
    .command('complete <id>')
    .description('登记任务完成（附完成佐证），停止提醒和督办；截止日期之后登记的记为逾期完成')
    .requiredOption('--by <人员编号>', '登记人（完成任务的人，或代为登记的人员）')
    .requiredOption('--evidence <佐证>', '完成佐证（会议纪要、检查记录、报告的说明或存放位置）')
    .option('--note <说明>', '补充说明')
    .action(async (id: string, o: { by: string; evidence: string; note?: string }) => {
      const payload = { by: o.by, evidence: o.evidence, ...(o.note ? { note: o.note } : {}) };
      const [{ checkTaskAction, complete: completeTask }, { taskViewText }] = await Promise.all([import('./tasks.ts'), import('./task-format.ts')]);
      await withEngine(
        (db) => checkTaskAction(db, 'complete', id, payload),
        async (g) => out(`已登记完成。${taskViewText(await completeTask(g, id, payload))}`),
      );
    });

  task
    .command('list')
    .description('任务台账；--overdue 只看逾期未完成的，并显示逾期多久')
    .option('--overdue', '只列逾期未完成的任务')
    .addOption(new Option('--status <状态>', 'open 办理中 / done 已完成 / overdue 已逾期 / cancelled 已取消').choices([...TASK_STATUSES]))
    .option('--assignee <人员编号>', '只看某人负责的任务')
    .option('--json', '输出 JSON')
    .action(async (o: TaskFilter & { json?: boolean }) => {
      if (o.overdue && o.status && o.status !== 'overdue') throw new UserInputError([`--overdue 与 --status ${o.status} 不能同时使用`]);
      const [{ listTasks }, { taskTable }] = await Promise.all([import('./task-ledger.ts'), import('./task-format.ts')]);
      await withDatabase(async (db) => {
        if (o.assignee && !(await db.prisma.person.findUnique({ where: { id: o.assignee } }))) {
          throw new UserInputError([`--assignee: 未知的人员 “${o.assignee}”（见档案 people）`]);
        }
        const rows = await listTasks(db, o);
        if (o.json) json(rows);
        else out(taskTable(rows));
      });
    });

  task
    .command('show <id>')
    .description('一项任务的全部情况：期限及其计算、办理经过、发出的通知')
    .option('--json', '输出 JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const [{ taskDetail }, { taskDetailText }] = await Promise.all([import('./task-ledger.ts'), import('./task-format.ts')]);
      await withDatabase(async (db) => {
        const detail = await taskDetail(db, id);
        if (!detail) throw new UserInputError([`未找到任务 ${id}（anwei task list 可查看全部任务）`]);
        if (o.json) json(detail);
        else out(taskDetailText(detail));
      });
    });
}
