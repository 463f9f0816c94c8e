import { Logger, type LoggerService } from '@nestjs/common';
import { Server, type CustomTransportStrategy, type MessageHandler } from '@nestjs/microservices';
import { jetstream, jetstreamManager, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Status } from '@nats-io/transport-node';
import { finalize, lastValueFrom } from 'rxjs';
import { STREAMS, type Envelope, type ServiceName } from '@lifecycle/contracts';
import { provisionConsumer, resolveConsumer, type ConsumerSettings } from './consumer-provisioner';
import { ConsumerRunner } from './consumer.runner';
import { DeadLetterPublisher } from './dead-letter.publisher';
import { JetStreamContext } from './jetstream.context';
import { MaxDeliveriesWatcher } from './max-deliveries.watcher';
import { Namespace } from './namespace';
import { closeNats, connectNats, type NatsConnectionOptions } from './nats-connection';
import { provisionStreams } from './stream-provisioner';

export const JETSTREAM_TRANSPORT = Symbol('JETSTREAM');

export interface JetStreamServerOptions {
  service: ServiceName;
  /** A shared connection (its owner closes it) or options for one this server opens and drains. */
  connection: NatsConnection | NatsConnectionOptions;
  namespace?: Namespace | string;
  /** STREAM_REPLICAS: copies of every stream provisioned (1 by default). */
  replicas?: number;
  /** Defaults for every handler's consumer. */
  consumer?: Partial<ConsumerSettings>;
  /** Overrides by the subject as written in `@EventPattern`. */
  consumers?: Record<string, Partial<ConsumerSettings> & { durable?: string }>;
  /** How long close() waits for handlers in flight (default 30 s). */
  shutdownTimeoutMs?: number;
  /** How long one pull request waits for messages (default 10 s, at least 1 s). */
  pullExpiresMs?: number;
  logger?: LoggerService;
}

export type JetStreamStatus = 'connected' | 'disconnected' | 'reconnecting';
type StatusListener = (status: Status) => void;

/**
 * Nest transport over JetStream: every `@EventPattern(subject)` gets a durable pull consumer and
 * its handler is awaited, so its outcome decides ack, nak(back-off) or dead letter
 * (ARCHITECTURE.md, "Delivery guarantees").
 */
export class JetStreamServer extends Server<Record<string, StatusListener>, JetStreamStatus> implements CustomTransportStrategy {
  override readonly transportId = JETSTREAM_TRANSPORT;
  // handlers are awaited and their errors settle the message; Nest must not report them a second time
  override readonly propagatesEventHandlerErrors = true;
  protected override readonly logger: LoggerService;

  private readonly namespace: Namespace;
  private readonly listeners = new Map<string, StatusListener[]>();
  private nc: NatsConnection | null = null;
  private ownsConnection = false;
  private runners: ConsumerRunner[] = [];
  private watchers: MaxDeliveriesWatcher[] = [];
  private closing: Promise<void> | null = null;
  private warnedGenericError = false;

  constructor(private readonly options: JetStreamServerOptions) {
    super();
    this.logger = options.logger ?? new Logger(JetStreamServer.name);
    this.namespace = options.namespace instanceof Namespace ? options.namespace : new Namespace(options.namespace ?? '');
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    this.start().then(
      () => callback(),
      (error: unknown) => callback(error),
    );
  }

  async close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  on<K extends string>(event: K, callback: StatusListener): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), callback]);
  }

  unwrap<T>(): T {
    if (!this.nc) throw new Error('JetStreamServer is not listening');
    return this.nc as T;
  }

  private async start(): Promise<void> {
    const nc = await this.connection();
    try {
      const js = jetstream(nc);
      const jsm = await jetstreamManager(nc);
      await provisionStreams(jsm, this.namespace, STREAMS, {
        replicas: this.options.replicas,
        onDrift: (message) => this.logger.warn(message),
      });
      await this.createRunners(nc, js, jsm);
      this.watchStatus(nc);
      this._status$.next('connected');
      this.logger.log(`listening on ${this.runners.map((r) => r.name).join(', ') || 'no consumers'}`);
    } catch (error) {
      if (this.ownsConnection) await closeNats(nc);
      this.nc = null;
      throw error;
    }
  }

  private async connection(): Promise<NatsConnection> {
    const { connection } = this.options;
    this.ownsConnection = !isNatsConnection(connection);
    this.nc = isNatsConnection(connection) ? connection : await connectNats(connection);
    return this.nc;
  }

  private async createRunners(nc: NatsConnection, js: JetStreamClient, jsm: JetStreamManager): Promise<void> {
    const deadLetters = new DeadLetterPublisher(js, this.namespace);
    const pending: { runner: ConsumerRunner; watcher: MaxDeliveriesWatcher; stream: string; durable: string }[] = [];
    for (const [pattern, handler] of this.messageHandlers) {
      if (!handler.isEventHandler) throw new Error(`JetStreamServer serves only @EventPattern handlers; "${pattern}" is a @MessagePattern`);
      const consumer = resolveConsumer({
        ...this.options.consumer,
        ...this.options.consumers?.[pattern],
        service: this.options.service,
        subject: pattern,
      });
      const { stream, durable } = await provisionConsumer(jsm, this.namespace, consumer);
      const runner = new ConsumerRunner({
        consumer,
        namespace: this.namespace,
        js,
        jsm,
        deadLetters,
        logger: this.logger,
        handle: (envelope, context) => this.invoke(handler, envelope, context),
        pullExpiresMs: Math.max(this.options.pullExpiresMs ?? 10_000, 1_000),
      });
      const watcher = new MaxDeliveriesWatcher({ nc, jsm, namespace: this.namespace, consumer, deadLetters, logger: this.logger });
      pending.push({ runner, watcher, stream, durable });
    }
    const consumers = await Promise.all(pending.map(({ stream, durable }) => js.consumers.get(stream, durable)));
    pending.forEach(({ runner, watcher }, i) => {
      watcher.start();
      runner.start(consumers[i]);
    });
    this.runners = pending.map((p) => p.runner);
    this.watchers = pending.map((p) => p.watcher);
  }

  /** As ServerKafka#handleEvent, but the outcome reaches the caller instead of being logged. */
  private invoke(handler: MessageHandler, envelope: Envelope, context: JetStreamContext): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const started = this.runWithProcessingHooks(context, async (runEndHook) => {
        try {
          const result = this.transformToObservable(await handler(envelope, context));
          await lastValueFrom(result.pipe(finalize(runEndHook)), { defaultValue: undefined });
          resolve();
        } catch (error) {
          this.warnIfGeneric(error);
          reject(error);
          throw error;
        }
      });
      void Promise.resolve(started).catch(() => undefined);
    });
  }

  private warnIfGeneric(error: unknown): void {
    if (this.warnedGenericError || error instanceof Error || (error as { status?: unknown })?.status !== 'error') return;
    this.warnedGenericError = true;
    this.logger.warn(
      'a handler error reached the transport as Nest\'s generic RPC error: register JetStreamExceptionFilter ' +
        '(app.useGlobalFilters) so dead letters keep the error text and PermanentError skips retries',
    );
  }

  private watchStatus(nc: NatsConnection): void {
    void (async () => {
      for await (const status of nc.status()) {
        if (status.type === 'disconnect') this._status$.next('disconnected');
        else if (status.type === 'reconnecting') this._status$.next('reconnecting');
        else if (status.type === 'reconnect') this._status$.next('connected');
        if (status.type === 'disconnect' || status.type === 'reconnect') this.logger.warn(`NATS ${status.type}`);
        for (const listener of this.listeners.get(status.type) ?? []) listener(status);
      }
    })().catch((error: unknown) => this.logger.error(`NATS status watcher stopped: ${String(error)}`));
  }

  private async shutdown(): Promise<void> {
    const timeoutMs = this.options.shutdownTimeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    this.watchers.forEach((watcher) => watcher.stop());
    const finished = await Promise.all(this.runners.map((runner) => runner.stop(deadline)));
    const unfinished = this.runners.filter((_, i) => !finished[i]).map((runner) => `${runner.name} (${runner.inFlightCount})`);
    if (unfinished.length > 0) {
      this.logger.warn(`handlers still running after ${timeoutMs} ms: ${unfinished.join(', ')}; their messages will be redelivered`);
    }
    const nc = this.nc;
    if (nc && this.ownsConnection) await closeNats(nc);
    else if (nc && !nc.isClosed()) await nc.flush().catch(() => undefined);
    this._status$.next('disconnected');
  }
}

function isNatsConnection(value: NatsConnection | NatsConnectionOptions): value is NatsConnection {
  return typeof (value as NatsConnection).drain === 'function';
}
