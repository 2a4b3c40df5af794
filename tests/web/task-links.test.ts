// Contract §7: the assignee of a duty task registers it done from 登记完成, with the CLI's rules and words;
// the link ends with the task.

import { describe, expect, it } from 'vitest';
import { act } from '../../client/act.ts';
import { UserInputError } from '../../client/errors.ts';
import { startEngine } from '../support/engine.ts';
import { TASK_TOWN, startTask, taskView, villageReport } from '../support/tasks.ts';
import { settled, startWeb } from './support.ts';

describe('a duty task acted on from its link', () => {
  it('the village supervisor registers 一村 August report done with 完成情况; a refusal in the rules’ words keeps the typing; another person’s link acts on nothing (403); then the link is closed (410)', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00', profile: TASK_TOWN });
    await startTask(engine, villageReport());
    await engine.advanceTo('2030-09-03T10:00');
    await settled(() => engine.db.prisma.task.findUnique({ where: { id: 'village-report:2030-08:v1' } }), (t) => t !== null);
    const web = await startWeb(engine);
    const supervisor = await web.link('vs', 'task', 'village-report:2030-08:v1', ['complete']);

    const view = await web.get(supervisor.view);
    expect(view.status).toBe(200);
    for (const text of ['一村2030年8月安全生产月报', '办理中', '2030-09-06', '期限计算', '监督员辛', '上传村月度安全报告', '>登记完成</a>']) expect(view.text).toContain(text);
    const form = await web.get(supervisor.path('complete'));
    for (const label of ['完成情况', '>提交</button>']) expect(form.text).toContain(label);

    const empty = await web.submit(supervisor.path('complete'), { evidence: '   ' });
    expect(empty.status).toBe(422);

    // The rules' refusal in their own words, the typing kept.
    let words: string[] = [];
    try {
      await act(engine.gateway, 'task', 'village-report:2030-08:v1', 'complete', { by: 'vs', evidence: '月报已上传\u0007' });
    } catch (error) {
      if (error instanceof UserInputError) words = error.problems;
      else throw error;
    }
    expect(words.length).toBeGreaterThan(0);
    const refused = await web.submit(supervisor.path('complete'), { evidence: '月报已上传\u0007' });
    expect(refused.status).toBe(422);
    for (const word of words) expect(refused.text).toContain(word.replace(/"/g, '&quot;'));
    expect(refused.text).toContain('月报已上传');
    // Another person's link (not the task's assignee) acts on nothing.
    const stranger = await web.link('principal', 'task', 'village-report:2030-08:v1', ['complete']);
    const notTheirs = await web.submit(stranger.path('complete'), { evidence: '月报已上传' });
    expect(notTheirs.status).toBe(403);
    expect(notTheirs.text).toContain('已不由您办理');

    const done = await web.submit(supervisor.path('complete'), { evidence: '月报已上传' });
    expect(done.status).toBe(303);
    expect((await web.get(done.location!)).text).toContain('任务已登记完成');
    expect(await taskView(engine, 'village-report:2030-08:v1')).toMatchObject({ status: 'done', completedBy: 'vs' });
    const events = await settled(
      () => engine.db.prisma.taskEvent.findMany({ where: { taskId: 'village-report:2030-08:v1', type: 'completed' } }),
      (e) => e.length > 0,
    );
    expect(events.map((e) => e.by)).toEqual(['vs']);
    const closed = await web.get(supervisor.path('complete'));
    expect(closed.status).toBe(410);
    expect((await web.get(supervisor.view)).text).toContain('已完成');
  });
});
