import { DeliverPolicy, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import { deadLetterSchema, deadLetterSubject, type DeadLetter } from '@lifecycle/contracts';
import { isNotFound, type Namespace } from '@lifecycle/messaging';
import { streamMessage, StreamsMissingError, type StreamMessage } from './stream-message';

const DLQ = 'DLQ';

/** A dead letter as stored on the DLQ stream. */
export interface StoredDeadLetter extends DeadLetter {
  seq: number;
  storedAt: Date;
  /** The original message's Nats-Msg-Id (the event id), when it had one. */
  eventId: string | null;
}

export interface UnreadableLetter {
  seq: number;
  subject: string;
  storedAt: Date;
  error: string;
}

export class DeadLetterNotFoundError extends Error {
  constructor(readonly seq: number) {
    super(`no dead letter with sequence ${seq} on the DLQ stream (already replayed or purged?)`);
    this.name = 'DeadLetterNotFoundError';
  }
}

/** The DLQ stream of this namespace: read, delete, purge. */
export class DeadLetterRepository {
  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly namespace: Namespace,
  ) {}

  get stream(): string {
    return this.namespace.stream(DLQ);
  }

  /** Every letter (of one consumer), in stream order; letters that do not parse are returned apart. */
  async list(consumer?: string): Promise<{ letters: StoredDeadLetter[]; unreadable: UnreadableLetter[] }> {
    const letters: StoredDeadLetter[] = [];
    const unreadable: UnreadableLetter[] = [];
    for (const message of await this.readAll(consumer)) {
      const parsed = parseLetter(message);
      if (parsed.ok) letters.push(parsed.letter);
      else unreadable.push(parsed.unreadable);
    }
    return { letters, unreadable };
  }

  async get(seq: number): Promise<StoredDeadLetter> {
    try {
      const stored = await this.jsm.streams.getMessage(this.stream, { seq });
      if (!stored) throw new DeadLetterNotFoundError(seq);
      const parsed = parseLetter({
        stream: DLQ,
        seq: stored.seq,
        subject: this.namespace.strip(stored.subject) ?? stored.subject,
        storedAt: new Date(stored.time),
        data: stored.data,
        headers: {},
      });
      if (!parsed.ok) throw new Error(`dead letter ${seq} is unreadable: ${parsed.unreadable.error}`);
      return parsed.letter;
    } catch (error) {
      if (isNotFound(error)) throw (await this.exists()) ? new DeadLetterNotFoundError(seq) : new StreamsMissingError([this.stream]);
      throw error;
    }
  }

  async delete(seq: number): Promise<void> {
    await this.jsm.streams.deleteMessage(this.stream, seq, false);
  }

  /** Purges the letters (of one consumer) with a sequence below `beforeSeq` (all when omitted); returns how many. */
  async purge(consumer: string | undefined, beforeSeq?: number): Promise<number> {
    const filter = this.namespace.subject(consumer ? deadLetterSubject(consumer) : 'dlq.>');
    const response = await this.jsm.streams.purge(this.stream, beforeSeq === undefined ? { filter } : { filter, seq: beforeSeq });
    return response.purged;
  }

  private async exists(): Promise<boolean> {
    return this.jsm.streams.info(this.stream).then(
      () => true,
      (error: unknown) => {
        if (isNotFound(error)) return false;
        throw error;
      },
    );
  }

  private async readAll(consumer?: string): Promise<StreamMessage[]> {
    let ordered;
    try {
      ordered = await this.js.consumers.get(this.stream, {
        deliver_policy: DeliverPolicy.All,
        filter_subjects: this.namespace.subject(consumer ? deadLetterSubject(consumer) : 'dlq.>'),
      });
    } catch (error) {
      if (isNotFound(error)) throw new StreamsMissingError([this.stream]);
      throw error;
    }
    const out: StreamMessage[] = [];
    try {
      let pending = (await ordered.info(true)).num_pending;
      while (pending > 0) {
        const batch = await ordered.fetch({ max_messages: Math.min(pending, 500), expires: 5_000 });
        let got = 0;
        for await (const msg of batch) {
          out.push(streamMessage(DLQ, msg, this.namespace));
          pending = msg.info.pending;
          got++;
        }
        if (got === 0) break;
      }
    } finally {
      await ordered.delete().catch(() => undefined);
    }
    return out;
  }
}

type Parsed = { ok: true; letter: StoredDeadLetter } | { ok: false; unreadable: UnreadableLetter };

function parseLetter(message: StreamMessage): Parsed {
  const unreadable = (error: string): Parsed => ({ ok: false, unreadable: { seq: message.seq, subject: message.subject, storedAt: message.storedAt, error } });
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(message.data));
  } catch {
    return unreadable('not JSON');
  }
  const parsed = deadLetterSchema.safeParse(json);
  if (!parsed.success) return unreadable(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const letter = parsed.data;
  return { ok: true, letter: { ...letter, seq: message.seq, storedAt: message.storedAt, eventId: originalEventId(letter) } };
}

/** The event id: the envelope's in the payload (consumers' idempotency key), else the Nats-Msg-Id without a replay suffix. */
export function originalEventId(letter: Pick<DeadLetter, 'headers' | 'payload' | 'payloadEncoding'>): string | null {
  if (letter.payloadEncoding === 'utf8') {
    try {
      const id = (JSON.parse(letter.payload) as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && id.length > 0) return id;
    } catch {
      // not JSON: fall back to the header
    }
  }
  const header = Object.entries(letter.headers).find(([key]) => key.toLowerCase() === 'nats-msg-id')?.[1]?.[0];
  return header ? header.replace(/#replay-\d+$/, '') : null;
}
