import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders, type MsgHdrs } from '@nats-io/transport-node';
import { deadLetterSubject, encodeDeadLetterPayload, type DeadLetter, type DeadLetterReason } from '@lifecycle/contracts';
import { Namespace } from './namespace';

export interface DeadLetterInput {
  consumer: string;
  /** Stream name without namespace. */
  stream: string;
  streamSequence: number;
  /** Subject without namespace (as received when it lies outside the namespace). */
  originalSubject: string;
  headers: MsgHdrs | undefined;
  data: Uint8Array;
  error: string;
  reason: DeadLetterReason;
  deliveryCount: number;
  deadAt: Date;
}

export function buildDeadLetter(input: DeadLetterInput): DeadLetter {
  return {
    consumer: input.consumer,
    stream: input.stream,
    streamSequence: input.streamSequence,
    originalSubject: input.originalSubject,
    headers: headersToRecord(input.headers),
    ...encodeDeadLetterPayload(input.data),
    error: input.error,
    reason: input.reason,
    deliveryCount: input.deliveryCount,
    deadAt: input.deadAt.toISOString(),
  };
}

export function headersToRecord(headers: MsgHdrs | undefined): Record<string, string[]> {
  const record: Record<string, string[]> = {};
  if (!headers) return record;
  for (const [key, values] of headers) record[key] = [...values];
  return record;
}

/** The id makes a redelivered failure that is dead-lettered again stored once. */
export function deadLetterMsgId(letter: Pick<DeadLetter, 'consumer' | 'streamSequence'>): string {
  return `${letter.consumer}:${letter.streamSequence}`;
}

/** Publishes to `dlq.<consumer>` through JetStream and waits for the PubAck, so a resolved publish is stored. */
export class DeadLetterPublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly namespace: Namespace,
    private readonly timeoutMs = 5_000,
  ) {}

  async publish(letter: DeadLetter): Promise<void> {
    const h = natsHeaders();
    h.set('Content-Type', 'application/json');
    await this.js.publish(this.namespace.subject(deadLetterSubject(letter.consumer)), JSON.stringify(letter), {
      msgID: deadLetterMsgId(letter),
      headers: h,
      timeout: this.timeoutMs,
    });
  }
}
