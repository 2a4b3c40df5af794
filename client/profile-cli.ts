// `anwei profile check | load`: a town profile checked whole, and loaded (or reloaded) into the database;
// a running engine hears of the change. An action loads the modules it uses when it runs.

import type { Command } from 'commander';
import { cliText } from '../domain/text/cli.ts';
import { connectEngine, out, readText, withDatabase } from './cli-common.ts';
import { TemporalUnavailableError } from './errors.ts';

export function addProfileCommands(program: Command): void {
  const profile = program.command('profile').description(cliText.profile.description);
  profile
    .command('check <file>')
    .description(cliText.profile.check)
    .action(async (file: string) => {
      const { checkProfile } = await import('./profile-loader.ts');
      const { profile: p, warnings } = checkProfile(readText(file, cliText.profileFile), file);
      const counts = { people: p.people.length, sectors: p.sectors.length, villages: p.villages.length, enterprises: p.enterprises.length };
      out(cliText.profile.checked(file, p.town, counts));
      for (const w of warnings) out(cliText.profile.warning(w));
    });
  profile
    .command('load <file>')
    .description(cliText.profile.load)
    .action(async (file: string) => {
      const text = readText(file, cliText.profileFile);
      const [{ createHash }, { checkProfile, loadProfile, notifyTownChanged, summarize }] = await Promise.all([
        import('node:crypto'),
        import('./profile-loader.ts'),
      ]);
      checkProfile(text, file); // every problem before touching the database
      await withDatabase(async (db) => {
        const latest = await db.prisma.profileVersion.findFirst({ orderBy: { version: 'desc' } });
        if (latest && latest.sha256 === createHash('sha256').update(text).digest('hex')) {
          out(cliText.profile.unchanged(file, latest.version));
          return;
        }
        // The engine is reached first: one that belongs to another database is refused before anything is loaded.
        const client = await connectEngine(db).catch((error: unknown) => {
          if (error instanceof TemporalUnavailableError) return undefined;
          throw error;
        });
        try {
          const r = await loadProfile(db, { text, file, source: 'cli', ...(process.env.USER ? { actor: process.env.USER } : {}) });
          out(cliText.profile.loaded(file, r.town, r.version, summarize(r)));
          for (const w of r.warnings) out(cliText.profile.warning(w));
          for (const line of r.handover) out(cliText.profile.handover(line));
          if (!client) {
            out(cliText.profile.engineNotRunning);
            return;
          }
          // Open hazards, tasks and the duty calendar follow the new profile from their next step.
          const [{ DEFAULT_TASK_QUEUE }, { reconcile }] = await Promise.all([import('./temporal.ts'), import('../worker/reconciler.ts')]);
          const told = await notifyTownChanged(db, client);
          const { dutiesStarted } = await reconcile({ client, db, taskQueue: process.env.ANWEI_TASK_QUEUE || DEFAULT_TASK_QUEUE });
          if (told) out(cliText.profile.told(told));
          if (dutiesStarted.length) out(cliText.profile.dutiesStarted(dutiesStarted));
        } finally {
          await client?.connection.close();
        }
      });
    });
}
