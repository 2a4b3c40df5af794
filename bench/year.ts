// Benchmark: a whole year of the duty calendar (contract §4) for a large town, run the way `anwei simulate`
// runs — the real duty and task workflows and activities on Temporal's time-skipping server, a scratch
// SQLite database and the real mail pipeline into a capture.
//
// It generates (deterministic for a seed) a town profile — 300 enterprises (20% A, 40% B, 40% C) over 13
// of 14 sectors, 20 villages each with a supervisor and a leader, inspectors, deputy heads, the office
// head, the town head and the party secretary — and a scenario from 2027-01-01T08:00 to 2028-01-01T08:00
// with that profile. The default duty calendar makes the tasks; by default a deterministic 70% of them are
// completed (`duty.complete`) 1–2 working days before their due date, the rest run overdue through both
// levels of escalation. Which tasks exist and when they are due is planned here the way `anwei duties
// preview` plans it (planDuties + resolveCalendar + WorkCalendar), so the actions name real task ids.
//
// When the installed chinese-days has no State Council arrangement for the year, the profile carries a
// calendar section with an illustrative arrangement (NOT the official one: plausible breaks and make-up
// workdays around the lunar-computed statutory days), so the year is "confirmed"; the following year
// (2028, touched by the last day) stays unconfirmed and simulate() warns about it. --calendar none
// leaves the section empty (both years then warn).
//
//   npm run bench:year                       (npx tsx bench/year.ts)
//   npm run bench:year -- --complete 0       no actions: every task goes overdue and escalates twice
//   npm run bench:year -- --enterprises 600 --villages 30 --seed 7
//   npm run bench:year -- --keep             keep the generated profile and scenario and print their paths
//   npm run bench:year -- --plan-only        write and keep them, print the plan, simulate nothing
//   npm run bench:year -- --json             the same run; then one JSON object on stdout (wall_s, tasks,
//                                            notices, peak_rss_mb and the detail), the rest on stderr
//
// Prints wall time, tasks created (by duty and status), notices sent (by kind), tasks/s and notices/s of
// wall time, peak RSS of the worker (this node process) and of the test server. Not part of the test suite.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { checkProfile } from '../client/profile-loader.ts';
import { simulate } from '../client/simulate.ts';
import { createTimeSkippingEnvironment } from '../client/temporal.ts';
import { WorkCalendar } from '../domain/calendar.ts';
import { officialYears, resolveCalendar } from '../domain/calendar-data.ts';
import { effectiveDuties } from '../domain/duties/defaults.ts';
import { dutyCalendarYears, firstNoticeOn, planDuties, type DutyTaskSpec } from '../domain/duties/plan.ts';
import { TASK_NOTICE_KINDS } from '../domain/task.ts';
import { endOfDay, formatInstant, instantAt, localDateOf, parseInstant, yearOf, type LocalDate } from '../domain/time.ts';
import { buildWorkflowBundle } from '../worker/bundle.ts';
import { quietTemporalLogs } from '../worker/index.ts';
import { projectPath } from '../worker/paths.ts';
import { rng } from './rng.ts';
import { sampleRss } from './rss.ts';

const { values: opts } = parseArgs({
  options: {
    seed: { type: 'string', default: '2027' },
    enterprises: { type: 'string', default: '300' },
    villages: { type: 'string', default: '20' },
    complete: { type: 'string', default: '0.7' },
    start: { type: 'string', default: '2027-01-01T08:00:00+08:00' },
    until: { type: 'string', default: '2028-01-01T08:00:00+08:00' },
    calendar: { type: 'string', default: 'illustrative' },
    keep: { type: 'boolean', default: false },
    'plan-only': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

/** With --json, stdout carries only the result object; everything else goes to stderr. */
const say = (line = '') => (opts.json ? process.stderr : process.stdout).write(`${line}\n`);

const SEED = Number(opts.seed);
const ENTERPRISES = Number(opts.enterprises);
const VILLAGES = Number(opts.villages);
const COMPLETE = Number(opts.complete);
const START = parseInstant(opts.start) ?? Number.NaN;
const UNTIL = parseInstant(opts.until) ?? Number.NaN;
/** Wall time without the simulated clock moving after which the run is reported as stalled. */
const STALL_MS = 120_000;
if (
  ![SEED, ENTERPRISES, VILLAGES].every(Number.isInteger) ||
  ENTERPRISES < 1 ||
  VILLAGES < 1 ||
  !(COMPLETE >= 0 && COMPLETE <= 1) ||
  !Number.isFinite(START) ||
  !(UNTIL > START) ||
  !['illustrative', 'none'].includes(opts.calendar)
) {
  console.error(
    'usage: year.ts [--seed N] [--enterprises N] [--villages N] [--complete 0..1] [--start ISO] [--until ISO] [--calendar illustrative|none] [--keep] [--plan-only]',
  );
  process.exit(2);
}

// ── the town ─────────────────────────────────────────────────────────────────────────────────────


/** The sectors: id, name, leader (deputy head), inspector, and how many of the enterprises each has (weights). */
const SECTORS = [
  ['mine', '非煤矿山', 'dh1', 'ins1', 3],
  ['hazchem', '危险化学品（含加油站）', 'dh1', 'ins1', 8],
  ['fireworks', '烟花爆竹', 'dh1', 'ins2', 4],
  ['industry', '工贸企业', 'dh1', 'ins2', 20],
  ['construction', '建筑施工', 'dh3', 'ins3', 8],
  ['equipment', '特种设备', 'dh3', 'ins3', 5],
  ['gas', '燃气', 'dh3', 'ins4', 4],
  ['housing', '农村自建房', 'dh3', 'ins4', 4],
  ['traffic', '道路交通', 'dh4', 'ins5', 6],
  ['fire', '消防（人员密集场所）', 'dh2', 'ins5', 14],
  ['school', '学校', 'dh2', 'ins6', 6],
  ['food', '食品安全', 'dh2', 'ins6', 12],
  ['forest', '森林防火', 'dh4', 'ins7', 3],
  ['geohazard', '地质灾害', 'dh4', 'ins7', 0],
] as const;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '建国志强海涛丽华国庆文斌明辉春生德明桂英永福红梅家旺秀珍立平卫东长林金山晓燕玉萍振华正平光辉';
const VILLAGE_NAMES = ['青山', '石桥', '柳湾', '枫林', '龙潭', '杨家坝', '白沙', '新民', '双河', '桃源', '梅岭', '竹溪', '松岗', '荷塘', '金鸡', '凤凰', '马头', '黄泥', '大坪', '上营', '下营', '长岭', '清水', '高桥', '东山', '西湖', '南岸', '北坡', '中和', '太平'];
const BUSINESS = ['加工厂', '有限公司', '经营部', '服务站', '项目部', '门店', '合作社', '制品厂', '物流点', '供应站'];

/** A name not given before in this town (people and principals). */
function nameMaker(r: ReturnType<typeof rng>) {
  const used = new Set<string>();
  const given = GIVEN.length / 2;
  return () => {
    for (;;) {
      const k = r.int(0, given - 1);
      const name = r.pick([...SURNAMES]) + GIVEN.slice(2 * k, 2 * k + 2);
      if (!used.has(name)) return used.add(name), name;
    }
  };
}

/**
 * An illustrative 2027 arrangement (not the State Council's): the lunar-computed statutory days with
 * weekday days off and weekend make-up workdays typical of published arrangements.
 */
const ILLUSTRATIVE_CALENDAR: Record<number, { holidays: LocalDate[]; workdays: LocalDate[] }> = {
  2027: {
    holidays: [
      '2027-01-01', // 元旦 (Fri; 01-02/03 weekend)
      '2027-02-05', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', // 春节 02-05 to 02-11 (除夕 02-05)
      '2027-04-05', // 清明 (Mon; 04-03/04 weekend)
      '2027-05-03', '2027-05-04', '2027-05-05', // 劳动节 05-01 to 05-05
      '2027-06-09', // 端午 (Wed)
      '2027-09-15', // 中秋 (Wed)
      '2027-10-01', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07', // 国庆 10-01 to 10-07
    ],
    workdays: ['2027-02-20', '2027-04-25', '2027-09-26', '2027-10-09'],
  },
};

function generateProfile(): { yaml: string; calendarNote: string } {
  const r = rng(SEED);
  const personName = nameMaker(r);
  const people: Array<Record<string, unknown>> = [];
  const person = (id: string, role: string) => people.push({ id, name: personName(), role, email: `${id}@town.example` });
  person('sec', 'party_secretary');
  person('head', 'town_head');
  for (let i = 1; i <= 4; i++) person(`dh${i}`, 'deputy_head');
  person('office', 'office_head');
  for (let i = 1; i <= 7; i++) person(`ins${i}`, 'inspector');
  const villages = Array.from({ length: VILLAGES }, (_, i) => {
    const id = `v${String(i + 1).padStart(2, '0')}`;
    person(`sup-${id}`, 'village_supervisor');
    const base = VILLAGE_NAMES[i % VILLAGE_NAMES.length]!;
    const name = i < VILLAGE_NAMES.length ? `${base}村` : `${base}${Math.floor(i / VILLAGE_NAMES.length) + 1}村`;
    return { id, name, supervisor: `sup-${id}`, leader: ['dh1', 'dh2', 'dh3', 'dh4', 'head'][i % 5]! };
  });
  const sectors = SECTORS.map(([id, name, leader, inspector]) => ({ id, name, leader, inspector }));
  const weights = SECTORS.map((s) => s[4] as number);
  const total = weights.reduce((a, b) => a + b, 0);
  const enterprises = Array.from({ length: ENTERPRISES }, (_, i) => {
    // Classes in a fixed 1:2:2 pattern (20% A, 40% B, 40% C); sectors by weight, villages at random.
    const cls = ['A', 'B', 'B', 'C', 'C'][i % 5]!;
    let x = r.next() * total;
    const sector = SECTORS.find((_s, k) => (x -= weights[k]!) < 0)![0];
    const village = villages[r.int(0, villages.length - 1)]!;
    const id = `e${String(i + 1).padStart(3, '0')}`;
    return {
      id,
      name: `${village.name.replace(/村$/, '')}${SECTORS.find((s) => s[0] === sector)![1].replace(/（.*）/, '')}${r.pick(BUSINESS)}${i + 1}号`,
      sector,
      class: cls,
      village: village.id,
      principal: { name: personName(), email: `boss@${id}.example` },
    };
  });
  const years = new Set<number>();
  for (let y = yearOf(localDateOf(START)); y <= yearOf(localDateOf(UNTIL)); y++) years.add(y);
  const official = new Set(officialYears());
  const missing = [...years].filter((y) => !official.has(y));
  const calendar = { holidays: [] as LocalDate[], workdays: [] as LocalDate[] };
  const filled: number[] = [];
  if (opts.calendar === 'illustrative') {
    for (const y of missing) {
      const c = ILLUSTRATIVE_CALENDAR[y];
      if (!c) continue;
      calendar.holidays.push(...c.holidays);
      calendar.workdays.push(...c.workdays);
      filled.push(y);
    }
  }
  const calendarNote =
    `official data: ${[...years].map((y) => `${y} ${official.has(y) ? 'yes' : 'no'}`).join(', ')}; ` +
    (filled.length ? `calendar section: illustrative arrangement for ${filled.join(', ')} (not official)` : 'calendar section: empty');
  const profile = {
    town: '基准镇',
    safetyLeader: 'dh1',
    people,
    sectors,
    villages,
    enterprises,
    calendar,
    policy: {},
  };
  return { yaml: `# Generated by bench/year.ts (seed ${SEED}); not meant to be edited.\n${stringify(profile)}`, calendarNote };
}

// ── the scenario ─────────────────────────────────────────────────────────────────────────────────

interface Action {
  at: number;
  do: 'duty.complete';
  with: { task: string; by: string; evidence: string };
}

/** The tasks the duty calendar opens in the simulated span (as `anwei duties preview` plans them). */
function plannedTasks(profileText: string, file: string): { tasks: DutyTaskSpec[]; cal: WorkCalendar } {
  const { profile } = checkProfile(profileText, file);
  const from = localDateOf(START);
  const to = localDateOf(UNTIL);
  const cal = new WorkCalendar(resolveCalendar({ ...dutyCalendarYears(from, to), overrides: profile.calendar }));
  const plan = planDuties(effectiveDuties(profile), profile, cal, from, to);
  if (plan.problems.length) say(`  planning problems: ${plan.problems.length} (first: ${plan.problems[0]!.message})`);
  // A task whose invitation or opening comes after the end never starts.
  return { tasks: plan.tasks.filter((t) => instantAt(firstNoticeOn(t)) < UNTIL), cal };
}

/** A deterministic COMPLETE share of the tasks, completed by their assignee 1–2 working days before the due date. */
function completions(tasks: DutyTaskSpec[], cal: WorkCalendar): Action[] {
  const r = rng(SEED ^ 0x5eed);
  const actions: Action[] = [];
  for (const t of tasks) {
    if (r.next() >= COMPLETE) continue;
    const before = r.int(1, 2);
    let day = cal.nthWorkingDayBefore(t.due, before).date;
    // Never before the task opens (a meeting's minutes: after the meeting).
    if (day < t.opensOn || (t.meeting && day <= t.meeting.date)) day = t.due;
    const at = instantAt(day, `${String(r.int(10, 16)).padStart(2, '0')}:${String(r.int(0, 11) * 5).padStart(2, '0')}`);
    if (at <= START || at >= UNTIL || at >= endOfDay(t.due)) continue;
    actions.push({ at, do: 'duty.complete', with: { task: t.id, by: t.assigneeId, evidence: `${t.title}已完成，材料已归档` } });
  }
  return actions.sort((a, b) => a.at - b.at || (a.with.task < b.with.task ? -1 : 1));
}

// ── running ──────────────────────────────────────────────────────────────────────────────────────

const tally = <T>(items: readonly T[], key: (item: T) => string, order: readonly string[] = []) => {
  const out = new Map<string, number>(order.map((k) => [k, 0]));
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
};

/** The commit measured, and whether the work tree differs from it (figures depend on the code). */
function codeVersion(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: projectPath(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return `${git('rev-parse', '--short', 'HEAD')}${git('status', '--porcelain', '--untracked-files=no') ? ' (work tree modified)' : ''}`;
  } catch {
    return 'unknown (no git)';
  }
}

async function main(): Promise<void> {
  quietTemporalLogs('ERROR');
  const dir = mkdtempSync(join(tmpdir(), 'anwei-bench-year-'));
  const profileFile = join(dir, 'town.yaml');
  const file = join(dir, 'year.yaml');
  const { yaml, calendarNote } = generateProfile();
  writeFileSync(profileFile, yaml);
  const { tasks, cal } = plannedTasks(yaml, profileFile);
  const actions = completions(tasks, cal);
  writeFileSync(
    file,
    `# Generated by bench/year.ts (seed ${SEED}); not meant to be edited.\n` +
      stringify({
        profile: 'town.yaml',
        start: formatInstant(START),
        until: formatInstant(UNTIL),
        actions: actions.map((a) => ({ at: formatInstant(a.at), do: a.do, with: a.with })),
      }),
  );
  const { profile } = checkProfile(yaml, profileFile);
  const classes = tally(profile.enterprises, (e) => e.class, ['A', 'B', 'C']);
  say(`anwei year benchmark — ${formatInstant(START)} to ${formatInstant(UNTIL)}, seed ${SEED}, code ${codeVersion()}`);
  say(
    `  town: ${profile.enterprises.length} enterprises (${[...classes].map(([c, n]) => `${c} ${n}`).join(', ')}), ` +
      `${profile.sectors.length} sectors, ${profile.villages.length} villages, ${profile.people.length} people`,
  );
  say(`  ${calendarNote}`);
  const plannedByDuty = tally(tasks, (t) => t.dutyId);
  say(`  planned: ${tasks.length} tasks (${[...plannedByDuty].map(([d, n]) => `${d} ${n}`).join(', ')})`);
  say(`  scenario: ${actions.length} duty.complete actions (${(COMPLETE * 100).toFixed(0)}% of tasks, 1–2 working days before due)`);

  if (opts['plan-only']) {
    say(`  written: ${profileFile}, ${file}`);
    return;
  }

  // Bundling is set-up, not simulation: make sure the bundle is current before the clock starts.
  await buildWorkflowBundle();
  let done = 0;
  const rss = sampleRss({ everyMs: 500, descendants: true });
  const started = performance.now();
  // The test server is started here (simulate() would start its own) so the simulated clock can be
  // watched: a line per simulated month, and a warning when it stops moving. Watching also keeps the
  // client connection busy: a run without actions is one sleep call of minutes on an otherwise idle
  // connection, and twice (2027-04, 2027-07) simulate() on its own environment stalled for good that way —
  // grpc-js keepalive pings every 30 s drew "excess pings" GOAWAYs from the test server, which also logged
  // a HeaderListSizeException, and simulated time stopped with one task workflow's describe never
  // answering. With the watch, or with the sleep split into 7-day calls (what simulate() does now, see
  // advanceSimulatedTime), the same run finished.
  const env = await createTimeSkippingEnvironment();
  let lastMonth = '';
  let lastMoved = { at: 0, wall: performance.now() };
  let stallWarned = false;
  const watch = setInterval(() => {
    void env.currentTimeMs().then(
      (now) => {
        const wall = performance.now();
        if (now !== lastMoved.at) [lastMoved, stallWarned] = [{ at: now, wall }, false];
        else if (!stallWarned && wall - lastMoved.wall > STALL_MS) {
          stallWarned = true;
          process.stderr.write(`  ! simulated time has not moved for ${(STALL_MS / 1000).toFixed(0)} s of wall time (at ${formatInstant(now)})\n`);
        }
        const month = formatInstant(now).slice(0, 7);
        if (now < START || month === lastMonth) return;
        lastMonth = month;
        const cpu = rss.cpu();
        process.stderr.write(
          `  … ${month} (${done}/${actions.length} actions; ${((wall - started) / 1000).toFixed(1)} s wall, ` +
            `CPU worker ${cpu.node.toFixed(1)} s, test server ${cpu.children.toFixed(1)} s)\n`,
        );
      },
      () => {},
    );
  }, 1000);
  let result: Awaited<ReturnType<typeof simulate>>;
  try {
    result = await simulate(file, {
      env,
      log: (line) => {
        if (line.startsWith('  ')) done++;
      },
    });
  } finally {
    clearInterval(watch);
    await env.teardown();
    if (!opts.keep) rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const memory = rss.stop();
  const cpuUsed = rss.cpu();

  const byDuty = tally(result.tasks, (t) => t.id.split(':')[0]!, [...plannedByDuty.keys()]);
  const byStatus = tally(result.tasks, (t) => t.status);
  const byKind = tally(result.notifications, (n) => n.kind, TASK_NOTICE_KINDS);
  const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
  say();
  say(`  wall time        ${seconds.toFixed(1)} s (set-up, simulation and tear-down; bundle built before)`);
  say(`  tasks created    ${result.tasks.length} of ${tasks.length} planned (${[...byStatus].map(([s, n]) => `${s} ${n}`).join(', ')})`);
  for (const [duty, n] of byDuty) say(`    ${duty.padEnd(32)} ${String(n).padStart(5)}`);
  say(`  notices sent     ${result.notifications.length}`);
  for (const [kind, n] of byKind) say(`    ${kind.padEnd(32)} ${String(n).padStart(5)}`);
  say(`  tasks/s          ${(result.tasks.length / seconds).toFixed(1)}`);
  say(`  notices/s        ${(result.notifications.length / seconds).toFixed(1)}`);
  say(`  peak RSS         worker (node) ${mb(memory.selfKb)}; test server ${mb(memory.childrenKb)} (sampled from /proc)`);
  say(
    `  CPU              worker (node) ${cpuUsed.node.toFixed(1)} s (whole process, planning included); ` +
      `test server ${cpuUsed.children.toFixed(1)} s (sampled every 0.5 s); load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
  );
  if (result.warnings.length) {
    say('  warnings');
    for (const w of result.warnings) say(`    ${w}`);
  }
  if (opts.keep) say(`  kept: ${profileFile}, ${file}`);
  if (opts.json) {
    const round = (x: number) => Math.round(x * 10) / 10;
    process.stdout.write(
      `${JSON.stringify({
        wall_s: round(seconds),
        tasks: result.tasks.length,
        notices: result.notifications.length,
        peak_rss_mb: Math.round(memory.selfKb / 1024),
        planned_tasks: tasks.length,
        emails: result.messages.length,
        test_server_peak_rss_mb: Math.round(memory.childrenKb / 1024),
        cpu_worker_s: round(cpuUsed.node),
        cpu_test_server_s: round(cpuUsed.children),
        notices_by_kind: Object.fromEntries(byKind),
        load_average: loadavg().map(round),
        code: codeVersion(),
        seed: SEED,
        enterprises: ENTERPRISES,
      })}\n`,
    );
  }
}

await main();
// Temporal's native runtime can keep the event loop alive after everything is closed.
process.exit(0);
