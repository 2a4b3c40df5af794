// The engine's heap growth (worker/index.ts HEAP_GROWING_PERCENT): V8 itself reports, with --trace-gc-verbose,
// the factor by which it lets the heap grow after each full collection. A child process asks for an engine
// worker — `createEngineWorker` sets the factor first thing, and this one then fails for want of a database and a
// server, which is all the child needs of it — and churns through short-lived arrays. From then on V8 reports
// that factor and no other (collections while the child loads the engine's modules may report V8's own choice);
// without the setting V8 chose 4.0 for the same churn on this machine. A factor given on node's command line wins.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT } from '../../worker/index.ts';

const WORKER = fileURLToPath(new URL('../../worker/index.ts', import.meta.url));

/** Every heap growing factor V8 chose in a child that asked for an engine worker and then churned garbage. */
function factorsAfterAnEngineWorker(nodeArgs: string[] = []): number[] {
  const script = `
    const { createEngineWorker } = await import(${JSON.stringify(WORKER)});
    await createEngineWorker({ taskQueue: 'heap-growth', timeSkipping: false }).then(
      () => { throw new Error('an engine worker without a database or a server was made'); },
      () => {},
    );
    const kept = [];
    for (let i = 0; i < 600; i++) {
      kept.push(new Array(100_000).fill(i).map(String));
      if (kept.length > 20) kept.shift();
    }`;
  const child = spawnSync(process.execPath, [...nodeArgs, '--trace-gc-verbose', '--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(child.status, child.stderr).toBe(0);
  return [...`${child.stdout}${child.stderr}`.matchAll(/\[HeapController\] factor (\d+(?:\.\d+)?)/g)].map((m) => Number(m[1]));
}

/** The factors from the first report of `factor` on, which must be at least `count`. */
function from(factors: number[], factor: number, count = 3): number[] {
  const since = factors.indexOf(factor);
  expect(since, `factors: ${factors.join(', ')}`).toBeGreaterThanOrEqual(0);
  expect(factors.length - since).toBeGreaterThanOrEqual(count);
  return factors.slice(since);
}

describe('an engine process sets how far V8 lets its heap grow', () => {
  it('grows each heap by HEAP_GROWING_PERCENT after a full collection, whatever V8 would choose', () => {
    const limited = 1 + HEAP_GROWING_PERCENT / 100;
    expect(new Set(from(factorsAfterAnEngineWorker(), limited))).toEqual(new Set([limited]));
  });

  it('keeps the factor given on node’s command line', () => {
    const factors = factorsAfterAnEngineWorker(['--heap-growing-percent=20']);
    expect(new Set(from(factors, 1.2, 1))).toEqual(new Set([1.2]));
    expect(factors).not.toContain(1 + HEAP_GROWING_PERCENT / 100);
  });
});
