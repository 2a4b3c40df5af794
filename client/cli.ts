// `anwei`: the command line of the town safety office. Exit codes: 0 done, 2 bad input (every
// problem named), 1 anything else (engine not running, database unreachable…).

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { parse as parseYaml } from 'yaml';
import { MailConfigError } from '../activities/mail/errors.ts';
import { DatabaseUrlError, databaseUrlFromEnv, openDatabase, type Database } from '../prisma/client.ts';
import { quietTemporalLogs } from '../worker/index.ts';
import { reconcile } from '../worker/reconciler.ts';
import { addCampaignCommands } from './campaign-cli.ts';
import { controlDuty, knownDuty, listDuties } from './duty-control.ts';
import { deadlineFromFlags, DEADLINE_HELP, type DeadlineFlags } from './deadline-spec.ts';
import { previewDuties, previewText, previewWindow, townFromDatabase, townFromProfileText, type PreviewOptions } from './duties.ts';
import { EXIT_BAD_INPUT, UserInputError } from './errors.ts';
import { hazardDetailText, hazardTable, hazardViewText, simulationText } from './format.ts';
import { act, checkAction, checkReport, nextHazardId, report, type HazardAction, type HazardGateway } from './hazards.ts';
import { hazardDetail, listHazards, type HazardFilter } from './ledger.ts';
import { checkProfile, loadProfile, notifyTownChanged, summarize } from './profile-loader.ts';
import { simulate } from './simulate.ts';
import { taskDetailText, taskTable, taskViewText } from './task-format.ts';
import { TASK_STATUSES, listTasks, taskDetail, type TaskFilter } from './task-ledger.ts';
import { checkTaskAction, complete as completeTask } from './tasks.ts';
import { dataDir, migrateWithRetry, start } from './start.ts';
import { DEFAULT_TASK_QUEUE, TemporalUnavailableError, connectClient } from './temporal.ts';

const out = (text: string) => process.stdout.write(`${text}\n`);
const json = (value: unknown) => out(JSON.stringify(value, null, 2));

async function withDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const url = databaseUrlFromEnv(process.env, dataDir());
  await migrateWithRetry(url);
  const db = await openDatabase(url);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * Runs `fn` against the engine. `check` runs first, on the database alone: bad input is named (exit 2)
 * whether the engine is running or not.
 */
async function withEngine<C, T>(check: (db: Database) => Promise<C>, fn: (g: HazardGateway, checked: C) => Promise<T>): Promise<T> {
  return withDatabase(async (db) => {
    const checked = await check(db);
    const client = await connectClient();
    try {
      return await fn({ client, db, taskQueue: process.env.ANWEI_TASK_QUEUE || DEFAULT_TASK_QUEUE }, checked);
    } finally {
      await client.connection.close();
    }
  });
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UserInputError([`无法读取${what} ${file}（文件不存在或无权读取）`]);
  }
}

function deadlineOrFail(flags: DeadlineFlags, required: boolean) {
  const { form, problem } = deadlineFromFlags(flags, required);
  if (problem) throw new UserInputError([problem]);
  return form;
}

const deadlineOptions = (cmd: Command, what: string) =>
  cmd
    .option('--workdays <n>', `${what}：N 个工作日（上报日不计）`)
    .option('--days <n>', `${what}：N 个日历日，逢休息日顺延`)
    .option('--date <YYYY-MM-DD>', `${what}：指定日期`)
    .option('--deadline <期限>', DEADLINE_HELP);

export function buildProgram(): Command {
  const program = new Command('anwei')
    .description('乡镇安委会办公室：安全生产工作日历与隐患整改提醒、督办')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [命令]', '显示某个命令的帮助')
    // Usage errors are printed by main(), in Chinese; configured before the commands are added so every
    // subcommand inherits it (commander copies these settings when a command is created).
    .configureOutput({ outputError: () => {} })
    .exitOverride();

  program
    .command('start')
    .description('启动引擎：Temporal 开发服务器、数据库、工作进程（npm start 即运行此命令）')
    .addHelpText(
      'after',
      [
        '',
        '环境变量（都可不设）：',
        '  ANWEI_DATA_DIR          数据目录（默认 .data/）：开发服务器数据、SQLite 数据库、发件箱',
        '  DATABASE_URL            数据库（默认 <数据目录>/anwei.db）；postgresql://… 使用 PostgreSQL',
        '  TEMPORAL_ADDRESS        连接已有的 Temporal（不再启动自带的开发服务器）',
        '  TEMPORAL_NAMESPACE      Temporal 命名空间（默认 default）',
        '  ANWEI_TEMPORAL_PORT     自带开发服务器的端口（默认 7233）；在另一个终端运行 anwei hazard … 时也要设成同一个值',
        '  ANWEI_TEMPORAL_UI_PORT  开发服务器网页界面的端口（默认为上一项加 1000）',
        '  ANWEI_PROFILE           启动时载入的档案（文件有变化才载入；默认新数据库载入 examples/demo-town.yaml）',
        '  SMTP_URL                真实发送邮件，如 smtps://用户:密码@smtp.example.com:465（默认写入发件箱文件夹的 .eml 文件）',
        '  ANWEI_MAIL_FROM         发件人地址',
        '  ANWEI_TASK_QUEUE        任务队列名（默认 anwei）',
        '同一台机器同时运行两个引擎时，给第二个设不同的 ANWEI_DATA_DIR 和 ANWEI_TEMPORAL_PORT。',
      ].join('\n'),
    )
    .action(async () => start());

  const profile = program.command('profile').description('乡镇档案（人员、行业领域、村、企业）');
  profile
    .command('check <file>')
    .description('检查档案文件，列出全部问题，不写入任何内容')
    .action(async (file: string) => {
      const { profile: p, warnings } = checkProfile(readText(file, '档案文件'), file);
      out(`档案 ${file} 检查通过：${p.town}，${p.people.length} 人，${p.sectors.length} 个行业领域，${p.villages.length} 个村（社区），${p.enterprises.length} 家企业。`);
      for (const w of warnings) out(`  注意：${w}`);
    });
  profile
    .command('load <file>')
    .description('载入（或重新载入）档案：整体校验，全部通过才写入；离任人员停用而不删除')
    .action(async (file: string) => {
      const text = readText(file, '档案文件');
      checkProfile(text, file); // every problem before touching the database
      await withDatabase(async (db) => {
        const latest = await db.prisma.profileVersion.findFirst({ orderBy: { version: 'desc' } });
        if (latest && latest.sha256 === createHash('sha256').update(text).digest('hex')) {
          out(`档案 ${file} 与当前第 ${latest.version} 版内容相同，无需重新载入。`);
          return;
        }
        const r = await loadProfile(db, { text, file, source: 'cli', ...(process.env.USER ? { actor: process.env.USER } : {}) });
        out(`已载入档案 ${file}：${r.town}，第 ${r.version} 版（${summarize(r)}）。`);
        for (const w of r.warnings) out(`  注意：${w}`);
        for (const line of r.handover) out(`  交接：${line}`);
        // Open hazards, tasks and the duty calendar follow the new profile from their next step.
        try {
          const client = await connectClient();
          try {
            const told = await notifyTownChanged(db, client);
            const { dutiesStarted } = await reconcile({ client, db, taskQueue: process.env.ANWEI_TASK_QUEUE || DEFAULT_TASK_QUEUE });
            if (told) out(`  已通知 ${told} 项运行中的隐患、任务和工作规则按新档案执行。`);
            if (dutiesStarted.length) out(`  已启动工作规则：${dutiesStarted.join('、')}。`);
          } finally {
            await client.connection.close();
          }
        } catch (error) {
          if (!(error instanceof TemporalUnavailableError)) throw error;
          out('  引擎未运行：下次 npm start 时，未销号隐患、任务和工作日历会按新档案执行。');
        }
      });
    });

  const hazard = program.command('hazard').description('隐患：上报、查询、签收督办、提交整改、复查、延期');
  deadlineOptions(
    hazard
      .command('report')
      .description('上报隐患，开始限期整改')
      .option('--id <编号>', '隐患编号（不填则自动编号，如 YH-2027-0001）')
      .requiredOption('--enterprise <企业编号>', '存在隐患的企业')
      .addOption(new Option('--level <等级>', '一般隐患 general 或重大事故隐患 major').choices(['general', 'major']).default('general'))
      .requiredOption('--description <描述>', '隐患描述')
      .option('--location <部位>', '隐患部位')
      .requiredOption('--by <人员编号>', '上报人（通常是安监员）')
      .option('--plan <文件>', '重大事故隐患的整改方案（YAML：目标任务、方法措施、经费物资、机构人员、时限要求、安全措施和应急预案）')
      .option('--campaign <编号>', '所属专项行动'),
    '整改期限',
  ).action(async (o: Record<string, string> & DeadlineFlags) => {
    // A deadline problem is named together with every other problem of the report.
    const { form: deadline, problem: deadlineProblem } = deadlineFromFlags(o, true);
    let plan: unknown;
    if (o.plan) {
      try {
        plan = parseYaml(readText(o.plan, '整改方案文件'));
      } catch (error) {
        if (error instanceof UserInputError) throw error;
        throw new UserInputError([`${o.plan}: 不是有效的 YAML（${error instanceof Error ? error.message.split('\n')[0] : ''}）`]);
      }
    }
    const input = async (db: Database) => ({
      id: o.id ?? (await nextHazardId(db)),
      enterprise: o.enterprise,
      level: o.level,
      description: o.description,
      ...(o.location ? { location: o.location } : {}),
      ...(deadline ? { deadline } : {}),
      by: o.by,
      ...(plan !== undefined ? { plan } : {}),
      ...(o.campaign ? { campaign: o.campaign } : {}),
    });
    await withEngine(
      async (db) => {
        try {
          return await checkReport(db, await input(db));
        } catch (error) {
          if (!(deadlineProblem && error instanceof UserInputError)) throw error;
          const others = error.problems.filter((p) => !p.startsWith('deadline:'));
          throw new UserInputError([...others, deadlineProblem], error.headline);
        }
      },
      async (g, checked) => out(`已上报。${hazardViewText(await report(g, checked))}`),
    );
  });

  hazard
    .command('list')
    .description('隐患台账；--overdue 只看逾期未整改的，并显示逾期多久')
    .option('--overdue', '只列逾期未提交整改的隐患')
    .addOption(new Option('--status <状态>', 'open 整改中 / submitted 待复查 / closed 已销号').choices(['open', 'submitted', 'closed']))
    .option('--enterprise <企业编号>', '只看某家企业')
    .option('--sector <行业领域编号>', '只看某个行业领域')
    .option('--json', '输出 JSON')
    .action(async (o: HazardFilter & { json?: boolean }) => {
      await withDatabase(async (db) => {
        const rows = await listHazards(db, o);
        if (o.json) json(rows);
        else out(hazardTable(rows));
      });
    });

  hazard
    .command('show <id>')
    .description('一项隐患的全部情况：期限及其计算、办理经过、发出的通知')
    .option('--json', '输出 JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      await withDatabase(async (db) => {
        const detail = await hazardDetail(db, id);
        if (!detail) throw new UserInputError([`未找到隐患 ${id}（anwei hazard list 可查看全部隐患）`]);
        if (o.json) json(detail);
        else out(hazardDetailText(detail));
      });
    });

  const update = (action: HazardAction, input: (o: Record<string, unknown>) => unknown, done: string) =>
    async (id: string, o: Record<string, unknown>) => {
      const payload = input(o);
      await withEngine(
        (db) => checkAction(db, action, id, payload),
        async (g) => out(`${done}。${hazardViewText(await act(g, action, id, payload))}`),
      );
    };

  hazard
    .command('ack <id>')
    .description('签收督办（收到督办通知的领导）：停止继续升级，5 个工作日后仍未整改则继续督办')
    .requiredOption('--by <人员编号>', '签收人')
    .option('--note <意见>', '签收意见')
    .action(update('ack', (o) => ({ by: o.by, ...(o.note ? { note: o.note } : {}) }), '已签收'));

  hazard
    .command('submit <id>')
    .description('提交整改（附佐证材料），等待现场复查')
    .requiredOption('--evidence <材料>', '整改佐证材料（说明、照片或文件的位置）')
    .option('--by <人员编号>', '代为提交的人员（不填则为企业主要负责人提交）')
    .action(update('submit', (o) => ({ evidence: o.evidence, ...(o.by ? { by: o.by } : {}) }), '已提交整改'));

  deadlineOptions(
    hazard
      .command('verify <id>')
      .description('现场复查：合格则销号，不合格须给出新的整改期限')
      .requiredOption('--by <人员编号>', '复查人（不能是整改提交人）')
      .addOption(new Option('--result <结果>', 'pass 合格 / fail 不合格').choices(['pass', 'fail']).makeOptionMandatory())
      .option('--note <意见>', '复查意见'),
    '不合格时的新期限',
  ).action(
    update(
      'verify',
      (o) => {
        const deadline = deadlineOrFail(o as DeadlineFlags, false);
        return { by: o.by, result: o.result, ...(deadline ? { deadline } : {}), ...(o.note ? { note: o.note } : {}) };
      },
      '已登记复查结果',
    ),
  );

  deadlineOptions(
    hazard
      .command('extend <id>')
      .description('申请延期（须在整改期限届满前，说明理由），由行业领域分管领导审批')
      .requiredOption('--reason <理由>', '延期理由')
      .option('--by <人员编号>', '代为申请的人员（不填则为企业主要负责人申请）'),
    '申请的新期限（N个工作日/N天从原期限次日起算）',
  ).action(
    update(
      'extend',
      (o) => ({ reason: o.reason, deadline: deadlineOrFail(o as DeadlineFlags, true), ...(o.by ? { by: o.by } : {}) }),
      '已提交延期申请',
    ),
  );

  hazard
    .command('decide <id>')
    .description('审批延期申请（行业领域分管领导）')
    .requiredOption('--by <人员编号>', '审批人')
    .option('--approve', '批准')
    .option('--deny', '不批准')
    .option('--note <意见>', '审批意见')
    .action(
      update(
        'decide',
        (o) => {
          if (Boolean(o.approve) === Boolean(o.deny)) throw new UserInputError(['请给出 --approve（批准）或 --deny（不批准）之一']);
          return { by: o.by, approve: Boolean(o.approve), ...(o.note ? { note: o.note } : {}) };
        },
        '已审批',
      ),
    );

  const task = program.command('task').description('工作任务（安委会会议、大检查、企业检查、节前检查、报告）：登记完成、查询');

  task
    .command('complete <id>')
    .description('登记任务完成（附完成佐证），停止提醒和督办；截止日期之后登记的记为逾期完成')
    .requiredOption('--by <人员编号>', '登记人（完成任务的人，或代为登记的人员）')
    .requiredOption('--evidence <佐证>', '完成佐证（会议纪要、检查记录、报告的说明或存放位置）')
    .option('--note <说明>', '补充说明')
    .action(async (id: string, o: { by: string; evidence: string; note?: string }) => {
      const payload = { by: o.by, evidence: o.evidence, ...(o.note ? { note: o.note } : {}) };
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
      await withDatabase(async (db) => {
        const detail = await taskDetail(db, id);
        if (!detail) throw new UserInputError([`未找到任务 ${id}（anwei task list 可查看全部任务）`]);
        if (o.json) json(detail);
        else out(taskDetailText(detail));
      });
    });

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
        // An unknown duty is named before the engine is needed.
        await withEngine((db) => knownDuty(db, id), async (g) => out(await controlDuty(g.db, g.client, command, id)));
      });
  }

  addCampaignCommands(program, { withDatabase, withEngine, out, json });

  program
    .command('simulate <scenario>')
    .description('用时间跳跃服务器预演一段时间：真实的工作流和邮件，临时数据库，不发出任何邮件')
    .option('--json', '输出 JSON（通知、隐患、任务、专项行动、警告）')
    .action(async (file: string, o: { json?: boolean }) => {
      // The time-skipping server lacks features the worker warns about; those warnings only confuse.
      quietTemporalLogs(process.env.ANWEI_DEBUG ? 'WARN' : 'ERROR');
      const result = await simulate(file, { log: (line) => process.stderr.write(`${line}\n`) });
      if (o.json) out(JSON.stringify(result));
      else out(simulationText(result));
    });

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
    if (error instanceof UserInputError || error instanceof DatabaseUrlError || error instanceof MailConfigError) {
      process.stderr.write(`错误：${error.message}\n`);
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
