// A profile's `duties` section: changing a default's rule, removing a default, adding duties of the
// office's own (a quarterly 专题会议, 汛期 checks from a start date, a weekly 24-hour duty roster, checks
// after a holiday), what an occurrence the calendar cannot serve reports, and the next opening a duty
// workflow sleeps until. All on 2030 in the test town.

import { describe, expect, it } from 'vitest';
import { DEFAULT_DUTIES, effectiveDuties, mergeDuties } from '../../domain/duties/defaults.ts';
import type { DutyDefinition, DutyEntry } from '../../domain/duties/format.ts';
import { firstNoticeOn, nextOpeningAfter, planDuty, tasksOpeningBetween } from '../../domain/duties/plan.ts';
import { calendarFor, fixtureProfile } from '../support/duty-town.ts';

const town = fixtureProfile();
const cal = calendarFor(town, 2030);
const only = (entries: DutyEntry[], id: string): DutyDefinition => {
  const found = mergeDuties(entries).find((d) => d.id === id);
  expect(found, id).toBeDefined();
  return found!;
};
const year = (d: DutyDefinition) => planDuty(d, town, cal, '2030-01-01', '2030-12-31');

describe('effectiveDuties: the defaults, changed by the profile', () => {
  it('no section, or an empty one, is the default calendar of contract §4', () => {
    expect(effectiveDuties({})).toEqual(DEFAULT_DUTIES);
    expect(effectiveDuties({ duties: [] })).toEqual(DEFAULT_DUTIES);
  });

  it('an entry with a default id replaces just the fields it gives, in the default\'s place', () => {
    const duties = effectiveDuties({ duties: [{ id: 'committee-meeting', every: 'quarter', name: '安委会全体会议' }] });
    expect(duties.map((d) => d.id)).toEqual(DEFAULT_DUTIES.map((d) => d.id));
    expect(duties[0]).toEqual({ ...DEFAULT_DUTIES[0], every: 'quarter', name: '安委会全体会议' });
  });

  it('enabled: false removes a default; meeting: null removes a meeting; new ids come after the defaults', () => {
    const added: DutyEntry = { id: 'fire-drill', name: '消防演练', every: 'half_year', opens: { workday: 1 }, due: { workday: 'last' }, assignee: 'office_head' };
    const duties = effectiveDuties({
      duties: [added, { id: 'village-report', enabled: false }, { id: 'committee-meeting', meeting: null, proof: '上传工作记录' }],
    });
    expect(duties.map((d) => d.id)).toEqual(['committee-meeting', 'quarterly-sweep', 'enterprise-inspection', 'holiday-check', 'statistics-report', 'fire-drill']);
    expect(duties[0]!.meeting).toBeUndefined();
    expect(duties[0]!.proof).toBe('上传工作记录');
    expect(mergeDuties([{ id: 'village-report', enabled: false }]).find((d) => d.id === 'village-report')?.enabled).toBe(false);
  });
});

describe('changing one rule of a default', () => {
  it('committee-meeting every quarter: one meeting on the first working day on or after the 10th of Jan, Apr, Jul, Oct', () => {
    const tasks = year(only([{ id: 'committee-meeting', every: 'quarter' }], 'committee-meeting')).tasks;
    expect(tasks.map((t) => [t.id, t.title, t.opensOn])).toEqual([
      ['committee-meeting:2030-Q1', '2030年第一季度安委会会议', '2030-01-10'],
      ['committee-meeting:2030-Q2', '2030年第二季度安委会会议', '2030-04-10'],
      ['committee-meeting:2030-Q3', '2030年第三季度安委会会议', '2030-07-10'],
      ['committee-meeting:2030-Q4', '2030年第四季度安委会会议', '2030-10-10'],
    ]);
    expect(tasks[0]!.opensTrace).toBe('本季度第10日（逢休息日顺延）: 2030-01-10，是工作日');
  });

  it('a meeting at 09:00 for the leaders only, invited 5 working days before', () => {
    const duty = only([{ id: 'committee-meeting', meeting: { time: '09:00', location: '镇政府三楼会议室', inviteWorkdaysBefore: 5, attendees: { roles: ['party_secretary', 'town_head'], people: ['office'] } } }], 'committee-meeting');
    const [march] = tasksOpeningBetween(duty, town, cal, '2030-03-01', '2030-03-31');
    expect(march!.meeting).toEqual({
      date: '2030-03-11',
      time: '09:00',
      durationMinutes: 120,
      location: '镇政府三楼会议室',
      inviteOn: '2030-03-04',
      attendees: ['head', 'office', 'sec'],
    });
    expect(firstNoticeOn(march!)).toBe('2030-03-04');
  });

  it('enterprise inspection: A and B monthly, C not at all, hazchem only', () => {
    const duty = only([{ id: 'enterprise-inspection', every: { A: 'month', B: 'month' }, only: { sectors: ['hazchem'] } }], 'enterprise-inspection');
    const tasks = tasksOpeningBetween(duty, town, cal, '2030-03-01', '2030-03-31');
    expect(tasks.map((t) => t.id)).toEqual(['enterprise-inspection:2030-03:e1', 'enterprise-inspection:2030-03:e2']);
  });

  it('village report due on the 3rd working day, level 1 to the safety leader, with its own reminder and escalation timing', () => {
    const duty = only([{ id: 'village-report', due: { workday: 3, in: 'next_month' }, level1: 'safety_leader', reminderWorkdaysBefore: 2, escalationWorkdays: 1 }], 'village-report');
    const [report] = tasksOpeningBetween(duty, town, cal, '2030-10-01', '2030-10-31');
    expect(report).toMatchObject({
      id: 'village-report:2030-09:v1',
      opensOn: '2030-10-08',
      due: '2030-10-10',
      dueTrace: '次月第3个工作日: 2030-10-01 至 2030-10-31 的第3个工作日 = 2030-10-10，跳过 10-01 至 10-07 国庆节',
      level1: 'safety_leader',
      reminderWorkdaysBefore: 2,
      escalationWorkdays: 1,
    });
    // Without the settings the task carries none: the town's policy applies.
    const [plain] = tasksOpeningBetween(DEFAULT_DUTIES[4]!, town, cal, '2030-10-01', '2030-10-31');
    expect(plain).not.toHaveProperty('reminderWorkdaysBefore');
    expect(plain).not.toHaveProperty('escalationWorkdays');
  });

  it('holiday checks only before 春节 and 国庆, 15 working days ahead', () => {
    const duty = only([{ id: 'holiday-check', every: { holidays: ['spring_festival', 'national_day'] }, opens: { workdaysBefore: 15, of: 'holiday' } }], 'holiday-check');
    expect(year(duty).tasks.map((t) => [t.id, t.opensOn, t.due])).toEqual([
      ['holiday-check:spring_festival-2030:hazchem', '2030-01-14', '2030-01-31'],
      ['holiday-check:spring_festival-2030:industry', '2030-01-14', '2030-01-31'],
      ['holiday-check:national_day-2030:hazchem', '2030-09-10', '2030-09-29'], // 09-12 中秋 skipped
      ['holiday-check:national_day-2030:industry', '2030-09-10', '2030-09-29'],
      // 春节 2031 starts on 01-22: its check opens on the last day of 2030.
      ['holiday-check:spring_festival-2031:hazchem', '2030-12-31', '2031-01-20'],
      ['holiday-check:spring_festival-2031:industry', '2030-12-31', '2031-01-20'],
    ]);
  });
});

describe('duties an office adds', () => {
  it('a quarterly 专题会议 on the 10th working day, for the leaders, minutes 3 working days later', () => {
    const duty = only(
      [
        {
          id: 'topic-meeting',
          name: '安全生产专题会议',
          every: 'quarter',
          opens: { workday: 10 },
          due: { workdaysAfter: 3, of: 'opening' },
          assignee: 'office_head',
          meeting: { time: '09:30', durationMinutes: 90, inviteWorkdaysBefore: 5, attendees: { roles: ['party_secretary', 'town_head', 'deputy_head'] } },
          proof: '上传会议纪要',
        },
      ],
      'topic-meeting',
    );
    const { tasks, problems } = year(duty);
    expect(problems).toEqual([]);
    expect(tasks.map((t) => [t.id, t.opensOn, t.due, t.meeting!.inviteOn])).toEqual([
      ['topic-meeting:2030-Q1', '2030-01-15', '2030-01-18', '2030-01-08'],
      ['topic-meeting:2030-Q2', '2030-04-15', '2030-04-18', '2030-04-08'],
      ['topic-meeting:2030-Q3', '2030-07-12', '2030-07-17', '2030-07-05'],
      ['topic-meeting:2030-Q4', '2030-10-18', '2030-10-23', '2030-10-12'],
    ]);
    expect(tasks[3]).toMatchObject({
      title: '2030年第四季度安全生产专题会议',
      level1: 'safety_leader',
      opensTrace: '本季度第10个工作日: 2030-10-01 至 2030-12-31 的第10个工作日 = 2030-10-18，跳过 10-01 至 10-07 国庆节，10-13 周末',
      dueTrace: '会议后第3个工作日: 会议日 2030-10-18，之后第3个工作日 = 2030-10-23，跳过 10-19、10-20 周末',
      meeting: { time: '09:30', durationMinutes: 90, attendees: ['head', 'lead', 'lead2', 'sec'] },
    });
  });

  it('汛期 checks every two weeks from the start date the office enters, to the end of September, for one sector', () => {
    const duty = only(
      [
        {
          id: 'flood-check',
          name: '汛期安全检查',
          every: { weeks: 2, from: '2030-05-06', until: '2030-09-30' },
          per: 'sector',
          only: { sectors: ['hazchem'] },
          opens: { workday: 1 },
          due: { workday: 'last' },
          assignee: 'sector_inspector',
        },
      ],
      'flood-check',
    );
    const { tasks } = year(duty);
    expect(tasks.map((t) => t.id)).toEqual([
      'flood-check:2030-05-06:hazchem',
      'flood-check:2030-05-20:hazchem',
      'flood-check:2030-06-03:hazchem',
      'flood-check:2030-06-17:hazchem',
      'flood-check:2030-07-01:hazchem',
      'flood-check:2030-07-15:hazchem',
      'flood-check:2030-07-29:hazchem',
      'flood-check:2030-08-12:hazchem',
      'flood-check:2030-08-26:hazchem',
      'flood-check:2030-09-09:hazchem',
      'flood-check:2030-09-23:hazchem',
    ]);
    expect(tasks[0]).toMatchObject({
      title: '2030-05-06 至 2030-05-19 汛期安全检查（危险化学品）',
      assigneeId: 'insp',
      opensOn: '2030-05-06',
      due: '2030-05-17',
      dueTrace: '本期最后一个工作日: 2030-05-06 至 2030-05-19 的最后一个工作日 = 2030-05-17，跳过 05-18、05-19 周末',
    });
    // The last period is cut at `until`.
    expect(tasks.at(-1)).toMatchObject({ title: '2030-09-23 至 2030-09-30 汛期安全检查（危险化学品）', due: '2030-09-30' });
    // After the season: nothing more, ever.
    expect(nextOpeningAfter(duty, town, cal, '2030-09-23')).toEqual({ kind: 'none', problems: [] });
  });

  it('a weekly 24-hour duty roster: leaders in turn, set the working day before the week, its log due on Sunday even if a day off', () => {
    const duty = only(
      [
        {
          id: 'duty-roster',
          name: '24小时值班',
          title: '{start}起一周24小时值班带班',
          every: { weeks: 1, from: '2030-09-23' },
          opens: { workdaysBefore: 1, of: 'period_start' },
          due: { daysAfter: 6, of: 'period_start', move: 'none' },
          assignee: { rotate: ['lead', 'lead2', 'head'] },
          proof: '上传值班记录',
        },
      ],
      'duty-roster',
    );
    const tasks = tasksOpeningBetween(duty, town, cal, '2030-09-01', '2030-10-31');
    expect(tasks.map((t) => [t.id, t.assigneeId, t.opensOn, t.due])).toEqual([
      ['duty-roster:2030-09-23', 'lead', '2030-09-20', '2030-09-29'],
      ['duty-roster:2030-09-30', 'lead2', '2030-09-29', '2030-10-06'],
      ['duty-roster:2030-10-07', 'head', '2030-09-30', '2030-10-13'],
      ['duty-roster:2030-10-14', 'lead', '2030-10-12', '2030-10-20'], // Saturday 10-12 is worked (调休)
      ['duty-roster:2030-10-21', 'lead2', '2030-10-18', '2030-10-27'],
      ['duty-roster:2030-10-28', 'head', '2030-10-25', '2030-11-03'],
    ]);
    expect(tasks[1]).toMatchObject({
      title: '2030-09-30起一周24小时值班带班',
      opensTrace: '本期开始日前第一个工作日: 本期开始日 2030-09-30，之前第1个工作日 = 2030-09-29，期间无休息日',
      dueTrace: '本期开始日后第6日: 本期开始日 2030-09-30，之后第6日 = 2030-10-06，当日为休息日（国庆节）',
    });
    expect(tasks[2]!.opensTrace).toBe('本期开始日前第一个工作日: 本期开始日 2030-10-07，之前第1个工作日 = 2030-09-30，跳过 10-01 至 10-06 国庆节');
  });

  it('a one-off check on a date the office enters (a Sunday: the next working day), and checks after 春节 and 国庆', () => {
    const [pre] = year(only([{ id: 'pre-flood', name: '汛前检查', every: { once: '2030-05-19' }, opens: { day: 1 }, due: { workdaysAfter: 5, of: 'opening' }, assignee: { person: 'lead' } }], 'pre-flood')).tasks;
    expect(pre).toMatchObject({
      id: 'pre-flood:2030-05-19',
      title: '2030-05-19 汛前检查',
      assigneeId: 'lead',
      level1: 'safety_leader',
      opensOn: '2030-05-20',
      opensTrace: '本期第1日（逢休息日顺延）: 2030-05-19，是休息日，顺延至 2030-05-20，跳过 05-19 周末',
      due: '2030-05-27',
      dueTrace: '开始日后第5个工作日: 开始日 2030-05-20，之后第5个工作日 = 2030-05-27，跳过 05-25、05-26 周末',
      proof: '上传佐证材料（记录、照片或文件）',
    });
    const after = only(
      [
        {
          id: 'after-holiday',
          name: '节后复工复产检查',
          title: '{year}年{holiday}后复工复产检查',
          every: { holidays: ['spring_festival', 'national_day'] },
          per: 'sector',
          only: { sectors: ['industry'] },
          opens: { workdaysAfter: 1, of: 'holiday_end' },
          due: { workdaysAfter: 5, of: 'holiday_end' },
          assignee: 'sector_inspector',
        },
      ],
      'after-holiday',
    );
    expect(year(after).tasks.map((t) => [t.id, t.title, t.opensOn, t.due, t.opensTrace])).toEqual([
      ['after-holiday:spring_festival-2030:industry', '2030年春节后复工复产检查（工贸企业）', '2030-02-06', '2030-02-12', '春节假期结束后第一个工作日: 春节放假 2030-02-02 至 2030-02-05，之后第1个工作日 = 2030-02-06，期间无休息日'],
      ['after-holiday:national_day-2030:industry', '2030年国庆节后复工复产检查（工贸企业）', '2030-10-08', '2030-10-12', '国庆节假期结束后第一个工作日: 国庆节放假 2030-10-01 至 2030-10-07，之后第1个工作日 = 2030-10-08，期间无休息日'],
    ]);
  });
});

describe('occurrences the calendar cannot serve', () => {
  it('a working day the period does not have: no task, and the preview says why', () => {
    const duty = only([{ id: 'weekly', name: '周检查', every: { weeks: 1, from: '2030-09-30' }, opens: { workday: 1 }, due: { workday: 'last' }, assignee: 'office_head' }], 'weekly');
    const plan = planDuty(duty, town, cal, '2030-09-30', '2030-10-13');
    expect(plan.tasks.map((t) => t.id)).toEqual(['weekly:2030-09-30', 'weekly:2030-10-07']);
    // 09-30 is the only working day of its week (10-01 to 10-06 are 国庆).
    expect(plan.tasks[0]).toMatchObject({ opensOn: '2030-09-30', due: '2030-09-30' });
    const offWeek = planDuty({ ...duty, every: { weeks: 1, from: '2030-10-01' }, opens: { workday: 1 } }, town, cal, '2030-09-25', '2030-10-10');
    expect(offWeek.problems).toEqual([
      { dutyId: 'weekly', period: '2030-10-01', message: '本期第一个工作日：2030-10-01 至 2030-10-07 只有 0 个工作日，没有第 1 个工作日' },
    ]);
    expect(offWeek.tasks.map((t) => t.id)).not.toContain('weekly:2030-10-01');
  });

  it('a due date before the opening is held at the opening and reported', () => {
    const duty = only([{ id: 'odd', name: '倒挂规则', every: 'month', opens: { day: 20 }, due: { day: 5, in: 'period', move: 'next' }, assignee: 'office_head' }], 'odd');
    const plan = planDuty(duty, town, cal, '2030-03-01', '2030-03-31');
    expect(plan.tasks).toHaveLength(1);
    expect(plan.tasks[0]).toMatchObject({ opensOn: '2030-03-20', due: '2030-03-20' });
    expect(plan.tasks[0]!.dueTrace).toBe('本月5日（逢休息日顺延）: 2030-03-05，是工作日；早于开始日，按开始日 2030-03-20 计（请检查此工作的截止规则）');
    expect(plan.problems).toEqual([
      { dutyId: 'odd', period: '2030-03', taskId: 'odd:2030-03', opensOn: '2030-03-20', message: '截止日 2030-03-05 早于开始日 2030-03-20，已按开始日计，请检查 due 规则' },
    ]);
  });

  it('an assignee no longer in the town makes no task, and says who is missing', () => {
    const duty = only([{ id: 'fixed', name: '专人任务', every: 'month', opens: { workday: 1 }, due: { workday: 5 }, assignee: { person: 'gone' } }], 'fixed');
    const plan = planDuty(duty, town, cal, '2030-03-01', '2030-03-31');
    expect(plan.tasks).toEqual([]);
    expect(plan.problems).toEqual([
      { dutyId: 'fixed', period: '2030-03', taskId: 'fixed:2030-03', opensOn: '2030-03-01', message: '承办人 "gone" 不在当前人员名单中（可能已离任），此项任务无人承办' },
    ]);
  });
});

describe('nextOpeningAfter: what a duty workflow sleeps until', () => {
  const meeting = DEFAULT_DUTIES[0]!;
  const holidayCheck = DEFAULT_DUTIES[3]!;

  it('the next day the duty opens tasks, with every task of that day', () => {
    const next = nextOpeningAfter(meeting, town, cal, '2030-03-11');
    expect(next.kind).toBe('tasks');
    if (next.kind !== 'tasks') return;
    expect([next.opensOn, next.tasks.map((t) => t.id)]).toEqual(['2030-04-10', ['committee-meeting:2030-04']]);
    const checks = nextOpeningAfter(holidayCheck, town, cal, '2030-01-21');
    expect(checks.kind === 'tasks' && [checks.opensOn, checks.tasks.map((t) => t.id)]).toEqual([
      '2030-03-22',
      ['holiday-check:qingming-2030:hazchem', 'holiday-check:qingming-2030:industry'],
    ]);
  });

  it('the same tasks as planning the window that starts the day after', () => {
    const next = nextOpeningAfter(holidayCheck, town, cal, '2030-06-03');
    const planned = planDuty(holidayCheck, town, cal, '2030-06-04', '2030-12-31').tasks;
    expect(next.kind === 'tasks' && next.tasks).toEqual(planned.filter((t) => t.opensOn === planned[0]!.opensOn));
  });

  it('near the end of the calendar: asks for a wider one; a disabled duty: nothing', () => {
    expect(nextOpeningAfter(meeting, town, cal, '2031-12-10')).toEqual({ kind: 'beyond_calendar', searchedTo: '2031-12-31', problems: [] });
    expect(nextOpeningAfter({ ...meeting, enabled: false }, town, cal, '2030-01-01')).toEqual({ kind: 'none', problems: [] });
  });
});
