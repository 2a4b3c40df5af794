// Two engines side by side on one machine (each its data folder and Temporal port), and a terminal set up
// for one of them by half: the data folder of the first, the Temporal port of the second. A report is
// refused (exit 2) naming both data folders and what to set, before it takes a number or sends anything;
// set right, it goes to the second engine alone. Real processes and dev servers: slow, so one test.

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDateOf } from '../../domain/time.ts';
import { openDatabase } from '../../prisma/client.ts';
import { anwei, launch, tempDir } from './support.ts';
import { freePort } from '../support/ports.ts';

const READY = /按 Ctrl-C 停止；再次 npm start 会从停下的地方继续。\n/;
const REPORT = ['hazard', 'report', '--enterprise', 'e004', '--description', '消防通道堵塞', '--workdays', '5', '--by', 'zhaolei'];

async function ledger(data: string) {
  const db = await openDatabase(`file:${join(data, 'anwei.db')}`);
  try {
    return { numbers: await db.prisma.hazardNumber.count(), hazards: (await db.prisma.hazard.findMany({ select: { id: true } })).map((h) => h.id) };
  } finally {
    await db.close();
  }
}

describe('which engine a command reaches', () => {
  it('refuses a data folder of one engine with the Temporal port of another, naming what to set', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const engines = await Promise.all(
      ['first', 'second'].map(async (name) => ({ data: join(dir, name), port: String(await freePort()), uiPort: String(await freePort()) })),
    );
    const [first, second] = engines as [(typeof engines)[number], (typeof engines)[number]];
    const running = engines.map((e) => launch(['start'], { ANWEI_DATA_DIR: e.data, ANWEI_TEMPORAL_PORT: e.port, ANWEI_TEMPORAL_UI_PORT: e.uiPort }));
    await Promise.all(running.map((r) => r.waitFor(READY)));

    const mixed = await anwei(REPORT, { ANWEI_DATA_DIR: first.data, ANWEI_TEMPORAL_PORT: second.port });
    expect(mixed.code, mixed.stdout).toBe(2);
    expect(mixed.stdout).toBe('');
    expect(mixed.stderr).toContain('错误：数据库和 Temporal 不属于同一个引擎，命令未执行');
    expect(mixed.stderr).toContain(`  - 数据库 ${join(first.data, 'anwei.db')} 属于数据目录 ${first.data} 的引擎`);
    expect(mixed.stderr).toContain(`  - Temporal 127.0.0.1:${second.port} 属于数据目录 ${second.data} 的引擎`);
    expect(mixed.stderr).toContain(`  - 要操作数据目录 ${second.data} 的引擎：设置 ANWEI_DATA_DIR=${second.data}`);
    expect(mixed.stderr).toContain(`  - 要操作数据目录 ${first.data} 的引擎：把 ANWEI_TEMPORAL_PORT 设为启动该引擎时的值`);
    expect(await ledger(first.data)).toEqual({ numbers: 0, hazards: [] });
    expect(await ledger(second.data)).toEqual({ numbers: 0, hazards: [] });

    // Set as the message says: the report is the second engine's, numbered from its own ledger.
    const right = await anwei(REPORT, { ANWEI_DATA_DIR: second.data, ANWEI_TEMPORAL_PORT: second.port });
    expect(right.code, right.stderr).toBe(0);
    const year = localDateOf(Date.now()).slice(0, 4);
    expect(await ledger(second.data)).toEqual({ numbers: 1, hazards: [`YH-${year}-0001`] });
    expect(await ledger(first.data)).toEqual({ numbers: 0, hazards: [] });

    expect(await Promise.all(running.map((r) => r.interrupt()))).toEqual([0, 0]);
  });
});
