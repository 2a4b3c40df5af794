// `anwei campaign start | status | close | list | export`: the campaign commands. A large campaign's
// set-up shows a progress bar on a terminal (a hand-written line on stderr; plain lines otherwise).
// An action loads the modules it uses (client/campaigns.ts, Temporal) when it runs.

import type { Command } from 'commander';
import { campaignText as t } from '../domain/text/campaign.ts';
import { formatLocalMinute, localDateOf, yearOf } from '../domain/time.ts';
import { json, out, withDatabase, withEngine } from './cli-common.ts';
import type { CampaignStatusReport } from './campaigns.ts';
import { DEADLINE_HELP, parseDeadlineSpec } from './deadline-spec.ts';
import { UserInputError } from './errors.ts';

const templateNames: Record<string, string> = t.templateName;

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
      stream.write(`\r创建检查任务 ${progressBar(done, total)}`);
      if (done >= total) stream.write('\n');
    } else if (done >= total || Date.now() - lastLine > 5_000) {
      // Not a terminal (a log file): a line now and then, and the last one.
      stream.write(`创建检查任务 ${done}/${total}\n`);
      lastLine = Date.now();
    }
    last = done;
  };
}

export function statusText(r: CampaignStatusReport): string {
  const lines = [
    `${r.id} ${r.title}（${templateNames[r.template] ?? r.template}，${t.statusName[r.status] ?? r.status}）`,
    `  ${r.opensOn} 至 ${r.due}${r.closedAt ? `，${formatLocalMinute(r.closedAt)} 结束` : ''}`,
    `  ${t.counts(r.counts)}`,
    '',
    `${t.section.bySector}：`,
    ...r.bySector.map((row) => `  ${row.name}：${t.progressLine(row)}`),
    '',
    `${t.section.byInspector}：`,
    ...r.byInspector.map((row) => `  ${row.name}：${t.progressLine(row)}`),
  ];
  return lines.join('\n');
}

export function addCampaignCommands(program: Command): void {
  const campaign = program.command('campaign').description('专项行动（节前检查、安全生产月、百日攻坚、专项整治）：每家目标企业一项检查任务');

  campaign
    .command('start')
    .description('启动专项行动：按范围为每家企业生成检查任务，通知分管领导和各安监员（每人一封邮件）')
    .requiredOption('--template <模板>', Object.entries(templateNames).map(([id, name]) => `${id} ${name}`).join('、'))
    .requiredOption('--by <人员编号>', '发起人')
    .option('--id <编号>', '专项行动编号（默认按模板和年份，如 SM2027）；任务编号为 <编号>:<企业编号>')
    .option('--title <标题>', '标题（默认按模板，如 2027年安全生产月企业大检查）')
    .option('--sectors <编号,…>', '只含这些行业领域')
    .option('--classes <A,B,C>', '只含这些分级')
    .option('--villages <编号,…>', '只含这些村（社区）')
    .option('--enterprises <编号,…>', '只含这些企业')
    .option('--due <期限>', `截止：${DEADLINE_HELP}；从启动日起算（默认按模板）`)
    .option('--no-wait', '不等待全部任务创建完成')
    .action(async (o: { id?: string; template: string; by: string; title?: string; sectors?: string; classes?: string; villages?: string; enterprises?: string; due?: string; wait: boolean }) => {
      const { checkCampaignStart, nextCampaignId, startCampaign, waitForSetup } = await import('./campaigns.ts');
      const due = o.due === undefined ? undefined : parseDeadlineSpec(o.due);
      // Named together with whatever else is wrong, not alone.
      const argProblems = o.due !== undefined && !due ? [`--due ${o.due}: 无法识别的期限（${DEADLINE_HELP}）`] : [];
      const scope = Object.fromEntries(
        (['sectors', 'classes', 'villages', 'enterprises'] as const).flatMap((k) => {
          const values = list(o[k]);
          return values?.length ? [[k, values]] : [];
        }),
      );
      const template = o.template;
      const id = o.id ?? (await withDatabase((db) => nextCampaignId(db, template, yearOf(localDateOf(Date.now())))));
      const input = { id, template: o.template, by: o.by, ...(o.title ? { title: o.title } : {}), ...(Object.keys(scope).length ? { scope } : {}), ...(due ? { due } : {}) };
      await withEngine(
        async (db) => {
          try {
            await checkCampaignStart(db, input, Date.now());
          } catch (error) {
            if (error instanceof UserInputError && argProblems.length) throw new UserInputError([...argProblems, ...error.problems], error.headline);
            throw error;
          }
          if (argProblems.length) throw new UserInputError(argProblems);
        },
        async (g) => {
          const spec = await startCampaign(g, input);
          out(`已启动专项行动 ${spec.id}：${spec.title}，${spec.expected} 家企业，${spec.opensOn} 至 ${spec.due}（${spec.dueTrace}）。`);
          if (!o.wait) return;
          const done = await waitForSetup(g.db, spec.id, spec.expected, progressReporter());
          out(done ? `检查任务已全部创建（${spec.expected} 项）；anwei campaign status ${spec.id} 查看进展。` : `检查任务仍在创建中；anwei campaign status ${spec.id} 查看进展。`);
        },
      );
    });

  campaign
    .command('status <id>')
    .description('进展：已完成、进行中、逾期、发现隐患、已销号，按行业领域和按安监员')
    .option('--json', '输出 JSON')
    .action(async (id: string, o: { json?: boolean }) => {
      const { campaignStatus } = await import('./campaigns.ts');
      await withDatabase(async (db) => {
        const report = await campaignStatus(db, id);
        if (!report) throw new UserInputError([t.notFound(id)]);
        if (o.json) json(report);
        else out(statusText(report));
      });
    });

  campaign
    .command('close <id>')
    .description('结束专项行动：未完成的检查任务取消，向分管安全的领导、镇长、党委书记发送结束通知和台账')
    .requiredOption('--by <人员编号>', '结束人')
    .option('--note <说明>', '说明')
    .action(async (id: string, o: { by: string; note?: string }) => {
      const input = { by: o.by, ...(o.note ? { note: o.note } : {}) };
      const { checkCampaignClose, closeCampaign } = await import('./campaigns.ts');
      await withEngine(
        (db) => checkCampaignClose(db, id, input),
        async (g) => {
          const view = await closeCampaign(g, id, input);
          out(`专项行动 ${id} 已结束。${view.counts ? t.counts(view.counts) : ''}`);
        },
      );
    });

  campaign
    .command('list')
    .description('全部专项行动及其进展')
    .option('--json', '输出 JSON')
    .action(async (o: { json?: boolean }) => {
      const { listCampaigns } = await import('./campaigns.ts');
      await withDatabase(async (db) => {
        const rows = await listCampaigns(db);
        if (o.json) json(rows);
        else if (rows.length === 0) out('还没有专项行动（anwei campaign start 启动）。');
        else for (const r of rows) out(`${r.id}\t${t.statusName[r.status] ?? r.status}\t${r.title}\t截止 ${r.due}\t${r.done}/${r.tasks} 完成，逾期 ${r.overdue}，隐患 ${r.hazards}`);
      });
    });

  campaign
    .command('export <id>')
    .description('导出台账（Excel .xlsx）：检查任务（状态、完成时间、佐证）和隐患（等级、期限、状态）')
    .requiredOption('--out <文件>', '写入的文件，如 SM2027-台账.xlsx（所在文件夹须已存在）')
    .option('--force', '文件已存在时覆盖它（不加则不覆盖，提示后退出）')
    .action(async (id: string, o: { out: string; force?: boolean }) => {
      const { exportCampaign } = await import('./campaigns.ts');
      const target = { path: o.out, force: Boolean(o.force), option: '--out', exampleName: t.ledgerFile(id) };
      await withDatabase(async (db) => {
        const bytes = await exportCampaign(db, id, target);
        out(`已导出 ${o.out}（${Math.ceil(bytes / 1024)} KB）。`);
      });
    });
}
