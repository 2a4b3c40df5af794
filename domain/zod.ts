// The one schema library, zod, set to report in zh-CN. The workflow bundle loads this module once per
// worker, before any workflow, and shares it (worker/bundle.ts PRELOADED_MODULES): the SDK gives each
// workflow its own copy of every other module, and zod is 1 MB of the bundle. Shared modules are
// frozen after loading, so everything zod would otherwise set lazily on first use is set here, once:
// the locale, the memoizer every object schema reads, and `jitless` (zod's JIT probe would cache its
// answer on a frozen object; interpreting is deterministic and fast enough for our small inputs).

import { z } from 'zod';

z.config({ ...z.locales.zhCN(), memoizer: z.core.memoizer(), jitless: true });

export { z };
