#!/usr/bin/env node
// Derives prisma/sqlite/ and prisma/postgres/ schemas from prisma/schema.prisma and generates a Prisma
// client for each, skipping what is already up to date. Plain JavaScript: `npm install` runs it first.

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROVIDERS, deriveProviderSchema } from '../prisma/derive.mjs';

const defaultRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/** Written beside each generated client: what it was generated from, so an unchanged schema is skipped. */
const STAMP_FILE = '.schema-hash';

function generatorFingerprint(root, schema) {
  // A new Prisma version generates different code from the same schema.
  const prismaVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'prisma', 'package.json'), 'utf8')).version;
  return createHash('sha256').update(`prisma ${prismaVersion}\n`).update(schema).digest('hex');
}

function runPrismaGenerate(root, schemaPath) {
  const prisma = join(root, 'node_modules', '.bin', 'prisma');
  if (!existsSync(prisma)) throw new Error(`找不到 ${prisma}，请先运行 npm install`);
  try {
    execFileSync(prisma, ['generate', '--schema', schemaPath], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        // generate needs no schema engine; without this the CLI tries to download one (no network here).
        PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false',
        CHECKPOINT_DISABLE: '1',
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
      },
    });
  } catch (error) {
    const output = [error.stdout, error.stderr].filter(Boolean).join('\n').trim();
    throw new Error(`prisma generate 失败（${schemaPath}）：\n${output || error.message}`);
  }
}

/**
 * Brings both provider schemas and both generated clients up to date with prisma/schema.prisma.
 * Returns what it did per provider: the schema `written` or `unchanged`, the client `generated` or `skipped`.
 */
export async function generatePrismaClients({ log = (line) => console.log(line), root = defaultRoot, force = false } = {}) {
  const source = readFileSync(join(root, 'prisma', 'schema.prisma'), 'utf8');
  const results = [];
  for (const { provider, dir, label } of PROVIDERS) {
    const schemaPath = join('prisma', dir, 'schema.prisma');
    const derived = deriveProviderSchema(source, provider);
    const current = existsSync(join(root, schemaPath)) ? readFileSync(join(root, schemaPath), 'utf8') : undefined;
    const schemaState = current === derived ? 'unchanged' : 'written';
    if (schemaState === 'written') {
      mkdirSync(join(root, 'prisma', dir), { recursive: true });
      writeFileSync(join(root, schemaPath), derived);
      log(`${current === undefined ? '已生成' : '已更新'} ${schemaPath}（由 prisma/schema.prisma 推导，${label}）`);
    }

    const outputDir = join(root, 'prisma', 'generated', dir);
    const stampPath = join(outputDir, STAMP_FILE);
    const fingerprint = generatorFingerprint(root, derived);
    const upToDate =
      !force &&
      existsSync(join(outputDir, 'client.ts')) &&
      existsSync(stampPath) &&
      readFileSync(stampPath, 'utf8').trim() === fingerprint;
    if (upToDate) {
      log(`Prisma 客户端（${label}）已是最新，跳过生成`);
      results.push({ provider, schema: schemaState, client: 'skipped' });
      continue;
    }
    const started = Date.now();
    runPrismaGenerate(root, schemaPath);
    writeFileSync(stampPath, `${fingerprint}\n`);
    log(`已生成 Prisma 客户端（${label}）→ prisma/generated/${dir}/（${((Date.now() - started) / 1000).toFixed(1)} 秒）`);
    results.push({ provider, schema: schemaState, client: 'generated' });
  }
  return results;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await generatePrismaClients({ force: process.argv.includes('--force') });
  } catch (error) {
    console.error(`生成 Prisma 客户端失败：${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
