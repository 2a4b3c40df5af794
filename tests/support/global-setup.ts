// Once per test run: what `npm test`'s pretest does (node scripts/setup.mjs: the Temporal binaries, the
// Prisma clients, dist/ compiled incrementally and the workflow bundle rebuilt only when workflows/ or
// domain/ changed), so that a test file run by itself (`npx vitest run tests/cli/…`) never runs a stale
// dist/ — the CLI tests run the compiled `anwei` — nor stale workflow code. About 3 s when nothing changed.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const script = fileURLToPath(new URL('../../scripts/setup.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (run.status !== 0) throw new Error(`node scripts/setup.mjs failed (exit ${run.status ?? run.signal})`);
}
