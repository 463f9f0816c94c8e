import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NatsConnection } from '@nats-io/transport-node';
import { startNatsServer, testInfra, testNamespace, type NatsServerProcess } from '@lifecycle/testing';
import { JetStreamPublisher } from './jetstream.publisher';
import { MessagingHealth } from './messaging.health';
import { MessagingModule } from './messaging.module';
import { JETSTREAM_MANAGER, NATS_CONNECTION } from './messaging.tokens';
import { Namespace } from './namespace';
import { provisionStreams } from './stream-provisioner';
import { STREAMS } from '@lifecycle/contracts';
import type { JetStreamManager } from '@nats-io/jetstream';
import { bootHarness, eventually, trialExpired, type Harness } from '../test/messaging.harness';

async function messagingApp(url: string, namespace: string, replicas?: number) {
  @Module({ imports: [MessagingModule.forRoot({ url, name: 'messaging-module-test', namespace, replicas })] })
  class AppModule {}
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false, abortOnError: false });
  app.enableShutdownHooks();
  return app;
}

describe('MessagingModule (real nats-server)', () => {
  let server: NatsServerProcess | undefined;
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    await server?.dispose();
    h = server = undefined;
  });

  it('refuses to boot when STREAM_REPLICAS exceeds the size of the (unclustered) server', async () => {
    await expect(messagingApp(testInfra().natsUrl, testNamespace(), 3)).rejects.toThrow(
      /STREAM_REPLICAS=3, but the NATS server is not clustered \(cluster size 1/,
    );
  });

  it('provides the connection, namespace, publisher and health, and drains on shutdown', async () => {
    const namespace = testNamespace();
    const app = await messagingApp(testInfra().natsUrl, namespace);
    const nc = app.get<NatsConnection>(NATS_CONNECTION);
    const health = app.get(MessagingHealth);
    expect(app.get(Namespace).value).toBe(namespace);
    expect(await health.isReady()).toBe(true);

    await provisionStreams(app.get<JetStreamManager>(JETSTREAM_MANAGER), app.get(Namespace), STREAMS);
    const outcome = await app.get(JetStreamPublisher).publish(trialExpired());
    expect(outcome).toMatchObject({ ok: true, seq: 1, duplicate: false });

    await app.close();
    expect(nc.isClosed()).toBe(true);
    expect(await health.isReady()).toBe(false);
  });

  it('is not ready while nats-server is down, and ready again after it returns', async () => {
    server = await startNatsServer();
    const app = await messagingApp(server.url, testNamespace());
    const health = app.get(MessagingHealth);
    try {
      expect(await health.isReady()).toBe(true);
      await server.stop();
      const started = Date.now();
      expect(await health.isReady()).toBe(false);
      expect(Date.now() - started).toBeLessThan(2_500);
      await server.start();
      await eventually(() => health.isReady(), 10_000, 'readiness after restart');
    } finally {
      await app.close();
    }
  });

  it('keeps consuming after nats-server restarts', async () => {
    server = await startNatsServer();
    h = await bootHarness({ natsUrl: server.url });
    await h.publisher.publish(trialExpired());
    await eventually(() => h!.calls.length === 1, 5_000, 'the first message');

    await server.stop();
    await server.start();
    await eventually(() => h!.app.get(MessagingHealth).isReady(), 10_000, 'the reconnect');
    await h.publisher.publish(trialExpired());
    await eventually(() => h!.calls.length === 2, 15_000, 'the message after the restart');
  });
});
