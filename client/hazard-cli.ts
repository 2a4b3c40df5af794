// `anwei hazard report | list | show | ack | submit | verify | extend | decide`: the hazard commands.
// Each change is checked against the records first (client/hazards.ts), then sent to its workflow.
// An action loads the modules it uses when it runs (the ledger for list and show, the rules and
// Temporal for the changes), so the program and its help stay light.

import { Option, type Command } from 'commander';
import type { Database } from '../prisma/client.ts';
import { json, out, readText, withDatabase, withEngine } from './cli-common.ts';
import { deadlineFromFlags, DEADLINE_HELP, type DeadlineFlags } from './deadline-spec.ts';
import { UserInputError } from './errors.ts';
import type { HazardAction } from './hazards.ts';
import type { HazardFilter } from './ledger.ts';

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

export function addHazardCommands(program: Command): void {
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
      const { parse: parseYaml } = await import('yaml');
      try {
        plan = parseYaml(readText(o.plan, '整改方案文件'));
      } catch (error) {
        if (error instanceof UserInputError) throw error;
        throw new UserInputError([`${o.plan}: 不是有效的 YAML（${error instanceof Error ? error.message.split('\n')[0] : ''}）`]);
      }
    }
    const [{ checkReport, nextHazardId, report }, { hazardViewText }] = await Promise.all([import('./hazards.ts'), import('./format.ts')]);
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
      const [{ listHazards }, { hazardTable }] = await Promise.all([import('./ledger.ts'), import('./format.ts')]);
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
      const [{ hazardDetail }, { hazardDetailText }] = await Promise.all([import('./ledger.ts'), import('./format.ts')]);
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
      const [{ act, checkAction }, { hazardViewText }] = await Promise.all([import('./hazards.ts'), import('./format.ts')]);
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
}
