// Which engine a command reaches: `anwei start` marks its database and its Temporal with one engine id
// (client/engine-marker.ts); a command whose two belong to different engines is refused with exit 2 before
// it acts (no hazard number taken, nothing sent), naming the data folders and the settings to change.
// Data no start has marked (an older engine's) works as before. In this process, on the time-skipping server.

import { afterEach, describe, expect, it } from 'vitest';
import { createTimeSkippingEnvironment } from '../../client/temporal.ts';
import { databaseMarker, markEngine, temporalMarker } from '../../client/engine-marker.ts';
import { anwei } from '../support/cli.ts';
import { startEngine } from '../support/engine.ts';

const saved = { ...process.env };

afterEach(() => {
  for (const key of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'ANWEI_TASK_QUEUE']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

const REPORT = ['hazard', 'report', '--enterprise', 'e1', '--description', '配电箱未接地', '--workdays', '3', '--by', 'insp'];

describe('the engine marker', () => {
  it('is written by a start into the database and Temporal; a command whose two differ is refused, one on unmarked data goes through', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    await engine.advanceTo('2030-09-02T10:00');
    const settings = { database: 'anwei.db', temporal: engine.env.address, env: {} };

    // Data of an older anwei: neither is marked, and commands work as they did.
    expect(await databaseMarker(engine.db)).toBeUndefined();
    expect(await temporalMarker(engine.env.client)).toBeUndefined();
    expect((await anwei(engine, ...REPORT)).code).toBe(0);

    // The next start marks both with one id, and every later start finds the same.
    const marker = await markEngine(engine.db, engine.env.client, engine.gateway.taskQueue, '/srv/anwei/qingshan', settings);
    expect(marker).toEqual({ engineId: expect.stringMatching(/^[0-9a-f-]{36}$/), dataDir: '/srv/anwei/qingshan' });
    expect(await databaseMarker(engine.db)).toEqual(marker);
    expect(await temporalMarker(engine.env.client)).toEqual(marker);
    expect(await markEngine(engine.db, engine.env.client, engine.gateway.taskQueue, '/srv/anwei/qingshan', settings)).toEqual(marker);
    expect((await anwei(engine, ...REPORT)).code).toBe(0);

    // A Temporal that lost its data gets the database's marker again at the next start.
    const fresh = await createTimeSkippingEnvironment();
    try {
      expect(await markEngine(engine.db, fresh.client, engine.gateway.taskQueue, '/srv/anwei/qingshan', settings)).toEqual(marker);
      expect(await temporalMarker(fresh.client)).toEqual(marker);
    } finally {
      await fresh.teardown();
    }

    // The database now belongs to another engine (another data folder): refused before anything is taken or sent.
    await engine.db.prisma.engineMarker.update({ where: { id: 1 }, data: { engineId: 'another-engine', dataDir: '/srv/anwei/second' } });
    const numbers = await engine.db.prisma.hazardNumber.count();
    const hazards = await engine.db.prisma.hazard.count();
    const refused = await anwei(engine, ...REPORT);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('错误：数据库和 Temporal 不属于同一个引擎，命令未执行');
    expect(refused.stderr).toContain('属于数据目录 /srv/anwei/second 的引擎');
    expect(refused.stderr).toContain(`  - Temporal ${engine.env.address} 属于数据目录 /srv/anwei/qingshan 的引擎`);
    expect(refused.stderr).toContain('要操作数据目录 /srv/anwei/qingshan 的引擎：把 DATABASE_URL 设为启动该引擎时的值');
    expect(refused.stderr).toContain('要操作数据目录 /srv/anwei/second 的引擎：把 TEMPORAL_ADDRESS 设为启动该引擎时的值');
    expect(await engine.db.prisma.hazardNumber.count()).toBe(numbers);
    expect(await engine.db.prisma.hazard.count()).toBe(hazards);
    // A task command and the engine's start are refused alike.
    expect((await anwei(engine, 'duties', 'list')).code).toBe(2);
    await expect(markEngine(engine.db, engine.env.client, engine.gateway.taskQueue, '/srv/anwei/second', settings)).rejects.toMatchObject({ name: 'UserInputError' });

    // A database no start marked, with a Temporal that is some engine's: refused too.
    await engine.db.prisma.engineMarker.deleteMany();
    const unmarked = await anwei(engine, ...REPORT);
    expect(unmarked.code).toBe(2);
    expect(unmarked.stderr).toContain('还没有被本版 anwei start 标记过属于哪个引擎');
  });
});
