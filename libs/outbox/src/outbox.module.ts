import { Global, Inject, Injectable, Module, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { JetStreamPublisher } from '@lifecycle/messaging';
import { OutboxRelay } from './outbox.relay';
import { OutboxWriter } from './outbox.writer';

@Injectable()
class OutboxRelayLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(OutboxRelay) private readonly relay: OutboxRelay) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  // Before onApplicationShutdown, where the NATS connection and the DataSource close.
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}

/** Provides `OutboxWriter` to every module and runs one `OutboxRelay` per process. Needs `DataSource` and `JetStreamPublisher` in DI. */
@Global()
@Module({
  providers: [
    OutboxWriter,
    {
      provide: OutboxRelay,
      useFactory: (dataSource: DataSource, publisher: JetStreamPublisher) => new OutboxRelay(dataSource, publisher),
      inject: [DataSource, JetStreamPublisher],
    },
    OutboxRelayLifecycle,
  ],
  exports: [OutboxWriter, OutboxRelay],
})
export class OutboxModule {}
