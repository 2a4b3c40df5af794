// Moving simulated time far ahead is done a week per call to the time-skipping server: one call of
// months stays open for minutes on an idle connection, and such calls were seen never to return.

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { advanceSimulatedTime, createTimeSkippingEnvironment } from '../../client/temporal.ts';

const DAY = 24 * 3600_000;
let env: TestWorkflowEnvironment;
beforeAll(async () => {
  env = await createTimeSkippingEnvironment();
}, 60_000);
afterAll(() => env?.teardown());

describe('advanceSimulatedTime', () => {
  it('reaches the target exactly, in calls of at most 7 days', async () => {
    const sleep = vi.spyOn(env, 'sleep');
    const start = await env.currentTimeMs();
    const target = start + 60 * DAY + 5 * 3600_000;
    await advanceSimulatedTime(env, target);
    expect(await env.currentTimeMs()).toBeGreaterThanOrEqual(target);
    expect(await env.currentTimeMs()).toBeLessThan(target + 60_000);
    const calls = sleep.mock.calls.map(([ms]) => Number(ms));
    expect(calls.length).toBe(9);
    expect(Math.max(...calls)).toBe(7 * DAY);
    sleep.mockClear();
    // A target already passed asks nothing of the server.
    await advanceSimulatedTime(env, start);
    expect(sleep).not.toHaveBeenCalled();
  });
});
