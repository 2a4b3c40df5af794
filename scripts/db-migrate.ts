// The database's migrations, without Prisma's native engine:
//   npx tsx scripts/db-migrate.ts                   apply the migrations the database lacks (npm run db:migrate), as
//                                                   `anwei start` does: DATABASE_URL, else anwei.db in ANWEI_DATA_DIR
//   npx tsx scripts/db-migrate.ts --name <change>   derive both provider schemas, write a migration for each
//   npx tsx scripts/db-migrate.ts --check           provider schemas and migrations agree with the source? (exit 2 if not)
// PostgreSQL work happens in temporary databases on ANWEI_PG_ADMIN_URL (default: the local server as
// postgres); SHADOW_DATABASE_URL, if set, replaces the temporary databases migrations are replayed in.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { databaseUrlFromEnv, migrateDatabase, redactDatabaseUrl } from '../prisma/client.ts';
import { PROVIDERS, deriveProviderSchema } from '../prisma/derive.mjs';
import { checkDrift, createMigration, migrationTimestamp } from '../prisma/engine.ts';
import type { PostgresScratch, Provider } from '../prisma/engine.ts';
import { migrationFiles, prismaDir } from '../prisma/layout.ts';
import { dataDir } from '../worker/paths.ts';

const DEFAULT_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
const START_POSTGRES = 'pg_ctlcluster --skip-systemctl-redirect 15 main start';
const EXIT_DRIFT = 2;

let say = (line: string) => console.log(`db:migrate: ${line}`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} 秒`;

function postgresScratchFromEnv(env: NodeJS.ProcessEnv = process.env): PostgresScratch {
  const shadowUrl = env.SHADOW_DATABASE_URL?.trim() || undefined;
  return { adminUrl: env.ANWEI_PG_ADMIN_URL?.trim() || DEFAULT_ADMIN_URL, shadowUrl };
}

/** Fails early, before anything is written, when the PostgreSQL server is out of reach. */
async function ensurePostgresReachable(scratch: PostgresScratch, needsAdmin: boolean): Promise<void> {
  const url = needsAdmin || !scratch.shadowUrl ? scratch.adminUrl : scratch.shadowUrl;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `无法连接 PostgreSQL（${redactDatabaseUrl(url)}）：${reason}。` +
        `本机服务器可用 ${START_POSTGRES} 启动；其他服务器请设置 ANWEI_PG_ADMIN_URL（其角色须能 CREATE DATABASE）` +
        (needsAdmin ? '。' : '，或只设置 SHADOW_DATABASE_URL（一个可以清空的数据库）。'),
      { cause: error },
    );
  } finally {
    await client.end().catch(() => {});
  }
}

/** Prisma's folder-name rules: lower case, words joined by underscores. */
function normalizeMigrationName(raw: string): string {
  const name = raw
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (name === '') throw new Error(`迁移名 “${raw}” 无效：请用英文字母、数字和下划线描述这次变更，如 add_person_wechat`);
  if (name.length > 200) throw new Error('迁移名过长（最多 200 个字符）');
  return name;
}

async function writeMigrations(rawName: string): Promise<void> {
  const name = normalizeMigrationName(rawName);
  const scratch = postgresScratchFromEnv();
  await ensurePostgresReachable(scratch, true);
  // Re-derive the provider schemas (and regenerate the clients) from the source first.
  execFileSync(process.execPath, [join(prismaDir(), '..', 'scripts', 'prisma-generate.mjs')], { stdio: 'inherit' });
  // One timestamp for both: the same change carries the same folder name on both providers.
  const timestamp = migrationTimestamp();
  const root = join(prismaDir(), '..');
  for (const { provider, label } of PROVIDERS) {
    const started = performance.now();
    const created = await createMigration(migrationFiles(provider), name, { postgres: scratch, timestamp });
    if (created) {
      say(`已写入 ${relative(root, join(created.directory, 'migration.sql'))}（${label}，${seconds(started)}）`);
    } else {
      say(`${label}：schema 与迁移历史一致，无需新迁移（${seconds(started)}）`);
    }
  }
}

/** Whether prisma/<provider>/schema.prisma is exactly what derivation of prisma/schema.prisma gives. */
function derivedSchemaIsCurrent(provider: Provider): boolean {
  const source = readFileSync(join(prismaDir(), 'schema.prisma'), 'utf8');
  const { schemaPath } = migrationFiles(provider);
  let committed: string;
  try {
    committed = readFileSync(schemaPath, 'utf8');
  } catch {
    return false;
  }
  return committed === deriveProviderSchema(source, provider);
}

async function check(): Promise<number> {
  const scratch = postgresScratchFromEnv();
  await ensurePostgresReachable(scratch, false);
  const root = join(prismaDir(), '..');
  let drift = false;
  for (const { provider, label } of PROVIDERS) {
    const files = migrationFiles(provider);
    if (!derivedSchemaIsCurrent(provider)) {
      say(`${label}：${relative(root, files.schemaPath)} 与 prisma/schema.prisma 不一致。请运行 npm run db:migrate -- --name <变更名>`);
      drift = true;
      continue;
    }
    const started = performance.now();
    const report = await checkDrift(files, { postgres: scratch });
    if (report.inSync) {
      say(`${label}：迁移与 schema 一致（${seconds(started)}）`);
    } else {
      drift = true;
      say(`${label}：schema 有迁移未包含的变更（${seconds(started)}）。请运行 npm run db:migrate -- --name <变更名>\n${report.summary}`);
    }
  }
  return drift ? EXIT_DRIFT : 0;
}

const USAGE = '用法：npm run db:migrate（迁移数据库）    npm run db:migrate -- --name <变更名>（写新迁移）    npm run db:check';

async function main(argv: string[]): Promise<number> {
  let values: { name?: string | undefined; check?: boolean | undefined };
  try {
    ({ values } = parseArgs({ args: argv, options: { name: { type: 'string' }, check: { type: 'boolean' } }, strict: true }));
  } catch {
    console.error(USAGE);
    return 1;
  }
  if (!values.check && values.name === undefined) {
    await migrateDatabase(databaseUrlFromEnv(process.env, dataDir()), say);
    return 0;
  }
  if (values.check && values.name === undefined) {
    say = (line) => console.log(`db:check: ${line}`);
    return check();
  }
  if (values.name !== undefined && !values.check) {
    await writeMigrations(values.name);
    return 0;
  }
  console.error(USAGE);
  return 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`db:migrate 失败：${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
