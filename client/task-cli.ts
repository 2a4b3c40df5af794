// `anwei task complete | list | show`: the duty tasks' ledger, and completing a task (client/act.ts).
// An action loads the modules it uses when it runs, so the program and its help stay light.

import { Option, type Command } from 'commander';
import type { TaskStatus } from '../domain/task.ts';
import { cliText } from '../domain/text/cli.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { localDateOf } from '../domain/time.ts';
import { REQUEST_ID_OPTION, addShowCommand, out, printRows, retryCommand, withDatabase, withGateway } from './cli-common.ts';
import { UserInputError } from './errors.ts';
import type { TaskFilter } from './task-ledger.ts';
import type { TaskWanted } from './task-lookup.ts';

export const TASK_STATUSES: readonly TaskStatus[] = ['open', 'done', 'overdue', 'cancelled'];

/** The filters of `task list`, which `task export` takes too: the file holds what the list shows. */
const filterOptions = (cmd: Command) =>
  cmd
    .option('--overdue', cliText.task.list.overdue)
    .addOption(new Option('--status <状态>', cliText.task.list.status).choices([...TASK_STATUSES]))
    .option('--assignee <人员编号>', cliText.task.list.assignee)
    .option('--duty <工作编号>', cliText.task.list.duty)
    .option('--village <村编号>', cliText.task.list.village);

/** --overdue means status overdue: with another --status it would list nothing, so it is refused. */
export const overdueAndStatus = (o: TaskFilter): string | undefined => (o.overdue && o.status && o.status !== 'overdue' ? cliText.task.list.overdueAndStatus(o.status) : undefined);

export function addTaskCommands(program: Command): void {
  const task = program.command('task').description(cliText.task.description);

  task
    .command('complete [id]')
    .description(cliText.task.complete.description)
    .requiredOption('--by <人员编号>', cliText.task.complete.by)
    .requiredOption('--evidence <佐证>', cliText.task.complete.evidence)
    .option('--note <说明>', cliText.task.complete.note)
    .option('--duty <工作编号>', cliText.task.complete.duty)
    .option('--enterprise <企业编号>', cliText.task.complete.enterprise)
    .option('--village <村编号>', cliText.task.complete.village)
    .option('--sector <行业领域编号>', cliText.task.complete.sector)
    .option(REQUEST_ID_OPTION, cliText.requestId)
    .action(async (id: string | undefined, o: TaskWanted & { by: string; evidence: string; note?: string; requestId?: string }) => {
      const payload = { by: o.by, evidence: o.evidence, ...(o.note ? { note: o.note } : {}) };
      const [{ act }, { taskViewText }, { resolveTaskId }] = await Promise.all([import('./act.ts'), import('./task-format.ts'), import('./task-lookup.ts')]);
      const view = await withGateway(async (g) => {
        const taskId = await resolveTaskId(g.db, { ...o, id }, { actionable: true });
        return act(g, 'task', taskId, 'complete', payload, { ...(o.requestId ? { requestId: o.requestId } : {}), retryHint: (r) => retryCommand(r) });
      });
      out(cliText.task.complete.done(taskViewText(view)));
    });

  filterOptions(task.command('list').description(cliText.task.list.description))
    .option('--wide', cliText.program.wide)
    .option('--json', cliText.program.json)
    .action(async (o: TaskFilter & { json?: boolean; wide?: boolean }) => {
      const conflict = overdueAndStatus(o);
      if (conflict) throw new UserInputError([conflict]);
      const [{ listTasks }, { taskTable }] = await Promise.all([import('./task-ledger.ts'), import('./task-format.ts')]);
      await withDatabase(async (db) => printRows(await listTasks(db, o), o, taskTable));
    });

  filterOptions(task.command('export').description(cliText.task.export.description))
    .requiredOption('--out <文件>', cliText.task.export.out)
    .option('--force', cliText.task.export.force)
    .action(async (o: TaskFilter & { out: string; force?: boolean }) => {
      const conflict = overdueAndStatus(o);
      if (conflict) throw new UserInputError([conflict]);
      const { exportTasks } = await import('./task-export.ts');
      const { out: path, force, ...filter } = o;
      const target = { path, force: Boolean(force), option: '--out', exampleName: ledgerText.task.exportFile(localDateOf(Date.now())) };
      await withDatabase(async (db) => {
        const { bytes, count } = await exportTasks(db, filter, target);
        out(cliText.task.export.written(path, count, Math.ceil(bytes / 1024)));
      });
    });

  addShowCommand(task, { ...cliText.task.show, json: cliText.program.json }, async () => {
    const [{ taskDetail }, { taskDetailText }, { resolveTaskId }] = await Promise.all([import('./task-ledger.ts'), import('./task-format.ts'), import('./task-lookup.ts')]);
    return { detail: async (db, id) => taskDetail(db, await resolveTaskId(db, { id })), print: taskDetailText };
  });
}
