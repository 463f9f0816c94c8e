import type { JsMsg } from '@nats-io/jetstream';
import type { StreamName } from '@lifecycle/contracts';
import { headersToRecord, type Namespace } from '@lifecycle/messaging';

/** A message read back from a stream, its subject without the namespace. */
export interface StreamMessage {
  stream: StreamName;
  /** The stream sequence. */
  seq: number;
  subject: string;
  /** When JetStream stored it. */
  storedAt: Date;
  /** The same in nanoseconds (to about a microsecond), to order messages stored within one millisecond. */
  storedAtNanos?: number;
  data: Uint8Array;
  headers: Record<string, string[]>;
}

export function streamMessage(stream: StreamName, msg: JsMsg, namespace: Namespace): StreamMessage {
  return {
    stream,
    seq: msg.seq,
    subject: namespace.strip(msg.subject) ?? msg.subject,
    storedAt: new Date(Math.floor(msg.info.timestampNanos / 1e6)),
    storedAtNanos: msg.info.timestampNanos,
    data: msg.data,
    headers: headersToRecord(msg.headers),
  };
}

export class StreamsMissingError extends Error {
  constructor(readonly streams: readonly string[]) {
    super(
      `no stream ${streams.join(', ')} on this NATS server: no service has run in this LIFECYCLE_NAMESPACE yet, or NATS_URL / LIFECYCLE_NAMESPACE point elsewhere`,
    );
    this.name = 'StreamsMissingError';
  }
}
