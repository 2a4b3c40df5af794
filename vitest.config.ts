// Three projects: `unit` (tests/unit/: pure domain rules and rendering — no Temporal, no database, no child
// process; `npm run test:unit` in the edit loop), `browser` (tests/browser/: the action pages in the machine's
// Chromium at a phone's size; `npm run test:browser`) and `integration` (everything else). `npm test` runs all three.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/unit/**', 'tests/browser/**'],
          globalSetup: ['tests/support/global-setup.ts'],
          // Each test file in its own process: Temporal workers and database handles never leak between files.
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/support/global-setup.ts'],
          // A Chromium, an engine and a web server per test, each file in its own process; a phone's page is
          // slower than fetch, and two browsers may share the machine's cores with the other files.
          pool: 'forks',
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
