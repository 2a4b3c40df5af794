// Errors the rules raise (no imports: every module can extend them without an import cycle).

/**
 * Input a rule refuses (hazard, task): the workflows send its zh-CN message back to the caller. A rule
 * that names several problems at once keeps them apart in `problems` (the message joins them).
 */
export class InputRefused extends Error {
  override name = 'InputRefused';
  readonly problems: string[];
  constructor(message: string | readonly string[]) {
    const problems = typeof message === 'string' ? [message] : [...message];
    super(problems.join('；'));
    this.problems = problems;
  }
}
