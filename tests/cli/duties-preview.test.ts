// `anwei duties preview`: the tasks of a window as the office reads them, from a profile file or from
// the town loaded in the database (the same tasks either way), as text and JSON; bad input exits 2.
// Runs client/cli.ts's main in this process; no engine needed.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, onTestFinished } from 'vitest';
import { previewDuties, previewText, townFromDatabase, townFromProfileText, type DutyPreview } from '../../client/duties.ts';
import { loadProfile } from '../../client/profile-loader.ts';
import { UserInputError } from '../../client/errors.ts';
import { migrateDatabase, openDatabase, type Database } from '../../prisma/client.ts';
import { runCli } from '../support/cli.ts';

const TOWN_FILE = 'tests/fixtures/town.yaml';
const CUSTOM_FILE = 'examples/custom-duties.yaml';
const read = (file: string) => readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
const saved = { ...process.env };

afterEach(() => {
  for (const key of ['DATABASE_URL', 'ANWEI_DATA_DIR']) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

const anwei = runCli;

/** A fresh SQLite database, migrated, closed and removed when the test ends. */
async function scratchDatabase(): Promise<{ url: string; db: Database }> {
  const dir = mkdtempSync(join(tmpdir(), 'anwei-duties-'));
  const url = pathToFileURL(join(dir, 'anwei.db')).href;
  await migrateDatabase(url);
  const db = await openDatabase(url);
  onTestFinished(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { url, db };
}

describe('previewDuties', () => {
  it('a year of a profile that changes the calendar: which duties changed, how many tasks each, and the unconfirmed years', () => {
    const preview = previewDuties(townFromProfileText(read(CUSTOM_FILE), CUSTOM_FILE), { from: '2027-01-01', days: 365 });
    expect(preview).toMatchObject({ town: '白沙镇', from: '2027-01-01', to: '2027-12-31', days: 365, hasDutiesSection: true });
    expect(preview.duties.map((d) => [d.id, d.source, d.enabled])).toEqual([
      ['committee-meeting', 'changed', true],
      ['quarterly-sweep', 'default', true],
      ['enterprise-inspection', 'changed', true],
      ['holiday-check', 'changed', false],
      ['village-report', 'changed', true],
      ['statistics-report', 'default', true],
      ['topic-meeting', 'added', true],
      ['pre-flood-check', 'added', true],
      ['flood-check', 'added', true],
      ['duty-roster', 'added', true],
      ['after-holiday-check', 'added', true],
    ]);
    const count = (duty: string) => preview.tasks.filter((t) => t.dutyId === duty).length;
    expect(count('holiday-check')).toBe(0);
    expect(count('enterprise-inspection')).toBe(3 * 12 + 4); // A, A and B monthly; C quarterly
    expect(count('duty-roster')).toBe(52);
    expect(count('pre-flood-check')).toBe(2);
    expect(preview.problems).toEqual([]);
    expect(preview.warnings).toHaveLength(2);
    expect(preview.warnings[0]).toMatch(/^2027 年的放假安排国务院尚未公布/);
    expect(preview.warnings[1]).toMatch(/^2028 年的放假安排国务院尚未公布/);
    expect(preview.tasks.find((t) => t.id === 'duty-roster:2027-01-11')).toMatchObject({ assigneeId: 'linxf', assigneeName: '林晓峰' });
  });

  it('--duty shows one duty; an unknown one is named with the ones there are', () => {
    const town = townFromProfileText(read(TOWN_FILE), TOWN_FILE);
    const one = previewDuties(town, { from: '2030-01-01', days: 365, duty: 'statistics-report' });
    expect(one.tasks.map((t) => t.id)).toEqual([
      'statistics-report:2029',
      'statistics-report:2029-Q4',
      'statistics-report:2030-Q1',
      'statistics-report:2030-Q2',
      'statistics-report:2030-Q3',
    ]);
    expect(() => previewDuties(town, { from: '2030-01-01', duty: 'village-reports' })).toThrow(
      '没有编号为 "village-reports" 的工作（当前的工作：committee-meeting、quarterly-sweep、enterprise-inspection、holiday-check、village-report、statistics-report）',
    );
  });

  it('the window defaults to a year from today', () => {
    const preview = previewDuties(townFromProfileText(read(TOWN_FILE), TOWN_FILE), { now: Date.parse('2030-03-01T02:00:00Z') });
    expect([preview.from, preview.to, preview.days]).toEqual(['2030-03-01', '2031-02-28', 365]);
  });

  it('prints the tasks by opening day; tasks with the same dates show their traces once', () => {
    const preview = previewDuties(townFromProfileText(read(TOWN_FILE), TOWN_FILE), { from: '2030-09-29', days: 12 });
    expect(previewText(preview)).toBe(
      [
        '测试镇工作日历预览：2030-09-29 至 2030-10-10（12 天）',
        '使用默认工作日历（合同第 4 节），档案中没有 duties',
        '共 7 项任务：安委会会议 1，拉网式大检查 2，企业安全检查 2，村安全生产月报 1，隐患统计报表 1',
        '',
        '2030-10-08 周二（开始 6 项）',
        '  拉网式大检查 2030-Q4：2 项，截止 2030-11-01 周五，日期计算相同：',
        '    开始：本季度第一个工作日: 2030-10-01 至 2030-12-31 的第1个工作日 = 2030-10-08，跳过 10-01 至 10-07 国庆节',
        '    截止：本季度第20个工作日: 2030-10-01 至 2030-12-31 的第20个工作日 = 2030-11-01，跳过 10-01 至 10-07 国庆节，10-13 周末，10-19、10-20 周末，10-26、10-27 周末',
        '    quarterly-sweep:2030-Q4:hazchem  2030年第四季度拉网式大检查（危险化学品）  承办：安监员己（insp）',
        '    quarterly-sweep:2030-Q4:industry  2030年第四季度拉网式大检查（工贸企业）  承办：安监员庚（insp2）',
        '  enterprise-inspection:2030-10:e1  2030年10月企业安全检查（甲加油站）',
        '    承办：安监员己（insp）  截止：2030-10-31 周四',
        '    开始：本月第一个工作日: 2030-10-01 至 2030-10-31 的第1个工作日 = 2030-10-08，跳过 10-01 至 10-07 国庆节',
        '    截止：本月最后一个工作日: 2030-10-01 至 2030-10-31 的最后一个工作日 = 2030-10-31，期间无休息日',
        '  enterprise-inspection:2030-Q4:e2  2030年第四季度企业安全检查（乙化工厂）',
        '    承办：安监员己（insp）  截止：2030-12-31 周二',
        '    开始：本季度第一个工作日: 2030-10-01 至 2030-12-31 的第1个工作日 = 2030-10-08，跳过 10-01 至 10-07 国庆节',
        '    截止：本季度最后一个工作日: 2030-10-01 至 2030-12-31 的最后一个工作日 = 2030-12-31，期间无休息日',
        '  village-report:2030-09:v1  2030年9月村安全生产工作情况月报表（一村）',
        '    承办：监督员辛（vs）  截止：2030-10-12 周六',
        '    开始：次月第一个工作日: 2030-10-01 至 2030-10-31 的第1个工作日 = 2030-10-08，跳过 10-01 至 10-07 国庆节',
        '    截止：次月第5个工作日: 2030-10-01 至 2030-10-31 的第5个工作日 = 2030-10-12，跳过 10-01 至 10-07 国庆节',
        '  statistics-report:2030-Q3  2030年第三季度隐患排查治理统计报表',
        '    承办：安办主任戊（office）  截止：2030-10-15 周二',
        '    开始：本季度结束后第一个工作日: 本季度最后一日 2030-09-30，之后第1个工作日 = 2030-10-08，跳过 10-01 至 10-07 国庆节',
        '    截止：季度结束后次月15日（逢休息日提前）: 2030-10-15，是工作日',
        '',
        '2030-10-10 周四（开始 1 项）',
        '  committee-meeting:2030-10  2030年10月安委会会议',
        '    承办：安办主任戊（office）  截止：2030-10-12 周六',
        '    会议：2030-10-10 14:30，120 分钟；2030-09-30 发出邀请（含日历文件），参会 8 人',
        '    开始：本月10日（逢休息日顺延）: 2030-10-10，是工作日',
        '    截止：会议后第2个工作日: 会议日 2030-10-10，之后第2个工作日 = 2030-10-12，期间无休息日',
      ].join('\n'),
    );
  });
});

describe('the town loaded in the database', () => {
  it('gives the same tasks as the profile file it was loaded from', async () => {
    const { db } = await scratchDatabase();
    await loadProfile(db, { text: read(CUSTOM_FILE), file: CUSTOM_FILE });
    const fromDb = previewDuties(await townFromDatabase(db), { from: '2027-03-01', days: 120 });
    const fromFile = previewDuties(townFromProfileText(read(CUSTOM_FILE), CUSTOM_FILE), { from: '2027-03-01', days: 120 });
    expect(fromDb.tasks.length).toBeGreaterThan(40);
    expect(fromDb).toEqual(fromFile);
  });

  it('names every problem of duties loaded by an older version, and what to do', async () => {
    const { db } = await scratchDatabase();
    await loadProfile(db, { text: read(TOWN_FILE), file: TOWN_FILE });
    await db.prisma.town.update({ where: { id: 1 }, data: { dutiesJson: JSON.stringify([{ id: 'committee-meeting', every: 'quarter', assignee: 'zhang' }, { id: 'x', name: '新工作' }]) } });
    const error = await townFromDatabase(db).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).message).toContain('数据库中档案的 duties 不符合当前格式，请修改档案后用 anwei profile load 重新载入');
    expect((error as UserInputError).problems).toEqual([
      expect.stringMatching(/^duties\[0\]\.assignee: 无法识别的承办人 "zhang"/),
      expect.stringMatching(/^duties\[1\]\.every: 缺少必填项 "every"/),
      expect.stringMatching(/^duties\[1\]\.opens: 缺少必填项 "opens"/),
      expect.stringMatching(/^duties\[1\]\.due: 缺少必填项 "due"/),
      expect.stringMatching(/^duties\[1\]\.assignee: 缺少必填项 "assignee"/),
    ]);
  });
});

describe('anwei duties preview', () => {
  it('--profile --json prints the preview as JSON without touching a database', async () => {
    const dataDir = join(tmpdir(), `anwei-duties-never-created-${process.pid}`);
    process.env.ANWEI_DATA_DIR = dataDir;
    const run = await anwei('duties', 'preview', '--profile', TOWN_FILE, '--from', '2030-01-01', '--days', '365', '--json');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const preview = JSON.parse(run.stdout) as DutyPreview;
    expect(preview.tasks).toHaveLength(69);
    expect(preview.tasks[0]).toMatchObject({ id: 'quarterly-sweep:2030-Q1:hazchem', assigneeName: '安监员己', opensOn: '2030-01-02', due: '2030-01-29' });
    expect(() => readFileSync(join(dataDir, 'anwei.db'))).toThrow();
  });

  it('without --profile reads the loaded town', async () => {
    const { url } = await scratchDatabase();
    process.env.DATABASE_URL = url;
    expect((await anwei('profile', 'load', TOWN_FILE)).code).toBe(0);
    const run = await anwei('duties', 'preview', '--from', '2030-10-01', '--days', '31', '--duty', 'committee-meeting');
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('测试镇工作日历预览：2030-10-01 至 2030-10-31（31 天）');
    expect(run.stdout).toContain('只看 committee-meeting（安委会会议）');
    expect(run.stdout).toContain('  committee-meeting:2030-10  2030年10月安委会会议\n    承办：安办主任戊（office）  截止：2030-10-12 周六');
  });

  it('bad input exits 2 naming every problem; an empty database says to load a profile', async () => {
    const bad = await anwei('duties', 'preview', '--days', '十', '--from', '2030-02-30');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe('错误：--from 2030-02-30: 不是有效的日期（格式为 YYYY-MM-DD）\n--days 十: 应为 1 至 3660 之间的整数（天数）\n');
    const { url } = await scratchDatabase();
    process.env.DATABASE_URL = url;
    const empty = await anwei('duties', 'preview');
    expect(empty).toMatchObject({ code: 2, stderr: '错误：尚未载入档案：先运行 anwei profile load <档案文件>，或用 --profile <档案文件> 预览一个文件\n' });
    const broken = await anwei('duties', 'preview', '--profile', 'examples/broken-town.yaml');
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/^错误：档案 examples\/broken-town.yaml 有 13 处问题，无法预览：\n {2}- examples\/broken-town.yaml:4:15 safetyLeader: 未知的人员 "sunjg"/);
  });
});
