import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { jetstream, jetstreamManager, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { JetStreamPublisher } from './jetstream.publisher';
import { MessagingHealth } from './messaging.health';
import { JETSTREAM_CLIENT, JETSTREAM_MANAGER, MESSAGING_OPTIONS, NATS_CONNECTION } from './messaging.tokens';
import { Namespace } from './namespace';
import { closeNats, connectNats } from './nats-connection';
import { assertReplicasFitCluster } from './stream-replicas';

export interface MessagingModuleOptions {
  url: string;
  /** Connection name, shown by the server (e.g. `lifecycle-billing`). */
  name: string;
  user?: string;
  pass?: string;
  token?: string;
  /** LIFECYCLE_NAMESPACE; empty or absent leaves names as the contracts spell them. */
  namespace?: string;
  /** STREAM_REPLICAS: the connection is refused at boot when the cluster has fewer servers. */
  replicas?: number;
}

/** How long the services' publisher retries through a stream leader election (docs/operations.md, "High availability"). */
export const ELECTION_RETRY_MS = 30_000;

/** One NATS connection per process, shared by the publisher, the health check and the JetStream transport. */
@Global()
@Module({})
export class MessagingModule implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: Namespace, useValue: new Namespace(options.namespace ?? '') },
        {
          provide: NATS_CONNECTION,
          useFactory: async () => {
            const nc = await connectNats({ url: options.url, name: options.name, user: options.user, pass: options.pass, token: options.token });
            try {
              assertReplicasFitCluster(nc, options.replicas ?? 1);
            } catch (error) {
              await nc.close();
              throw error;
            }
            return nc;
          },
        },
        { provide: JETSTREAM_CLIENT, useFactory: (nc: NatsConnection) => jetstream(nc), inject: [NATS_CONNECTION] },
        { provide: JETSTREAM_MANAGER, useFactory: (nc: NatsConnection) => jetstreamManager(nc), inject: [NATS_CONNECTION] },
        {
          provide: JetStreamPublisher,
          useFactory: (js: JetStreamClient, namespace: Namespace) => new JetStreamPublisher(js, namespace, { electionRetryMs: ELECTION_RETRY_MS }),
          inject: [JETSTREAM_CLIENT, Namespace],
        },
        MessagingHealth,
      ],
      exports: [NATS_CONNECTION, Namespace, JETSTREAM_CLIENT, JETSTREAM_MANAGER, JetStreamPublisher, MessagingHealth],
    };
  }

  // After the transport's close(): Nest closes microservices before shutdown hooks, so in-flight acks are flushed here.
  async onApplicationShutdown(): Promise<void> {
    await closeNats(this.nc);
  }
}
