// `anwei simulate` with campaigns (contract §5, §6): campaign.start and campaign.close performed at
// their times beside the duty calendar, hazards reported with the campaign counted, the `campaigns`
// result; a scenario closing a campaign it never started is refused with the line named.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { UserInputError } from '../../client/errors.ts';
import { simulate } from '../../client/simulate.ts';
import { quietTemporalLogs } from '../../worker/index.ts';
import { TEST_TOWN } from '../support/engine.ts';

function scenario(actions: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'anwei-campaign-sim-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'town.yaml'), TEST_TOWN);
  const file = join(dir, 'season.yaml');
  writeFileSync(file, ['profile: town.yaml', 'start: 2030-09-01T08:00:00+08:00', 'until: 2030-09-20T18:00:00+08:00', 'actions:', actions].join('\n'));
  return file;
}

describe('simulate with campaigns', () => {
  quietTemporalLogs('ERROR');

  it('starts and closes a campaign at its times: its tasks, its emails and its counts in the result', async () => {
    const file = scenario(
      [
        '  - at: 2030-09-02T09:00:00+08:00',
        '    do: campaign.start',
        '    with: { id: SM2030, template: safety_month, title: 2030年危化企业大检查, scope: { sectors: [hazchem], classes: [A, B] }, due: { workdays: 5 }, by: lead }',
        '  - { at: 2030-09-03T10:00:00+08:00, do: hazard.report, with: { id: H1, enterprise: e2, level: general, description: 消防通道堵塞, deadline: { workdays: 2 }, by: insp, campaign: SM2030 } }',
        '  - { at: 2030-09-04T15:00:00+08:00, do: duty.complete, with: { task: "SM2030:e1", by: insp, evidence: 已检查 } }',
        '  - { at: 2030-09-11T17:00:00+08:00, do: campaign.close, with: { id: SM2030, by: lead } }',
      ].join('\n'),
    );
    const result = await simulate(file);
    expect(result.campaigns).toEqual([{ id: 'SM2030', status: 'closed', tasks: 2, done: 1, overdue: 0, hazards: 1 }]);
    expect(result.tasks.filter((t) => t.id.startsWith('SM2030:'))).toEqual([
      { id: 'SM2030:e1', assignee: 'insp', due: '2030-09-09', status: 'done' },
      { id: 'SM2030:e2', assignee: 'insp', due: '2030-09-09', status: 'cancelled' },
    ]);
    const campaign = result.notifications.filter((n) => n.ref === 'SM2030').map((n) => `${n.at} ${n.kind} ${n.to.join(',')}`);
    expect(campaign).toEqual([
      '2030-09-02T09:00:00+08:00 campaign.started head@town.example,lead@town.example,sec@town.example',
      '2030-09-02T09:00:00+08:00 campaign.assigned insp@town.example',
      '2030-09-06T09:00:00+08:00 campaign.reminder insp@town.example',
      '2030-09-09T09:00:00+08:00 campaign.progress lead@town.example',
      '2030-09-10T09:00:00+08:00 campaign.overdue insp@town.example',
      '2030-09-10T09:00:00+08:00 campaign.escalation lead@town.example',
      '2030-09-11T17:00:00+08:00 campaign.closed head@town.example,lead@town.example,sec@town.example',
    ]);
    // No email about a single campaign task.
    expect(result.notifications.filter((n) => n.ref.startsWith('SM2030:'))).toEqual([]);
    // 安全生产月 is June's: started in September, it runs, with a warning.
    expect(result.warnings).toContain('专项行动 SM2030 用的是安全生产月模板（safety_month），启动日期 2030-09-02 却不在 6 月：默认标题和检查清单按安全生产月写，请确认模板和日期');
  });

  it('refuses a scenario that closes a campaign it never started, or reports a hazard for one, naming the lines', async () => {
    const file = scenario(
      [
        '  - { at: 2030-09-03T10:00:00+08:00, do: hazard.report, with: { id: H1, enterprise: e2, level: general, description: 消防通道堵塞, deadline: { workdays: 2 }, by: insp, campaign: NOPE } }',
        '  - { at: 2030-09-11T17:00:00+08:00, do: campaign.close, with: { id: NOPE, by: lead } }',
      ].join('\n'),
    );
    const error = await simulate(file).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(UserInputError);
    expect((error as UserInputError).problems).toEqual([
      `${file}:5 actions[0].with.campaign: 专项行动 NOPE 未在此动作之前启动`,
      `${file}:6 actions[1].with.id: 专项行动 NOPE 未在此动作之前启动`,
    ]);
  });
});
