// The engine's marker in Temporal: a workflow that only exists. Its memo holds the id `anwei start` also
// wrote into the engine's database (client/engine-marker.ts); it does nothing and never ends.

import { condition } from '@temporalio/workflow';

export async function engineMarkerWorkflow(): Promise<void> {
  await condition(() => false);
}
