import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    // Each test file in its own process: Temporal workers and database handles never leak between files.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
