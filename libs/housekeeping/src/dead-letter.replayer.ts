import type { JetStreamClient } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import type { Namespace } from '@lifecycle/messaging';
import { replayMessage } from './dead-letter-replay';
import type { DeadLetterRepository, StoredDeadLetter } from './dead-letter.repository';

export interface ReplayOutcome {
  seq: number;
  consumer: string;
  subject: string;
  eventId: string | null;
  msgId: string;
  /** The replay's sequence on its original stream. */
  streamSeq: number;
  /** JetStream had it already (the same letter replayed within the duplicate window). */
  duplicate: boolean;
}

/**
 * Puts a dead letter's original message back on its subject, then deletes the letter. Publish first:
 * a crash in between leaves the letter, and replaying it again is dropped by JetStream (same Nats-Msg-Id)
 * or, later, by the consumers (same envelope id). Every consumer of the subject receives the replay;
 * those that had handled the event skip it by its id.
 */
export class DeadLetterReplayer {
  constructor(
    private readonly js: JetStreamClient,
    private readonly namespace: Namespace,
    private readonly letters: DeadLetterRepository,
  ) {}

  async replay(letter: StoredDeadLetter): Promise<ReplayOutcome> {
    const message = replayMessage(letter, this.letters.stream);
    const h = natsHeaders();
    for (const [key, value] of message.headers) h.append(key, value);
    const ack = await this.js.publish(this.namespace.subject(message.subject), message.payload, { msgID: message.msgId, headers: h, timeout: 5_000 });
    await this.letters.delete(letter.seq);
    return {
      seq: letter.seq,
      consumer: letter.consumer,
      subject: message.subject,
      eventId: letter.eventId,
      msgId: message.msgId,
      streamSeq: ack.seq,
      duplicate: ack.duplicate,
    };
  }
}
