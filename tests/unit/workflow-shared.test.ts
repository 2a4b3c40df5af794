// The domain modules the worker shares between workflows (domain/workflow-shared.ts) are frozen by the
// SDK once loaded. zod builds some members of a schema on first read and defines them on the schema: on
// a frozen schema that first read throws, and every workflow task using it would fail and be retried
// forever. readyForSharing (domain/zod.ts) reads them and freezes each schema itself, which stops the
// SDK's freeze there. Here the shared modules are frozen the way the SDK's worker freezes them (own properties, recursively; not prototypes, not what a function holds),
// and every schema they export must then parse and refuse exactly as a fresh, unfrozen copy does.

import { describe, expect, it, vi } from 'vitest';

type Module = Record<string, unknown>;

/** As @temporalio/worker's reusable-vm.js deepFreeze: own properties of objects, recursively; functions are frozen, not walked. */
function deepFreeze(value: unknown, seen = new WeakSet<object>()): void {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) return;
  seen.add(value);
  if (Object.isFrozen(value)) return;
  if (typeof value === 'object') {
    for (const key of Reflect.ownKeys(value)) {
      try {
        deepFreeze((value as Record<PropertyKey, unknown>)[key], seen);
      } catch {
        // as the SDK: some objects cannot be frozen
      }
    }
  }
  try {
    Object.freeze(value);
  } catch {
    // Node's module namespaces (zod's z.core, …) cannot be frozen; webpack's exports objects, which the SDK freezes, can.
  }
}

type Schema = { safeParse(input: unknown): { success: boolean; data?: unknown; error?: unknown } };

const isSchema = (v: unknown): v is Schema =>
  typeof v === 'object' && v !== null && '_zod' in v && typeof (v as { safeParse?: unknown }).safeParse === 'function';

/** Every exported schema, by module and export name. */
function schemas(modules: readonly Module[]): Map<string, Schema> {
  const found = new Map<string, Schema>();
  modules.forEach((m, i) => {
    for (const [name, value] of Object.entries(m)) if (isSchema(value)) found.set(`${i}.${name}`, value);
  });
  return found;
}

/** Inputs a schema refuses or takes: wrong types, empty and nested objects, invisible characters, dates. */
const INPUTS: unknown[] = [
  undefined,
  null,
  '',
  'x',
  'T-2027-001',
  '2027-03-01',
  'a\u202eb',
  12,
  -1,
  true,
  [],
  ['a'],
  {},
  { by: 'p-1' },
  { by: 'p-1', note: '已完成' },
  { by: 'p-1', evidence: '照片' },
  { by: '', unknown: 1 },
  { by: 'p-1', reason: '停产', note: 'a\u0007' },
  { kind: 'sector', id: 's-1' },
  { workdays: 3 },
  { days: 2, from: 'report' },
];

async function load(): Promise<{ shared: readonly Module[]; describeIssues: (e: never) => string[] }> {
  const { shared } = await import('../../domain/workflow-shared.ts');
  const { describeIssues } = await import('../../domain/schema.ts');
  return { shared: shared as unknown as Module[], describeIssues };
}

function outcomes(found: Map<string, Schema>, describeIssues: (e: never) => string[]): Record<string, unknown[]> {
  const all: Record<string, unknown[]> = {};
  for (const [name, schema] of found) {
    all[name] = INPUTS.map((input) => {
      const r = schema.safeParse(input);
      return r.success ? { data: r.data } : { refused: describeIssues(r.error as never) };
    });
  }
  return all;
}

describe('the domain modules shared between workflows', () => {
  it('validate and refuse after the worker freezes them as a fresh copy does', async () => {
    // A copy that stays unfrozen says what each schema does: computed first, since zod itself (not reloaded) is frozen below.
    const fresh = await load();
    const expected = outcomes(schemas(fresh.shared), fresh.describeIssues);

    vi.resetModules();
    const frozen = await load();
    expect(frozen.shared[0]).not.toBe(fresh.shared[0]);
    const { z } = await import('../../domain/zod.ts');
    for (const m of [...frozen.shared, z as unknown as Module]) for (const value of Object.values(m)) deepFreeze(value);

    const frozenSchemas = schemas(frozen.shared);
    expect(frozenSchemas.size).toBeGreaterThan(15);
    expect(outcomes(frozenSchemas, frozen.describeIssues)).toEqual(expected);
    // The battery reaches both ways out of the schemas: some inputs taken, some refused with zh-CN words.
    const flat = Object.values(expected).flat() as Array<{ data?: unknown; refused?: string[] }>;
    expect(flat.some((o) => 'data' in o)).toBe(true);
    expect(flat.some((o) => o.refused?.some((line) => /[\u4e00-\u9fff]/.test(line)))).toBe(true);
  });

  it('hold no SDK code, so that sharing them shares nothing of a workflow', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const dir = new URL('../../domain/', import.meta.url);
    const offenders = (readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ts'))
      .filter((f) => /from '@temporalio\/workflow'/.test(readFileSync(new URL(f, dir), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
