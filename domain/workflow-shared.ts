// The domain modules every workflow shares. The SDK gives each workflow its own copy of every module of
// the bundle but those the worker loads first (worker/bundle.ts PRELOADED_MODULES): this module, and all
// it imports, are loaded once per worker and then frozen. Without it each workflow — each task woken from
// the cache — evaluated the domain again and built its own copy of every zod schema: with 1,000 workflows
// cached, about 1 GB of the worker's memory (docs/design.md 规模, bench:sleepers).
//
// Nothing here may keep state between calls: a shared module is shared by every workflow of the worker.
// (Module-level Maps or `let`s would be neither frozen nor per-workflow.) The SDK's own modules
// (@temporalio/workflow) stay each workflow's own: domain/messages.ts makes message definitions without them.

import * as calendar from './calendar.ts';
import * as campaign from './campaign.ts';
import * as digest from './digest.ts';
import * as duty from './duty.ts';
import * as errors from './errors.ts';
import * as eventKeys from './event-keys.ts';
import * as hazardRules from './hazard-rules.ts';
import * as hazard from './hazard.ts';
import * as notices from './notices.ts';
import * as obligation from './obligation.ts';
import * as schema from './schema.ts';
import * as taskRules from './task-rules.ts';
import * as task from './task.ts';
import * as campaignText from './text/campaign.ts';
import * as hazardText from './text/hazard.ts';
import * as taskText from './text/task.ts';
import * as time from './time.ts';
import { readyForSharing } from './zod.ts';

export const shared = [calendar, campaign, digest, duty, errors, eventKeys, hazardRules, hazard, notices, obligation, schema, taskRules, task, campaignText, hazardText, taskText, time];

readyForSharing(shared);
