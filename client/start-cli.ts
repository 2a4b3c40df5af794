// `anwei start`, `anwei worker` and `anwei simulate`: the engine run for real (or one more worker of it), or a scenario run on the time-skipping
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

export function addWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description(cliText.worker.description)
    .addHelpText('after', cliText.worker.settings)
    .action(async () => {
      const { start } = await import('./start.ts');
      await start(process.env, 'worker');
    });
}

export function addSimulateCommand(program: Command): void {
  program
    .command('simulate <scenario>')
    .description(cliText.simulate.description)
    .option('--json', cliText.simulate.json)
    .option('--ref <id>', cliText.simulate.ref)
    .option('--kind <kind>', cliText.simulate.kind)
    .option('--to <address>', cliText.simulate.to)
    .action(async (file: string, o: { json?: boolean; ref?: string; kind?: string; to?: string }) => {
      const [{ quietTemporalLogs }, { simulate }, { simulationText }] = await Promise.all([
        import('../worker/index.ts'),
        import('./simulate.ts'),
        import('./format.ts'),
      ]);
      // The time-skipping server lacks features the worker warns about; those warnings only confuse.
      quietTemporalLogs(process.env.ANWEI_DEBUG ? 'WARN' : 'ERROR');
      const { filterSimulation } = await import('./simulate.ts');
      const result = filterSimulation(await simulate(file, { log: (line) => process.stderr.write(`${line}\n`) }), o);
      // The JSON of contract §5 and §8; the emails themselves are the timeline's.
      const { messages: _timeline, ...json } = result;
      if (o.json) out(JSON.stringify(json));
      else out(simulationText(result));
    });
}
