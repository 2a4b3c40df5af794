// A reloaded profile reaches the running workflows (client/town-changed.ts notifyTownChanged): more
// workflows than signals in flight at once, every running one told; one that has ended is skipped in
// silence; any other failure is counted and the first few named with their reason, for the CLI to print.

import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { notifyTownChanged, TOWN_CHANGED_CONCURRENCY } from '../../client/town-changed.ts';
import { hazardWorkflowId } from '../../domain/hazard.ts';
import { cliText } from '../../domain/text/cli.ts';
import { startEngine } from '../support/engine.ts';
import { general } from './hazard-helpers.ts';

const HAZARDS = TOWN_CHANGED_CONCURRENCY + 8;

describe('telling the running workflows of a reloaded profile', () => {
  it('tells every running one, skips the ended ones, and names the ones it could not reach', async () => {
    const engine = await startEngine({ start: '2030-09-02T08:00' });
    const ids = Array.from({ length: HAZARDS }, (_, i) => `H${String(i + 1).padStart(2, '0')}`);
    for (const id of ids) await engine.report(general(id, { workdays: 5 }));
    // Two workflows end by hand while the ledger still has their hazards open.
    const ended = ids.slice(-2);
    for (const id of ended) await engine.env.client.workflow.getHandle(hazardWorkflowId(id)).terminate('test: ended');
    expect(await engine.db.prisma.hazard.count({ where: { status: { not: 'closed' } } })).toBe(HAZARDS);

    // No duty workflow runs in this engine (the calendar is not started): those and the ended hazards are skipped.
    const told = await notifyTownChanged(engine.db, engine.env.client);
    expect(told).toEqual({ told: HAZARDS - ended.length, failed: 0, failures: [] });
    // The told workflows took the signal and go on as before.
    expect(await engine.state('H01')).toMatchObject({ id: 'H01', status: 'open' });
    const history = await engine.env.client.workflow.getHandle(hazardWorkflowId('H01')).fetchHistory();
    expect(history.events?.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'townChanged')).toHaveLength(1);

    // A client whose connection is gone reaches none: every one counted, the first five named with the reason.
    const connection = await Connection.connect({ address: engine.env.address });
    await connection.close();
    const broken = await notifyTownChanged(engine.db, new Client({ connection }));
    expect(broken.told).toBe(0);
    expect(broken.failed).toBeGreaterThanOrEqual(HAZARDS);
    expect(broken.failures).toHaveLength(5);
    for (const f of broken.failures) {
      expect(f.workflowId).toMatch(/^(duty|hazard|task):/);
      expect(f.reason.length).toBeGreaterThan(0);
    }

    // What the CLI prints of it: the count, then each named one with its reason.
    const printed = cliText.profile.notTold(broken.failed, broken.failures).split('\n');
    expect(printed[0]).toContain(`${broken.failed} 项运行中的工作流没有收到新档案的通知`);
    expect(printed[0]).toContain('前 5 项：');
    expect(printed.slice(1)).toEqual(broken.failures.map((f) => `    ${f.workflowId}：${f.reason}`));
  });
});
