// `anwei start` and `anwei simulate`: the engine run for real, or a scenario run on the time-skipping
// server with a scratch database and captured mail. Each loads the engine when it runs.

import type { Command } from 'commander';
import { cliText } from '../domain/text/cli.ts';
import { out } from './cli-common.ts';

export function addStartCommand(program: Command): void {
  program
    .command('start')
    .description(cliText.start.description)
    .addHelpText('after', cliText.start.settings)
    .action(async () => {
      const { start } = await import('./start.ts');
      await start();
    });
}

export function addSimulateCommand(program: Command): void {
  program
    .command('simulate <scenario>')
    .description(cliText.simulate.description)
    .option('--json', cliText.simulate.json)
    .action(async (file: string, o: { json?: boolean }) => {
      const [{ quietTemporalLogs }, { simulate }, { simulationText }] = await Promise.all([
        import('../worker/index.ts'),
        import('./simulate.ts'),
        import('./format.ts'),
      ]);
      // The time-skipping server lacks features the worker warns about; those warnings only confuse.
      quietTemporalLogs(process.env.ANWEI_DEBUG ? 'WARN' : 'ERROR');
      const result = await simulate(file, { log: (line) => process.stderr.write(`${line}\n`) });
      if (o.json) out(JSON.stringify(result));
      else out(simulationText(result));
    });
}
