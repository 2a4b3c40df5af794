// `anwei`: the command line of the town safety office. Exit codes: 0 done, 2 bad input (every
// problem named, a database not migrated yet), 1 anything else (engine not running, database
// unreachable…). Each noun's commands are defined in its own module (client/<noun>-cli.ts); what a
// command runs is loaded when it runs, so `anwei --help` loads only commander and these definitions.

import { Command, CommanderError } from 'commander';
import { cliText } from '../domain/text/cli.ts';
import { addCampaignCommands } from './campaign-cli.ts';
import { addDutiesCommands } from './duties-cli.ts';
import { EXIT_BAD_INPUT, TemporalUnavailableError, UnclearOutcomeError, UserInputError } from './errors.ts';
import { addHazardCommands } from './hazard-cli.ts';
import { addProfileCommands } from './profile-cli.ts';
import { addSimulateCommand, addStartCommand, addWorkerCommand } from './start-cli.ts';
import { addTaskCommands } from './task-cli.ts';

export function buildProgram(): Command {
  const program = new Command('anwei')
    .description(cliText.program.description)
    .helpOption('-h, --help', cliText.program.help)
    .helpCommand('help [命令]', cliText.program.helpCommand)
    // Usage errors are printed by main(), in Chinese; configured before the commands are added so every
    // subcommand inherits it (commander copies these settings when a command is created).
    .configureOutput({ outputError: () => {} })
    .exitOverride();

  addStartCommand(program);
  addWorkerCommand(program);
  addProfileCommands(program);
  addHazardCommands(program);
  addTaskCommands(program);
  addDutiesCommands(program);
  addCampaignCommands(program);
  addSimulateCommand(program);
  return program;
}

/** Commander's own usage errors, in the office's language. */
function usageMessage(error: CommanderError): string {
  const quoted = /'([^']+)'/.exec(error.message)?.[1] ?? '';
  const suggestion = /\(Did you mean (.+)\?\)/.exec(error.message)?.[1];
  const hint = suggestion ? cliText.usage.didYouMean(suggestion) : '';
  switch (error.code) {
    case 'commander.unknownCommand':
      return cliText.usage.unknownCommand(quoted, hint);
    case 'commander.unknownOption':
      return cliText.usage.unknownOption(quoted, hint);
    case 'commander.missingArgument':
      return cliText.usage.missingArgument(quoted);
    case 'commander.missingMandatoryOptionValue':
      return cliText.usage.missingOption(quoted);
    case 'commander.optionMissingArgument':
      return cliText.usage.optionMissingValue(quoted);
    case 'commander.invalidArgument': {
      const choice = /^error: option '([^' ]+)[^']*' argument '([^']*)' is invalid\. Allowed choices are (.+)\.$/.exec(error.message);
      if (choice) return cliText.usage.badChoice(choice[1]!, choice[2]!, choice[3]!.split(', '));
      return cliText.usage.badValue(error.message.replace(/^error: /, ''));
    }
    case 'commander.excessArguments':
      return cliText.usage.tooManyArguments;
    default:
      return error.message.replace(/^error: /, '');
  }
}

/**
 * A setting the office gave is wrong (DATABASE_URL, SMTP_URL…), or the database is not migrated yet.
 * Their modules are loaded here, after the failure, so that no command loads them only to tell errors apart.
 */
async function isBadSetting(error: unknown): Promise<boolean> {
  const [{ DatabaseUrlError, SchemaBehindError }, { MailConfigError }] = await Promise.all([
    import('../prisma/client.ts'),
    import('../activities/mail/errors.ts'),
  ]);
  return error instanceof DatabaseUrlError || error instanceof SchemaBehindError || error instanceof MailConfigError;
}

export async function main(argv: string[] = process.argv): Promise<number> {
  const program = buildProgram();
  // Which command a usage error came from, so the hint names its own --help.
  let failed: Command = program;
  const track = (cmd: Command) => {
    cmd.exitOverride((error) => {
      failed = cmd;
      throw error;
    });
    cmd.commands.forEach(track);
  };
  track(program);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return 0;
      // A command group without its subcommand (`anwei hazard`): its help went to stderr.
      if (error.code === 'commander.help') {
        if (error.exitCode === 0) return 0;
        process.stderr.write(`${cliText.usage.missingSubcommand}\n`);
        return EXIT_BAD_INPUT;
      }
      const path: string[] = [];
      for (let c: Command | null = failed; c; c = c.parent) path.unshift(c.name());
      process.stderr.write(`${cliText.usage.withHelp(usageMessage(error), path.join(' '))}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof UserInputError || (await isBadSetting(error))) {
      process.stderr.write(`${cliText.usage.error((error as Error).message)}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof TemporalUnavailableError || error instanceof UnclearOutcomeError) {
      process.stderr.write(`${cliText.usage.error(error.message)}\n`);
      return 1;
    }
    process.stderr.write(`${cliText.usage.error(error instanceof Error ? error.message : String(error))}\n`);
    if (process.env.ANWEI_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
