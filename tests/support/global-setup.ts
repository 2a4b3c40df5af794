// Once per test run: the workflow bundle every test worker loads, rebuilt only when workflows/ or
// domain/ changed since dist/workflow-bundle.js was written (so tests never run stale workflow code).

import { buildWorkflowBundle } from '../../worker/bundle.ts';

export default async function setup(): Promise<void> {
  await buildWorkflowBundle();
}
