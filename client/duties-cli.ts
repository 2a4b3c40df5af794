// `anwei duties preview | list | pause | resume | trigger`: the duty calendar planned ahead (no engine
// needed), and each duty's workflow seen and steered. An action loads the modules it uses when it runs.

import type { Command } from 'commander';
import { cliText } from '../domain/text/cli.ts';
import { json, out, readText, withDatabase, withEngine } from './cli-common.ts';
import type { PreviewOptions } from './duties.ts';

export function addDutiesCommands(program: Command): void {
  const duties = program.command('duties').description(cliText.duties.description);

  duties
    .command('preview')
    .description(cliText.duties.preview.description)
    .option('--days <n>', cliText.duties.preview.days, '365')
    .option('--from <YYYY-MM-DD>', cliText.duties.preview.from)
    .option('--profile <file>', cliText.duties.preview.profile)
    .option('--duty <编号>', cliText.duties.preview.duty)
    .option('--json', cliText.program.json)
    .action(async (o: PreviewOptions & { profile?: string; json?: boolean }) => {
      const { previewDuties, previewText, previewWindow, townFromDatabase, townFromProfileText } = await import('./duties.ts');
      previewWindow(o); // a bad --days or --from is named before the database is opened
      const town = o.profile ? townFromProfileText(readText(o.profile, cliText.profileFile), o.profile) : await withDatabase(townFromDatabase);
      const preview = previewDuties(town, o);
      if (o.json) json(preview);
      else out(previewText(preview));
    });

  duties
    .command('list')
    .description(cliText.duties.list)
    .action(async () => {
      const { listDuties } = await import('./duty-control.ts');
      await withEngine(async () => undefined, async (g) => {
        for (const line of await listDuties(g.db, g.client)) out(line);
      });
    });
  for (const command of ['pause', 'resume', 'trigger'] as const) {
    duties
      .command(`${command} <编号>`)
      .description(cliText.duties[command])
      .action(async (id: string) => {
        const { controlDuty, knownDuty } = await import('./duty-control.ts');
        // An unknown duty is named before the engine is needed.
        await withEngine((db) => knownDuty(db, id), async (g) => out(await controlDuty(g.db, g.client, command, id)));
      });
  }
}
