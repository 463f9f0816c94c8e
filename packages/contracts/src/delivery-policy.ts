import type { DeadLetterReason } from './dead-letter';

/** The product's PermanentError, or any error with `permanent === true`: no retry can fix it. */
export function isPermanentFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { permanent?: unknown }).permanent === true;
}

/** The product's consumer defaults (ARCHITECTURE.md, "Delivery guarantees"); the consumer helper uses them too. */
export const DELIVERY_DEFAULTS = Object.freeze({
  maxDeliver: 5,
  ackWaitMs: 30_000,
  backoffMs: Object.freeze([1_000, 5_000, 30_000, 120_000]) as readonly number[],
});

export type FailureOutcome = { action: 'retry'; delayMs: number } | { action: 'dead-letter'; reason: DeadLetterReason };

/** The nak delay after the n-th failed delivery (1-based); the last step repeats. */
export function backoffDelay(backoffMs: readonly number[], deliveryCount: number): number {
  if (backoffMs.length === 0) return 0;
  const index = Math.min(Math.max(deliveryCount, 1), backoffMs.length) - 1;
  return backoffMs[index];
}

/**
 * ARCHITECTURE.md, "Delivery guarantees": transient failure → nak with back-off (or the error's own
 * `retryAfterMs`, when longer); out of deliveries → dead letter.
 */
export function failureOutcome(
  error: unknown,
  deliveryCount: number,
  policy: { maxDeliver: number; backoffMs: readonly number[] },
): FailureOutcome {
  // PermanentError has no reason of its own in the DeadLetter contract yet: it is a payload no retry can process.
  if (isPermanentFailure(error)) return { action: 'dead-letter', reason: 'permanent-error' };
  if (deliveryCount >= policy.maxDeliver) return { action: 'dead-letter', reason: 'max-deliveries' };
  const exact = exactDelayOf(error);
  if (exact !== null) return { action: 'retry', delayMs: exact };
  return { action: 'retry', delayMs: Math.max(backoffDelay(policy.backoffMs, deliveryCount), retryAfterOf(error)) };
}

/**
 * An error may name the exact delay of its redelivery (`nakDelayMs`), replacing the back-off: e.g. the
 * notifier's CustomID lookups follow their own schedule up to MAILJET_LOOKUP_GRACE.
 */
function exactDelayOf(error: unknown): number | null {
  const value = typeof error === 'object' && error !== null ? (error as { nakDelayMs?: unknown }).nakDelayMs : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null;
}

/** An error may ask for a longer wait than the back-off, e.g. a provider's 429 `Retry-After` (`retryAfterMs`). */
function retryAfterOf(error: unknown): number {
  const value = typeof error === 'object' && error !== null ? (error as { retryAfterMs?: unknown }).retryAfterMs : undefined;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/** One line for logs and dead letters; Nest's generic RPC error object carries only `message`. */
export function describeError(error: unknown, maxLength = 2_000): string {
  let text: string;
  if (error instanceof Error) text = error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  else if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    text = (error as { message: string }).message;
  } else text = String(error);
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
