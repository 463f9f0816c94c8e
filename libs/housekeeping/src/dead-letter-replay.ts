import { decodeDeadLetterPayload, streamForSubject } from '@lifecycle/contracts';
import type { StoredDeadLetter } from './dead-letter.repository';

/** Set by JetStream or by the publisher for one publish only: a replay must not carry them over. */
const DROPPED = /^(nats-msg-id|nats-expected-.*|nats-stream|nats-sequence|nats-time-stamp|nats-subject|nats-last-sequence|nats-num-pending)$/i;

export const REPLAYED_FROM_HEADER = 'Lifecycle-Replayed-From';

export interface ReplayMessage {
  /** The original subject, without namespace. */
  subject: string;
  /**
   * A Nats-Msg-Id of its own, so JetStream's duplicate window does not drop the replay as the original.
   * The envelope, and so its id (consumers' idempotency key), is left exactly as it was.
   */
  msgId: string;
  headers: [string, string][];
  payload: Uint8Array;
}

export class UnreplayableLetterError extends Error {
  constructor(
    readonly seq: number,
    reason: string,
  ) {
    super(`dead letter ${seq} cannot be replayed: ${reason}`);
    this.name = 'UnreplayableLetterError';
  }
}

/** `<original id>#replay-<DLQ sequence>`: replaying the same letter twice within the window is stored once. */
export function replayMsgId(letter: Pick<StoredDeadLetter, 'eventId' | 'seq' | 'consumer'>): string {
  const base = (letter.eventId ?? `${letter.consumer}:dlq-${letter.seq}`).replace(/#replay-\d+$/, '');
  return `${base}#replay-${letter.seq}`;
}

export function replayMessage(letter: StoredDeadLetter, dlqStream: string): ReplayMessage {
  if (!streamForSubject(letter.originalSubject)) {
    throw new UnreplayableLetterError(letter.seq, `no stream captures its original subject "${letter.originalSubject}"`);
  }
  const headers: [string, string][] = Object.entries(letter.headers)
    .filter(([key]) => !DROPPED.test(key))
    .flatMap(([key, values]) => values.map((value): [string, string] => [key, value]));
  headers.push([REPLAYED_FROM_HEADER, `${dlqStream}:${letter.seq}`]);
  return { subject: letter.originalSubject, msgId: replayMsgId(letter), headers, payload: decodeDeadLetterPayload(letter) };
}
