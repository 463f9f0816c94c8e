import type { JsMsg } from '@nats-io/jetstream';
import type { LoggerService } from '@nestjs/common';
import { isSubject, parseEnvelope, type DeadLetterReason, type Envelope } from '@lifecycle/contracts';
import type { ResolvedConsumer } from './consumer-provisioner';
import { buildDeadLetter, type DeadLetterPublisher } from './dead-letter.publisher';
import { JetStreamContext } from './jetstream.context';
import { Namespace } from './namespace';
import { backoffDelay, describeError, failureOutcome } from './retry-policy';

export interface DeliveryProcessorDeps {
  consumer: ResolvedConsumer;
  namespace: Namespace;
  deadLetters: DeadLetterPublisher;
  logger: LoggerService;
  /** Runs the Nest handler and resolves or rejects with its outcome. */
  handle: (envelope: Envelope, context: JetStreamContext) => Promise<void>;
  /** True once a shutdown stopped waiting for the handlers still running. */
  abandoned: () => boolean;
}

/**
 * One delivery, settled explicitly (ARCHITECTURE.md, "Delivery guarantees"): success → ack,
 * invalid → dead letter + term, failure → nak(back-off) or, out of deliveries, dead letter + term.
 */
export class DeliveryProcessor {
  constructor(private readonly deps: DeliveryProcessorDeps) {}

  private get name(): string {
    return this.deps.consumer.durable;
  }

  async process(msg: JsMsg): Promise<void> {
    const subject = this.deps.namespace.strip(msg.subject);
    if (subject === null) return this.reject(msg, msg.subject, 'unknown-subject', `subject ${msg.subject} lies outside the namespace`);
    const parsed = parseEnvelope(subject, msg.data);
    if (!parsed.ok) return this.reject(msg, subject, isSubject(subject) ? 'invalid-payload' : 'unknown-subject', parsed.error);
    try {
      await this.whileWorking(msg, () => this.deps.handle(parsed.envelope, new JetStreamContext([subject, msg, this.name])));
    } catch (error) {
      return this.fail(msg, subject, error);
    }
    this.ack(msg);
  }

  /**
   * A plain ack, not confirmed: every consumer is idempotent, so a lost ack costs one redelivery that
   * is dropped (docs/decisions.md, "Acks"). It waits in the socket buffer; the shutdown path flushes or
   * drains the connection after the handlers in flight have finished.
   */
  private ack(msg: JsMsg): void {
    try {
      msg.ack();
    } catch (error) {
      this.deps.logger.warn(`${this.name}: ack of #${msg.seq} not sent (${describeError(error)}); it will be redelivered`);
    }
  }

  private async reject(msg: JsMsg, subject: string, reason: DeadLetterReason, error: string): Promise<void> {
    this.deps.logger.warn(`${this.name}: ${subject} #${msg.seq} rejected (${reason}): ${error}`);
    await this.deadLetterOrRetry(msg, subject, reason, error);
  }

  private async fail(msg: JsMsg, subject: string, error: unknown): Promise<void> {
    const { deliveryCount } = msg.info;
    const text = describeError(error);
    const outcome = failureOutcome(error, deliveryCount, this.deps.consumer);
    const attempt = `${subject} #${msg.seq} (delivery ${deliveryCount}/${this.deps.consumer.maxDeliver})`;
    if (outcome.action === 'retry') {
      this.deps.logger.warn(`${this.name}: ${attempt} failed, retry in ${outcome.delayMs} ms: ${text}`);
      msg.nak(outcome.delayMs);
      return;
    }
    this.deps.logger.error(`${this.name}: ${attempt} failed, dead-lettered (${outcome.reason}): ${text}`);
    await this.deadLetterOrRetry(msg, subject, outcome.reason, text);
  }

  private async deadLetterOrRetry(msg: JsMsg, subject: string, reason: DeadLetterReason, error: string): Promise<void> {
    const { consumer } = this.deps;
    try {
      await this.deps.deadLetters.publish(
        buildDeadLetter({
          consumer: consumer.durable,
          stream: consumer.stream,
          streamSequence: msg.info.streamSequence,
          originalSubject: subject,
          headers: msg.headers,
          data: msg.data,
          error,
          reason,
          deliveryCount: msg.info.deliveryCount,
          deadAt: new Date(),
        }),
      );
    } catch (publishError) {
      // nothing may be lost: keep the message in the consumer until the dead letter is stored
      const delayMs = backoffDelay(consumer.backoffMs, msg.info.deliveryCount);
      this.deps.logger.error(`${this.name}: dead letter for #${msg.seq} not stored (${describeError(publishError)}); nak ${delayMs} ms`);
      msg.nak(delayMs);
      return;
    }
    msg.term();
  }

  private async whileWorking<T>(msg: JsMsg, fn: () => Promise<T>): Promise<T> {
    const timer = setInterval(() => {
      // after a shutdown gave up on this handler, let ack_wait expire so another process gets the message
      if (this.deps.abandoned()) clearInterval(timer);
      else attempt(() => msg.working());
    }, this.deps.consumer.ackWaitMs / 2);
    try {
      return await fn();
    } finally {
      clearInterval(timer);
    }
  }
}

function attempt(fn: () => void): void {
  try {
    fn();
  } catch {
    // the connection is gone; ack_wait decides now
  }
}
