import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { STREAMS } from '@lifecycle/contracts';
import { testInfra, testNamespace } from '@lifecycle/testing';
import { provisionConsumer } from './consumer-provisioner';
import { Namespace } from './namespace';
import { PermanentError } from './permanent.error';
import { provisionStreams } from './stream-provisioner';
import {
  bootHarness,
  consumerInfo,
  deadLetters,
  eventually,
  publishRaw,
  sleep,
  trialExpired,
  type Behaviour,
  type BootOptions,
  type Harness,
} from '../test/messaging.harness';

const CONSUMER = 'billing--trial_expired';

describe('JetStreamServer (real nats-server)', () => {
  let h: Harness | undefined;
  const boot = async (options: BootOptions) => (h = await bootHarness(options));
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('acks a handled message once', async () => {
    const t = await boot({});
    const envelope = trialExpired();
    await t.publisher.publish(envelope);

    await eventually(() => t.calls.length === 1, 5_000, 'the handler');
    const info = await eventually(async () => {
      const i = await consumerInfo(t, 'LIFECYCLE', CONSUMER);
      return i.ack_floor.stream_seq === 1 && i;
    });
    expect(info).toMatchObject({ num_ack_pending: 0, num_redelivered: 0, num_pending: 0 });
    expect(t.calls[0]).toMatchObject({ subject: 'trial.expired', deliveryCount: 1, envelope });
    await sleep(300);
    expect(t.calls).toHaveLength(1);
    expect(t.logger.lines.filter((l) => l.level !== 'log')).toEqual([]);
    expect(t.logger.lines.map((l) => l.message).join('\n')).not.toContain(envelope.data.admin.email);
  });

  it('redelivers a failing message with growing delays, then dead-letters it with the error', async () => {
    const backoffMs = [200, 400, 800];
    const t = await boot({
      behaviour: () => {
        throw new Error('payment gateway unreachable');
      },
      server: { consumers: { 'trial.expired': { backoffMs, maxDeliver: 4 } } },
    });
    const envelope = trialExpired();
    await t.publisher.publish(envelope);

    const [dead] = await eventually(async () => {
      const letters = await deadLetters(t, CONSUMER);
      return letters.length > 0 && letters;
    }, 10_000, 'the dead letter');

    expect(t.calls.map((c) => c.deliveryCount)).toEqual([1, 2, 3, 4]);
    const gaps = t.calls.slice(1).map((c, i) => c.at - t.calls[i].at);
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual(backoffMs[i] - 20);
      expect(gap).toBeLessThan(backoffMs[i] + 1_000);
    });
    expect(dead.msgId).toBe(`${CONSUMER}:1`);
    expect(dead.letter).toMatchObject({
      consumer: CONSUMER,
      stream: 'LIFECYCLE',
      streamSequence: 1,
      originalSubject: 'trial.expired',
      reason: 'max-deliveries',
      error: 'payment gateway unreachable',
      deliveryCount: 4,
      payloadEncoding: 'utf8',
    });
    expect(JSON.parse(dead.letter.payload)).toEqual(envelope);
    expect(dead.letter.headers['Nats-Msg-Id']).toEqual([envelope.id]);

    const info = await eventually(async () => {
      const i = await consumerInfo(t, 'LIFECYCLE', CONSUMER);
      return i.num_ack_pending === 0 && i;
    });
    expect(info.num_pending).toBe(0);
    await sleep(300);
    expect(t.calls).toHaveLength(4);
  });

  it('dead-letters a PermanentError at once', async () => {
    const t = await boot({
      behaviour: () => Promise.reject(new PermanentError('company 12 does not exist')),
    });
    await t.publisher.publish(trialExpired());

    const [dead] = await eventually(async () => {
      const letters = await deadLetters(t, CONSUMER);
      return letters.length > 0 && letters;
    });
    expect(dead.letter).toMatchObject({
      deliveryCount: 1,
      reason: 'permanent-error',
      error: 'PermanentError: company 12 does not exist',
    });
    await sleep(300);
    expect(t.calls).toHaveLength(1);
  });

  it('dead-letters invalid payloads at once and keeps consuming', async () => {
    const t = await boot({});
    const valid = trialExpired();
    await publishRaw(t, 'trial.expired', '{"id": not json', 'bad-json');
    await publishRaw(t, 'trial.expired', JSON.stringify({ ...valid, id: 'wrong-schema', data: { companyId: 'twelve' } }), 'wrong-schema');
    await publishRaw(t, 'trial.expired', JSON.stringify({ ...valid, id: 'v2', version: 2 }), 'v2');
    await t.publisher.publish(valid);

    await eventually(() => t.calls.length === 1, 5_000, 'the valid message');
    expect(t.calls[0].envelope).toEqual(valid);
    const letters = await eventually(async () => {
      const l = await deadLetters(t, CONSUMER);
      return l.length === 3 && l;
    });
    expect(letters.map((l) => [l.letter.streamSequence, l.letter.reason, l.letter.deliveryCount])).toEqual([
      [1, 'invalid-payload', 1],
      [2, 'invalid-payload', 1],
      [3, 'invalid-payload', 1],
    ]);
    expect(letters[0].letter.error).toMatch(/not JSON/);
    expect(letters[0].letter.payload).toBe('{"id": not json');
    expect(letters[1].letter.error).toMatch(/companyId/);
    expect(letters[2].letter.error).toMatch(/unknown version 2/);
    const info = await eventually(async () => {
      const i = await consumerInfo(t, 'LIFECYCLE', CONSUMER);
      return i.ack_floor.stream_seq === 4 && i;
    });
    expect(info).toMatchObject({ num_ack_pending: 0, num_redelivered: 0 });
  });

  it('dead-letters a subject without contract that a wildcard consumer receives', async () => {
    const t = await boot({});
    await publishRaw(t, 'clock.tick.no-such-schedule', '{}', 'tick-x');
    const [dead] = await eventually(async () => {
      const letters = await deadLetters(t, 'billing--clock_tick_all');
      return letters.length > 0 && letters;
    });
    expect(dead.letter).toMatchObject({ reason: 'unknown-subject', originalSubject: 'clock.tick.no-such-schedule', stream: 'CLOCK' });
    expect(t.calls).toHaveLength(0);
  });

  it('dead-letters a message whose last delivery ended without an outcome (a crashed process)', async () => {
    const ns = new Namespace(testNamespace());
    const settings = { maxDeliver: 1, ackWaitMs: 1_000 };
    const nc = await connect({ servers: testInfra().natsUrl });
    try {
      const jsm = await jetstreamManager(nc);
      await provisionStreams(jsm, ns, STREAMS);
      const { stream, durable } = await provisionConsumer(jsm, ns, { service: 'billing', subject: 'trial.expired', ...settings });
      const envelope = trialExpired();
      await jetstream(nc).publish(ns.subject('trial.expired'), JSON.stringify(envelope), { msgID: envelope.id });
      // the process that crashed: it pulled the message and never settled it
      const batch = await (await jetstream(nc).consumers.get(stream, durable)).fetch({ max_messages: 1, expires: 1_000 });
      for await (const _ of batch) break;

      const t = await boot({ namespace: ns.value, server: { consumers: { 'trial.expired': settings } } });
      const [dead] = await eventually(async () => {
        const letters = await deadLetters(t, CONSUMER);
        return letters.length > 0 && letters;
      }, 10_000, 'the dead letter from the advisory');
      expect(dead.letter).toMatchObject({ reason: 'max-deliveries', deliveryCount: 1, streamSequence: 1, originalSubject: 'trial.expired' });
      expect(dead.letter.error).toMatch(/no outcome after 1 deliveries/);
      expect(JSON.parse(dead.letter.payload)).toEqual(envelope);
      expect(t.calls).toHaveLength(0);
    } finally {
      await nc.close();
    }
  });

  it('stores a fact published twice once', async () => {
    const t = await boot({});
    const envelope = trialExpired();
    const first = await t.publisher.publish(envelope);
    const second = await t.publisher.publish(envelope);
    expect(first).toMatchObject({ ok: true, duplicate: false, seq: 1 });
    expect(second).toMatchObject({ ok: true, duplicate: true });
    expect((await t.jsm.streams.info(t.ns.stream('LIFECYCLE'))).state.messages).toBe(1);
    await eventually(() => t.calls.length === 1);
    await sleep(200);
    expect(t.calls).toHaveLength(1);
  });

  it('keeps at most `concurrency` handlers in flight', async () => {
    let running = 0;
    let peak = 0;
    const behaviour: Behaviour = async () => {
      peak = Math.max(peak, ++running);
      await sleep(150);
      running--;
    };
    const t = await boot({ behaviour, server: { consumer: { concurrency: 2 } } });
    await t.publisher.publishBatch(
      Array.from({ length: 6 }, () => {
        const e = trialExpired();
        return { subject: e.type, id: e.id, payload: JSON.stringify(e) };
      }),
    );
    await eventually(() => t.calls.length === 6, 5_000, 'six calls');
    expect(peak).toBe(2);
  });

  it('pulls again only when half of the slots are free, and then asks for all of them', async () => {
    const gates: (() => void)[] = [];
    const t = await boot({
      behaviour: () => new Promise<void>((resolve) => gates.push(resolve)),
      server: { consumer: { concurrency: 4 } },
    });
    const pulls: number[] = [];
    t.nc.subscribe(`$JS.API.CONSUMER.MSG.NEXT.${t.ns.stream('LIFECYCLE')}.${CONSUMER}`, {
      callback: (_error, msg) => {
        pulls.push(msg.json<{ batch: number }>().batch);
      },
    });
    await t.nc.flush();
    await t.publisher.publishBatch(
      Array.from({ length: 10 }, () => {
        const e = trialExpired();
        return { subject: e.type, id: e.id, payload: JSON.stringify(e) };
      }),
    );
    await eventually(() => t.calls.length === 4, 5_000, 'four handlers');
    const before = pulls.length;

    gates.shift()!();
    await eventually(async () => (await consumerInfo(t, 'LIFECYCLE', CONSUMER)).num_ack_pending === 3, 5_000, 'the first ack');
    await sleep(300);
    expect(pulls.length).toBe(before);
    expect(t.calls).toHaveLength(4);

    gates.shift()!();
    await eventually(() => t.calls.length === 6, 5_000, 'two more handlers');
    expect(pulls.slice(before)).toEqual([2]);

    while (t.calls.length < 10 || gates.length > 0) {
      gates.splice(0).forEach((open) => open());
      await sleep(20);
    }
    expect(pulls.every((batch) => batch >= 2)).toBe(true);
  });

  it('acks with a plain ack, not a confirmed request', async () => {
    const t = await boot({});
    const acks: { body: string; reply: string }[] = [];
    t.nc.subscribe(`$JS.ACK.${t.ns.stream('LIFECYCLE')}.${CONSUMER}.>`, {
      callback: (_error, msg) => {
        acks.push({ body: msg.string(), reply: msg.reply ?? '' });
      },
    });
    await t.nc.flush();
    await t.publisher.publish(trialExpired());
    await eventually(() => acks.length === 1, 5_000, 'the ack');
    expect(acks).toEqual([{ body: '+ACK', reply: '' }]);
  });

  it('provisions a deleted consumer again and keeps consuming', async () => {
    const t = await boot({});
    await t.publisher.publish(trialExpired('trial.expired:first'));
    await eventually(() => t.calls.length === 1, 5_000, 'the first message');
    await t.jsm.consumers.delete(t.ns.stream('LIFECYCLE'), CONSUMER);
    await t.publisher.publish(trialExpired('trial.expired:second'));
    await eventually(() => t.calls.some((c) => c.envelope.id === 'trial.expired:second'), 15_000, 'the message after the deletion');
    expect(t.logger.lines.map((l) => l.message)).toContainEqual(expect.stringContaining(`${CONSUMER}: consumer created again`));
  });

  it('keeps a handler longer than ack_wait from being redelivered', async () => {
    const t = await boot({ behaviour: () => sleep(1_600), server: { consumer: { ackWaitMs: 1_000 } } });
    await t.publisher.publish(trialExpired());
    const info = await eventually(async () => {
      const i = await consumerInfo(t, 'LIFECYCLE', CONSUMER);
      return i.ack_floor.stream_seq === 1 && i;
    });
    expect(info.num_redelivered).toBe(0);
    expect(t.calls.map((c) => c.deliveryCount)).toEqual([1]);
  });

  it.each([
    ['its own connection (drained)', false],
    ['a shared connection (flushed)', true],
  ])('finishes and acks messages in flight at shutdown, on %s', async (_name, hybrid) => {
    let finishedAt = 0;
    const t = await boot({
      hybrid,
      behaviour: async () => {
        await sleep(1_000);
        finishedAt = Date.now();
      },
    });
    await t.publisher.publish(trialExpired());
    await eventually(() => t.calls.length === 1, 5_000, 'the slow handler to start');

    await t.app.close();
    const closedAt = Date.now();
    expect(finishedAt).toBeGreaterThan(0);
    expect(finishedAt).toBeLessThanOrEqual(closedAt);

    // the plain ack left the process before its connection closed; the server applies it on its own time
    const info = await eventually(async () => {
      const i = await consumerInfo(t, 'LIFECYCLE', CONSUMER);
      return i.ack_floor.stream_seq === 1 && i;
    }, 5_000, 'the ack');
    expect(info).toMatchObject({ num_ack_pending: 0, num_redelivered: 0, num_pending: 0 });
    await t.close();
  });
});
