import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createEnvelope, EVENT_SAMPLES, Namespace, STREAMS, type Envelope } from '@lifecycle/contracts';
import { consume, ConsumerConfigurationError, type Rejection, type RunningConsumer } from '@lifecycle/contracts/consumer';
import { provisionStreams } from '@lifecycle/messaging';
import { eventually, testInfra, testNamespace } from '@lifecycle/testing';

// The consumer helper of @lifecycle/contracts, imported as an outside consumer imports it, on real NATS.
const SUSPENDED = 'subscription.suspended';
const DURABLE = 'chat-bridge';

describe('consume() from @lifecycle/contracts/consumer', () => {
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let ns: Namespace;
  let running: RunningConsumer | undefined;
  const rejections: Rejection[] = [];

  beforeEach(async () => {
    nc = await connect({ servers: testInfra().natsUrl });
    jsm = await jetstreamManager(nc);
    ns = new Namespace(testNamespace());
    await provisionStreams(jsm, ns, STREAMS);
    rejections.length = 0;
  });

  afterEach(async () => {
    await running?.stop();
    running = undefined;
    for (const stream of STREAMS) await jsm.streams.delete(ns.stream(stream.name)).catch(() => undefined);
    await nc.close();
  });

  function suspended(id: string): Envelope<typeof SUSPENDED> {
    return createEnvelope(SUSPENDED, {
      id,
      source: 'billing',
      correlationId: 'payment-retry@2026-12-01T09:00:00Z',
      occurredAt: '2026-12-01T09:00:01Z',
      data: EVENT_SAMPLES[SUSPENDED],
    });
  }

  async function publish(payload: unknown, subject: string = SUSPENDED): Promise<void> {
    await jetstream(nc).publish(ns.subject(subject), typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  const durableState = () => jsm.consumers.info(ns.stream('LIFECYCLE'), DURABLE);
  const settled = async () => {
    const info = await durableState();
    return info.num_pending === 0 && info.num_ack_pending === 0;
  };

  it('creates the durable on the namespaced subject, passes validated typed envelopes and acks them', async () => {
    const seen: string[] = [];
    running = await consume({
      connection: nc,
      namespace: ns.value,
      subject: SUSPENDED,
      durable: DURABLE,
      handler: (envelope) => {
        // typed: data is SubscriptionSuspended
        seen.push(`${envelope.id} ${envelope.data.companyName} ${envelope.data.paymentId}`);
      },
      onRejected: (r) => rejections.push(r),
    });
    await publish(suspended('s-1'));
    await publish(suspended('s-2'));
    await eventually(() => seen.length, (n) => n === 2);
    await eventually(settled, Boolean, 10_000, 'every message acked');
    const info = await durableState();
    expect(info.config.filter_subject).toBe(ns.subject(SUSPENDED));
    expect(info.config.ack_policy).toBe('explicit');
    expect(info.delivered.consumer_seq).toBe(2);
    expect(seen).toEqual([
      `s-1 ${EVENT_SAMPLES[SUSPENDED].companyName} ${EVENT_SAMPLES[SUSPENDED].paymentId}`,
      `s-2 ${EVENT_SAMPLES[SUSPENDED].companyName} ${EVENT_SAMPLES[SUSPENDED].paymentId}`,
    ]);
    expect(rejections).toEqual([]);
  });

  it('terms what is not the contract (bad JSON, a wrong field) without calling the handler, and goes on', async () => {
    const seen: string[] = [];
    running = await consume({
      connection: nc,
      namespace: ns.value,
      subject: SUSPENDED,
      durable: DURABLE,
      handler: (envelope) => void seen.push(envelope.id),
      onRejected: (r) => rejections.push(r),
    });
    await publish('{not json');
    await publish({ ...suspended('bad'), data: { ...EVENT_SAMPLES[SUSPENDED], companyId: 'seven' } });
    await publish(suspended('good'));
    await eventually(() => seen.length, (n) => n === 1);
    await eventually(settled, Boolean, 10_000, 'nothing left in flight');
    expect(seen).toEqual(['good']);
    expect(rejections.map((r) => [r.reason, r.deliveryCount, r.subject])).toEqual([
      ['invalid-payload', 1, ns.subject(SUSPENDED)],
      ['invalid-payload', 1, ns.subject(SUSPENDED)],
    ]);
    expect(rejections[0].error).toBe('invalid subscription.suspended event: not JSON');
    expect(rejections[1].error).toContain('data.companyId');
  });

  it('naks a failing handler with the back-off, acks the retry that succeeds', async () => {
    const deliveries: number[] = [];
    running = await consume({
      connection: nc,
      namespace: ns.value,
      subject: SUSPENDED,
      durable: DURABLE,
      backoffMs: [200],
      handler: (_, msg) => {
        deliveries.push(msg.info.deliveryCount);
        if (msg.info.deliveryCount < 3) throw new Error('chat webhook answered 503');
      },
      onRejected: (r) => rejections.push(r),
    });
    const started = Date.now();
    await publish(suspended('s-1'));
    await eventually(() => deliveries.length, (n) => n === 3);
    await eventually(settled, Boolean, 10_000, 'the retry acked');
    expect(deliveries).toEqual([1, 2, 3]);
    // two naks of 200 ms each before the third delivery
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(rejections).toEqual([]);
  });

  it('terms after maxDeliver failures, and at once on an error with permanent === true', async () => {
    const calls: string[] = [];
    running = await consume({
      connection: nc,
      namespace: ns.value,
      subject: SUSPENDED,
      durable: DURABLE,
      maxDeliver: 2,
      backoffMs: [50],
      handler: (envelope) => {
        calls.push(envelope.id);
        if (envelope.id === 'never') throw Object.assign(new Error('no such company here'), { permanent: true });
        throw new Error('down');
      },
      onRejected: (r) => rejections.push(r),
    });
    await publish(suspended('flaky'));
    await publish(suspended('never'));
    await eventually(() => rejections.length, (n) => n === 2);
    await eventually(settled, Boolean, 10_000, 'both terminated');
    expect(calls.filter((id) => id === 'flaky')).toHaveLength(2);
    expect(calls.filter((id) => id === 'never')).toHaveLength(1);
    expect(rejections.map((r) => [r.reason, r.deliveryCount, r.error]).sort()).toEqual([
      ['max-deliveries', 2, 'down'],
      ['permanent-error', 1, 'no such company here'],
    ]);
  });

  it('keeps a message while a handler outlasts the ack wait (working()): a second replica does not get it too', async () => {
    const deliveries: string[] = [];
    const replica = (name: string, bind: boolean) =>
      consume({
        connection: nc,
        namespace: ns.value,
        subject: SUSPENDED,
        durable: DURABLE,
        ackWaitMs: 1_000,
        bind,
        handler: async (_, msg) => {
          deliveries.push(`${name}#${msg.info.deliveryCount}`);
          await new Promise((resolve) => setTimeout(resolve, 2_500));
        },
      });
    running = await replica('a', false);
    const second = await replica('b', true);
    try {
      await publish(suspended('slow'));
      await eventually(() => deliveries.length, (n) => n === 1);
      await eventually(settled, Boolean, 10_000, 'the slow message acked');
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatch(/^[ab]#1$/);
      expect((await durableState()).num_redelivered).toBe(0);
    } finally {
      await second.stop();
    }
  });

  it('connects with ordinary nats.js options, binds to a durable made beforehand', async () => {
    const seen: string[] = [];
    const options = {
      connection: { servers: testInfra().natsUrl, name: 'chat-bridge' },
      namespace: ns.value,
      subject: SUSPENDED,
      durable: DURABLE,
      handler: (envelope: Envelope<typeof SUSPENDED>) => void seen.push(envelope.id),
    } as const;
    await expect(consume({ ...options, bind: true })).rejects.toThrow(/consumer not found/i);
    const first = await consume(options);
    await first.stop();
    running = await consume({ ...options, bind: true });
    await publish(suspended('s-1'));
    await eventually(() => seen, (ids) => ids.length === 1);
    expect(running.stream).toBe(ns.stream('LIFECYCLE'));
  });

  it('settles `closed` when its connection goes away, and with null after stop()', async () => {
    const own = await connect({ servers: testInfra().natsUrl });
    const options = { namespace: ns.value, subject: SUSPENDED, durable: DURABLE, handler: () => undefined } as const;
    const lost = await consume({ ...options, connection: own });
    await own.close();
    const outcome = await Promise.race([lost.closed, new Promise((resolve) => setTimeout(() => resolve('still running'), 5_000))]);
    expect(String(outcome)).toMatch(/closed/i);
    const stopped = await consume({ ...options, connection: nc });
    await stopped.stop();
    expect(await stopped.closed).toBeNull();
  });

  it('refuses a subject outside the contracts and a durable named like the services\' own', async () => {
    const base = { connection: nc, namespace: ns.value, handler: () => undefined };
    await expect(consume({ ...base, subject: 'subscription.cancelled' as typeof SUSPENDED, durable: DURABLE })).rejects.toThrow(
      ConsumerConfigurationError,
    );
    await expect(consume({ ...base, subject: SUSPENDED, durable: 'notifier--subscription_suspended' })).rejects.toThrow(
      /not starting with a service name/,
    );
    await expect(consume({ ...base, subject: SUSPENDED, durable: 'chat.bridge' })).rejects.toThrow(ConsumerConfigurationError);
  });
});
