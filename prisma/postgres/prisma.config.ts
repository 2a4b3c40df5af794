// For a machine that has Prisma's native schema engine and wants the plain CLI on the PostgreSQL history:
//   DATABASE_URL=... npx prisma migrate deploy --config prisma/postgres/prisma.config.ts
// anwei itself never reads this file: it migrates through prisma/engine.ts.

import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: './schema.prisma',
  migrations: { path: './migrations' },
  datasource: { url: process.env.DATABASE_URL ?? '' },
});
