// What the hazard, task, duty and campaign workflows share: how their activities are retried, and how
// a refused input reaches the caller.

import { ActivityFailure, ApplicationFailure, type RetryPolicy } from '@temporalio/workflow';
import { InputRefused } from '../domain/errors.ts';
import { describeIssues, type z } from '../domain/schema.ts';

/** Database work: retried within a minute between attempts, forever; bad input fails at once. */
export const LEDGER_RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
  nonRetryableErrorTypes: ['InvalidInput'],
};

/** Mail servers go down for hours: keep retrying with backoff until the notice is delivered. */
export const MAIL_RETRY: RetryPolicy = {
  initialInterval: '5 seconds',
  backoffCoefficient: 2,
  maximumInterval: '10 minutes',
  nonRetryableErrorTypes: ['InvalidInput'],
};

/**
 * How hazard and task workflows send a notice: a send heartbeats while under way (activities/notices.ts),
 * so one in flight when its worker dies is retried within about 15 s of the worker's return (the
 * heartbeat timeout plus the first retry interval), not after the start-to-close timeout; a mail server
 * that is down is retried for as long as it takes, with backoff.
 */
export const NOTICE_TIMEOUTS = {
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { ...MAIL_RETRY, initialInterval: '3 seconds' },
} as const;

/**
 * The refusal an activity failed with for bad input (InvalidInput), if it did: wrapped in an ActivityFailure,
 * or, from a local activity, as it was thrown.
 */
export function refusedInput(error: unknown): ApplicationFailure | undefined {
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure && cause.type === 'InvalidInput' ? cause : undefined;
}

/** Refusals reach the caller as a failed Update carrying the zh-CN reason; anything else is rethrown. */
export function refusal(error: unknown): never {
  if (error instanceof InputRefused) throw ApplicationFailure.nonRetryable(error.message, 'InvalidInput');
  const refused = error instanceof ActivityFailure ? refusedInput(error) : undefined;
  if (refused) throw ApplicationFailure.nonRetryable(refused.message, 'InvalidInput');
  throw error;
}

/** The input as the schema reads it, or the refusal (of the workflow's own kind) naming every problem. */
export function parsed<S extends z.ZodType>(schema: S, input: unknown, Refused: new (message: string | readonly string[]) => InputRefused): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Refused(describeIssues(result.error));
  return result.data;
}
