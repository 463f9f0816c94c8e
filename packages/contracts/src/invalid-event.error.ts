import type { z } from 'zod';

export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path
        .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`))
        .join('');
      return `${path || '(envelope)'}: ${issue.message}`;
    })
    .join('; ');
}

/** A payload that does not match its subject's contract; the edge terms it and dead-letters it. */
export class InvalidEventError extends Error {
  constructor(
    message: string,
    readonly issues: readonly z.core.$ZodIssue[] = [],
  ) {
    super(message);
    this.name = 'InvalidEventError';
  }

  static fromIssues(subject: string, issues: readonly z.core.$ZodIssue[]): InvalidEventError {
    return new InvalidEventError(`invalid ${subject} event: ${describeIssues(issues)}`, issues);
  }
}
