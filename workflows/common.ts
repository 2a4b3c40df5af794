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

/** Refusals reach the caller as a failed Update carrying the zh-CN reason; anything else is rethrown. */
export function refusal(error: unknown): never {
  if (error instanceof InputRefused) throw ApplicationFailure.nonRetryable(error.message, 'InvalidInput');
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.type === 'InvalidInput') {
    throw ApplicationFailure.nonRetryable(error.cause.message, 'InvalidInput');
  }
  throw error;
}

/** The input as the schema reads it, or the refusal (of the workflow's own kind) naming every problem. */
export function parsed<S extends z.ZodType>(schema: S, input: unknown, Refused: new (message: string) => InputRefused): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new Refused(describeIssues(result.error).join('；'));
  return result.data;
}
