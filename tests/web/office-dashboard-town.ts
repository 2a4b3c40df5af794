// The 看板's test town (tests/web/office-dashboard.test.ts, tests/browser/office-dashboard.test.ts): the visibility
// test's town (a second village v2 holding e2, an inspector in charge of nothing) on 2030-09-05 10:00 (Thu), with
// hazards in every state and campaign tasks done, open and overdue.

import { act } from '../../client/act.ts';
import { startEngine, type Engine } from '../support/engine.ts';
import { general, major } from '../engine/hazard-helpers.ts';
import { start as startCampaign } from '../engine/campaign-helpers.ts';
import { OFFICE_TOWN } from './office-support.ts';


/**
 * H1 open and overdue (due 09-03), H2 待复查, H3 closed on time, H4 closed late, H5 open and due this week (09-05),
 * M1 重大 (挂牌督办 until 09-30); SC2030 (due 09-03): e1 done, e2 and e3 overdue; SW2030 (due 09-13): all open.
 */
export async function dashboardTown(provider: 'sqlite' | 'postgresql' = 'sqlite'): Promise<Engine> {
  const engine = await startEngine({ start: '2030-09-02T08:00', profile: OFFICE_TOWN, provider });
  await engine.advanceTo('2030-09-02T10:00');
  // Due 09-03: overdue from 09-04.
  await engine.report(general('H1', { workdays: 1 }));
  // Due 09-09, 待复查.
  await engine.report(general('H2', { workdays: 5 }, { enterprise: 'e2', description: '反应釜温度计失灵' }));
  await engine.act('submit', 'H2', { evidence: '已更换温度计' });
  // Closed on time.
  await engine.report(general('H3', { workdays: 5 }, { enterprise: 'e3', by: 'insp2', description: '冲床防护罩缺失' }));
  await engine.act('submit', 'H3', { evidence: '已加装防护罩' });
  await engine.act('verify', 'H3', { by: 'insp2', result: 'pass' });
  // Closed late (below, after its due date).
  await engine.report(general('H4', { workdays: 1 }, { enterprise: 'e2', description: '消防通道堵塞' }));
  // Open, due this week (09-05).
  await engine.report(general('H5', { workdays: 3 }, { enterprise: 'e3', by: 'insp2', description: '配电箱未上锁' }));
  // 重大, 挂牌督办 until 09-30.
  await engine.report(major('M1', '2030-09-30', { enterprise: 'e3', by: 'insp2' }));
  // A campaign due 09-03 (its tasks not done are overdue from 09-04), one done.
  await startCampaign(engine, { id: 'SC2030', template: 'special', title: '2030年秋季专项整治', due: { workdays: 1 }, by: 'lead' });
  await act(engine.gateway, 'task', 'SC2030:e1', 'complete', { by: 'insp', evidence: '已检查' });
  await engine.advanceTo('2030-09-05T09:00');
  await engine.act('submit', 'H4', { evidence: '通道已清理' });
  await engine.act('verify', 'H4', { by: 'insp', result: 'pass' });
  // A second campaign, its tasks open (due 09-13).
  await startCampaign(engine, { id: 'SW2030', template: 'special', title: '2030年消防专项检查', due: { workdays: 5 }, by: 'lead' });
  await engine.advanceTo('2030-09-05T10:00');

  return engine;
}
