// `anwei start` after the engine was killed outright (kill -9, a closed terminal): its Temporal dev
// server outlives it, holding the port and the data folder's database. The next start finds it by the
// record in the data folder, stops it and comes up on the same data. A record that names someone
// else's process touches nothing. Real processes: slow.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { isDevServerOf } from '../../client/dev-server-record.ts';
import { portOpen } from '../../client/temporal.ts';
import { hazardState, hazardWorkflowId } from '../../domain/hazard.ts';
import { anwei, eventually, launch, tempDir } from './support.ts';
import { freePort } from '../support/ports.ts';

const ready = (open: number) =>
  new RegExp(`anwei 已启动：青山镇（60 家企业，${open} 项未销号隐患）(.*\\n)*  按 Ctrl-C 停止；再次 npm start 会从停下的地方继续。\\n`);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('anwei start after a crash', () => {
  it('stops the dev server a SIGKILLed engine left running and starts again on the same data: the hazard reported before is still there', { timeout: 300_000 }, async () => {
    const data = join(tempDir(), 'data');
    const dbFile = join(data, 'temporal.db');
    const [port, uiPort] = [await freePort(), await freePort()];
    const engineEnv = { ANWEI_DATA_DIR: data, ANWEI_TEMPORAL_PORT: String(port), ANWEI_TEMPORAL_UI_PORT: String(uiPort) };
    const cli = (...args: string[]) => anwei(args, { ANWEI_DATA_DIR: data, ANWEI_TEMPORAL_PORT: String(port) });

    const first = launch(['start'], engineEnv);
    await first.waitFor(ready(0));
    const record = JSON.parse(readFileSync(join(data, 'temporal.pid'), 'utf8')) as { pid: number; enginePid: number; port: number; dbFile: string };
    expect(record).toMatchObject({ enginePid: first.child.pid, port, dbFile });
    const devPid = record.pid;
    // The dev server outlives the killed engine; whatever happens below, it does not outlive the test.
    onTestFinished(() => {
      if (isDevServerOf(devPid, dbFile)) process.kill(devPid, 'SIGKILL');
    });
    expect(isDevServerOf(devPid, dbFile)).toBe(true);

    const reported = await cli('hazard', 'report', '--enterprise', 'e004', '--description', '消防通道堵塞', '--workdays', '5', '--by', 'zhaolei');
    expect(reported.stderr).toBe('');
    const id = /隐患 (YH-\d{4}-0001)：整改中/.exec(reported.stdout)![1]!;
    // Its notice sent: an activity the killed worker had in flight would hold the hazard until its timeout.
    const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    try {
      const handle = new Client({ connection }).workflow.getHandle(hazardWorkflowId(id));
      const idle = async () => (await handle.query(hazardState))?.next?.kind === 'hazard.reminder' && !(await handle.describe()).raw.pendingActivities?.length;
      await eventually(idle, 'the assigned notice sent');
    } finally {
      await connection.close();
    }

    // kill -9 of the engine alone: nothing of it runs its clean stop.
    first.child.kill('SIGKILL');
    await first.exited;
    expect(isDevServerOf(devPid, dbFile)).toBe(true);
    expect(await portOpen(port)).toBe(true);

    const second = launch(['start'], engineEnv);
    await second.waitFor(ready(1));
    expect(second.output()).toContain(`上次 anwei 未正常停止，它留下的 Temporal 开发服务器（进程 ${devPid}）已结束，重新启动。`);
    expect(alive(devPid) && isDevServerOf(devPid, dbFile)).toBe(false);
    const now = JSON.parse(readFileSync(join(data, 'temporal.pid'), 'utf8')) as { pid: number; enginePid: number };
    expect(now.enginePid).toBe(second.child.pid);
    expect(now.pid).not.toBe(devPid);

    // The state survived: the hazard is listed, and its workflow answers through the new server.
    const list = await cli('hazard', 'list');
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+东方加油站\\s+消防通道堵塞\\s+一般隐患\\s+整改中`));
    const submitted = await cli('hazard', 'submit', id, '--evidence', '已清理通道');
    expect(submitted.stderr).toBe('');
    expect(submitted.stdout).toContain(`隐患 ${id}：待复查`);

    // A clean stop removes the record and the server with it.
    expect(await second.interrupt()).toBe(0);
    expect(existsSync(join(data, 'temporal.pid'))).toBe(false);
    await eventually(() => !isDevServerOf(now.pid, dbFile), 'the new dev server to exit', 10_000);
    expect(await portOpen(port)).toBe(false);
  });

  it('leaves alone a process the record names that is not its dev server, and says the port is taken', async () => {
    const data = join(tempDir(), 'data');
    const [port, uiPort] = [await freePort(), await freePort()];
    // The recorded pid now belongs to another program, and some other program holds the port.
    const other = spawn('sleep', ['600'], { stdio: 'ignore' });
    onTestFinished(() => void other.kill('SIGKILL'));
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => holder.close(() => resolve())));
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'temporal.pid'), JSON.stringify({ pid: other.pid, enginePid: 1, port, uiPort, dbFile: join(data, 'temporal.db') }));

    const run = await anwei(['start'], { ANWEI_DATA_DIR: data, ANWEI_TEMPORAL_PORT: String(port), ANWEI_TEMPORAL_UI_PORT: String(uiPort) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`错误：端口 ${port} 已被占用：是否已有一个 anwei 或 Temporal 在运行？`);
    expect(run.stdout).not.toContain('未正常停止');
    expect(alive(other.pid!)).toBe(true);
  });

  it('refuses a web UI port another program holds before starting the dev server, naming the port and its setting', async () => {
    const data = join(tempDir(), 'data');
    const [port, uiPort] = [await freePort(), await freePort()];
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(uiPort, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => holder.close(() => resolve())));

    const run = await anwei(['start'], { ANWEI_DATA_DIR: data, ANWEI_TEMPORAL_PORT: String(port), ANWEI_TEMPORAL_UI_PORT: String(uiPort) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`错误：端口 ${uiPort}（Temporal 开发服务器的网页界面）已被占用：请设置其他的 ANWEI_TEMPORAL_UI_PORT`);
    // Refused before the server started: nothing listens on its port, and no record of it was left.
    expect(await portOpen(port)).toBe(false);
    expect(existsSync(join(data, 'temporal.pid'))).toBe(false);
  });
});
