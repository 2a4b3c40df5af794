// `anwei duties preview | list | pause | resume | trigger`: the duty calendar planned ahead (no engine
// needed), and each duty's workflow seen and steered. An action loads the modules it uses when it runs.

import type { Command } from 'commander';
import { json, out, readText, withDatabase, withEngine } from './cli-common.ts';
import type { PreviewOptions } from './duties.ts';

export function addDutiesCommands(program: Command): void {
  const duties = program.command('duties').description('工作日历（默认的安委会会议、大检查、企业检查、节前检查、月报、统计报表，及档案中 duties 的改动）');

  duties
    .command('preview')
    .description('列出工作日历将要创建的每项任务：编号、承办人、开始日和截止日及其计算过程（上线前核对一年的安排）')
    .option('--days <n>', '预览多少天', '365')
    .option('--from <YYYY-MM-DD>', '从哪天开始（默认今天）')
    .option('--profile <file>', '预览一个档案文件（不载入数据库；默认读取已载入的档案）')
    .option('--duty <编号>', '只看一项工作，如 committee-meeting')
    .option('--json', '输出 JSON')
    .action(async (o: PreviewOptions & { profile?: string; json?: boolean }) => {
      const { previewDuties, previewText, previewWindow, townFromDatabase, townFromProfileText } = await import('./duties.ts');
      previewWindow(o); // a bad --days or --from is named before the database is opened
      const town = o.profile ? townFromProfileText(readText(o.profile, '档案文件'), o.profile) : await withDatabase(townFromDatabase);
      const preview = previewDuties(town, o);
      if (o.json) json(preview);
      else out(previewText(preview));
    });

  duties
    .command('list')
    .description('每项工作的运行状态：是否暂停、下次创建任务的日期')
    .action(async () => {
      const { listDuties } = await import('./duty-control.ts');
      await withEngine(async () => undefined, async (g) => {
        for (const line of await listDuties(g.db, g.client)) out(line);
      });
    });
  for (const [command, description] of [
    ['pause', '暂停一项工作：不再创建新任务（已创建的任务照常提醒、督办）'],
    ['resume', '恢复一项工作：补建今天仍在办理期内的任务，之后按日历创建'],
    ['trigger', '立即补建一项工作今天仍在办理期内、尚未创建的任务'],
  ] as const) {
    duties
      .command(`${command} <编号>`)
      .description(description)
      .action(async (id: string) => {
        const { controlDuty, knownDuty } = await import('./duty-control.ts');
        // An unknown duty is named before the engine is needed.
        await withEngine((db) => knownDuty(db, id), async (g) => out(await controlDuty(g.db, g.client, command, id)));
      });
  }
}
