// The readable timeline of `anwei simulate` (one line per email, the notices it carried under it) and its
// --ref / --kind / --to filters, on a small result as simulate() returns it.

import { describe, expect, it } from 'vitest';
import { simulationText } from '../../client/format.ts';
import { filterSimulation, type SimulationResult } from '../../client/simulate.ts';

const DIGEST = 'digest:2030-10-09:insp@town.example';
const RESULT: SimulationResult = {
  notifications: [
    { at: '2030-10-08T10:00:00+08:00', kind: 'hazard.assigned', to: ['insp@town.example', 'wang@e1.example'], subject: '【隐患整改通知】甲加油站：接地线断开', ref: 'H1', links: [], emails: { 'insp@town.example': 'hazard:H1:report:assigned', 'wang@e1.example': 'hazard:H1:report:assigned' } },
    { at: '2030-10-09T09:00:00+08:00', kind: 'hazard.reminder', to: ['insp@town.example'], subject: '【整改到期提醒】甲加油站：接地线断开', ref: 'H1', links: [], emails: { 'insp@town.example': DIGEST } },
    { at: '2030-10-09T09:00:00+08:00', kind: 'duty.reminder', to: ['insp@town.example'], subject: '【到期提醒】十月检查', ref: 'T1', links: [], emails: { 'insp@town.example': DIGEST } },
  ],
  messages: [
    { id: 'hazard:H1:report:assigned', at: '2030-10-08T10:00:00+08:00', to: 'insp@town.example, wang@e1.example', subject: '【隐患整改通知】甲加油站：接地线断开', notices: [{ key: 'hazard:H1:report:assigned', kind: 'hazard.assigned', ref: 'H1' }] },
    { id: DIGEST, at: '2030-10-09T09:01:00+08:00', to: 'insp@town.example', subject: '今日待办（2项）', notices: [{ key: 'k2', kind: 'hazard.reminder', ref: 'H1' }, { key: 'k3', kind: 'duty.reminder', ref: 'T1' }] },
  ],
  hazards: [{ id: 'H1', status: 'open', due: '2030-10-10' }],
  tasks: [],
  campaigns: [],
  posts: [{ at: '2030-10-08T10:00:00+08:00', channel: 'town-group', ref: 'H1', kinds: ['hazard.assigned'], mentions: [] }],
  warnings: [],
};

describe('the simulate timeline', () => {
  it('shows one line per email, with the notices it carried under it, and counts notices and emails', () => {
    expect(simulationText(RESULT).split('\n').slice(0, 6)).toEqual([
      '邮件时间线（每行一封邮件，其下是它载送的通知）：',
      '  2030-10-08 10:00  → insp@town.example, wang@e1.example  【隐患整改通知】甲加油站：接地线断开',
      '        hazard.assigned                H1',
      '  2030-10-09 09:01  → insp@town.example  今日待办（2项）',
      '        hazard.reminder                H1',
      '        duty.reminder                  T1',
    ]);
    expect(simulationText(RESULT)).toMatch(/\n群机器人消息：\n {2}2030-10-08 10:00 {2}→ town-group {2}hazard\.assigned {2}H1\n[^]*共 3 条通知，2 封邮件，1 项隐患，1 条群机器人消息。$/);
  });

  it('--kind hazard keeps the hazard notices (the digest line with only its hazard item); --ref T1 only the task', () => {
    const hazards = filterSimulation(RESULT, { kind: 'hazard' });
    expect(hazards.notifications.map((n) => n.kind)).toEqual(['hazard.assigned', 'hazard.reminder']);
    expect(hazards.messages.map((m) => [m.subject, m.notices.map((n) => n.ref)])).toEqual([
      ['【隐患整改通知】甲加油站：接地线断开', ['H1']],
      ['今日待办（2项）', ['H1']],
    ]);
    expect(hazards.posts).toHaveLength(1);
    const task = filterSimulation(RESULT, { ref: 'T1' });
    expect(task.notifications.map((n) => n.ref)).toEqual(['T1']);
    expect(task.messages.map((m) => m.id)).toEqual([DIGEST]);
    expect(task.posts).toEqual([]);
  });

  it('--to takes an address or its part before the @, and lists no group posts', () => {
    for (const to of ['wang', 'WANG@e1.example']) {
      const mine = filterSimulation(RESULT, { to });
      expect(mine.notifications.map((n) => n.kind)).toEqual(['hazard.assigned']);
      expect(mine.messages.map((m) => m.id)).toEqual(['hazard:H1:report:assigned']);
      expect(mine.posts).toEqual([]);
    }
    expect(filterSimulation(RESULT, {})).toBe(RESULT);
  });
});
