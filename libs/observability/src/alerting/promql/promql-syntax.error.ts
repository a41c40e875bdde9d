/** A condition the evaluator cannot run: a syntax error, an unknown function or a type mismatch, at `offset`. */
export class PromqlSyntaxError extends Error {
  override readonly name = 'PromqlSyntaxError';

  constructor(
    message: string,
    /** Character offset in the expression (0-based). */
    readonly offset: number,
  ) {
    super(message);
  }
}
