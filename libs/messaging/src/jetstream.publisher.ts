import { JetStreamApiError, type JetStreamClient } from '@nats-io/jetstream';
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
 * A publish that failed because no stream leader answered: the PubAck timed out, nobody listens on the
 * subject (no responders: the stream has no leader yet), or JetStream said 503 (temporarily unavailable).
 * While a JetStream cluster elects a leader these last a few seconds; anything else is not retried here.
 */
export function isLeaderElectionError(error: unknown): boolean {
  if (error instanceof JetStreamApiError) return error.status === 503;
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'JetStreamNotEnabled') return true;
  return name === 'RequestError' && (error as { isNoResponders?: () => boolean }).isNoResponders?.() === true;
}

/** Waits between publish attempts during an election: 100 ms, doubling, at most 1 s. */
export function electionRetryDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** attempt, 1_000);
}

export interface JetStreamPublisherOptions {
  /** How long one publish waits for its PubAck (default 5 s). */
  timeoutMs?: number;
  /**
   * How long a publish is retried, with the same Nats-Msg-Id, while a stream leader is being elected
   * (isLeaderElectionError); 0 (the default) fails at once. The duplicate window (DUPLICATE_WINDOW_MS)
   * must stay longer than this, so a retry of a publish that was in fact stored is dropped as a duplicate.
   */
  electionRetryMs?: number;
}

/**
 * Publishes envelopes with `Nats-Msg-Id` = envelope id and waits for JetStream's PubAck, so a
 * resolved publish is stored (and a second publish of the same fact is dropped as a duplicate).
 */
export class JetStreamPublisher {
  private readonly timeoutMs: number;
  private readonly electionRetryMs: number;
  /** Publish attempts repeated after a leader-election error, since this publisher was made. */
  retries = 0;

  constructor(
    private readonly js: JetStreamClient,
    private readonly namespace: Namespace,
    options: number | JetStreamPublisherOptions = {},
  ) {
    const { timeoutMs = 5_000, electionRetryMs = 0 } = typeof options === 'number' ? { timeoutMs: options } : options;
    this.timeoutMs = timeoutMs;
    this.electionRetryMs = electionRetryMs;
  }

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
    const giveUpAt = Date.now() + this.electionRetryMs;
    for (let attempt = 0; ; attempt++) {
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
        const delayMs = electionRetryDelayMs(attempt);
        if (!isLeaderElectionError(error) || Date.now() + delayMs >= giveUpAt) {
          return { ok: false, id: message.id, error: error instanceof Error ? error : new Error(String(error)) };
        }
        this.retries++;
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }
}
