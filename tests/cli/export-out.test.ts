// `anwei campaign export --out` as the office types it: a folder that does not exist, a path that is a
// folder, a file already there (kept unless --force) and a folder it may not write in are refused with
// the path and exit 2, before anything is made; a file is written whole, with nothing else left beside it.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrlFromEnv, openDatabase } from '../../prisma/client.ts';
import { readSheets } from '../engine/campaign-helpers.ts';
import { ROOT, anwei, migrateDataDir, tempDir, type Run } from './support.ts';
import { freePort } from '../support/ports.ts';

function refused(run: Run, message: string): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`错误：${message}\n`);
}

describe('anwei campaign export --out', () => {
  // The test town with one campaign in its ledger (the export reads only the database).
  let env: Record<string, string>;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'anwei-cli-'));
    env = { ANWEI_DATA_DIR: join(dir, 'data'), ANWEI_TEMPORAL_PORT: String(await freePort()) };
    await migrateDataDir(env.ANWEI_DATA_DIR!);
    expect((await anwei(['profile', 'load', join(ROOT, 'tests', 'fixtures', 'town.yaml')], env)).stderr).toBe('');
    const db = await openDatabase(databaseUrlFromEnv(env, env.ANWEI_DATA_DIR!));
    try {
      await db.prisma.campaign.create({
        data: {
          id: 'SC2030', template: 'special', title: '秋季专项整治', scopeJson: '{}', targetsJson: '["e1","e2"]', opensOn: '2030-09-02',
          due: '2030-09-09', dueTrace: '5 个工作日', status: 'open', startedBy: 'lead', startedAt: new Date('2030-09-02T02:00:00Z'),
        },
      });
    } finally {
      await db.close();
    }
  });
  afterAll(() => rmSync(join(env.ANWEI_DATA_DIR!, '..'), { recursive: true, force: true }));
  const exportTo = (...args: string[]) => anwei(['campaign', 'export', 'SC2030', '--out', ...args], env);

  it('writes the ledger to a new file, and nothing else into its folder', async () => {
    const dir = tempDir();
    const out = join(dir, '台账.xlsx');
    const run = await exportTo(out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^已导出 ${out}（\\d+ KB）。\n$`));
    expect((await readSheets(readFileSync(out)))['检查任务']!.slice(1).map((r) => r[0])).toEqual(['SC2030:e1', 'SC2030:e2']);
    expect(readdirSync(dir)).toEqual(['台账.xlsx']);
  });

  it('refuses a folder that does not exist, naming it', async () => {
    const dir = tempDir();
    const out = join(dir, '二〇三〇', '台账.xlsx');
    refused(await exportTo(out), `--out ${out}: 文件夹 ${join(dir, '二〇三〇')} 不存在，请先建立它，或写到已有的文件夹中`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a path that is a folder, suggesting a file name in it', async () => {
    const dir = tempDir();
    refused(await exportTo(dir), `--out ${dir}: 这是一个文件夹，请写出要保存的文件名，如 ${join(dir, 'SC2030-台账.xlsx')}`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps a file that is already there unless --force is given, and then replaces it whole', async () => {
    const dir = tempDir();
    const out = join(dir, '台账.xlsx');
    writeFileSync(out, '上个月的台账');
    refused(await exportTo(out), `--out ${out}: 文件已存在；要覆盖它，请加上 --force`);
    expect(readFileSync(out, 'utf8')).toBe('上个月的台账');

    const forced = await exportTo(out, '--force');
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect((await readSheets(readFileSync(out)))['检查任务']!.slice(1).map((r) => r[0])).toEqual(['SC2030:e1', 'SC2030:e2']);
    expect(readdirSync(dir)).toEqual(['台账.xlsx']);
  });

  it('never replaces what is not a file, even with --force', async () => {
    refused(await exportTo('/dev/null', '--force'), '--out /dev/null: 已存在且不是普通文件，不能覆盖');
  });

  it('refuses a folder it may not write in', async () => {
    // /sys takes no new files, not even from root (a folder made read-only by chmod would not stop root).
    refused(await exportTo('/sys/台账.xlsx'), '--out /sys/台账.xlsx: 没有在文件夹 /sys 中写入文件的权限');
  });

  it('names an unknown campaign and a bad --out together', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    const run = await anwei(['campaign', 'export', 'NOPE', '--out', join(dir, 'sub')], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('未找到专项行动 NOPE');
    expect(run.stderr).toContain(`--out ${join(dir, 'sub')}: 这是一个文件夹`);
  });
});
