/**
 * A handler failure that no retry can fix (the event refers to something that can never exist, a
 * rule forbids it): the transport dead-letters the message at once instead of nak-ing it.
 * Domain libraries that must not import messaging can throw any error with `permanent === true`.
 */
export class PermanentError extends Error {
  readonly permanent = true;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

export function isPermanentError(error: unknown): boolean {
  return error instanceof PermanentError || (typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true);
}
