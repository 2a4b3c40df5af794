// The ledger keys of a workflow's recorded events (hazards and tasks alike): `<workflow id>:event-<n>-<type>`,
// n counting from 1 in the order the workflow recorded them. Unique, and the same on every retry and replay;
// a workflow resumed from the ledger numbers on from the highest n recorded.

/** The key of a workflow's n-th recorded event. */
export const eventKey = (workflowId: string, n: number, type: string): string => `${workflowId}:event-${n}-${type}`;

/** The highest event number among a workflow's recorded keys (0 when none). */
export function lastEventNumber(keys: Iterable<string>): number {
  let last = 0;
  for (const key of keys) {
    const n = Number(/:event-(\d+)-[^:]*$/.exec(key)?.[1] ?? 0);
    if (n > last) last = n;
  }
  return last;
}
