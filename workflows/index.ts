// Every workflow the worker runs. The worker bundles this file; nothing here may do I/O.

export { hazardWorkflow } from './hazard.ts';
export { taskWorkflow } from './task.ts';
export { dutyWorkflow } from './duty.ts';
export { campaignWorkflow } from './campaign.ts';
export { engineMarkerWorkflow } from './engine-marker.ts';
export { digestWorkflow } from './digest.ts';
