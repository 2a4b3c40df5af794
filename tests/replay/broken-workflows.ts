// A deliberately non-deterministic version of the hazard workflow, for tests/replay/replay.test.ts:
// the same code, but it starts a timer before anything else. Replaying a recorded history against it
// must fail with a DeterminismViolationError — proof that the replay test can catch a change that
// would break running workflows. Never registered on a real worker.

import { sleep } from '@temporalio/workflow';
import { hazardWorkflow as current, type HazardWorkflowInput } from '../../workflows/hazard.ts';

export async function hazardWorkflow(args: HazardWorkflowInput): ReturnType<typeof current> {
  await sleep('1 minute');
  return current(args);
}
