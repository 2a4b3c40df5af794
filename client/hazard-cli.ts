// `anwei hazard report | list | export | show | ack | submit | verify | extend | decide`: the hazard commands.
// Each change goes through client/act.ts: checked by the rules against the ledger, then sent to its workflow.
// An action loads the modules it uses when it runs (the ledger for list and show, the rules and
// Temporal for the changes), so the program and its help stay light.

import { Option, type Command } from 'commander';
import { cliText } from '../domain/text/cli.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { localDateOf } from '../domain/time.ts';
import type { HazardAction } from './act.ts';
import { REQUEST_ID_OPTION, addShowCommand, out, printRows, readText, retryCommand, withDatabase, withGateway } from './cli-common.ts';
import { deadlineFromFlags, type DeadlineFlags } from './deadline-spec.ts';
import { UserInputError } from './errors.ts';
import type { HazardFilter } from './ledger.ts';

/**
 * Acts on a hazard through client/act.ts (its own modules loaded when the command runs) and prints the view
 * after it, with the echo of a deadline typed as a phrase under the due date computed from it.
 */
async function actOnHazard(action: HazardAction, id: string | undefined, input: unknown, done: string, requestId: string | undefined, echo?: string): Promise<void> {
  const [{ act }, { hazardViewText }] = await Promise.all([import('./act.ts'), import('./format.ts')]);
  const view = await withGateway((g) => act(g, 'hazard', id, action, input, { ...(requestId ? { requestId } : {}), retryHint: (r) => retryCommand(r) }));
  out(cliText.hazard.doneWith(done, hazardViewText(view)));
  if (echo) out(echo);
}

/** The deadline of the flags (a month and day without a year placed by today's date), or the refusal. */
function deadlineOrFail(flags: DeadlineFlags, required: boolean) {
  const { problem, ...deadline } = deadlineFromFlags(flags, required, localDateOf(Date.now()));
  if (problem) throw new UserInputError([problem]);
  return deadline;
}

const deadlineOptions = (cmd: Command, what: string) =>
  cmd
    .option('--workdays <n>', cliText.deadline.workdays(what))
    .option('--days <n>', cliText.deadline.days(what))
    .option('--date <YYYY-MM-DD>', cliText.deadline.date(what))
    .option('--deadline <期限>', cliText.deadline.help);

/** The filters of `hazard list`, which `hazard export` takes too: the file holds what the list shows. */
const filterOptions = (cmd: Command) =>
  cmd
    .option('--overdue', cliText.hazard.list.overdue)
    .addOption(new Option('--status <状态>', cliText.hazard.list.status).choices(['open', 'submitted', 'closed']))
    .option('--enterprise <企业编号>', cliText.hazard.list.enterprise)
    .option('--sector <行业领域编号>', cliText.hazard.list.sector)
    .option('--campaign <专项行动编号>', cliText.hazard.list.campaign)
    .option('--from <YYYY-MM-DD>', cliText.hazard.list.from)
    .option('--to <YYYY-MM-DD>', cliText.hazard.list.to);

type FilterFlags = Omit<HazardFilter, 'reportedFrom' | 'reportedTo' | 'also'> & { from?: string; to?: string };

/** The ledger's filter of the flags: --from/--to are 发现时间's days (checked by listHazards, as the web's are). */
const filterOf = ({ from, to, ...rest }: FilterFlags): HazardFilter => ({ ...rest, ...(from !== undefined ? { reportedFrom: from } : {}), ...(to !== undefined ? { reportedTo: to } : {}) });

export function addHazardCommands(program: Command): void {
  const hazard = program.command('hazard').description(cliText.hazard.description);
  deadlineOptions(
    hazard
      .command('report')
      .description(cliText.hazard.report.description)
      .option('--id <编号>', cliText.hazard.report.id)
      .requiredOption('--enterprise <企业编号>', cliText.hazard.report.enterprise)
      .addOption(new Option('--level <等级>', cliText.hazard.report.level).choices(['general', 'major']).default('general'))
      .requiredOption('--description <描述>', cliText.hazard.report.text)
      .option('--location <部位>', cliText.hazard.report.location)
      .requiredOption('--by <人员编号>', cliText.hazard.report.by)
      .option('--plan <文件>', cliText.hazard.report.plan)
      .option('--campaign <编号>', cliText.hazard.report.campaign)
      .option(REQUEST_ID_OPTION, cliText.requestId),
    cliText.hazard.report.deadline,
  ).action(async (o: Record<string, string> & DeadlineFlags) => {
    // A deadline problem is named together with every other problem of the report.
    const { form: deadline, problem: deadlineProblem, echo } = deadlineFromFlags(o, true, localDateOf(Date.now()));
    let plan: unknown;
    if (o.plan) {
      const { parse: parseYaml } = await import('yaml');
      try {
        plan = parseYaml(readText(o.plan, cliText.hazard.report.planFile));
      } catch (error) {
        if (error instanceof UserInputError) throw error;
        throw new UserInputError([cliText.hazard.report.badPlan(o.plan, error instanceof Error ? (error.message.split('\n')[0] ?? '') : '')]);
      }
    }
    const input = {
      enterprise: o.enterprise,
      level: o.level,
      description: o.description,
      ...(o.location ? { location: o.location } : {}),
      ...(deadline ? { deadline } : {}),
      by: o.by,
      ...(plan !== undefined ? { plan } : {}),
      ...(o.campaign ? { campaign: o.campaign } : {}),
    };
    try {
      await actOnHazard('report', o.id, input, cliText.hazard.report.done, o.requestId, echo);
    } catch (error) {
      if (!(deadlineProblem && error instanceof UserInputError)) throw error;
      const others = error.problems.filter((p) => !p.startsWith('deadline:'));
      throw new UserInputError([...others, deadlineProblem], error.headline);
    }
  });

  filterOptions(hazard.command('list').description(cliText.hazard.list.description))
    .option('--wide', cliText.program.wide)
    .option('--json', cliText.program.json)
    .action(async ({ json, wide, ...flags }: FilterFlags & { json?: boolean; wide?: boolean }) => {
      const [{ listHazards }, { hazardTable }] = await Promise.all([import('./ledger.ts'), import('./format.ts')]);
      await withDatabase(async (db) => {
        printRows(await listHazards(db, filterOf(flags)), { ...(json ? { json } : {}), ...(wide ? { wide } : {}) }, hazardTable);
      });
    });

  filterOptions(hazard.command('export').description(cliText.hazard.export.description))
    .requiredOption('--out <文件>', cliText.hazard.export.out)
    .option('--force', cliText.hazard.export.force)
    .action(async (o: FilterFlags & { out: string; force?: boolean }) => {
      const { exportHazards } = await import('./hazard-export.ts');
      const { out: path, force, ...flags } = o;
      const filter = filterOf(flags);
      const target = { path, force: Boolean(force), option: '--out', exampleName: ledgerText.hazard.exportFile(localDateOf(Date.now())) };
      await withDatabase(async (db) => {
        const { bytes, count } = await exportHazards(db, filter, target);
        out(cliText.hazard.export.written(path, count, Math.ceil(bytes / 1024)));
      });
    });

  addShowCommand(hazard, { ...cliText.hazard.show, json: cliText.program.json }, async () => {
    const [{ hazardDetail }, { hazardDetailText }] = await Promise.all([import('./ledger.ts'), import('./format.ts')]);
    return { detail: hazardDetail, print: hazardDetailText };
  });

  const update = (action: HazardAction, input: (o: Record<string, unknown>) => unknown, done: string) =>
    async (id: string, o: Record<string, unknown>) => actOnHazard(action, id, input(o), done, o.requestId as string | undefined);

  hazard
    .command('ack <id>')
    .description(cliText.hazard.ack.description)
    .requiredOption('--by <人员编号>', cliText.hazard.ack.by)
    .option('--note <意见>', cliText.hazard.ack.note)
    .option(REQUEST_ID_OPTION, cliText.requestId)
    .action(update('ack', (o) => ({ by: o.by, ...(o.note ? { note: o.note } : {}) }), cliText.hazard.ack.done));

  hazard
    .command('submit <id>')
    .description(cliText.hazard.submit.description)
    .requiredOption('--evidence <材料>', cliText.hazard.submit.evidence)
    .option('--by <人员编号>', cliText.hazard.submit.by)
    .option(REQUEST_ID_OPTION, cliText.requestId)
    .action(update('submit', (o) => ({ evidence: o.evidence, ...(o.by ? { by: o.by } : {}) }), cliText.hazard.submit.done));

  deadlineOptions(
    hazard
      .command('verify <id>')
      .description(cliText.hazard.verify.description)
      .requiredOption('--by <人员编号>', cliText.hazard.verify.by)
      .addOption(new Option('--result <结果>', cliText.hazard.verify.result).choices(['pass', 'fail']).makeOptionMandatory())
      .option('--note <意见>', cliText.hazard.verify.note)
      .option(REQUEST_ID_OPTION, cliText.requestId),
    cliText.hazard.verify.deadline,
  ).action(async (id: string, o: Record<string, string> & DeadlineFlags) => {
    const { form: deadline, echo } = deadlineOrFail(o, false);
    const input = { by: o.by, result: o.result, ...(deadline ? { deadline } : {}), ...(o.note ? { note: o.note } : {}) };
    await actOnHazard('verify', id, input, cliText.hazard.verify.done, o.requestId, echo);
  });

  deadlineOptions(
    hazard
      .command('extend <id>')
      .description(cliText.hazard.extend.description)
      .requiredOption('--reason <理由>', cliText.hazard.extend.reason)
      .option('--by <人员编号>', cliText.hazard.extend.by)
      .option(REQUEST_ID_OPTION, cliText.requestId),
    cliText.hazard.extend.deadline,
  ).action(async (id: string, o: Record<string, string> & DeadlineFlags) => {
    const { form: deadline, echo } = deadlineOrFail(o, true);
    await actOnHazard('extend', id, { reason: o.reason, deadline, ...(o.by ? { by: o.by } : {}) }, cliText.hazard.extend.done, o.requestId, echo);
  });

  hazard
    .command('decide <id>')
    .description(cliText.hazard.decide.description)
    .requiredOption('--by <人员编号>', cliText.hazard.decide.by)
    .option('--approve', cliText.hazard.decide.approve)
    .option('--deny', cliText.hazard.decide.deny)
    .option('--note <意见>', cliText.hazard.decide.note)
    .option(REQUEST_ID_OPTION, cliText.requestId)
    .action(
      update(
        'decide',
        (o) => {
          if (Boolean(o.approve) === Boolean(o.deny)) throw new UserInputError([cliText.hazard.decide.approveOrDeny]);
          return { by: o.by, approve: Boolean(o.approve), ...(o.note ? { note: o.note } : {}) };
        },
        cliText.hazard.decide.done,
      ),
    );
}
