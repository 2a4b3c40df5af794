// `anwei profile check | load`: a town profile checked whole, and loaded (or reloaded) into the database;
// a running engine hears of the change. An action loads the modules it uses when it runs.

import type { Command } from 'commander';
import { out, readText, withDatabase } from './cli-common.ts';
import { TemporalUnavailableError } from './errors.ts';

export function addProfileCommands(program: Command): void {
  const profile = program.command('profile').description('乡镇档案（人员、行业领域、村、企业）');
  profile
    .command('check <file>')
    .description('检查档案文件，列出全部问题，不写入任何内容')
    .action(async (file: string) => {
      const { checkProfile } = await import('./profile-loader.ts');
      const { profile: p, warnings } = checkProfile(readText(file, '档案文件'), file);
      out(`档案 ${file} 检查通过：${p.town}，${p.people.length} 人，${p.sectors.length} 个行业领域，${p.villages.length} 个村（社区），${p.enterprises.length} 家企业。`);
      for (const w of warnings) out(`  注意：${w}`);
    });
  profile
    .command('load <file>')
    .description('载入（或重新载入）档案：整体校验，全部通过才写入；离任人员停用而不删除')
    .action(async (file: string) => {
      const text = readText(file, '档案文件');
      const [{ createHash }, { checkProfile, loadProfile, notifyTownChanged, summarize }] = await Promise.all([
        import('node:crypto'),
        import('./profile-loader.ts'),
      ]);
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
        const [{ DEFAULT_TASK_QUEUE, connectClient }, { reconcile }] = await Promise.all([
          import('./temporal.ts'),
          import('../worker/reconciler.ts'),
        ]);
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
}
