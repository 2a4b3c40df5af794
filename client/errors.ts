// Errors the CLI turns into exit codes: bad input (2) names every problem; anything else is 1.

export class UserInputError extends Error {
  override name = 'UserInputError';
  constructor(
    readonly problems: string[],
    readonly headline?: string,
  ) {
    super(headline ? `${headline}\n${problems.map((p) => `  - ${p}`).join('\n')}` : problems.join('\n'));
  }
}

/** Temporal cannot be reached or started (exit 1); the message says what to do. */
export class TemporalUnavailableError extends Error {
  override name = 'TemporalUnavailableError';
}

export const EXIT_BAD_INPUT = 2;

/** An action whose answer never came, and that the ledger does not show as recorded: exit 1, with how to retry it safely. */
export class UnclearOutcomeError extends Error {
  override name = 'UnclearOutcomeError';
}
