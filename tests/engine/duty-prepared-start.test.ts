// The duty calendar starts its tasks prepared: the opening's activity takes each task's start with one
// context (rules.prepareStart) and records it, so a task workflow begins asleep until its first notice —
// one workflow task, no activity — and at 09:00 on its opening day sends and records as any task does,
// with that context (one activity: no loading it again).
//
// Duty town: tests/engine/duty-helpers.ts. v1's August 2030 report opens Mon 09-02, due Fri 09-06.

import { describe, expect, it } from 'vitest';
import { formatInstant } from '../../domain/time.ts';
import { startEngine } from '../support/engine.ts';
import { activitiesIn } from '../support/history-activities.ts';
import { DUTY_TOWN, noticesOf, startCalendar } from './duty-helpers.ts';

const TASK = 'village-report:2030-08:v1';

describe('a task the duty calendar opens', () => {
  it('starts asleep until its first notice, with its start recorded by the duty, and then runs as any task', async () => {
    const engine = await startEngine({ start: '2030-08-30T10:00', profile: DUTY_TOWN });
    await startCalendar(engine);
    await engine.advanceTo('2030-09-02T08:00');

    const history = (await engine.env.client.workflow.getHandle(TASK).fetchHistory()).events ?? [];
    expect(history.filter((e) => e.activityTaskScheduledEventAttributes)).toEqual([]);
    expect(history.filter((e) => e.workflowTaskCompletedEventAttributes)).toHaveLength(1);
    expect(history.at(-1)?.timerStartedEventAttributes).toBeTruthy();
    const events = async () =>
      (await engine.db.prisma.taskEvent.findMany({ where: { taskId: TASK }, orderBy: { id: 'asc' } })).map((e) => [e.key, formatInstant(e.at.getTime()).slice(0, 16), e.type]);
    // Started by the duty at 00:00 of its opening day.
    expect(await events()).toEqual([[`${TASK}:event-1-started`, '2030-09-02T00:00', 'started']]);
    const row = await engine.db.prisma.task.findUniqueOrThrow({ where: { id: TASK } });
    expect(row).toMatchObject({ status: 'open', assigneeId: 'vs', due: '2030-09-06' });
    expect(formatInstant(row.nextNoticeAt!.getTime()).slice(0, 16)).toBe('2030-09-02T09:00');

    await engine.advanceTo('2030-09-02T10:00');
    expect(await noticesOf(engine, TASK)).toEqual([{ at: '2030-09-02T09:00', kind: 'duty.assigned', to: ['vs'] }]);
    // Woken, it took its step with the context the duty decided with: one local activity, no loadTaskContext.
    expect(activitiesIn(await engine.env.client.workflow.getHandle(TASK).fetchHistory())).toEqual(['local:recordStep']);
    expect(await events()).toEqual([
      [`${TASK}:event-1-started`, '2030-09-02T00:00', 'started'],
      [`${TASK}:event-2-assigned`, '2030-09-02T09:00', 'assigned'],
    ]);
  });
});
