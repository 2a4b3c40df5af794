// `anwei campaign start | status | close | list | export`: the campaign commands. A large campaign's
// set-up shows a progress bar on a terminal (a hand-written line on stderr; plain lines otherwise).
// An action loads the modules it uses (client/campaigns.ts, Temporal) when it runs.

import type { Command } from 'commander';
import { campaignText } from '../domain/text/campaign.ts';
import { cliText } from '../domain/text/cli.ts';
import { statusText } from '../domain/text/status.ts';
import { formatLocalMinute, localDateOf, yearOf } from '../domain/time.ts';
import type { Database } from '../prisma/client.ts';
import { json, out, withDatabase, withEngine } from './cli-common.ts';
import type { CampaignStatusReport } from './campaigns.ts';
import type { CampaignSpec } from '../domain/campaign.ts';
import { readDeadlineOption } from './deadline-spec.ts';
import { UserInputError } from './errors.ts';

const templateNames: Record<string, string> = campaignText.templateName;

const list = (value: string | undefined) =>
  value
    ?.split(/[,，、\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** `[██████░░░░] 3120/5293 59%` on one terminal line. */
export function progressBar(done: number, total: number, width = 30): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(ratio * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${Math.floor(ratio * 100)}%`;
}

function progressReporter(stream: NodeJS.WriteStream = process.stderr): (done: number, total: number) => void {
  let last = -1;
  let lastLine = 0;
  return (done, total) => {
    if (stream.isTTY) {
      if (done === last) return;
      stream.write(`\r${cliText.campaign.start.progress(progressBar(done, total))}`);
      if (done >= total) stream.write('\n');
    } else if (done >= total || Date.now() - lastLine > 5_000) {
      // Not a terminal (a log file): a line now and then, and the last one.
      stream.write(`${cliText.campaign.start.progress(`${done}/${total}`)}\n`);
      lastLine = Date.now();
    }
    last = done;
  };
}

export function campaignStatusText(r: CampaignStatusReport): string {
  const lines = [
    cliText.campaign.status.heading(r.id, r.title, templateNames[r.template] ?? r.template, statusText.name(statusText.campaign, r.status)),
    cliText.campaign.status.span(r.opensOn, r.due, r.closedAt ? formatLocalMinute(r.closedAt) : undefined),
    `  ${campaignText.counts(r.counts)}`,
    '',
    cliText.campaign.status.section(campaignText.section.bySector),
    ...r.bySector.map((row) => cliText.campaign.status.row(row.name, campaignText.progressLine(row))),
    '',
    cliText.campaign.status.section(campaignText.section.byInspector),
    ...r.byInspector.map((row) => cliText.campaign.status.row(row.name, campaignText.progressLine(row))),
  ];
  return lines.join('\n');
}

/**
 * Who the start's notices go to, by the rules the notices are sent by: the leaders at once; the inspectors
 * by name once every task is recorded (`tasksRecorded`), before that as a promise.
 */
async function whoIsTold(db: Database, campaignId: string, tasksRecorded: boolean): Promise<string[]> {
  const [{ isOpenStatus }, { campaignLeaders, linesByInspector }, { loadCampaignLines }, { actorNames }] = await Promise.all([
    import('../domain/campaign.ts'),
    import('../activities/campaign-audience.ts'),
    import('../activities/campaign-ledger.ts'),
    import('./story.ts'),
  ]);
  const who = await actorNames(db);
  const leaders = cliText.campaign.start.toldLeaders((await campaignLeaders(db)).map((p) => who(p.personId!)!));
  if (!tasksRecorded) return [leaders, cliText.campaign.start.inspectorsLater];
  const inspectors = (await linesByInspector(db, (await loadCampaignLines(db, campaignId)).filter((l) => isOpenStatus(l.status)))).flatMap((g) =>
    g.inspector ? [{ name: g.inspector.name, enterprises: g.lines.length }] : [],
  );
  return [leaders, cliText.campaign.start.toldInspectors(inspectors)];
}

/** What `campaign start` is given, as typed (lists comma-separated): the CLI's options and the office's start form. */
export interface CampaignStartOptions {
  id?: string;
  template: string;
  by: string;
  title?: string;
  sectors?: string;
  classes?: string;
  villages?: string;
  enterprises?: string;
  due?: string;
}

/**
 * The start input from typed options (all but the id): lists split, the due date read as people type it.
 * A due date that cannot be read is a problem named together with whatever else is wrong (`argProblems`).
 * `dueLabel` names the due date's field in that problem (`--due` on the command line).
 */
export function readCampaignStart(o: CampaignStartOptions, today: string, dueLabel = '--due') {
  const due = o.due === undefined ? undefined : readDeadlineOption(dueLabel, o.due, today);
  const argProblems = due && 'problem' in due ? [due.problem] : [];
  const scope = Object.fromEntries(
    (['sectors', 'classes', 'villages', 'enterprises'] as const).flatMap((k) => {
      const values = list(o[k]);
      return values?.length ? [[k, values]] : [];
    }),
  );
  const input = { template: o.template, by: o.by, ...(o.title ? { title: o.title } : {}), ...(Object.keys(scope).length ? { scope } : {}), ...(due && 'form' in due ? { due: due.form } : {}) };
  return { input, due, argProblems };
}

/** checkCampaignStart with the typed options' own problems named in the same refusal. */
export async function checkStartWithOptions(db: Database, input: Record<string, unknown>, argProblems: readonly string[], now: number): Promise<CampaignSpec> {
  const { checkCampaignStart } = await import('./campaigns.ts');
  let spec: CampaignSpec;
  try {
    spec = await checkCampaignStart(db, input, now);
  } catch (error) {
    if (error instanceof UserInputError && argProblems.length) throw new UserInputError([...argProblems, ...error.problems], error.headline);
    throw error;
  }
  if (argProblems.length) throw new UserInputError([...argProblems]);
  return spec;
}

export function addCampaignCommands(program: Command): void {
  const campaign = program.command('campaign').description(cliText.campaign.description);

  campaign
    .command('start')
    .description(cliText.campaign.start.description)
    .requiredOption('--template <模板>', cliText.campaign.start.template(templateNames))
    .requiredOption('--by <人员编号>', cliText.campaign.start.by)
    .option('--id <编号>', cliText.campaign.start.id)
    .option('--title <标题>', cliText.campaign.start.title)
    .option('--sectors <编号,…>', cliText.campaign.start.sectors)
    .option('--classes <A,B,C>', cliText.campaign.start.classes)
    .option('--villages <编号,…>', cliText.campaign.start.villages)
    .option('--enterprises <编号,…>', cliText.campaign.start.enterprises)
    .option('--due <期限>', cliText.campaign.start.due)
    .option('--no-wait', cliText.campaign.start.noWait)
    .action(async (o: CampaignStartOptions & { wait: boolean }) => {
      const [{ nextCampaignId, startCampaign, waitForSetup }, { campaignStartWarnings }] = await Promise.all([import('./campaigns.ts'), import('../domain/campaign.ts')]);
      const today = localDateOf(Date.now());
      const { input: given, due, argProblems } = readCampaignStart(o, today);
      const id = o.id ?? (await withDatabase((db) => nextCampaignId(db, o.template, yearOf(today))));
      const input = { id, ...given };
      await withEngine(
        (db) => checkStartWithOptions(db, input, argProblems, Date.now()),
        async (g) => {
          const spec = await startCampaign(g, input);
          out(cliText.campaign.start.started(spec));
          if (due && 'form' in due && due.echo) out(due.echo);
          for (const w of campaignStartWarnings(spec)) out(cliText.campaign.start.warning(w));
          const done = o.wait && (await waitForSetup(g.db, spec.id, spec.expected, progressReporter()));
          if (o.wait) out(done ? cliText.campaign.start.allCreated(spec.id, spec.expected) : cliText.campaign.start.stillCreating(spec.id));
          for (const line of await whoIsTold(g.db, spec.id, done)) out(line);
        },
      );
    });

  campaign
    .command('status <id>')
    .description(cliText.campaign.status.description)
    .option('--json', cliText.program.json)
    .action(async (id: string, o: { json?: boolean }) => {
      const { campaignStatus } = await import('./campaigns.ts');
      await withDatabase(async (db) => {
        const report = await campaignStatus(db, id);
        if (!report) throw new UserInputError([campaignText.notFound(id)]);
        if (o.json) json(report);
        else out(campaignStatusText(report));
      });
    });

  campaign
    .command('close <id>')
    .description(cliText.campaign.close.description)
    .requiredOption('--by <人员编号>', cliText.campaign.close.by)
    .option('--note <说明>', cliText.campaign.close.note)
    .action(async (id: string, o: { by: string; note?: string }) => {
      const input = { by: o.by, ...(o.note ? { note: o.note } : {}) };
      const { checkCampaignClose, closeCampaign } = await import('./campaigns.ts');
      await withEngine(
        (db) => checkCampaignClose(db, id, input),
        async (g) => {
          const view = await closeCampaign(g, id, input);
          out(cliText.campaign.close.closed(id, view.counts ? campaignText.counts(view.counts) : ''));
        },
      );
    });

  campaign
    .command('list')
    .description(cliText.campaign.list.description)
    .option('--json', cliText.program.json)
    .action(async (o: { json?: boolean }) => {
      const { listCampaigns } = await import('./campaigns.ts');
      await withDatabase(async (db) => {
        const rows = await listCampaigns(db);
        if (o.json) json(rows);
        else if (rows.length === 0) out(cliText.campaign.list.none);
        else for (const r of rows) out(cliText.campaign.list.row({ ...r, status: statusText.name(statusText.campaign, r.status) }));
      });
    });

  campaign
    .command('export <id>')
    .description(cliText.campaign.export.description)
    .requiredOption('--out <文件>', cliText.campaign.export.out)
    .option('--force', cliText.campaign.export.force)
    .action(async (id: string, o: { out: string; force?: boolean }) => {
      const { exportCampaign } = await import('./campaigns.ts');
      const target = { path: o.out, force: Boolean(o.force), option: '--out', exampleName: campaignText.ledgerFile(id) };
      await withDatabase(async (db) => {
        const bytes = await exportCampaign(db, id, target);
        out(cliText.campaign.export.written(o.out, Math.ceil(bytes / 1024)));
      });
    });
}
