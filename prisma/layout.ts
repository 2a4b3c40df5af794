// Where each provider's schema and migrations live, whether running from sources or from compiled dist/.

import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { MigrationFiles, Provider } from './engine.ts';

/** The folder under prisma/ per provider; prisma/derive.mjs holds the same table for the build scripts. */
export const PROVIDER_DIRS = { sqlite: 'sqlite', postgresql: 'postgres' } as const satisfies Record<Provider, string>;

export const PROVIDER_LABELS = { sqlite: 'SQLite', postgresql: 'PostgreSQL' } as const satisfies Record<Provider, string>;

let cachedPrismaDir: string | undefined;

/** The project's prisma/ folder: the nearest ancestor of this module holding prisma/schema.prisma. */
export function prismaDir(): string {
  if (cachedPrismaDir) return cachedPrismaDir;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'prisma', 'schema.prisma'))) return (cachedPrismaDir = join(dir, 'prisma'));
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the project folder holding prisma/schema.prisma');
    dir = parent;
  }
}

export function migrationFiles(provider: Provider, base = prismaDir()): MigrationFiles {
  const dir = join(base, PROVIDER_DIRS[provider]);
  return { provider, schemaPath: join(dir, 'schema.prisma'), migrationsDir: join(dir, 'migrations') };
}

/** The migrations in a migrations folder (one folder each), oldest first: their names start with a UTC timestamp. */
export function migrationNames(migrationsDir: string): string[] {
  if (!existsSync(migrationsDir)) return [];
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}
