// The task town and TaskSpecs for it, shared by the engine tests (through tests/support/tasks.ts) and
// scripts/record-task-histories.ts; no test runner imports here, so a script can use it too.
//
// Task town = the fixture town (2030 calendar: 09-12 中秋 off; 09-28 off, 09-29 and 09-30 worked;
// 10-01..07 off; 10-12 worked) plus one deputy head, lead3, who leads village v1:
//   safety leader lead · hazchem: leader lead, inspector insp · industry: leader lead2, inspector insp2
//   v1: supervisor vs, leader lead3 · e3 (丙机械厂) is in industry · head = town head, sec = party secretary.

import { readFileSync } from 'node:fs';
import type { TaskSpec } from '../../domain/task.ts';

const TEST_TOWN = readFileSync(new URL('../fixtures/town.yaml', import.meta.url), 'utf8');

export const TASK_TOWN = TEST_TOWN.replace(
  '  - { id: vs,',
  '  - { id: lead3, name: 副镇长壬, role: deputy_head, email: lead3@town.example }\n  - { id: vs,',
).replace('{ id: v1, name: 一村, supervisor: vs, leader: lead }', '{ id: v1, name: 一村, supervisor: vs, leader: lead3 }');

if (!TASK_TOWN.includes('leader: lead3') || !TASK_TOWN.includes('id: lead3')) throw new Error('the fixture town changed: TASK_TOWN no longer applies');

/** v1's monthly report on August 2030: opens Mon 09-02, due Fri 09-06; `extra` overrides any field. */
export function villageReport(extra: Partial<TaskSpec> = {}): TaskSpec {
  return {
    id: 'village-report:2030-08:v1',
    dutyId: 'village-report',
    dutyName: '村月度安全报告',
    title: '一村2030年8月安全生产月报',
    period: '2030-08',
    scope: { kind: 'village', id: 'v1' },
    assigneeId: 'vs',
    level1: 'village_leader',
    opensOn: '2030-09-02',
    opensTrace: '2030-09 的第1个工作日 = 2030-09-02',
    due: '2030-09-06',
    dueTrace: '2030-09 的第5个工作日 = 2030-09-06',
    proof: '上传村月度安全报告',
    unconfirmedYears: [],
    ...extra,
  };
}

/** The monthly committee meeting of September 2030: Tue 09-10 09:30, invited Thu 09-05, minutes due Fri 09-13. */
export function committeeMeeting(extra: Partial<TaskSpec> = {}): TaskSpec {
  return {
    id: 'committee-meeting:2030-09',
    dutyId: 'committee-meeting',
    dutyName: '安委会会议',
    title: '2030年9月安委会会议',
    period: '2030-09',
    assigneeId: 'office',
    level1: 'safety_leader',
    opensOn: '2030-09-10',
    opensTrace: '10日及之后的第一个工作日 = 2030-09-10',
    due: '2030-09-13',
    dueTrace: '会议日 2030-09-10 之后第2个工作日 = 2030-09-13，跳过 09-12 中秋节',
    proof: '上传会议纪要',
    meeting: {
      date: '2030-09-10',
      time: '09:30',
      durationMinutes: 120,
      location: '镇政府三楼会议室',
      inviteOn: '2030-09-05',
      attendees: ['sec', 'head', 'lead', 'lead2', 'office', 'insp', 'insp2'],
    },
    unconfirmedYears: [],
    ...extra,
  };
}
