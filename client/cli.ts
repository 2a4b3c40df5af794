// `anwei`: the command line of the town safety office. Exit codes: 0 done, 2 bad input (every
// problem named, a database not migrated yet), 1 anything else (engine not running, database
// unreachable…). Each noun's commands are defined in its own module (client/<noun>-cli.ts); what a
// command runs is loaded when it runs, so `anwei --help` loads only commander and these definitions.

import { Command, CommanderError } from 'commander';
import { addCampaignCommands } from './campaign-cli.ts';
import { addDutiesCommands } from './duties-cli.ts';
import { EXIT_BAD_INPUT, TemporalUnavailableError, UserInputError } from './errors.ts';
import { addHazardCommands } from './hazard-cli.ts';
import { addProfileCommands } from './profile-cli.ts';
import { addSimulateCommand, addStartCommand } from './start-cli.ts';
import { addTaskCommands } from './task-cli.ts';

export function buildProgram(): Command {
  const program = new Command('anwei')
    .description('乡镇安委会办公室：安全生产工作日历与隐患整改提醒、督办')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    // Usage errors are printed by main(), in Chinese; configured before the commands are added so every
    // subcommand inherits it (commander copies these settings when a command is created).
    .configureOutput({ outputError: () => {} })
    .exitOverride();

  addStartCommand(program);
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
  const hint = suggestion ? `，是否应为 ${suggestion}？` : '';
  switch (error.code) {
    case 'commander.unknownCommand':
      return `未知的命令 “${quoted}”${hint}`;
    case 'commander.unknownOption':
      return `未知的选项 “${quoted}”${hint}`;
    case 'commander.missingArgument':
      return `缺少参数 <${quoted}>`;
    case 'commander.missingMandatoryOptionValue':
      return `缺少必填选项 ${quoted}`;
    case 'commander.optionMissingArgument':
      return `选项 ${quoted} 缺少取值`;
    case 'commander.invalidArgument': {
      const choice = /^error: option '([^' ]+)[^']*' argument '([^']*)' is invalid\. Allowed choices are (.+)\.$/.exec(error.message);
      if (choice) return `选项 ${choice[1]} 的取值 “${choice[2]}” 无效，可选：${choice[3]!.split(', ').join('、')}`;
      return `取值无效：${error.message.replace(/^error: /, '')}`;
    }
    case 'commander.excessArguments':
      return '参数过多';
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
        process.stderr.write('错误：缺少子命令（见上面的用法）\n');
        return EXIT_BAD_INPUT;
      }
      const path: string[] = [];
      for (let c: Command | null = failed; c; c = c.parent) path.unshift(c.name());
      process.stderr.write(`错误：${usageMessage(error)}（用 ${path.join(' ')} --help 查看用法）\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof UserInputError || (await isBadSetting(error))) {
      process.stderr.write(`错误：${(error as Error).message}\n`);
      return EXIT_BAD_INPUT;
    }
    if (error instanceof TemporalUnavailableError) {
      process.stderr.write(`错误：${error.message}\n`);
      return 1;
    }
    process.stderr.write(`错误：${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.ANWEI_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    return 1;
  }
}
