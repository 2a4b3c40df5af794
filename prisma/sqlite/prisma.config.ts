// For a machine that has Prisma's native schema engine and wants the plain CLI on the SQLite history:
//   DATABASE_URL=... npx prisma migrate deploy --config prisma/sqlite/prisma.config.ts
// anwei itself never reads this file: it migrates through prisma/engine.ts.

import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: './schema.prisma',
  migrations: { path: './migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
