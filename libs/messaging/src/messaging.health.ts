import { Inject, Injectable } from '@nestjs/common';
import type { JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { JETSTREAM_MANAGER, NATS_CONNECTION } from './messaging.tokens';

/** For /readyz: the connection is open and JetStream answers. */
@Injectable()
export class MessagingHealth {
  readonly name = 'nats';

  constructor(
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    @Inject(JETSTREAM_MANAGER) private readonly jsm: JetStreamManager,
  ) {}

  async isReady(timeoutMs = 2_000): Promise<boolean> {
    if (this.nc.isClosed() || this.nc.isDraining()) return false;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        this.jsm.getAccountInfo().then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
      ]);
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}
