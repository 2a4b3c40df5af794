// `anwei simulate` with duty tasks (contract §5): the duty calendar (the task town has no `duties`, so
// the defaults of §4) starts the tasks, the `duty.complete` action is performed at its time, the tasks in
// the result come from the task ledger, and a refused or malformed action is named with its line.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { UserInputError } from '../../client/errors.ts';
import { simulate } from '../../client/simulate.ts';
import { quietTemporalLogs } from '../../worker/index.ts';
import { TASK_TOWN } from '../support/task-specs.ts';

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
    const result = await simulate(file);
    // Completed before its reminder: assigned, and nothing more.
    expect(result.tasks).toContainEqual({ id: 'village-report:2030-08:v1', assignee: 'vs', due: '2030-09-06', status: 'done' });
    const about = (ref: string) => result.notifications.filter((n) => n.ref === ref).map((n) => `${n.at} ${n.kind} ${n.to.join(',')}`);
    expect(about('village-report:2030-08:v1')).toEqual(['2030-09-02T09:00:00+08:00 duty.assigned vs@town.example']);
    expect(result.notifications.find((n) => n.ref === 'village-report:2030-08:v1')!.subject).toMatch(/^【工作任务】.*一村.*（9月6日前完成）$/);
    // The meeting nobody wrote minutes for: overdue, level 1 to the safety leader, level 2 three working days later.
    expect(result.tasks).toContainEqual({ id: 'committee-meeting:2030-09', assignee: 'office', due: '2030-09-13', status: 'overdue' });
    expect(about('committee-meeting:2030-09').filter((line) => !line.includes('meeting.invite'))).toEqual([
      '2030-09-10T09:00:00+08:00 duty.assigned office@town.example',
      '2030-09-11T09:00:00+08:00 duty.reminder office@town.example',
      '2030-09-16T09:00:00+08:00 duty.overdue office@town.example',
      '2030-09-16T09:00:00+08:00 duty.escalation lead@town.example',
      '2030-09-19T09:00:00+08:00 duty.escalation head@town.example,sec@town.example',
    ]);
    for (const task of result.tasks) {
      expect(['open', 'done', 'overdue', 'cancelled']).toContain(task.status);
      expect(task.due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    expect(result.tasks.filter((t) => t.status === 'done').map((t) => t.id)).toEqual(['village-report:2030-08:v1']);
  }, 180_000);

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

    const unknown = scenario('  - { at: 2030-09-04T15:00:00+08:00, do: duty.complete, with: { task: "village-report:2030-08:nowhere", by: vs, evidence: 已报 } }\n');
    const refused = await refusal(simulate(unknown));
    expect(refused).toMatch(/season\.yaml:5 第 1 个动作（duty\.complete，2030-09-04T15:00:00\+08:00）被拒绝/);
    expect(refused).toContain('未找到任务 village-report:2030-08:nowhere');
  }, 180_000);
});
