// `anwei profile check|load` as the office runs them: every problem named with file:line and exit 2,
// nothing written unless the whole file is valid, and a reload that keeps open hazards and their
// history (people who leave are deactivated, their open items reported), on SQLite and PostgreSQL.

import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createMailTransport } from '../../activities/mail/transport.ts';
import { act, type Gateway } from '../../client/act.ts';
import { createTimeSkippingEnvironment } from '../../client/temporal.ts';
import { migrateDatabase, openDatabase, type Database } from '../../prisma/client.ts';
import { createEngineWorker, quietTemporalLogs } from '../../worker/index.ts';
import { PROVIDERS, testDatabase } from '../support/databases.ts';
import { TEST_TOWN, instant } from '../support/engine.ts';
import { ROOT, anwei, eventually, migrateDataDir, tempDir } from './support.ts';
import { freePort } from '../support/ports.ts';

const BROKEN = 'examples/broken-town.yaml';

/** What `anwei profile check` must find in broken-town.yaml: every commented mistake, at its line. */
const BROKEN_PROBLEMS: Array<[line: number, path: string]> = [
  [4, 'safetyLeader'],
  [5, 'people'],
  [9, 'people[3].email'],
  [10, 'people[4].role'],
  [11, 'people[5].id'],
  [14, 'sectors[1].leader'],
  [20, 'enterprises[1].sector'],
  [20, 'enterprises[1].class'],
  [22, 'enterprises[2].sector'],
  [22, 'enterprises[2].sectr'],
  [25, 'calendar.holidays[1]'],
  [26, 'calendar.workdays[1]'],
  [29, 'policy.hazard.maxExtensions'],
];

/** The problem lines of a refusal: `  - file:line:column path: message`. */
function problemLines(stderr: string, file: string): Array<[number, string]> {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('  - '))
    .map((l) => {
      const m = new RegExp(`^  - ${file.replace(/[.]/g, '\\.')}:(\\d+):\\d+ ([^:]+): .+$`).exec(l);
      if (!m) throw new Error(`not a problem line with file:line:column and path: ${l}`);
      return [Number(m[1]), m[2]!];
    });
}

describe('anwei profile check', () => {
  it('passes the demo town (exit 0) and writes nothing', async () => {
    const data = join(tempDir(), 'data');
    const run = await anwei(['profile', 'check', 'examples/demo-town.yaml'], { ANWEI_DATA_DIR: data });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('档案 examples/demo-town.yaml 检查通过：青山镇，21 人，14 个行业领域，9 个村（社区），60 家企业。');
    expect(existsSync(data)).toBe(false);
  });

  it('names every problem of broken-town.yaml with file:line and its path, exit 2, writes nothing', async () => {
    const data = join(tempDir(), 'data');
    const run = await anwei(['profile', 'check', BROKEN], { ANWEI_DATA_DIR: data });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^错误：档案 ${BROKEN} 有 ${BROKEN_PROBLEMS.length} 处问题，未导入任何内容：\n`));
    expect(problemLines(run.stderr, BROKEN)).toEqual(BROKEN_PROBLEMS);
    // A few messages as the office reads them: what is wrong and what it should be.
    expect(run.stderr).toContain('safetyLeader: 未知的人员 "sunjg"：people 中没有此编号，是否应为 "sunjh"？');
    expect(run.stderr).toContain('enterprises[1].sector: 未知的行业领域 "hazhem"，是否应为 "hazchem"？');
    expect(run.stderr).toContain('calendar.holidays[1]: 不是有效的日期 "2027-02-30"');
    expect(existsSync(data)).toBe(false);
  });

  it('names `town:青山镇` at its own line with the hint, together with every other problem, exit 2', async () => {
    const dir = tempDir();
    const file = join(dir, 'town.yaml');
    const demo = readFileSync(join(ROOT, 'examples/demo-town.yaml'), 'utf8');
    writeFileSync(file, demo.replace('town: 青山镇', 'town:青山镇').replace('safetyLeader: zhoujg', 'safetyLeader: zhoujgg'));
    const run = await anwei(['profile', 'check', file], { ANWEI_DATA_DIR: join(dir, 'data') });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').filter((l) => l.startsWith('  - '))).toEqual([
      `  - ${file}:14:1 YAML 语法错误：“town:青山镇”冒号后须有空格，应写成“town: 青山镇”`,
      expect.stringMatching(new RegExp(`^  - ${file}:17:15 safetyLeader: 未知的人员 "zhoujgg"`)),
    ]);
  });
});

/** Everything a profile load may write, and the hazards it must keep. */
async function snapshot(db: Database) {
  const p = db.prisma;
  return {
    town: await p.town.findMany(),
    versions: await p.profileVersion.findMany({ orderBy: { version: 'asc' } }),
    people: await p.person.findMany({ orderBy: { id: 'asc' } }),
    sectors: await p.sector.findMany({ orderBy: { id: 'asc' } }),
    villages: await p.village.findMany({ orderBy: { id: 'asc' } }),
    enterprises: await p.enterprise.findMany({ orderBy: { id: 'asc' } }),
    audit: await p.auditLog.count(),
    hazards: await p.hazard.findMany({ orderBy: { id: 'asc' } }),
    events: await p.hazardEvent.findMany({ orderBy: { id: 'asc' } }),
  };
}

/** The duty calendar off: this file is about the profile and its hazards (tests/engine/duty-* run the calendar). */
const NO_DUTIES =
  '\nduties:\n' +
  ['committee-meeting', 'quarterly-sweep', 'enterprise-inspection', 'holiday-check', 'village-report', 'statistics-report']
    .map((id) => `  - { id: ${id}, enabled: false }\n`)
    .join('');

/** The test town after an edit: 副镇长丁 (lead2) and 安监员庚 (insp2) leave, 工贸企业 passes to lead and insp, e3 is renamed. */
const EDITED_TOWN = (() => {
  const edited = TEST_TOWN.split('\n')
    .filter((line) => !/id: (lead2|insp2),/.test(line))
    .join('\n')
    .replace('{ id: industry, name: 工贸企业, leader: lead2, inspector: insp2 }', '{ id: industry, name: 工贸企业, leader: lead, inspector: insp }')
    .replace('丙机械厂', '丙机械制造有限公司');
  if (edited === TEST_TOWN || !edited.includes('丙机械制造有限公司') || edited.includes('insp2')) throw new Error('tests/fixtures/town.yaml changed: update EDITED_TOWN');
  return edited + NO_DUTIES;
})();

describe.each(PROVIDERS)('anwei profile load on %s', (provider) => {
  it('is atomic, and a reload keeps open hazards and their history: people who left are deactivated, their open items reported', async () => {
    quietTemporalLogs('ERROR');
    const dir = tempDir();
    const database = await testDatabase(provider);
    await migrateDatabase(database.url);
    const db = await openDatabase(database.url);
    onTestFinished(() => db.close());

    // The engine the hazards run on: the time-skipping server and the real worker, in 2030.
    const env = await createTimeSkippingEnvironment();
    onTestFinished(() => env.teardown());
    const taskQueue = `cli-profile-${randomUUID()}`;
    const mail = createMailTransport({ type: 'capture', from: 'anwei-test@town.example' });
    const worker = await createEngineWorker({ connection: env.nativeConnection, taskQueue, db, mail, mailFrom: 'anwei-test@town.example', timeSkipping: true });
    const running = worker.run();
    onTestFinished(async () => {
      worker.shutdown();
      await running;
    });
    const g: Gateway = { client: env.client, taskQueue, db };
    const advanceTo = async (when: string) => {
      const ms = instant(when) - (await env.currentTimeMs());
      if (ms > 0) await env.sleep(ms);
    };
    // The CLI reaches the engine as the office's would: the same Temporal, the worker's task queue.
    const cli = (args: string[]) =>
      anwei(args, { DATABASE_URL: database.url, TEMPORAL_ADDRESS: env.address, ANWEI_TASK_QUEUE: taskQueue, ANWEI_DATA_DIR: join(dir, 'data') });

    const town = join(dir, 'first.yaml');
    writeFileSync(town, TEST_TOWN + NO_DUTIES);
    const first = await cli(['profile', 'load', town]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(`已载入档案 ${town}：测试镇，第 1 版（人员新增 8；行业领域新增 2；村（社区）新增 1；企业新增 3）。\n`);

    // Two open hazards with history: H1 at 丙机械厂 (工贸企业: lead2, insp2) overdue and escalated, H2 submitted.
    await advanceTo('2030-09-09T10:00');
    await act(g, 'hazard', undefined, 'report', { id: 'H1', enterprise: 'e3', level: 'general', description: '车间安全通道堆放杂物', deadline: { workdays: 3 }, by: 'insp2' });
    await act(g, 'hazard', undefined, 'report', { id: 'H2', enterprise: 'e1', level: 'general', description: '加油机接地不良', deadline: { workdays: 5 }, by: 'insp' });
    await advanceTo('2030-09-16T10:00');
    await act(g, 'hazard', 'H2', 'submit', { evidence: '已重新接地' });
    await eventually(async () => (await db.prisma.notice.count({ where: { ref: 'H2', kind: 'hazard.verification_requested', status: 'sent' } })) === 1, 'H2 submitted');
    const h1 = await db.prisma.hazard.findUniqueOrThrow({ where: { id: 'H1' } });
    expect({ status: h1.status, due: h1.due, escalationLevel: h1.escalationLevel }).toEqual({ status: 'open', due: '2030-09-13', escalationLevel: 1 });

    // A broken file — the shipped broken town, or one typo in an otherwise good edit — changes nothing.
    const before = await snapshot(db);
    const typo = join(dir, 'typo.yaml');
    writeFileSync(typo, EDITED_TOWN.replace('sector: industry, class: C', 'sector: industy, class: C'));
    for (const [file, count] of [[BROKEN, 13], [typo, 1]] as const) {
      const refused = await cli(['profile', 'load', file]);
      expect(refused.code).toBe(2);
      expect(refused.stdout).toBe('');
      expect(refused.stderr).toContain(`错误：档案 ${file} 有 ${count} 处问题，未导入任何内容：`);
      expect(await snapshot(db)).toEqual(before);
    }
    expect(readFileSync(typo, 'utf8')).toContain('industy');

    // The good edit.
    const edited = join(dir, 'town.yaml');
    writeFileSync(edited, EDITED_TOWN);
    const reload = await cli(['profile', 'load', edited]);
    expect(reload.stderr).toBe('');
    expect(reload.code).toBe(0);
    const lines = reload.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`已载入档案 ${edited}：测试镇，第 2 版（人员停用 2；行业领域修改 1；企业修改 1）。`);
    expect(lines.slice(1, 3).sort()).toEqual([
      '  交接：副镇长丁（lead2）离任，名下未办结事项：隐患 H1（丙机械厂，整改中，期限 2030-09-13；分管领导）',
      '  交接：安监员庚（insp2）离任，名下未办结事项：隐患 H1（丙机械厂，整改中，期限 2030-09-13；安监员、上报人）',
    ]);
    expect(lines[3]).toBe('  已通知 2 项运行中的隐患、任务和工作规则按新档案执行。');
    expect(lines).toHaveLength(4);

    const after = await snapshot(db);
    // People who left: kept, inactive. Everyone else unchanged.
    const person = (s: typeof after, id: string) => s.people.find((p) => p.id === id)!;
    expect(after.people.map((p) => [p.id, p.active])).toEqual(before.people.map((p) => [p.id, !['lead2', 'insp2'].includes(p.id)]));
    expect(person(after, 'insp2')).toMatchObject({ name: '安监员庚', email: 'insp2@town.example', active: false });
    expect(after.sectors.find((s) => s.id === 'industry')).toMatchObject({ leaderId: 'lead', inspectorId: 'insp', active: true });
    expect(after.enterprises.find((e) => e.id === 'e3')).toMatchObject({ name: '丙机械制造有限公司', active: true });
    expect(after.versions.map((v) => [v.version, v.source])).toEqual([
      [1, 'cli'],
      [2, 'cli'],
    ]);
    // Open hazards and their whole history are kept.
    expect(after.hazards).toEqual(before.hazards);
    expect(after.events).toEqual(before.events);
    expect(after.events.filter((e) => e.hazardId === 'H1').map((e) => e.type)).toEqual(['reported', 'reminded', 'overdue']);

    // The same file again: nothing to do, no new version.
    const again = await cli(['profile', 'load', edited]);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe(`档案 ${edited} 与当前第 2 版内容相同，无需重新载入。\n`);
    expect(await db.prisma.profileVersion.count()).toBe(2);

    // H1 goes on under the new profile: its submission is for the new inspector, under the new name.
    await advanceTo('2030-09-17T10:00');
    await act(g, 'hazard', 'H1', 'submit', { evidence: '已清理通道' });
    const notice = await eventually(
      () => db.prisma.notice.findFirst({ where: { ref: 'H1', kind: 'hazard.verification_requested', status: 'sent' } }),
      'H1 verification request',
    );
    expect((JSON.parse(notice.recipientsJson) as Array<{ email: string }>).map((r) => r.email)).toEqual(['insp@town.example']);
    expect(notice.subject).toContain('丙机械制造有限公司');
  });
});

describe('anwei profile load without a running engine', () => {
  it('loads a town into a data folder no engine has run on yet and says the engine will follow it when it starts', async () => {
    const data = join(tempDir(), 'data');
    await migrateDataDir(data);
    // A port nothing listens on: an engine the developer runs on the default one must not answer.
    const nowhere = String(await freePort());
    const run = await anwei(['profile', 'load', join(ROOT, 'examples', 'demo-town.yaml')], { ANWEI_DATA_DIR: data, ANWEI_TEMPORAL_PORT: nowhere });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^已载入档案 .*demo-town\.yaml：青山镇，第 1 版（人员新增 21；行业领域新增 14；村（社区）新增 9；企业新增 60）。\n/);
    // No engine answers (the settings point nowhere): the duty calendar and open items follow at the next start.
    expect(run.stdout).toMatch(/引擎未运行：下次 npm start 时，未销号隐患、任务和工作日历会按新档案执行。\n$/);
  });
});
