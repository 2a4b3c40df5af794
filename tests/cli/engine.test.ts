// `anwei start` as the office runs it, and the hazard commands against it from another "terminal":
// its own Temporal dev server persisted in the data folder (on ports of its own, so it can run beside
// another), the demo town, emails as .eml files in the outbox folder; Ctrl-C stops everything with
// exit code 0, and a second start resumes: the open hazards are there and their workflows answer.
// Real time, real processes: slow, so one test.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { portOpen } from '../../client/temporal.ts';
import { hazardState, hazardWorkflowId } from '../../domain/hazard.ts';
import { addDays, localDateOf } from '../../domain/time.ts';
import { anwei, eventually, launch, tempDir, type Run } from './support.ts';
import { freePort } from '../support/ports.ts';

const READY = /anwei 已启动：青山镇（60 家企业，(\d+) 项未销号隐患）(.*\n)*  按 Ctrl-C 停止；再次 npm start 会从停下的地方继续。\n/;

/** The notices in the outbox folder, as `kind ref` from each .eml file's headers. */
/** The hazard notices in the outbox folder (the demo town's duty calendar runs too; tests/engine/duty-* pin it). */
function outbox(data: string): string[] {
  const dir = join(data, 'outbox');
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.eml'));
  return files
    .map((f) => {
      const head = readFileSync(join(dir, f), 'utf8').split(/\r?\n\r?\n/)[0]!;
      const field = (name: string) => new RegExp(`^${name}: (.+)$`, 'm').exec(head)?.[1]?.trim();
      // Each recipient has an own copy (own action links): one file per notice and address.
      const address = /<([^>]+)>/.exec(field('To') ?? '')?.[1] ?? field('To');
      return `${field('X-Anwei-Kind')} ${field('X-Anwei-Ref')} → ${address}`;
    })
    .filter((line) => line.startsWith('hazard.'))
    .sort();
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function ok(run: Run): string {
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout;
}

function refused(run: Run, ...messages: string[]): void {
  expect(run.code, run.stdout).toBe(2);
  expect(run.stdout).toBe('');
  for (const m of messages) expect(run.stderr).toContain(m);
}

describe('anwei start', () => {
  it('runs the engine for the hazard commands, stops cleanly on Ctrl-C and resumes on the next start', { timeout: 300_000 }, async () => {
    const data = join(tempDir(), 'data');
    const [port, uiPort] = [await freePort(), await freePort()];
    const engineEnv = { ANWEI_DATA_DIR: data, ANWEI_TEMPORAL_PORT: String(port), ANWEI_TEMPORAL_UI_PORT: String(uiPort) };
    // Another terminal needs the same data folder and port, nothing else.
    const env = { ANWEI_DATA_DIR: data, ANWEI_TEMPORAL_PORT: String(port) };
    const cli = (...args: string[]) => anwei(args, env);

    // ── First start: a new data folder gets the demo town. ──────────────────────────────────────
    const first = launch(['start'], engineEnv);
    expect((await first.waitFor(READY))[1]).toBe('0');
    const banner = first.output();
    expect(banner).toContain('载入档案 examples/demo-town.yaml：青山镇，第 1 版');
    expect(banner).toContain(`Temporal 界面：http://127.0.0.1:${uiPort}`);
    expect(banner).toContain(`写入发件箱文件夹 ${join(data, 'outbox')}`);
    expect(banner).toContain('在另一个终端（设置同样的 ANWEI_DATA_DIR、ANWEI_TEMPORAL_PORT）试试：');
    // The example report names a real enterprise and the inspector of its sector, so it runs as printed.
    expect(banner).toContain('npx anwei hazard report --enterprise e001 --level general --description "消防通道堵塞" --workdays 5 --by zhaolei\n');
    // The web of the email links: its address in the banner, its own zh-CN page for a path that is no link.
    const webUrl = /网页（邮件中的办理链接）：(http:\/\/127\.0\.0\.1:\d+)（监听 127\.0\.0\.1:\d+/.exec(banner)?.[1];
    expect(webUrl, banner).toBeDefined();
    expect(banner).toContain(`安委办页面（档案中的人员用邮箱登录）：${webUrl}/office/login\n`);
    const notALink = await fetch(`${webUrl}/a/not-a-token`);
    expect(notALink.status).toBe(403);
    expect(await notALink.text()).toContain('链接无效');
    // The office pages: a sign-in link for the office head goes out through the engine's mail (the outbox here).
    const signin = await fetch(`${webUrl}/office/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'email=liuwb%40qingshan.example' });
    expect(signin.status).toBe(200);
    expect(await signin.text()).toContain('15 分钟内有效');
    await eventually(() => readdirSync(join(data, 'outbox'), { recursive: true }).some((f) => String(f).includes('_office.signin_liuwb_')), 'the sign-in email in the outbox');
    expect(existsSync(join(data, 'secret'))).toBe(true);
    expect(existsSync(join(data, 'temporal.db'))).toBe(true);
    // The dev server keeps it in WAL mode (client/temporal.ts DEV_SERVER_SQLITE_PRAGMAS): its log is there while it runs.
    expect(existsSync(join(data, 'temporal.db-wal'))).toBe(true);
    expect(existsSync(join(data, 'anwei.db'))).toBe(true);

    // A second engine on the same port is refused, saying what to do.
    const again = await anwei(['start'], engineEnv);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`错误：端口 ${port} 已被占用：是否已有一个 anwei 或 Temporal 在运行？`);
    expect(again.stderr).toContain('请设置其他的 ANWEI_TEMPORAL_PORT');

    // Bad reports are named part by part and start nothing.
    refused(
      await cli('hazard', 'report', '--enterprise', 'e999', '--level', 'major', '--description', '边坡超高', '--by', 'zhaolei', '--workdays', '5'),
      'enterprise: 未知或已注销的企业 “e999”',
      'plan: 重大事故隐患须附整改方案，缺少：“目标任务”、“方法措施”、“经费物资”、“机构人员”、“时限要求”、“安全措施和应急预案”',
      'deadline: 重大事故隐患须指定明确的整改期限日期',
    );
    const partial = join(data, '..', 'partial-plan.yaml');
    writeFileSync(partial, '目标任务: 消除坍塌风险\n方法措施: 削坡减载\n');
    refused(
      await cli('hazard', 'report', '--enterprise', 'e001', '--level', 'major', '--description', '边坡超高', '--by', 'zhaolei', '--plan', partial, '--date', addDays(localDateOf(Date.now()), 20)),
      'plan: 重大事故隐患须附整改方案，缺少：“经费物资”、“机构人员”、“时限要求”、“安全措施和应急预案”',
    );

    // A general hazard, numbered by the engine.
    const general = ok(await cli('hazard', 'report', '--enterprise', 'e004', '--description', '消防通道堵塞', '--location', '后院', '--workdays', '5', '--by', 'zhaolei'));
    const year = localDateOf(Date.now()).slice(0, 4);
    expect(general).toMatch(new RegExp(`^已上报。隐患 YH-${year}-0001：整改中（一般隐患）\n  整改期限：\\d{4}-\\d\\d-\\d\\d\n  期限计算：5 个工作日`));
    const h1 = `YH-${year}-0001`;
    // A major one, with its six-part plan and a date.
    const plan = join(data, '..', 'plan.yaml');
    writeFileSync(
      plan,
      ['目标任务: 消除北侧边坡坍塌风险', '方法措施: 分台阶削坡减载', '经费物资: 企业自筹 18 万元', '机构人员: 企业主要负责人任组长', '时限要求: 20 日内完成', '安全措施和应急预案: 设警戒区，专人监测'].join('\n'),
    );
    const majorDue = addDays(localDateOf(Date.now()), 20);
    const major = ok(await cli('hazard', 'report', '--id', 'YH-T2', '--enterprise', 'e001', '--level', 'major', '--description', '采场边坡超高超陡', '--by', 'zhaolei', '--plan', plan, '--date', majorDue));
    expect(major).toContain(`隐患 YH-T2：整改中（重大事故隐患）\n  整改期限：${majorDue}`);
    refused(await cli('hazard', 'report', '--id', 'YH-T2', '--enterprise', 'e001', '--description', '重复', '--by', 'zhaolei', '--workdays', '3'), '隐患编号 YH-T2 已存在');

    // The ledger.
    const list = ok(await cli('hazard', 'list'));
    expect(list.split('\n')[0]).toMatch(/^编号\s+企业\s+隐患\s+等级\s+状态\s+期限\s+逾期\s+督办$/);
    expect(list).toMatch(new RegExp(`${h1}\\s+东方加油站\\s+消防通道堵塞\\s+一般隐患\\s+整改中`));
    expect(list).toMatch(/YH-T2\s+青山镇石桥采石场\s+采场边坡超高超陡\s+重大事故隐患\s+整改中/);
    expect(ok(await cli('hazard', 'list', '--overdue'))).toBe('（没有符合条件的隐患）\n');
    expect((JSON.parse(ok(await cli('hazard', 'list', '--json'))) as Array<{ id: string }>).map((r) => r.id).sort()).toEqual([h1, 'YH-T2']);

    // Nothing escalated yet: nothing to acknowledge. An extension, decided by the sector leader only.
    refused(await cli('hazard', 'ack', h1, '--by', 'zhoujg'), `隐患 ${h1} 尚未升级督办，无需签收`);
    const extend = ok(await cli('hazard', 'extend', h1, '--reason', '需要采购防火门', '--workdays', '3'));
    expect(extend).toMatch(/^已提交延期申请。.*\n(?:.*\n)*  延期申请：至 (\d{4}-\d\d-\d\d)（待审批；3 个工作日: \d{4}-\d\d-\d\d 之后第3个工作日 = \1/);
    refused(await cli('hazard', 'decide', h1, '--by', 'zhaolei', '--approve'), '延期申请须由行业领域分管领导（zhoujg）审批，zhaolei 无权审批');
    const decided = ok(await cli('hazard', 'decide', h1, '--by', 'zhoujg', '--approve', '--note', '同意'));
    const extendedDue = /整改期限：(\S+)/.exec(decided)![1]!;
    expect(extendedDue > /整改期限：(\S+)/.exec(general)![1]!).toBe(true);

    // The major one: submitted, failed at verification (a new deadline is required), open again.
    expect(ok(await cli('hazard', 'submit', 'YH-T2', '--evidence', '已削坡'))).toContain('隐患 YH-T2：待复查');
    refused(await cli('hazard', 'verify', 'YH-T2', '--by', 'zhaolei', '--result', 'fail'), '复查不通过时须给出新的整改期限');
    const newDue = addDays(majorDue, 7);
    expect(ok(await cli('hazard', 'verify', 'YH-T2', '--by', 'zhaolei', '--result', 'fail', '--date', newDue, '--note', '坡面仍有浮石'))).toContain(
      `隐患 YH-T2：整改中（重大事故隐患）\n  整改期限：${newDue}`,
    );

    // Every notice so far is an .eml file in the outbox folder: one per recipient, each with their own links.
    const copies = (notice: string, ...to: string[]) => to.map((address) => `${notice} → ${address}`);
    const [principal, inspector, leader] = ['zhoulp@dfjyz.example', 'zhaolei@qingshan.example', 'zhoujg@qingshan.example'];
    const sentBefore = [
      ...copies(`hazard.assigned ${h1}`, principal, inspector),
      ...copies(`hazard.extension_decided ${h1}`, principal, inspector),
      ...copies(`hazard.extension_requested ${h1}`, leader),
      ...copies('hazard.assigned YH-T2', 'wangjj@sqcsc.example', inspector),
      ...copies('hazard.major_listed YH-T2', leader, 'linht@qingshan.example', 'chenzy@qingshan.example'),
      ...copies('hazard.rejected YH-T2', 'wangjj@sqcsc.example', inspector),
      ...copies('hazard.verification_requested YH-T2', inspector),
    ].sort();
    await eventually(() => outbox(data).length === sentBefore.length, 'the .eml files');
    expect(outbox(data)).toEqual(sentBefore);

    const show = ok(await cli('hazard', 'show', h1));
    expect(show).toContain(`隐患 ${h1}：消防通道堵塞`);
    // Everyone by name and role, the enterprise's principal too, with what they wrote.
    expect(show).toContain('上报  赵磊（安监员）');
    expect(show).toContain('申请延期  周立平（企业主要负责人）  理由：需要采购防火门');
    expect(show).toContain('批准延期  周建国（副镇长）  意见：同意');
    expect(show.split('\n通知：')[0]).not.toMatch(/zhaolei|zhoujg|principal/);
    expect(show).toContain('整改通知 → zhaolei@qingshan.example, zhoulp@dfjyz.example');
    // A failed verification's opinion is part of the story.
    expect(ok(await cli('hazard', 'show', 'YH-T2'))).toContain('复查不通过  赵磊（安监员）  意见：坡面仍有浮石');
    refused(await cli('hazard', 'show', 'YH-NONE'), '未找到隐患 YH-NONE');

    // ── Ctrl-C: everything stops, exit code 0. ─────────────────────────────────────────────────
    const devServer = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(first.child.pid)], { encoding: 'utf8' })
      .split('\n')
      .find((l) => l.includes('start-dev'));
    expect(devServer).toContain(`--port ${port}`);
    const devPid = Number(devServer!.trim().split(/\s+/)[0]);
    expect(await first.interrupt()).toBe(0);
    expect(first.output()).toMatch(/正在停止：等待进行中的任务完成…\nanwei 已停止。\n$/);
    await eventually(() => !alive(devPid), 'the dev server to exit', 10_000);
    expect(await portOpen(port)).toBe(false);

    // ── Second start, same folder: no reload, the open hazards are there. ──────────────────────
    const second = launch(['start'], engineEnv);
    expect((await second.waitFor(READY))[1]).toBe('2');
    expect(second.output()).not.toContain('载入档案');

    const detail = JSON.parse(ok(await cli('hazard', 'show', h1, '--json'))) as { status: string; due: string; nextNoticeAt: string | null; events: Array<{ type: string }> };
    expect(detail.status).toBe('open');
    expect(detail.due).toBe(extendedDue);
    expect(detail.events.map((e) => e.type)).toEqual(['reported', 'extension_requested', 'extension_approved']);
    expect(detail.nextNoticeAt).toMatch(/T09:00:00\+08:00$/);

    // Its workflow survived, still waiting for its reminder (the day before the extended due date).
    const connection = await Connection.connect({ address: `127.0.0.1:${port}` });
    try {
      const handle = new Client({ connection }).workflow.getHandle(hazardWorkflowId(h1));
      expect((await handle.describe()).status.name).toBe('RUNNING');
      const view = (await handle.query(hazardState))!;
      expect(view).toMatchObject({ id: h1, status: 'open', due: extendedDue, extensionsUsed: 1 });
      expect(view.next?.kind).toBe('hazard.reminder');
      expect(new Date(view.next!.at).toISOString()).toBe(new Date(detail.nextNoticeAt!).toISOString());
    } finally {
      await connection.close();
    }

    // And it answers: submitted and closed through the restarted engine, with its emails.
    expect(ok(await cli('hazard', 'submit', h1, '--evidence', '已清理通道并安装防火门'))).toContain(`隐患 ${h1}：待复查`);
    refused(await cli('hazard', 'verify', h1, '--by', 'nobody', '--result', 'pass'), 'by: 未知或已离任的人员 “nobody”');
    expect(ok(await cli('hazard', 'verify', h1, '--by', 'zhaolei', '--result', 'pass'))).toContain(`隐患 ${h1}：已销号`);
    const sentAfter = [...sentBefore, ...copies(`hazard.verification_requested ${h1}`, inspector), ...copies(`hazard.closed ${h1}`, principal, inspector, leader)].sort();
    await eventually(() => outbox(data).length === sentAfter.length, 'the new .eml files');
    expect(outbox(data)).toEqual(sentAfter);
    expect(ok(await cli('hazard', 'list', '--status', 'closed'))).toMatch(new RegExp(`${h1}\\s+东方加油站\\s+消防通道堵塞\\s+一般隐患\\s+已销号`));
    refused(await cli('hazard', 'submit', h1, '--evidence', '再交一次'), `隐患 ${h1} 已销号`);

    expect(await second.interrupt()).toBe(0);
    expect(second.output()).toMatch(/anwei 已停止。\n$/);
    expect(await portOpen(port)).toBe(false);
  });
});
