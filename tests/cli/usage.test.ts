// Wrong input on the command line: every mistake ends with exit code 2 and a zh-CN message on stderr
// that names it (and the command's own --help); nothing is run. The real `anwei`, no engine needed.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseUrlFromEnv } from '../../prisma/client.ts';
import { migrateAllButNewest } from '../support/databases.ts';
import { CHINESE, anwei, migrateDataDir, npm, tempDir, type Run } from './support.ts';
import { freePort } from '../support/ports.ts';

function expectBadInput(run: Run, ...messages: Array<string | RegExp>) {
  expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^错误：/m);
  expect(run.stderr).toMatch(CHINESE);
  // Commander's own English never reaches the office.
  expect(run.stderr).not.toMatch(/error:|Did you mean|Allowed choices|not specified/);
  for (const m of messages) expect(run.stderr).toMatch(m);
}

const REPORT = ['hazard', 'report', '--enterprise', 'e1', '--description', '消防通道堵塞', '--by', 'insp'];

describe('anwei with wrong input', () => {
  it('names unknown commands and options (with a suggestion), missing ones, bad values and bad dates; exit 2', async () => {
    const data = tempDir();
    const env = { ANWEI_DATA_DIR: join(data, 'data') };
    // A report's bad deadline is named with what the records say about the rest of it.
    await migrateDataDir(env.ANWEI_DATA_DIR);
    const cases: Array<[string[], Array<string | RegExp>]> = [
      [['bogus'], ['未知的命令 “bogus”', '用 anwei --help 查看用法']],
      [['hazard', 'lst'], ['未知的命令 “lst”，是否应为 list？', '用 anwei hazard --help 查看用法']],
      [['hazard', 'list', '--overdu'], ['未知的选项 “--overdu”，是否应为 --overdue？', '用 anwei hazard list --help 查看用法']],
      [['hazard', 'report', '--enterprise', 'e1', '--by', 'insp', '--workdays', '3'], ['缺少必填选项 --description', 'anwei hazard report --help']],
      [[...REPORT, '--date', '2030-02-30'], ['--date 2030-02-30: 不是有效的日期']],
      [[...REPORT, '--deadline', '下周'], ['--deadline 下周: 无法识别的期限（可写 N个工作日（如 5个工作日、五个工作日、5wd）']],
      [[...REPORT, '--deadline', '三十一天'], ['--deadline 三十一天: 中文数字只能写一至三十，更大的数请用阿拉伯数字（如 45天）（可写 N个工作日']],
      [[...REPORT, '--deadline', '2月30日'], [/--deadline 2月30日: 不是有效的日期：\d{4} 年 2 月没有 30 日（可写 N个工作日/]],
      [[...REPORT, '--workdays', '3', '--date', '2030-10-08'], ['期限只能给一个，收到了 --workdays、--date']],
      [[...REPORT, '--workdays', '3', '--level', 'minor'], ['选项 --level 的取值 “minor” 无效，可选：general、major']],
      [REPORT, ['缺少整改期限']],
      [[...REPORT, '--workdays'], ['选项 --workdays <n> 缺少取值']],
      [[...REPORT, '--workdays', 'x'], ['--workdays x: 应为正整数（工作日数），如 --workdays 5']],
      [[...REPORT, '--days', '0'], ['--days 0: 应为正整数（日历日数，逢休息日顺延），如 --days 5']],
      [[...REPORT, '--workdays', '5个工作日'], ['--workdays 5个工作日: 应为正整数（工作日数）']],
      [['hazard', 'verify', 'H1', '--by', 'insp'], ['缺少必填选项 --result']],
      [['hazard', 'verify', 'H1', '--by', 'insp', '--result', 'ok'], ['选项 --result 的取值 “ok” 无效，可选：pass、fail']],
      [['hazard', 'decide', 'H1', '--by', 'lead'], ['请给出 --approve（批准）或 --deny（不批准）之一']],
      [['hazard', 'decide', 'H1', '--by', 'lead', '--approve', '--deny'], ['请给出 --approve（批准）或 --deny（不批准）之一']],
      [['hazard', 'show', 'H1', 'H2'], ['参数过多', 'anwei hazard show --help']],
      [['hazard'], ['缺少子命令']],
      [['profile', 'check'], ['缺少参数 <file>', 'anwei profile check --help']],
      [['profile', 'check', 'nope.yaml'], ['无法读取档案文件 nope.yaml']],
      [['profile', 'load', 'nope.yaml'], ['无法读取档案文件 nope.yaml']],
      [['simulate', 'nope.yaml'], ['无法读取场景文件 nope.yaml']],
      [['start'], ['ANWEI_TEMPORAL_PORT=七二三三: 应为 1 至 65535 之间的端口号']],
    ];
    const runs = await Promise.all(
      cases.map(([args]) => anwei(args, args[0] === 'start' ? { ...env, ANWEI_TEMPORAL_PORT: '七二三三' } : env)),
    );
    runs.forEach((run, i) => expectBadInput(run, ...cases[i]![1]));
    // `hazard` without a subcommand shows its usage before the error.
    expect(runs[cases.findIndex(([a]) => a.length === 1 && a[0] === 'hazard')]!.stderr).toContain('report [options]');
  });

  it('checks a hazard command against the records even when the engine is not running (exit 2), and says so when it is needed (exit 1)', async () => {
    const data = tempDir();
    const env = { ANWEI_DATA_DIR: data, ANWEI_TEMPORAL_PORT: String(await freePort()) };
    await migrateDataDir(data);
    expect((await anwei(['profile', 'load', 'tests/fixtures/town.yaml'], env)).code).toBe(0);

    const [badReport, badMajor, badAck, badDue, good] = await Promise.all([
      anwei(['hazard', 'report', '--enterprise', 'e9', '--description', '消防通道堵塞', '--by', 'nobody', '--id', 'H 1', '--workdays', '3'], env),
      anwei(['hazard', 'report', '--enterprise', 'e1', '--level', 'major', '--description', '储罐泄漏', '--by', 'insp', '--workdays', '3'], env),
      anwei(['hazard', 'ack', 'H9', '--by', 'nobody'], env),
      anwei(['campaign', 'start', '--template', 'special', '--by', 'nobody', '--due', '零天'], env),
      anwei(['hazard', 'report', '--enterprise', 'e1', '--description', '消防通道堵塞', '--by', 'insp', '--workdays', '3'], env),
    ]);
    expectBadInput(badReport, '本次上报未被受理', 'id: 编号只能由字母、数字和 . _ - 组成', 'enterprise: 未知或已注销的企业 “e9”', 'by: 未知或已离任的人员 “nobody”');
    expectBadInput(
      badMajor,
      'plan: 重大事故隐患须附整改方案，缺少：“目标任务”、“方法措施”、“经费物资”、“机构人员”、“时限要求”、“安全措施和应急预案”',
      'deadline: 重大事故隐患须指定明确的整改期限日期',
    );
    expectBadInput(badAck, '隐患 H9 签收督办未受理', '未找到隐患 H9', 'by: 未知或已离任的人员 “nobody”');
    // A campaign's --due that cannot be read is named with the campaign's other problems.
    expectBadInput(badDue, '--due 零天: 期限至少为 1 个工作日或 1 天（可写 N个工作日', 'by: 未知的人员 “nobody”');
    // Good input, but nothing runs the hazards: exit 1, with what to do.
    expect(good.code).toBe(1);
    expect(good.stderr).toMatch(/^错误：无法连接 Temporal（127\.0\.0\.1:\d+）：引擎是否在运行？请在另一个终端运行 npm start/);
    expect(good.stderr).toContain(`127.0.0.1:${env.ANWEI_TEMPORAL_PORT}`);
  });

  it('refuses a data folder with no database yet (exit 2, saying to run npm start or npm run db:migrate) and creates nothing', async () => {
    const data = join(tempDir(), 'data');
    const env = { ANWEI_DATA_DIR: data };
    const runs = await Promise.all([
      anwei(['hazard', 'list'], env),
      anwei(['task', 'show', 'T1'], env),
      anwei(['profile', 'load', 'tests/fixtures/town.yaml'], env),
      anwei(['duties', 'preview'], env),
      anwei(['campaign', 'list'], env),
    ]);
    for (const run of runs) expectBadInput(run, `数据库尚未建立（SQLite 数据库文件 ${join(data, 'anwei.db')}）`, '请先运行 npm start', 'npm run db:migrate');
    expect(existsSync(data)).toBe(false);
  });

  it('refuses a database an older anwei left, naming the migration it lacks; npm run db:migrate brings it up to date', async () => {
    const data = tempDir();
    const env = { ANWEI_DATA_DIR: data };
    const newest = await migrateAllButNewest('sqlite', databaseUrlFromEnv({}, data));
    expectBadInput(await anwei(['hazard', 'list'], env), `数据库结构不是最新（SQLite 数据库文件 ${join(data, 'anwei.db')}，缺少迁移 ${newest}）：请先运行 npm start`);

    const migrate = await npm(['run', 'db:migrate'], env);
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain(`已应用迁移 ${newest}`);
    expect(await anwei(['hazard', 'list'], env)).toEqual({ code: 0, stdout: '（没有符合条件的隐患）\n', stderr: '' });
  });

  it('explains itself in Chinese: --help lists the commands, start --help the settings', async () => {
    const [help, start] = await Promise.all([anwei(['--help']), anwei(['start', '--help'])]);
    expect(help.code).toBe(0);
    for (const cmd of ['start', 'profile', 'hazard', 'simulate']) expect(help.stdout).toContain(cmd);
    expect(help.stdout).toContain('乡镇安委会办公室');
    expect(start.code).toBe(0);
    for (const setting of ['ANWEI_DATA_DIR', 'DATABASE_URL', 'TEMPORAL_ADDRESS', 'ANWEI_TEMPORAL_PORT', 'ANWEI_TEMPORAL_UI_PORT', 'ANWEI_PROFILE', 'SMTP_URL']) {
      expect(start.stdout).toContain(setting);
    }
  });
});
