// Where the project's files are, whether running from TypeScript sources or from compiled dist/, and
// the data folder (ANWEI_DATA_DIR, default .data/ in the project).

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The folder holding anwei's package.json. */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (existsSync(candidate) && (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'anwei') {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the anwei project folder (package.json)');
    dir = parent;
  }
}

export const projectPath = (...parts: string[]): string => join(projectRoot(), ...parts);

/** The dev server's data, the SQLite database and the outbox. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.ANWEI_DATA_DIR || projectPath('.data');
}
