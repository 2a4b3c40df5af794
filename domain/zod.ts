// The one schema library, zod, set to report in zh-CN. The workflow bundle loads this module once per
// worker, before any workflow, and shares it (worker/bundle.ts PRELOADED_MODULES): the SDK gives each
// workflow its own copy of every other module, and zod is 1 MB of the bundle. Shared modules are
// frozen after loading, so everything zod would otherwise set lazily on first use is set here, once:
// the locale, the memoizer every object schema reads, and `jitless` (zod's JIT probe would cache its
// answer on a frozen object; interpreting is deterministic and fast enough for our small inputs).

import { z } from 'zod';

z.config({ ...z.locales.zhCN(), memoizer: z.core.memoizer(), jitless: true });

export { z };

/**
 * Readies the zod schemas reachable from `roots` for the freeze the worker gives the modules it shares
 * between workflows (worker/bundle.ts). The SDK freezes every object reachable from a shared module's
 * exports through own properties, but stops at an object already frozen. zod mutates a schema's internals
 * as it parses (a regex check resets its pattern's `lastIndex`; the memoizer replaces a schema's parse on
 * its first parse), and defines some members of a schema on the schema when first read (accessors on its
 * prototype: bound methods, `~standard`, …): under the SDK's freeze each of these throws ("Cannot assign
 * to read only property 'lastIndex'", "Cannot define property safeParse, object is not extensible").
 * So each schema's prototype accessors are read once, here, and the schema itself is then frozen — itself
 * only: the SDK's freeze stops there, and leaves zod its internals. What zod keeps there is the same for
 * every workflow (no input is kept), so sharing it carries nothing from one workflow to another.
 */
export function readyForSharing(roots: readonly unknown[]): void {
  const seen = new WeakSet<object>();
  const builtIn = new Set<unknown>([Object.prototype, Function.prototype, Array.prototype]);
  const read = (target: object, key: PropertyKey): unknown => {
    try {
      return (target as Record<PropertyKey, unknown>)[key];
    } catch {
      // An accessor that refuses this kind of schema builds nothing either.
      return undefined;
    }
  };
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    if (!(value instanceof z.core.$ZodType)) {
      // Exports, arrays and plain objects: the SDK freezes them whole; the schemas in them are readied here.
      for (const key of Reflect.ownKeys(value)) visit(read(value, key));
      return;
    }
    for (let proto = Object.getPrototypeOf(value); proto && !builtIn.has(proto); proto = Object.getPrototypeOf(proto)) {
      for (const key of Reflect.ownKeys(proto)) if (Object.getOwnPropertyDescriptor(proto, key)?.get) read(value, key);
    }
    Object.freeze(value);
  };
  for (const root of roots) visit(root);
}
