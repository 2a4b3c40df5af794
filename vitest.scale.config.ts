// The slow scale tests (tests/scale/*.scale.ts), kept out of `npm test`: `npm run test:scale`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/scale/**/*.scale.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30 * 60_000,
    hookTimeout: 180_000,
  },
});
