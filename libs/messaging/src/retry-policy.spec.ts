import { PermanentError } from './permanent.error';
import { backoffDelay, describeError, failureOutcome } from './retry-policy';

describe('backoffDelay', () => {
  const steps = [1_000, 5_000, 30_000, 120_000];

  it('grows with the delivery count', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(steps, n))).toEqual(steps);
  });

  it('repeats the last step', () => {
    expect(backoffDelay(steps, 5)).toBe(120_000);
    expect(backoffDelay(steps, 50)).toBe(120_000);
  });

  it('treats a missing count as the first delivery and an empty schedule as no delay', () => {
    expect(backoffDelay(steps, 0)).toBe(1_000);
    expect(backoffDelay([], 3)).toBe(0);
  });
});

describe('failureOutcome', () => {
  const policy = { maxDeliver: 4, backoffMs: [200, 400, 800] };

  it('retries a transient failure with the back-off of this delivery', () => {
    expect(failureOutcome(new Error('db down'), 1, policy)).toEqual({ action: 'retry', delayMs: 200 });
    expect(failureOutcome(new Error('db down'), 3, policy)).toEqual({ action: 'retry', delayMs: 800 });
  });

  it("waits an error's own retryAfterMs when it is longer than the back-off", () => {
    const rateLimited = Object.assign(new Error('mailjet 429'), { retryAfterMs: 30_000 });
    expect(failureOutcome(rateLimited, 1, policy)).toEqual({ action: 'retry', delayMs: 30_000 });
    expect(failureOutcome(Object.assign(new Error('short'), { retryAfterMs: 50 }), 2, policy)).toEqual({ action: 'retry', delayMs: 400 });
    expect(failureOutcome(Object.assign(new Error('junk'), { retryAfterMs: 'soon' }), 1, policy)).toEqual({ action: 'retry', delayMs: 200 });
  });

  it("uses an error's exact nakDelayMs instead of the back-off, shorter or longer, but still dead-letters at the end", () => {
    expect(failureOutcome(Object.assign(new Error('look again'), { nakDelayMs: 50 }), 3, policy)).toEqual({ action: 'retry', delayMs: 50 });
    expect(failureOutcome(Object.assign(new Error('look again'), { nakDelayMs: 9_000 }), 1, policy)).toEqual({ action: 'retry', delayMs: 9_000 });
    expect(failureOutcome(Object.assign(new Error('junk'), { nakDelayMs: -1 }), 1, policy)).toEqual({ action: 'retry', delayMs: 200 });
    expect(failureOutcome(Object.assign(new Error('look again'), { nakDelayMs: 50 }), 4, policy)).toMatchObject({ action: 'dead-letter' });
  });

  it('dead-letters on the last allowed delivery', () => {
    expect(failureOutcome(new Error('db down'), 4, policy)).toEqual({ action: 'dead-letter', reason: 'max-deliveries' });
  });

  it('dead-letters a permanent error at once', () => {
    expect(failureOutcome(new PermanentError('no such company'), 1, policy)).toMatchObject({ action: 'dead-letter' });
  });

  it('recognises a domain error that only says it is permanent', () => {
    const domainError = Object.assign(new Error('unknown plan'), { permanent: true as const });
    expect(failureOutcome(domainError, 1, policy).action).toBe('dead-letter');
  });
});

describe('describeError', () => {
  it('keeps the message of a plain Error and names other error classes', () => {
    expect(describeError(new Error('boom'))).toBe('boom');
    expect(describeError(new TypeError('x is undefined'))).toBe('TypeError: x is undefined');
    expect(describeError(new PermanentError('gone'))).toBe('PermanentError: gone');
  });

  it("reads Nest's generic RPC error object and anything else", () => {
    expect(describeError({ status: 'error', message: 'Internal server error' })).toBe('Internal server error');
    expect(describeError('plain')).toBe('plain');
  });

  it('truncates very long texts', () => {
    expect(describeError(new Error('x'.repeat(50)), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});
