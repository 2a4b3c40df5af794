// The workflow bundle: built once from workflows/index.ts (at setup, or once per test run) and
// loaded by every worker, instead of each worker running webpack at start.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';
import { projectPath } from './paths.ts';

/** Source folders that end up in the bundle: a change in any of them means a new bundle. */
const BUNDLED_SOURCES = ['workflows', 'domain'];

/**
 * Modules evaluated once per worker and shared by every workflow, instead of once per workflow (the
 * SDK gives each workflow its own module cache): domain/zod.ts, which loads and configures zod (1 MB
 * of the bundle; stateless once configured — its global registry is not used), and
 * domain/workflow-shared.ts, the domain modules the workflows import, with their zod schemas built once.
 */
const PRELOADED_MODULES = [projectPath('domain', 'zod.ts'), projectPath('domain', 'workflow-shared.ts')];

export const defaultBundlePath = (): string => process.env.ANWEI_WORKFLOW_BUNDLE ?? projectPath('dist', 'workflow-bundle.js');

function sourcesHash(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) hash.update(path.slice(projectPath().length)).update(readFileSync(path));
    }
  };
  for (const dir of BUNDLED_SOURCES) walk(projectPath(dir));
  hash.update(readFileSync(projectPath('package-lock.json'))).update(JSON.stringify(PRELOADED_MODULES));
  return hash.digest('hex');
}

const quiet = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: (m: string) => console.error(m) };

/**
 * Writes the bundle to `outFile` unless the sources are unchanged since it was built.
 * Returns whether it was (re)built.
 */
export async function buildWorkflowBundle(outFile = defaultBundlePath()): Promise<boolean> {
  const hash = sourcesHash();
  const stamp = `${outFile}.sha256`;
  if (existsSync(outFile) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return false;
  const { code } = await bundleWorkflowCode({ workflowsPath: projectPath('workflows', 'index.ts'), preloadModules: PRELOADED_MODULES, logger: quiet });
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(`${outFile}.tmp`, code);
  renameSync(`${outFile}.tmp`, outFile);
  writeFileSync(stamp, hash);
  return true;
}

/** Worker options that load the pre-built bundle, or bundle from sources when there is none. */
export function workflowSource(bundlePath = defaultBundlePath()): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  if (existsSync(bundlePath)) return { workflowBundle: { codePath: bundlePath } };
  return { workflowsPath: projectPath('workflows', 'index.ts'), bundlerOptions: { preloadModules: PRELOADED_MODULES } };
}
