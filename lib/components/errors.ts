/** A problem with what the user gave us: becomes an HTTP 4xx with this message. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly status: number = 400,
    /** Where in the user's source, for editor markers. */
    readonly location?: { file: 'js' | 'wit' | 'wat'; line: number; column: number },
  ) {
    super(message);
  }
}
