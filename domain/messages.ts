// The definitions of workflows' Updates, Signals and Queries, as @temporalio/workflow's defineUpdate,
// defineSignal and defineQuery make them: plain `{ type, name }` objects. Made here so that the domain
// modules holding them load no SDK code, and the worker can load those modules once and share them
// between workflows (worker/bundle.ts PRELOADED_MODULES); the SDK's own modules are each workflow's own.

import type { QueryDefinition, SignalDefinition, UpdateDefinition } from '@temporalio/common';

export const defineUpdate = <Ret, Args extends any[] = [], Name extends string = string>(name: Name): UpdateDefinition<Ret, Args, Name> =>
  ({ type: 'update', name }) as UpdateDefinition<Ret, Args, Name>;

export const defineSignal = <Args extends any[] = [], Name extends string = string>(name: Name): SignalDefinition<Args, Name> =>
  ({ type: 'signal', name }) as SignalDefinition<Args, Name>;

export const defineQuery = <Ret, Args extends any[] = [], Name extends string = string>(name: Name): QueryDefinition<Ret, Args, Name> =>
  ({ type: 'query', name }) as QueryDefinition<Ret, Args, Name>;
