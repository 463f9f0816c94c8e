import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { DataSource } from 'typeorm';
import { STREAMS } from '@lifecycle/contracts';
import { MessagingModule, Namespace, NATS_CONNECTION, provisionStreams } from '@lifecycle/messaging';
import { OutboxModule, OutboxRelay, OutboxWriter } from '@lifecycle/outbox';
import { PersistenceModule } from '@lifecycle/persistence';
import { createTestDatabase, testInfra, testNamespace, type TestDatabase } from '@lifecycle/testing';
import { bySubscription, eventually, LIFECYCLE_STREAM, trialExpiring } from './outbox-harness';

describe('OutboxModule', () => {
  let db: TestDatabase;

  beforeEach(async () => {
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await db.drop();
  });

  it('runs the relay from bootstrap to shutdown and gives every module the writer', async () => {
    const namespace = testNamespace();
    const moduleRef = await Test.createTestingModule({
      imports: [
        PersistenceModule.forRoot({ url: db.url, applicationName: 'lifecycle-outbox-test', poolSize: 3 }),
        MessagingModule.forRoot({ url: testInfra().natsUrl, name: 'lifecycle-outbox-test', namespace }),
        OutboxModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const nc = app.get<NatsConnection>(NATS_CONNECTION);
    const jsm = await jetstreamManager(nc);
    await provisionStreams(jsm, new Namespace(namespace), STREAMS);
    const relay = app.get(OutboxRelay);
    const dataSource = app.get(DataSource);

    expect(relay.running).toBe(true);
    await dataSource.transaction((m) => app.get(OutboxWriter).append(m, [trialExpiring(11, 1)], bySubscription));
    await eventually(async () => (await jsm.streams.info(new Namespace(namespace).stream(LIFECYCLE_STREAM))).state.messages, (n) => n === 1);

    await app.close();
    expect(relay.running).toBe(false);
    expect(dataSource.isInitialized).toBe(false);
  });
});
