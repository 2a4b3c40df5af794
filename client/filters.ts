// The ledgers' filters by id (`hazard list --sector`, `task list --assignee`): an id the town never had
// is a typo, not an empty result — named with the nearest id, exit code 2. People, sectors and
// enterprises that left the profile still count: their history is still in the ledger.

import { closest } from '../domain/closest.ts';
import { ledgerText } from '../domain/text/ledger.ts';
import { UserInputError } from './errors.ts';

export interface FilterId {
  /** The option as typed, e.g. `--sector`. */
  flag: string;
  value: string | undefined;
  /** What the id names, e.g. 行业领域. */
  what: string;
  /** Every id of that kind the town has had. */
  known(): Promise<string[]>;
}

/** Refuses every filter naming an id the town never had, all at once. */
export async function checkFilterIds(filters: readonly FilterId[]): Promise<void> {
  const problems: string[] = [];
  for (const f of filters) {
    if (f.value === undefined) continue;
    const known = await f.known();
    if (known.includes(f.value)) continue;
    const near = closest(f.value, known);
    problems.push(ledgerText.filter.unknown(f.flag, f.value, f.what, near));
  }
  if (problems.length) throw new UserInputError(problems);
}
