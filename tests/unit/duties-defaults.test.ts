// The default duty calendar of contract §4, a whole year of it: 2030 in the test town (every holiday and
// make-up day spelled out in tests/fixtures/town.yaml), then the contract's own examples on the official
// calendar (春节 2026 from 02-15, meetings moved by 春节 2024 and onto 国庆 2026's make-up Saturday, the
// annual statistics of 2024 moved back from 春节 2025).

import { describe, expect, it } from 'vitest';
import { WorkCalendar } from '../../domain/calendar.ts';
import { resolveCalendar } from '../../domain/calendar-data.ts';
import { DEFAULT_DUTIES } from '../../domain/duties/defaults.ts';
import type { DutyDefinition } from '../../domain/duties/format.ts';
import { planDuty, planDuties, tasksOpeningBetween } from '../../domain/duties/plan.ts';
import type { TaskSpec } from '../../domain/task.ts';
import { CONTRACT_OVERRIDES, CONTRACT_TOWN, calendarFor, fixtureProfile } from '../support/duty-town.ts';

const town = fixtureProfile();
const cal2030 = calendarFor(town, 2030);
const duty = (id: string): DutyDefinition => DEFAULT_DUTIES.find((d) => d.id === id)!;
const year2030 = (id: string) => tasksOpeningBetween(duty(id), town, cal2030, '2030-01-01', '2030-12-31');
const rows = (tasks: TaskSpec[]) => tasks.map((t) => [t.id, t.opensOn, t.due, t.assigneeId, ...(t.meeting ? [t.meeting.inviteOn] : [])]);
const task = (tasks: TaskSpec[], id: string) => {
  const found = tasks.find((t) => t.id === id);
  expect(found, `${id} among ${tasks.map((t) => t.id).join(' ')}`).toBeDefined();
  return found!;
};

describe('the default calendar over 2030 in the test town', () => {
  it('is the six duties of contract §4, in its order', () => {
    expect(DEFAULT_DUTIES.map((d) => d.id)).toEqual([
      'committee-meeting',
      'quarterly-sweep',
      'enterprise-inspection',
      'holiday-check',
      'village-report',
      'statistics-report',
    ]);
  });

  it('committee-meeting: the first working day on or after the 10th, minutes 2 working days later, invitations 3 before', () => {
    const tasks = year2030('committee-meeting');
    expect(rows(tasks)).toEqual([
      ['committee-meeting:2030-01', '2030-01-10', '2030-01-14', 'office', '2030-01-07'],
      ['committee-meeting:2030-02', '2030-02-11', '2030-02-13', 'office', '2030-02-06'], // 02-10 Sunday
      ['committee-meeting:2030-03', '2030-03-11', '2030-03-13', 'office', '2030-03-06'], // 03-10 Sunday
      ['committee-meeting:2030-04', '2030-04-10', '2030-04-12', 'office', '2030-04-04'], // invitation skips 清明
      ['committee-meeting:2030-05', '2030-05-10', '2030-05-14', 'office', '2030-05-07'],
      ['committee-meeting:2030-06', '2030-06-10', '2030-06-12', 'office', '2030-06-04'], // invitation skips 端午
      ['committee-meeting:2030-07', '2030-07-10', '2030-07-12', 'office', '2030-07-05'],
      ['committee-meeting:2030-08', '2030-08-12', '2030-08-14', 'office', '2030-08-07'], // 08-10 Saturday
      ['committee-meeting:2030-09', '2030-09-10', '2030-09-13', 'office', '2030-09-05'], // minutes skip 中秋
      ['committee-meeting:2030-10', '2030-10-10', '2030-10-12', 'office', '2030-09-30'], // minutes on make-up Saturday; invitation before 国庆
      ['committee-meeting:2030-11', '2030-11-11', '2030-11-13', 'office', '2030-11-06'], // 11-10 Sunday
      ['committee-meeting:2030-12', '2030-12-10', '2030-12-12', 'office', '2030-12-05'],
    ]);
    expect(task(tasks, 'committee-meeting:2030-03')).toEqual({
      id: 'committee-meeting:2030-03',
      dutyId: 'committee-meeting',
      dutyName: '安委会会议',
      title: '2030年3月安委会会议',
      period: '2030-03',
      assigneeId: 'office',
      level1: 'safety_leader',
      opensOn: '2030-03-11',
      opensTrace: '本月10日（逢休息日顺延）: 2030-03-10，是休息日，顺延至 2030-03-11，跳过 03-10 周末',
      due: '2030-03-13',
      dueTrace: '会议后第2个工作日: 会议日 2030-03-11，之后第2个工作日 = 2030-03-13，期间无休息日',
      proof: '上传会议纪要',
      meeting: {
        date: '2030-03-11',
        time: '14:30',
        durationMinutes: 120,
        inviteOn: '2030-03-06',
        attendees: ['head', 'insp', 'insp2', 'lead', 'lead2', 'office', 'sec', 'vs'],
      },
      unconfirmedYears: [],
    });
    expect(task(tasks, 'committee-meeting:2030-09').dueTrace).toBe('会议后第2个工作日: 会议日 2030-09-10，之后第2个工作日 = 2030-09-13，跳过 09-12 中秋节');
    expect(task(tasks, 'committee-meeting:2030-04').opensTrace).toBe('本月10日（逢休息日顺延）: 2030-04-10，是工作日');
  });

  it('quarterly-sweep: one per sector, first working day of the quarter to its 20th — Q4 across 国庆 and its make-up Saturday', () => {
    const tasks = year2030('quarterly-sweep');
    expect(rows(tasks)).toEqual([
      ['quarterly-sweep:2030-Q1:hazchem', '2030-01-02', '2030-01-29', 'insp'],
      ['quarterly-sweep:2030-Q1:industry', '2030-01-02', '2030-01-29', 'insp2'],
      ['quarterly-sweep:2030-Q2:hazchem', '2030-04-01', '2030-04-29', 'insp'],
      ['quarterly-sweep:2030-Q2:industry', '2030-04-01', '2030-04-29', 'insp2'],
      ['quarterly-sweep:2030-Q3:hazchem', '2030-07-01', '2030-07-26', 'insp'],
      ['quarterly-sweep:2030-Q3:industry', '2030-07-01', '2030-07-26', 'insp2'],
      ['quarterly-sweep:2030-Q4:hazchem', '2030-10-08', '2030-11-01', 'insp'],
      ['quarterly-sweep:2030-Q4:industry', '2030-10-08', '2030-11-01', 'insp2'],
    ]);
    const q4 = task(tasks, 'quarterly-sweep:2030-Q4:hazchem');
    expect(q4).toMatchObject({
      title: '2030年第四季度拉网式大检查（危险化学品）',
      dutyName: '拉网式大检查',
      period: '2030-Q4',
      scope: { kind: 'sector', id: 'hazchem' },
      level1: 'sector_leader',
      opensTrace: '本季度第一个工作日: 2030-10-01 至 2030-12-31 的第1个工作日 = 2030-10-08，跳过 10-01 至 10-07 国庆节',
      // 10-12 (Saturday) is worked: 10-13 alone is skipped that weekend.
      dueTrace:
        '本季度第20个工作日: 2030-10-01 至 2030-12-31 的第20个工作日 = 2030-11-01，跳过 10-01 至 10-07 国庆节，10-13 周末，10-19、10-20 周末，10-26、10-27 周末',
      proof: '上传检查记录和发现的隐患清单',
    });
    expect(q4.meeting).toBeUndefined();
  });

  it('enterprise-inspection: class A monthly, B quarterly, C half-yearly, first to last working day of the period', () => {
    const tasks = year2030('enterprise-inspection');
    expect(rows(tasks)).toEqual([
      ['enterprise-inspection:2030-01:e1', '2030-01-02', '2030-01-31', 'insp'],
      ['enterprise-inspection:2030-H1:e3', '2030-01-02', '2030-06-28', 'insp2'],
      ['enterprise-inspection:2030-Q1:e2', '2030-01-02', '2030-03-29', 'insp'],
      ['enterprise-inspection:2030-02:e1', '2030-02-01', '2030-02-28', 'insp'],
      ['enterprise-inspection:2030-03:e1', '2030-03-01', '2030-03-29', 'insp'],
      ['enterprise-inspection:2030-04:e1', '2030-04-01', '2030-04-30', 'insp'],
      ['enterprise-inspection:2030-Q2:e2', '2030-04-01', '2030-06-28', 'insp'],
      ['enterprise-inspection:2030-05:e1', '2030-05-03', '2030-05-31', 'insp'],
      ['enterprise-inspection:2030-06:e1', '2030-06-03', '2030-06-28', 'insp'],
      ['enterprise-inspection:2030-07:e1', '2030-07-01', '2030-07-31', 'insp'],
      ['enterprise-inspection:2030-H2:e3', '2030-07-01', '2030-12-31', 'insp2'],
      ['enterprise-inspection:2030-Q3:e2', '2030-07-01', '2030-09-30', 'insp'],
      ['enterprise-inspection:2030-08:e1', '2030-08-01', '2030-08-30', 'insp'],
      ['enterprise-inspection:2030-09:e1', '2030-09-02', '2030-09-30', 'insp'],
      ['enterprise-inspection:2030-10:e1', '2030-10-08', '2030-10-31', 'insp'],
      ['enterprise-inspection:2030-Q4:e2', '2030-10-08', '2030-12-31', 'insp'],
      ['enterprise-inspection:2030-11:e1', '2030-11-01', '2030-11-29', 'insp'],
      ['enterprise-inspection:2030-12:e1', '2030-12-02', '2030-12-31', 'insp'],
    ]);
    expect(task(tasks, 'enterprise-inspection:2030-05:e1')).toMatchObject({
      title: '2030年5月企业安全检查（甲加油站）',
      scope: { kind: 'enterprise', id: 'e1' },
      level1: 'sector_leader',
      opensTrace: '本月第一个工作日: 2030-05-01 至 2030-05-31 的第1个工作日 = 2030-05-03，跳过 05-01、05-02 劳动节',
      dueTrace: '本月最后一个工作日: 2030-05-01 至 2030-05-31 的最后一个工作日 = 2030-05-31，期间无休息日',
    });
    expect(task(tasks, 'enterprise-inspection:2030-H1:e3')).toMatchObject({
      title: '2030年上半年企业安全检查（丙机械厂）',
      dueTrace: '本半年最后一个工作日: 2030-01-01 至 2030-06-30 的最后一个工作日 = 2030-06-28，跳过 06-29、06-30 周末',
    });
    expect(task(tasks, 'enterprise-inspection:2030-Q1:e2').dueTrace).toBe(
      '本季度最后一个工作日: 2030-01-01 至 2030-03-31 的最后一个工作日 = 2030-03-29，跳过 03-30、03-31 周末',
    );
  });

  it('holiday-check: every holiday, per sector, 10 and 2 working days before the first day off — 元旦 2031 opens in December', () => {
    const tasks = year2030('holiday-check');
    expect(rows(tasks)).toEqual([
      ['holiday-check:spring_festival-2030:hazchem', '2030-01-21', '2030-01-31', 'insp'],
      ['holiday-check:spring_festival-2030:industry', '2030-01-21', '2030-01-31', 'insp2'],
      ['holiday-check:qingming-2030:hazchem', '2030-03-22', '2030-04-03', 'insp'],
      ['holiday-check:qingming-2030:industry', '2030-03-22', '2030-04-03', 'insp2'],
      ['holiday-check:labour_day-2030:hazchem', '2030-04-17', '2030-04-29', 'insp'],
      ['holiday-check:labour_day-2030:industry', '2030-04-17', '2030-04-29', 'insp2'],
      ['holiday-check:dragon_boat-2030:hazchem', '2030-05-22', '2030-06-03', 'insp'],
      ['holiday-check:dragon_boat-2030:industry', '2030-05-22', '2030-06-03', 'insp2'],
      ['holiday-check:mid_autumn-2030:hazchem', '2030-08-29', '2030-09-10', 'insp'],
      ['holiday-check:mid_autumn-2030:industry', '2030-08-29', '2030-09-10', 'insp2'],
      ['holiday-check:national_day-2030:hazchem', '2030-09-18', '2030-09-29', 'insp'],
      ['holiday-check:national_day-2030:industry', '2030-09-18', '2030-09-29', 'insp2'],
      ['holiday-check:new_year-2031:hazchem', '2030-12-18', '2030-12-30', 'insp'],
      ['holiday-check:new_year-2031:industry', '2030-12-18', '2030-12-30', 'insp2'],
    ]);
    // 元旦 2030's check opened in December 2029: it belongs to the year before.
    expect(planDuty(duty('holiday-check'), town, cal2030, '2029-12-01', '2029-12-31').tasks.map((t) => t.id)).toEqual([
      'holiday-check:new_year-2030:hazchem',
      'holiday-check:new_year-2030:industry',
    ]);
    expect(task(tasks, 'holiday-check:spring_festival-2030:hazchem')).toMatchObject({
      title: '2030年春节前安全检查（危险化学品）',
      period: 'spring_festival-2030',
      scope: { kind: 'sector', id: 'hazchem' },
      level1: 'sector_leader',
      // 除夕 02-02 is a Saturday: the break starts with it.
      opensTrace: '春节放假首日前第10个工作日: 春节放假 2030-02-02 至 2030-02-05，首日 2030-02-02，之前第10个工作日 = 2030-01-21，跳过 01-26、01-27 周末',
      dueTrace: '春节放假首日前第2个工作日: 春节放假 2030-02-02 至 2030-02-05，首日 2030-02-02，之前第2个工作日 = 2030-01-31，期间无休息日',
      unconfirmedYears: [],
    });
    expect(task(tasks, 'holiday-check:national_day-2030:industry')).toMatchObject({
      title: '2030年国庆节前安全检查（工贸企业）',
      assigneeId: 'insp2',
      opensTrace: '国庆节放假首日前第10个工作日: 国庆节放假 2030-10-01 至 2030-10-07，首日 2030-10-01，之前第10个工作日 = 2030-09-18，跳过 09-21、09-22 周末，09-28 周末',
      // Sunday 09-29 is the make-up working day.
      dueTrace: '国庆节放假首日前第2个工作日: 国庆节放假 2030-10-01 至 2030-10-07，首日 2030-10-01，之前第2个工作日 = 2030-09-29，期间无休息日',
    });
    expect(task(tasks, 'holiday-check:dragon_boat-2030:hazchem').opensTrace).toBe(
      '端午节放假首日前第10个工作日: 端午节放假 2030-06-05，之前第10个工作日 = 2030-05-22，跳过 05-25、05-26 周末，06-01、06-02 周末',
    );
    // The test town entered no 2031 dates: the check before 元旦 2031 says its dates are only computed.
    const newYear = task(tasks, 'holiday-check:new_year-2031:hazchem');
    expect(newYear.unconfirmedYears).toEqual([2031]);
    expect(newYear.opensTrace).toBe(
      '元旦放假首日前第10个工作日: 元旦放假 2031-01-01，之前第10个工作日 = 2030-12-18，跳过 12-21、12-22 周末，12-28、12-29 周末；注：2031 年放假安排尚未公布，法定假日按农历推算，未计调休',
    );
  });

  it('village-report: the previous month, from the first working day of the month to its 5th', () => {
    const tasks = year2030('village-report');
    expect(rows(tasks)).toEqual([
      ['village-report:2029-12:v1', '2030-01-02', '2030-01-08', 'vs'],
      ['village-report:2030-01:v1', '2030-02-01', '2030-02-11', 'vs'],
      ['village-report:2030-02:v1', '2030-03-01', '2030-03-07', 'vs'],
      ['village-report:2030-03:v1', '2030-04-01', '2030-04-08', 'vs'],
      ['village-report:2030-04:v1', '2030-05-03', '2030-05-09', 'vs'],
      ['village-report:2030-05:v1', '2030-06-03', '2030-06-10', 'vs'],
      ['village-report:2030-06:v1', '2030-07-01', '2030-07-05', 'vs'],
      ['village-report:2030-07:v1', '2030-08-01', '2030-08-07', 'vs'],
      ['village-report:2030-08:v1', '2030-09-02', '2030-09-06', 'vs'],
      ['village-report:2030-09:v1', '2030-10-08', '2030-10-12', 'vs'],
      ['village-report:2030-10:v1', '2030-11-01', '2030-11-07', 'vs'],
      ['village-report:2030-11:v1', '2030-12-02', '2030-12-06', 'vs'],
    ]);
    expect(task(tasks, 'village-report:2030-01:v1')).toEqual({
      id: 'village-report:2030-01:v1',
      dutyId: 'village-report',
      dutyName: '村安全生产月报',
      title: '2030年1月村安全生产工作情况月报表（一村）',
      period: '2030-01',
      scope: { kind: 'village', id: 'v1' },
      assigneeId: 'vs',
      level1: 'village_leader',
      opensOn: '2030-02-01',
      opensTrace: '次月第一个工作日: 2030-02-01 至 2030-02-28 的第1个工作日 = 2030-02-01，期间无休息日',
      due: '2030-02-11',
      dueTrace: '次月第5个工作日: 2030-02-01 至 2030-02-28 的第5个工作日 = 2030-02-11，跳过 02-02 至 02-05 春节，02-09、02-10 周末',
      proof: '上传《村安全生产工作情况月报表》',
      unconfirmedYears: [],
    });
  });

  it('statistics-report: each quarter by the 15th of the month after, the year by 31 January', () => {
    const tasks = year2030('statistics-report');
    expect(rows(tasks)).toEqual([
      ['statistics-report:2029', '2030-01-02', '2030-01-31', 'office'],
      ['statistics-report:2029-Q4', '2030-01-02', '2030-01-15', 'office'],
      ['statistics-report:2030-Q1', '2030-04-01', '2030-04-15', 'office'],
      ['statistics-report:2030-Q2', '2030-07-01', '2030-07-15', 'office'],
      ['statistics-report:2030-Q3', '2030-10-08', '2030-10-15', 'office'],
    ]);
    expect(task(tasks, 'statistics-report:2029')).toMatchObject({
      title: '2029年度隐患排查治理统计报表',
      level1: 'safety_leader',
      opensTrace: '本年度结束后第一个工作日: 本年度最后一日 2029-12-31，之后第1个工作日 = 2030-01-02，跳过 01-01 元旦',
      dueTrace: '次年1月31日（逢休息日提前）: 2030-01-31，是工作日',
      unconfirmedYears: [],
    });
    expect(task(tasks, 'statistics-report:2030-Q3')).toMatchObject({
      title: '2030年第三季度隐患排查治理统计报表',
      opensTrace: '本季度结束后第一个工作日: 本季度最后一日 2030-09-30，之后第1个工作日 = 2030-10-08，跳过 10-01 至 10-07 国庆节',
      dueTrace: '季度结束后次月15日（逢休息日提前）: 2030-10-15，是工作日',
    });
    expect(task(tasks, 'statistics-report:2030-Q3').scope).toBeUndefined();
  });

  it('the whole year together: 69 tasks sorted by opening day, then duty, then id, none in trouble', () => {
    const plan = planDuties(DEFAULT_DUTIES, town, cal2030, '2030-01-01', '2030-12-31');
    expect(plan.problems).toEqual([]);
    expect(plan.tasks).toHaveLength(12 + 8 + 18 + 14 + 12 + 5);
    expect(plan.tasks.slice(0, 8).map((t) => t.id)).toEqual([
      'quarterly-sweep:2030-Q1:hazchem',
      'quarterly-sweep:2030-Q1:industry',
      'enterprise-inspection:2030-01:e1',
      'enterprise-inspection:2030-H1:e3',
      'enterprise-inspection:2030-Q1:e2',
      'village-report:2029-12:v1',
      'statistics-report:2029',
      'statistics-report:2029-Q4',
    ]);
    expect(plan.tasks.at(-1)!.id).toBe('holiday-check:new_year-2031:industry');
  });
});

// ── the contract's examples on the official calendar (chinese-days) ──────────────────────────────

describe('contract §4 examples on the official calendar', () => {
  const official = (fromYear: number, toYear: number, overrides = { holidays: [] as string[], workdays: [] as string[] }) =>
    new WorkCalendar(resolveCalendar({ fromYear, toYear, overrides }));

  it('春节 2026: the first day off is Sunday 02-15, the check counts back from the make-up Saturday 02-14', () => {
    const [first] = tasksOpeningBetween(duty('holiday-check'), CONTRACT_TOWN, official(2025, 2027), '2026-01-15', '2026-02-14');
    expect(first).toMatchObject({
      id: 'holiday-check:spring_festival-2026:hazchem',
      title: '2026年春节前安全检查（危险化学品）',
      assigneeId: 'zhao',
      opensOn: '2026-02-03',
      opensTrace: '春节放假首日前第10个工作日: 春节放假 2026-02-15 至 2026-02-23，首日 2026-02-15，之前第10个工作日 = 2026-02-03，跳过 02-07、02-08 周末',
      due: '2026-02-13',
      dueTrace: '春节放假首日前第2个工作日: 春节放假 2026-02-15 至 2026-02-23，首日 2026-02-15，之前第2个工作日 = 2026-02-13，期间无休息日',
      unconfirmedYears: [],
    });
  });

  it('a meeting whose 10th falls in 春节 2024 moves to the make-up Sunday 02-18; one on 国庆 2026\'s make-up Saturday stays', () => {
    const meetings = tasksOpeningBetween(duty('committee-meeting'), CONTRACT_TOWN, official(2023, 2027), '2024-02-01', '2024-02-29');
    expect(meetings.map((t) => [t.id, t.opensOn, t.opensTrace])).toEqual([
      ['committee-meeting:2024-02', '2024-02-18', '本月10日（逢休息日顺延）: 2024-02-10，是休息日，顺延至 2024-02-18，跳过 02-10 至 02-17 春节'],
    ]);
    const october = tasksOpeningBetween(duty('committee-meeting'), CONTRACT_TOWN, official(2025, 2027), '2026-10-01', '2026-10-31');
    expect(october.map((t) => [t.id, t.opensOn, t.opensTrace, t.meeting!.inviteOn])).toEqual([
      ['committee-meeting:2026-10', '2026-10-10', '本月10日（逢休息日顺延）: 2026-10-10，是工作日', '2026-09-30'],
    ]);
  });

  it('village-report:2027-02:dongcun reports on February and opens in March', () => {
    const cal = official(2026, 2028, CONTRACT_OVERRIDES);
    const tasks = tasksOpeningBetween(duty('village-report'), CONTRACT_TOWN, cal, '2027-03-01', '2027-03-31');
    expect(tasks.map((t) => [t.id, t.title, t.assigneeId, t.level1, t.opensOn, t.due])).toEqual([
      ['village-report:2027-02:dongcun', '2027年2月村安全生产工作情况月报表（东村）', 'chen', 'village_leader', '2027-03-01', '2027-03-05'],
    ]);
  });

  it('statistics-report:2026 is due 31 January 2027, a Sunday, so Friday 01-29', () => {
    const cal = official(2026, 2028, CONTRACT_OVERRIDES);
    const annual = tasksOpeningBetween(duty('statistics-report'), CONTRACT_TOWN, cal, '2027-01-01', '2027-01-31').find((t) => t.id === 'statistics-report:2026');
    expect(annual).toMatchObject({
      opensOn: '2027-01-04',
      due: '2027-01-29',
      dueTrace: '次年1月31日（逢休息日提前）: 2027-01-31，是休息日，提前至 2027-01-29，跳过 01-30、01-31 周末',
    });
  });

  it('statistics-report:2024: 31 January 2025 is inside 春节, so the working day before the break, 01-27', () => {
    const tasks = tasksOpeningBetween(duty('statistics-report'), CONTRACT_TOWN, official(2024, 2026), '2025-01-01', '2025-01-31');
    expect(tasks.map((t) => [t.id, t.opensOn, t.due, t.dueTrace])).toEqual([
      ['statistics-report:2024', '2025-01-02', '2025-01-27', '次年1月31日（逢休息日提前）: 2025-01-31，是休息日，提前至 2025-01-27，跳过 01-28 至 01-31 春节'],
      ['statistics-report:2024-Q4', '2025-01-02', '2025-01-15', '季度结束后次月15日（逢休息日提前）: 2025-01-15，是工作日'],
    ]);
  });

  it('中秋 inside the 国庆 break (2025) makes one check before the one break, named after 国庆', () => {
    const tasks = tasksOpeningBetween(duty('holiday-check'), CONTRACT_TOWN, official(2024, 2026), '2025-09-01', '2025-09-30');
    expect(tasks.map((t) => [t.id, t.title, t.opensOn, t.due])).toEqual([
      ['holiday-check:national_day-2025:hazchem', '2025年国庆节、中秋节前安全检查（危险化学品）', '2025-09-18', '2025-09-29'],
    ]);
    expect(tasks[0]!.opensTrace).toMatch(/^国庆节、中秋节放假首日前第10个工作日: 国庆节、中秋节放假 2025-10-01 至 2025-10-08，首日 2025-10-01，/);
  });
});
