import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  type ConsumerMessages,
  type JsMsg,
} from '@nats-io/jetstream';
import { connect, nanos, type ConnectionOptions, type NatsConnection } from '@nats-io/transport-node';
import { isProductConsumerName } from '../consumer-names';
import { parseEnvelope } from '../create-envelope';
import type { DeadLetterReason } from '../dead-letter';
import { DELIVERY_DEFAULTS, describeError, failureOutcome } from '../delivery-policy';
import type { Envelope } from '../envelope';
import { isSubject, type Subject } from '../event-map';
import { Namespace } from '../namespace';
import { streamForSubject } from '../streams';

export interface ConsumeOptions<S extends Subject> {
  /** An open nats.js connection (left open on stop), or ordinary nats.js connection options (closed on stop). */
  connection: NatsConnection | ConnectionOptions;
  /** A contract subject, without namespace. */
  subject: S;
  /** Your durable consumer name; it must not look like the product's own (`<service>--…`). */
  durable: string;
  /** LIFECYCLE_NAMESPACE of the installation; default none. */
  namespace?: string;
  handler: (envelope: Envelope<S>, message: JsMsg) => Promise<void> | void;
  /** Deliveries, ack wait and nak back-off; defaults as the product's own consumers. */
  maxDeliver?: number;
  ackWaitMs?: number;
  backoffMs?: readonly number[];
  /** true: attach to a durable an operator created (e.g. with `nats consumer add`); default: create it if missing. */
  bind?: boolean;
  /** A message terminated without success; the product would dead-letter it, a reader only reports it. */
  onRejected?: (rejection: Rejection) => void;
}

export interface Rejection {
  subject: string;
  streamSequence: number;
  deliveryCount: number;
  reason: DeadLetterReason;
  error: string;
}

export interface RunningConsumer {
  readonly stream: string;
  readonly durable: string;
  /** Settles when consuming ends: null after stop(), the error when it failed (e.g. the connection closed). */
  readonly closed: Promise<Error | null>;
  /** Stops pulling, lets the message in hand settle, and closes a connection the helper opened. */
  stop(): Promise<void>;
}

export class ConsumerConfigurationError extends Error {
  override name = 'ConsumerConfigurationError';
}

function isConnection(value: NatsConnection | ConnectionOptions): value is NatsConnection {
  return typeof (value as NatsConnection).drain === 'function';
}

/**
 * Attaches a durable pull consumer to one contract subject and settles every message as the product's
 * transport does: valid and handled → ack; not the contract → term; handler failure → nak with back-off,
 * or term once out of deliveries or when the error says `permanent === true`.
 */
export async function consume<S extends Subject>(options: ConsumeOptions<S>): Promise<RunningConsumer> {
  const { subject, durable } = options;
  if (!isSubject(subject)) throw new ConsumerConfigurationError(`"${subject}" is not a subject of the contracts`);
  if (!durable || /[\s.*>/\\]/.test(durable) || isProductConsumerName(durable)) {
    throw new ConsumerConfigurationError(
      `durable "${durable}" is not allowed: use a JetStream name without whitespace, ".", "*", ">" or path separators, not starting with a service name and "--"`,
    );
  }
  const namespace = new Namespace(options.namespace ?? '');
  const policy = {
    maxDeliver: options.maxDeliver ?? DELIVERY_DEFAULTS.maxDeliver,
    ackWaitMs: options.ackWaitMs ?? DELIVERY_DEFAULTS.ackWaitMs,
    backoffMs: options.backoffMs ?? DELIVERY_DEFAULTS.backoffMs,
  };
  const stream = namespace.stream(streamForSubject(subject)!.name);
  const owned = !isConnection(options.connection);
  const nc = isConnection(options.connection) ? options.connection : await connect(options.connection);
  let messages: ConsumerMessages;
  try {
    if (!options.bind) await ensureDurable(nc, stream, durable, namespace.subject(subject), policy);
    messages = await (await jetstream(nc).consumers.get(stream, durable)).consume({ max_messages: 1 });
  } catch (error) {
    if (owned) await nc.close();
    throw error;
  }
  const settle = async (msg: JsMsg) => {
    const reject = (reason: DeadLetterReason, error: string) => {
      msg.term();
      const { streamSequence, deliveryCount } = msg.info;
      options.onRejected?.({ subject: msg.subject, streamSequence, deliveryCount, reason, error });
    };
    const contractSubject = namespace.strip(msg.subject);
    if (contractSubject !== subject) return reject('unknown-subject', `subject ${msg.subject} is not ${namespace.subject(subject)}`);
    const parsed = parseEnvelope(subject, msg.data);
    if (!parsed.ok) return reject('invalid-payload', parsed.error);
    // As the product's transport: a handler still running keeps its message (`working()` every half ack wait).
    const heartbeat = setInterval(() => msg.working(), policy.ackWaitMs / 2);
    try {
      await options.handler(parsed.envelope as Envelope<S>, msg);
    } catch (error) {
      const outcome = failureOutcome(error, msg.info.deliveryCount, policy);
      return outcome.action === 'retry' ? msg.nak(outcome.delayMs) : reject(outcome.reason, describeError(error));
    } finally {
      clearInterval(heartbeat);
    }
    msg.ack();
  };
  let stopping = false;
  const loop = (async (): Promise<Error | null> => {
    try {
      for await (const msg of messages) await settle(msg);
      if (stopping) return null;
      return new Error(`consuming ${stream}/${durable} ended: ${nc.isClosed() ? 'the connection closed' : 'the server ended it'}`);
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  })();
  return {
    stream,
    durable,
    closed: loop,
    async stop() {
      stopping = true;
      await messages.close();
      await loop;
      if (owned) await nc.drain();
    },
  };
}

async function ensureDurable(
  nc: NatsConnection,
  stream: string,
  durable: string,
  filterSubject: string,
  policy: { maxDeliver: number; ackWaitMs: number },
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  try {
    await jsm.consumers.info(stream, durable);
    return;
  } catch (error) {
    if (!(error instanceof JetStreamApiError && error.status === 404)) throw error;
  }
  await jsm.consumers.add(stream, {
    durable_name: durable,
    description: `outside consumer of ${filterSubject}`,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: filterSubject,
    max_deliver: policy.maxDeliver,
    ack_wait: nanos(policy.ackWaitMs),
  });
}
