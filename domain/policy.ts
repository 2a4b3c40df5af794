// The rules a town may tune in its profile's `policy` section, with the contract's defaults.
// Pure data: workflows receive a resolved Policy and never read the profile themselves.

import { z } from './zod.ts';

export interface HazardPolicy {
  /** Wall-clock time (Asia/Shanghai) scheduled notices go out. */
  noticeTime: string;
  /** The reminder goes out this many working days before the due date. */
  reminderWorkdaysBefore: number;
  /** Level 2 follows level 1 after this many working days (general hazards). */
  escalationWorkdays: number;
  /** Level 2 follows level 1 after this many calendar days (major hazards). */
  majorEscalationDays: number;
  /** Escalation resumes this many working days after an acknowledgement if nothing was submitted. */
  ackResumeWorkdays: number;
  /** Days the verifier has after a submission (安监总局令第16号: 10). */
  verificationDays: number;
  /** Extensions allowed per hazard. */
  maxExtensions: number;
  /** Longest extension, in calendar days past the current due date; null: no limit. */
  maxExtensionDays: number | null;
}

/** Duty tasks (contract §4): when their scheduled notices go out. */
export interface TaskPolicy {
  /** Wall-clock time (Asia/Shanghai) scheduled task notices go out, the meeting invitation included. */
  noticeTime: string;
  /** The reminder goes out this many working days before the due date. */
  reminderWorkdaysBefore: number;
  /** Level 2 follows level 1 after this many working days. */
  escalationWorkdays: number;
}

export interface Policy {
  hazard: HazardPolicy;
  task: TaskPolicy;
  /** A person's scheduled notices of one day go out as one daily digest (contract §8); people[].digest overrides it per person. */
  digest: boolean;
}

export const DEFAULT_POLICY: Policy = {
  hazard: {
    noticeTime: '09:00',
    reminderWorkdaysBefore: 1,
    escalationWorkdays: 3,
    majorEscalationDays: 1,
    ackResumeWorkdays: 5,
    verificationDays: 10,
    maxExtensions: 1,
    maxExtensionDays: null,
  },
  task: {
    noticeTime: '09:00',
    reminderWorkdaysBefore: 1,
    escalationWorkdays: 3,
  },
  digest: true,
};

const positive = z.number().int().min(1).max(365);
const wallClock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

/** The `policy` section of a profile: every key optional, unknown keys refused. */
export const policySchema = z
  .object({
    hazard: z
      .object({
        noticeTime: wallClock,
        reminderWorkdaysBefore: positive,
        escalationWorkdays: positive,
        majorEscalationDays: positive,
        ackResumeWorkdays: positive,
        verificationDays: positive,
        maxExtensions: z.number().int().min(0).max(10),
        maxExtensionDays: positive.nullable(),
      })
      .partial()
      .strict(),
    task: z
      .object({
        noticeTime: wallClock,
        reminderWorkdaysBefore: positive,
        escalationWorkdays: positive,
      })
      .partial()
      .strict(),
    digest: z.boolean(),
  })
  .partial()
  .strict();

export type PolicyOverrides = z.infer<typeof policySchema>;

export function resolvePolicy(overrides: PolicyOverrides | undefined): Policy {
  return {
    hazard: { ...DEFAULT_POLICY.hazard, ...(overrides?.hazard ?? {}) },
    task: { ...DEFAULT_POLICY.task, ...(overrides?.task ?? {}) },
    digest: overrides?.digest ?? DEFAULT_POLICY.digest,
  };
}
