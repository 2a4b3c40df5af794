// Errors the rules raise (no imports: every module can extend them without an import cycle).

/** Input a rule refuses (hazard, task): the workflows send its zh-CN message back to the caller. */
export class InputRefused extends Error {
  override name = 'InputRefused';
}
