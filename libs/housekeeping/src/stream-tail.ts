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
  /** How many messages the consumer had to deliver when it was created: the stream's history. */
  pending: number;
  remove(): Promise<unknown>;
}

/**
 * A stream whose history has not arrived after this long (its messages aged out between the count and
 * the read) is taken as read, so `--no-follow` still ends.
 */
const HISTORY_IDLE_MS = 3_000;

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
    // The history of a stream ends after as many messages as its consumer counted at creation. The
    // per-message pending count is not used for this: nats-server 2.9 can report 0 before the last one.
    const remaining = new Map(opened.filter((o) => o.pending > 0).map((o) => [o.stream, o.pending]));
    let idle: NodeJS.Timeout | undefined;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      clearTimeout(idle);
      for (const o of opened) void o.messages.close();
    };
    const deliver = (message: StreamMessage) => {
      if (!stopped && subjectMatches(request.pattern, message.subject) && sink(message) === false) stop();
    };
    const endOfHistory = () => {
      if (!history) return;
      clearTimeout(idle);
      if (remaining.size > 0) {
        idle = setTimeout(() => {
          remaining.clear();
          endOfHistory();
        }, HISTORY_IDLE_MS);
        return;
      }
      const stored = (m: StreamMessage) => m.storedAtNanos ?? m.storedAt.getTime() * 1e6;
      const sorted = history.sort((a, b) => stored(a) - stored(b) || a.stream.localeCompare(b.stream) || a.seq - b.seq);
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
            const left = (remaining.get(o.stream) ?? 0) - 1;
            if (left > 0) remaining.set(o.stream, left);
            else remaining.delete(o.stream);
            endOfHistory();
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
