import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { envelopeSchemaFor, InvalidEventError, type Envelope, type Subject } from '@lifecycle/contracts';
import { Namespace } from './namespace';

/** A message ready for the wire: the outbox stores exactly this. */
export interface OutgoingMessage {
  /** Contract subject (without namespace). */
  subject: string;
  /** Event id, sent as Nats-Msg-Id. */
  id: string;
  /** The serialized envelope. */
  payload: string;
}

export type PublishOutcome =
  | { ok: true; id: string; seq: number; duplicate: boolean }
  | { ok: false; id: string; error: Error };

/**
 * Publishes envelopes with `Nats-Msg-Id` = envelope id and waits for JetStream's PubAck, so a
 * resolved publish is stored (and a second publish of the same fact is dropped as a duplicate).
 */
export class JetStreamPublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly namespace: Namespace,
    private readonly timeoutMs = 5_000,
  ) {}

  async publish<S extends Subject>(envelope: Envelope<S>): Promise<PublishOutcome & { ok: true }> {
    const schema = envelopeSchemaFor(envelope.type);
    if (!schema) throw new InvalidEventError(`no contract for subject "${envelope.type}"`);
    const parsed = schema.safeParse(envelope);
    if (!parsed.success) throw new InvalidEventError(`${envelope.type}: ${parsed.error.message}`);
    const [outcome] = await this.publishBatch([{ subject: envelope.type, id: envelope.id, payload: JSON.stringify(envelope) }]);
    if (!outcome.ok) throw outcome.error;
    return outcome;
  }

  /** Pipelined: every publish is sent before any ack is awaited; outcomes come back in input order. */
  async publishBatch(messages: readonly OutgoingMessage[]): Promise<PublishOutcome[]> {
    const pending = messages.map((message) => this.send(message));
    return Promise.all(pending);
  }

  private async send(message: OutgoingMessage): Promise<PublishOutcome> {
    try {
      const h = natsHeaders();
      h.set('Content-Type', 'application/json');
      const ack = await this.js.publish(this.namespace.subject(message.subject), message.payload, {
        msgID: message.id,
        headers: h,
        timeout: this.timeoutMs,
      });
      return { ok: true, id: message.id, seq: ack.seq, duplicate: ack.duplicate };
    } catch (error) {
      return { ok: false, id: message.id, error: error instanceof Error ? error : new Error(String(error)) };
    }
  }
}
