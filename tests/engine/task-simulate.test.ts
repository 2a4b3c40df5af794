// `anwei simulate` with duty tasks (contract §5): the `duty.complete` action performed at its time, the
// tasks in the result from the task ledger, and a refused or malformed action named with its line.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { UserInputError } from '../../client/errors.ts';
import { simulate } from '../../client/simulate.ts';
import { quietTemporalLogs } from '../../worker/index.ts';
import { TASK_TOWN, villageReport } from '../support/tasks.ts';

const SWEEP = villageReport({
  id: 'quarterly-sweep:2030-Q3:industry',
  dutyId: 'quarterly-sweep',
  dutyName: '拉网式大检查',
  title: '2030年第三季度拉网式大检查（工贸企业）',
  period: '2030-Q3',
  scope: { kind: 'sector', id: 'industry' },
  assigneeId: 'insp2',
  level1: 'sector_leader',
  due: '2030-09-10',
  dueTrace: '测试用期限',
});

function scenario(actions: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'anwei-task-sim-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'town.yaml'), TASK_TOWN);
  const file = join(dir, 'season.yaml');
  writeFileSync(
    file,
    ['profile: town.yaml', 'start: 2030-09-01T08:00:00+08:00', 'until: 2030-09-20T18:00:00+08:00', 'actions:', actions].join('\n'),
  );
  return file;
}

async function refusal(work: Promise<unknown>): Promise<string> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UserInputError);
  return (error as Error).message;
}

describe('simulate with duty tasks', () => {
  quietTemporalLogs('ERROR');

  it('performs duty.complete at its time and lists every task with its assignee, due date and status', async () => {
    const file = scenario(
      '  - { at: 2030-09-04T15:00:00+08:00, do: duty.complete, with: { task: "village-report:2030-08:v1", by: vs, evidence: 8月月报已上传 } }\n',
    );
    const result = await simulate(file, { startTasks: [villageReport(), SWEEP] });
    expect(result.tasks).toEqual([
      { id: 'village-report:2030-08:v1', assignee: 'vs', due: '2030-09-06', status: 'done' },
      { id: 'quarterly-sweep:2030-Q3:industry', assignee: 'insp2', due: '2030-09-10', status: 'overdue' },
    ]);
    // Two tasks told at the same moment come in either order: sorted here.
    const told = result.notifications.map((n) => `${n.at} ${n.kind} ${n.ref} ${n.to.join(',')}`).sort();
    expect(told).toEqual([
      '2030-09-02T09:00:00+08:00 duty.assigned quarterly-sweep:2030-Q3:industry insp2@town.example',
      '2030-09-02T09:00:00+08:00 duty.assigned village-report:2030-08:v1 vs@town.example',
      '2030-09-09T09:00:00+08:00 duty.reminder quarterly-sweep:2030-Q3:industry insp2@town.example',
      '2030-09-11T09:00:00+08:00 duty.escalation quarterly-sweep:2030-Q3:industry lead2@town.example',
      '2030-09-11T09:00:00+08:00 duty.overdue quarterly-sweep:2030-Q3:industry insp2@town.example',
      // 3 working days after Wed 09-11: Fri 09-13 (09-12 off), Mon 09-16, Tue 09-17.
      '2030-09-17T09:00:00+08:00 duty.escalation quarterly-sweep:2030-Q3:industry head@town.example,sec@town.example',
    ]);
    expect(result.notifications.find((n) => n.ref === 'village-report:2030-08:v1')!.subject).toBe('【工作任务】一村2030年8月安全生产月报（9月6日前完成）');
  }, 120_000);

  it('names a malformed duty.complete with its line before anything runs, and a task the engine does not have when it comes', async () => {
    const malformed = scenario(
      [
        '  - at: 2030-09-04T15:00:00+08:00',
        '    do: duty.complete',
        '    with: { task: "village-report:2030-08:v1", by: vs }',
        '  - { at: 2030-09-05T15:00:00+08:00, do: duty.complete, with: { task: "village-report:2030-08:v1", by: ghost, evidence: 已报 } }',
        '',
      ].join('\n'),
    );
    const message = await refusal(simulate(malformed));
    expect(message).toMatch(/有 2 处问题/);
    expect(message).toMatch(/season\.yaml:7 actions\[0\]\.with\.evidence: 完成佐证不能为空/);
    expect(message).toMatch(/season\.yaml:8 actions\[1\]\.with\.by: 未知的人员 “ghost”/);

    const unknown = scenario('  - { at: 2030-09-04T15:00:00+08:00, do: duty.complete, with: { task: "village-report:2030-07:v1", by: vs, evidence: 已报 } }\n');
    const refused = await refusal(simulate(unknown, { startTasks: [villageReport()] }));
    expect(refused).toMatch(/season\.yaml:5 第 1 个动作（duty\.complete，2030-09-04T15:00:00\+08:00）被拒绝/);
    expect(refused).toContain('未找到任务 village-report:2030-07:v1');
  }, 120_000);
});
