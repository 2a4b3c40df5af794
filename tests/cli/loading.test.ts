// What a command loads: `anwei --help` only commander and the program's definition; a command only
// the modules of what it does — `hazard list` the database client and the ledger, not Temporal nor the
// migration engine. Recorded by a module loader hook in the real `anwei` process (bench/cli-start.ts
// measures what that is worth).

import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, cleanEnv, migrateDataDir, tempDir } from './support.ts';

/** Runs `anwei <args>` and returns the project files and packages it loaded (as paths below the project). */
async function loadedBy(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const dir = tempDir('anwei-loading-');
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';\n` +
      `export async function load(url, context, next) { appendFileSync(${JSON.stringify(log)}, url + '\\n'); return next(url, context); }\n`,
  );
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, ['--import', pathToFileURL(register).href, BIN, ...args], { cwd: ROOT, env: cleanEnv(env) }, (error, _out, stderr) =>
      error ? reject(new Error(`anwei ${args.join(' ')}: ${error.message}\n${stderr}`)) : resolve(),
    ),
  );
  const root = pathToFileURL(ROOT).href;
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith(root))
    .map((url) => url.slice(root.length));
}

/** The npm packages among loaded paths: `commander`, `@prisma/client`. */
const packagesOf = (paths: string[]) => [...new Set(paths.flatMap((p) => /^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p)?.[1] ?? []))].sort();

describe('what a command loads', () => {
  it('anwei --help: commander and the program definition (client/cli.ts, the nouns’ *-cli.ts), nothing they run', async () => {
    const loaded = await loadedBy(['--help']);
    expect(packagesOf(loaded)).toEqual(['commander']);
    const own = loaded.filter((p) => p.startsWith('dist/'));
    expect(own).toContain('dist/client/cli.js');
    expect(own).toContain('dist/client/hazard-cli.js');
    expect(own.filter((p) => !/^dist\/(client\/([a-z-]+-cli|cli|cli-common|errors|deadline-spec)\.js|domain\/(time|text\/[a-z-]+)\.js)$/.test(p))).toEqual([]);
  });

  it('anwei hazard list: the database client and the ledger, not Temporal, the migration engine or PostgreSQL', async () => {
    const data = tempDir();
    await migrateDataDir(data);
    const loaded = await loadedBy(['hazard', 'list'], { ANWEI_DATA_DIR: data });
    const packages = packagesOf(loaded);
    expect(packages).toEqual(expect.arrayContaining(['@prisma/adapter-libsql', '@prisma/client', 'commander']));
    for (const heavy of ['@temporalio/client', '@temporalio/worker', '@prisma/schema-engine-wasm', '@prisma/adapter-pg', 'pg', 'yaml', 'zod']) {
      expect(packages).not.toContain(heavy);
    }
    // Where node can redirect an import in its own thread (bin/anwei.js), the adapter gets the local-file client alone.
    if ('registerHooks' in module) expect(packages).not.toContain('@libsql/hrana-client');
    expect(loaded).toContain('dist/client/ledger.js');
    expect(loaded.filter((p) => /^dist\/(worker\/index|activities|workflows|prisma\/engine)/.test(p))).toEqual([]);
  });
});
