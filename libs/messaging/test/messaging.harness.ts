import { Controller, Inject, Module, type INestApplication, type INestMicroservice, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload, type MicroserviceOptions } from '@nestjs/microservices';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createEnvelope, EVENT_SAMPLES, type DeadLetter, type Envelope } from '@lifecycle/contracts';
import { testInfra, testNamespace } from '@lifecycle/testing';
import {
  JetStreamExceptionFilter,
  JetStreamPublisher,
  JetStreamServer,
  MessagingModule,
  NATS_CONNECTION,
  Namespace,
  type JetStreamContext,
  type JetStreamServerOptions,
} from '../src';

export interface Call {
  subject: string;
  envelope: Envelope;
  deliveryCount: number;
  at: number;
}

export type Behaviour = (envelope: Envelope, ctx: JetStreamContext) => unknown;

const BEHAVIOUR = Symbol('BEHAVIOUR');
const CALLS = Symbol('CALLS');

@Controller()
class TestController {
  constructor(
    @Inject(BEHAVIOUR) private readonly behaviour: Behaviour,
    @Inject(CALLS) private readonly calls: Call[],
  ) {}

  // the string type argument picks the untyped overload: the typed one wants `...args: unknown[]` after the payload
  @EventPattern<string>('trial.expired')
  onTrialExpired(@Payload() envelope: Envelope, @Ctx() ctx: JetStreamContext): unknown {
    return this.record(envelope, ctx);
  }

  @EventPattern<string>('clock.tick.>')
  onTick(@Payload() envelope: Envelope, @Ctx() ctx: JetStreamContext): unknown {
    return this.record(envelope, ctx);
  }

  private record(envelope: Envelope, ctx: JetStreamContext): unknown {
    this.calls.push({ subject: ctx.subject, envelope, deliveryCount: ctx.deliveryCount, at: Date.now() });
    return this.behaviour(envelope, ctx);
  }
}

export class RecordingLogger implements LoggerService {
  readonly lines: { level: string; message: string }[] = [];
  log = (message: unknown) => this.push('log', message);
  error = (message: unknown) => this.push('error', message);
  warn = (message: unknown) => this.push('warn', message);
  debug = (message: unknown) => this.push('debug', message);
  verbose = (message: unknown) => this.push('verbose', message);
  private push(level: string, message: unknown): void {
    this.lines.push({ level, message: String(message) });
  }
}

export interface Harness {
  ns: Namespace;
  nc: NatsConnection;
  jsm: JetStreamManager;
  calls: Call[];
  logger: RecordingLogger;
  publisher: JetStreamPublisher;
  /** The Nest app under test (microservice or hybrid). */
  app: INestMicroservice | INestApplication;
  close(): Promise<void>;
}

export interface BootOptions {
  behaviour?: Behaviour;
  server?: Partial<Omit<JetStreamServerOptions, 'connection' | 'namespace'>>;
  /** Boot like runService: an HTTP app with the transport connected on the shared connection. */
  hybrid?: boolean;
  /** Default: a fresh one. */
  namespace?: string;
  /** Default: the run's shared nats-server. */
  natsUrl?: string;
}

/** A real Nest app on the real nats-server, in a namespace of its own. */
export async function bootHarness(options: BootOptions = {}): Promise<Harness> {
  const natsUrl = options.natsUrl ?? testInfra().natsUrl;
  const ns = new Namespace(options.namespace ?? testNamespace());
  const calls: Call[] = [];
  const logger = new RecordingLogger();

  @Module({
    imports: [MessagingModule.forRoot({ url: natsUrl, name: 'messaging-test', namespace: ns.value })],
    controllers: [TestController],
    providers: [
      { provide: BEHAVIOUR, useValue: options.behaviour ?? (() => undefined) },
      { provide: CALLS, useValue: calls },
    ],
  })
  class TestModule {}

  const serverOptions = (connection: JetStreamServerOptions['connection']): JetStreamServerOptions => ({
    service: 'billing',
    connection,
    namespace: ns,
    pullExpiresMs: 1_000,
    logger,
    ...options.server,
  });

  let app: INestMicroservice | INestApplication;
  if (options.hybrid) {
    const http = await NestFactory.create(TestModule, { logger: false });
    http.connectMicroservice<MicroserviceOptions>(
      { strategy: new JetStreamServer(serverOptions(http.get(NATS_CONNECTION))) },
      { inheritAppConfig: true },
    );
    http.useGlobalFilters(new JetStreamExceptionFilter(http.getHttpAdapter()));
    await http.startAllMicroservices();
    await http.init();
    app = http;
  } else {
    const microservice = await NestFactory.createMicroservice<MicroserviceOptions>(TestModule, {
      strategy: new JetStreamServer(serverOptions({ url: natsUrl, name: 'messaging-test-server' })),
      logger: false,
    });
    microservice.useGlobalFilters(new JetStreamExceptionFilter());
    await microservice.listen();
    app = microservice;
  }

  const nc = await connect({ servers: natsUrl });
  const jsm = await jetstreamManager(nc);
  let closed = false;
  return {
    ns,
    nc,
    jsm,
    calls,
    logger,
    app,
    publisher: app.get(JetStreamPublisher),
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await nc.close();
    },
  };
}

let sequence = 0;

export function trialExpired(id = `trial.expired:sub-42:${++sequence}`): Envelope<'trial.expired'> {
  return createEnvelope('trial.expired', {
    id,
    source: 'billing',
    correlationId: 'tick-1',
    occurredAt: '2026-12-08T09:00:00Z',
    data: EVENT_SAMPLES['trial.expired'],
  });
}

/** Publishes raw bytes, as a broken or foreign producer would. */
export async function publishRaw(h: Harness, subject: string, payload: string, id: string): Promise<void> {
  await jetstream(h.nc).publish(h.ns.subject(subject), payload, { msgID: id });
}

type Falsy = false | 0 | '' | null | undefined;

export async function eventually<T>(probe: () => Promise<T | Falsy> | T | Falsy, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(25);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function deadLetters(h: Harness, consumer: string): Promise<{ letter: DeadLetter; msgId: string | undefined }[]> {
  const stream = h.ns.stream('DLQ');
  const info = await h.jsm.streams.info(stream);
  const letters: { letter: DeadLetter; msgId: string | undefined }[] = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
    const msg = await h.jsm.streams.getMessage(stream, { seq });
    if (msg && msg.subject === h.ns.subject(`dlq.${consumer}`)) letters.push({ letter: msg.json<DeadLetter>(), msgId: msg.header?.get('Nats-Msg-Id') });
  }
  return letters;
}

export function consumerInfo(h: Harness, stream: string, durable: string) {
  return h.jsm.consumers.info(h.ns.stream(stream), durable);
}
