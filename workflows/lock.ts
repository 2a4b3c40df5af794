// A mutual-exclusion lock for workflow code: update handlers and the main loop await activities,
// and each must see the state the previous one left, never a half-applied change.

import { condition } from '@temporalio/workflow';

export class Lock {
  private held = false;

  async run<T>(fn: () => Promise<T>): Promise<T> {
    // Several waiters can be unblocked in one activation: each re-checks before taking the lock.
    while (this.held) await condition(() => !this.held);
    this.held = true;
    try {
      return await fn();
    } finally {
      this.held = false;
    }
  }
}
