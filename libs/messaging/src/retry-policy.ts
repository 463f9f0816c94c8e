// The delivery semantics are part of the contracts: the consumer helper outside consumers use settles alike.
export { backoffDelay, describeError, failureOutcome, type FailureOutcome } from '@lifecycle/contracts';
