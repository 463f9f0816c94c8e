import { DeliverPolicy, type ConsumerMessages, type JetStreamClient, type OrderedConsumerOptions } from '@nats-io/jetstream';
import { subjectMatches, type StreamName } from '@lifecycle/contracts';
import { isNotFound, type Namespace } from '@lifecycle/messaging';
import { streamMessage, StreamsMissingError, type StreamMessage } from './stream-message';
import type { StreamScope } from './tail-scope';

export interface TailRequest {
  scopes: readonly StreamScope[];
  /** Every message is matched against it too (a stream read whole carries other subjects). */
  pattern: string;
  /** From this stored time on; undefined: only messages that arrive from now. */
  since?: Date;
  /** After the history, keep printing what arrives until stopped. */
  follow: boolean;
}

/** Return false to stop (e.g. a --limit reached). */
export type TailSink = (message: StreamMessage) => boolean | void;

interface Opened {
  stream: StreamName;
  messages: ConsumerMessages;
  pending: number;
  remove(): Promise<unknown>;
}

/**
 * `lifecyclectl tail`: one ordered (ephemeral, unacknowledged, in-memory) consumer per stream. What was
 * stored since `since` is printed first, merged across streams in stored order; then, when following,
 * each message as it arrives.
 */
export class StreamTail {
  constructor(
    private readonly js: JetStreamClient,
    private readonly namespace: Namespace,
  ) {}

  /** Resolves when stopped (`signal`, the sink, or the end of the history without `follow`); returns the streams that do not exist. */
  async run(request: TailRequest, sink: TailSink, signal?: AbortSignal): Promise<{ missing: StreamName[] }> {
    const opened: Opened[] = [];
    const missing: StreamName[] = [];
    for (const scope of request.scopes) {
      const one = await this.open(scope, request.since);
      if (one) opened.push(one);
      else missing.push(scope.stream);
    }
    if (opened.length === 0) throw new StreamsMissingError(missing.map((s) => this.namespace.stream(s)));

    let stopped = false;
    let history: StreamMessage[] | null = [];
    const waiting = new Set(opened.filter((o) => o.pending > 0).map((o) => o.stream));
    const stop = () => {
      if (stopped) return;
      stopped = true;
      for (const o of opened) void o.messages.close();
    };
    const deliver = (message: StreamMessage) => {
      if (!stopped && subjectMatches(request.pattern, message.subject) && sink(message) === false) stop();
    };
    const endOfHistory = () => {
      if (!history || waiting.size > 0) return;
      const sorted = history.sort((a, b) => a.storedAt.getTime() - b.storedAt.getTime() || a.stream.localeCompare(b.stream) || a.seq - b.seq);
      history = null;
      for (const message of sorted) deliver(message);
      if (!request.follow) stop();
    };
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted) stop();
    endOfHistory();
    try {
      await Promise.all(
        opened.map(async (o) => {
          for await (const msg of o.messages) {
            const message = streamMessage(o.stream, msg, this.namespace);
            if (!history) {
              deliver(message);
              continue;
            }
            history.push(message);
            if (msg.info.pending === 0) {
              waiting.delete(o.stream);
              endOfHistory();
            }
          }
        }),
      );
    } finally {
      stop();
      await Promise.all(opened.map((o) => o.remove().catch(() => undefined)));
    }
    return { missing };
  }

  private async open(scope: StreamScope, since: Date | undefined): Promise<Opened | null> {
    const options: Partial<OrderedConsumerOptions> = since
      ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: since.toISOString() }
      : { deliver_policy: DeliverPolicy.New };
    // A single filter subject: nats-server 2.9 does not know filter_subjects.
    if (scope.filter) options.filter_subjects = this.namespace.subject(scope.filter);
    try {
      const consumer = await this.js.consumers.get(this.namespace.stream(scope.stream), options);
      const { num_pending } = await consumer.info(true);
      const messages = await consumer.consume({ max_messages: 256 });
      return { stream: scope.stream, messages, pending: num_pending, remove: () => consumer.delete() };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }
}
