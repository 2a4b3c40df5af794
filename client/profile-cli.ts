// `anwei profile check | load`: a town profile checked whole, and loaded (or reloaded) into the database;
// a running engine hears of the change. An action loads the modules it uses when it runs.

import type { Client } from '@temporalio/client';
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
      // Group robots read their webhooks and secrets from this environment: say which are missing, never a value.
      const channels = p.channels ?? [];
      if (channels.length) {
        const { missingChannelEnv } = await import('../domain/robots.ts');
        const { robotText } = await import('../domain/text/robots.ts');
        const missing = missingChannelEnv(channels, process.env);
        out(missing.length ? cliText.profile.warning(robotText.envMissing(missing)) : `  ${robotText.envAllSet(channels.length)}`);
      }
    });
  profile
    .command('load <file>')
    .description(cliText.profile.load)
    .action(async (file: string) => {
      const text = readText(file, cliText.profileFile);
      const { loadAndTell } = await import('./profile-loader.ts');
      await withDatabase(async (db) => {
        let client: Client | undefined;
        const engine = async () => {
          client = await connectEngine(db).catch((error: unknown) => {
            if (error instanceof TemporalUnavailableError) return undefined;
            throw error;
          });
          if (!client) return undefined;
          const { DEFAULT_TASK_QUEUE } = await import('./temporal.ts');
          return { client, taskQueue: process.env.ANWEI_TASK_QUEUE || DEFAULT_TASK_QUEUE };
        };
        try {
          await loadAndTell(db, { text, file, source: 'cli', ...(process.env.USER ? { actor: process.env.USER } : {}) }, engine, out);
        } finally {
          await (client as Client | undefined)?.connection.close();
        }
      });
    });
}
