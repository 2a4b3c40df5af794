// The engine's heap growth (worker/index.ts HEAP_GROWING_PERCENT): V8 itself reports, with --trace-gc-verbose,
// the factor by which it lets the heap grow after each full collection. A child process that applies the
// engine's limit and then churns through short-lived arrays reports that factor from then on (collections while
// it loads the engine's modules, before the limit, may report V8's own); without the limit V8 chose 4.0 for the
// same churn on this machine.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT } from '../../worker/index.ts';

const WORKER = fileURLToPath(new URL('../../worker/index.ts', import.meta.url));

/** Every heap growing factor V8 chose in a child that churns garbage, after `setup` ran. */
function factorsAfter(setup: string): number[] {
  const script = `
    const { limitHeapGrowth } = await import(${JSON.stringify(WORKER)});
    ${setup}
    const kept = [];
    for (let i = 0; i < 600; i++) {
      kept.push(new Array(100_000).fill(i).map(String));
      if (kept.length > 20) kept.shift();
    }`;
  const child = spawnSync(process.execPath, ['--trace-gc-verbose', '--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(child.status, child.stderr).toBe(0);
  return [...`${child.stdout}${child.stderr}`.matchAll(/\[HeapController\] factor (\d+(?:\.\d+)?)/g)].map((m) => Number(m[1]));
}

describe('the engine process limits how far V8 lets its heap grow', () => {
  it('grows each heap by HEAP_GROWING_PERCENT after a full collection, whatever V8 would choose', () => {
    const limited = 1 + HEAP_GROWING_PERCENT / 100;
    const factors = factorsAfter('limitHeapGrowth();');
    const since = factors.indexOf(limited);
    expect(since, `factors: ${factors.join(', ')}`).toBeGreaterThanOrEqual(0);
    expect(factors.length - since).toBeGreaterThanOrEqual(3);
    expect(new Set(factors.slice(since))).toEqual(new Set([limited]));
  });
});
