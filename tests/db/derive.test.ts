// prisma/sqlite/ and prisma/postgres/ are derived from prisma/schema.prisma, never edited by hand.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROVIDERS as DERIVED, deriveProviderSchema } from '../../prisma/derive.mjs';
import { PROVIDER_DIRS, migrationFiles, prismaDir } from '../../prisma/layout.ts';
import { PROVIDERS } from '../support/databases.ts';

const source = readFileSync(join(prismaDir(), 'schema.prisma'), 'utf8');

describe('the provider schemas', () => {
  it.each(PROVIDERS)('%s: the committed schema is exactly what derivation of prisma/schema.prisma gives', (provider) => {
    const committed = readFileSync(migrationFiles(provider).schemaPath, 'utf8');
    // On failure: run `npm run db:migrate -- --name <change>` (or node scripts/prisma-generate.mjs).
    expect(committed).toBe(deriveProviderSchema(source, provider));
  });

  it.each(PROVIDERS)('%s: the migration lock names the same provider', (provider) => {
    const lock = readFileSync(join(migrationFiles(provider).migrationsDir, 'migration_lock.toml'), 'utf8');
    expect(lock).toContain(`provider = "${provider}"`);
  });

  it('differ from each other only in the header, the datasource provider and the client output', () => {
    const sqlite = deriveProviderSchema(source, 'sqlite').split('\n');
    const postgres = deriveProviderSchema(source, 'postgresql').split('\n');
    expect(postgres).toHaveLength(sqlite.length);
    const differing = sqlite.flatMap((line, i) => (line === postgres[i] ? [] : [[line.trim(), postgres[i]?.trim()]]));
    expect(differing).toEqual([
      [expect.stringContaining('for SQLite'), expect.stringContaining('for PostgreSQL')],
      [expect.stringMatching(/^output\s+= "\.\.\/generated\/sqlite"$/), expect.stringMatching(/^output\s+= "\.\.\/generated\/postgres"$/)],
      ['provider = "sqlite"', 'provider = "postgresql"'],
    ]);
  });

  it('keep every model of the source', () => {
    const models = (text: string) => [...text.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]);
    for (const provider of PROVIDERS) expect(models(deriveProviderSchema(source, provider))).toEqual(models(source));
  });

  it('cannot be derived from a source whose datasource carries a URL', () => {
    const withUrl = source.replace(/(datasource db \{\n)/, '$1  url = "file:./dev.db"\n');
    expect(() => deriveProviderSchema(withUrl, 'postgresql')).toThrow(/must not set a URL/);
  });

  it('live where the build scripts and the runtime both look for them', () => {
    expect(Object.fromEntries(DERIVED.map((p) => [p.provider, p.dir]))).toEqual(PROVIDER_DIRS);
  });
});
