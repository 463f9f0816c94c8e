import { parseArgs } from 'node:util';
import { jetstream, jetstreamManager, type Consumer, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { z } from 'zod';
import { loadEnv, natsEnv } from '@lifecycle/config';
import { createEnvelope, EVENT_SAMPLES, STREAMS } from '@lifecycle/contracts';
import {
  DeadLetterPublisher,
  Namespace,
  closeNats,
  connectNats,
  provisionConsumer,
  provisionStreams,
  resolveConsumer,
  type ResolvedConsumer,
} from '@lifecycle/messaging';
import { ConsumerRunner, type ConsumerRunnerDeps } from '../../libs/messaging/src/consumer.runner';
import { DeliveryProcessor } from '../../libs/messaging/src/delivery.processor';

// Not a test: messages/s of one ConsumerRunner with a no-op handler, and the NATS requests it made.
// npx swc … (the build of docs/README) && npm exec -- node dist/tools/bench/consumer-throughput.js
//   --messages 50000   envelopes published first (trial.expired, ~600 bytes), then consumed
//   --concurrency 64   the consumer's concurrency (messages in flight)
//   --impl runner      runner: ConsumerRunner (libs/messaging); consume: nats.js consume() with
//                      max_messages = concurrency, at most `concurrency` handlers and the runner's DeliveryProcessor
//                      (for comparison: up to 2 × concurrency messages delivered and not settled)
//   --runner <file>    load ConsumerRunner from another build (e.g. a copy of the previous version)
//   --handler-ms 0     how long the handler takes (a timer; 0 = returns at once)
//   --runs 1           repeat the measurement (fresh namespace each time)

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '50000' },
    concurrency: { type: 'string', default: '64' },
    impl: { type: 'string', default: 'runner' },
    runner: { type: 'string' },
    runs: { type: 'string', default: '1' },
    'handler-ms': { type: 'string', default: '0' },
  },
});
const MESSAGES = Number(values.messages);
const CONCURRENCY = Number(values.concurrency);
const HANDLER_MS = Number(values['handler-ms']);
const work = (): Promise<void> | undefined => (HANDLER_MS > 0 ? new Promise((resolve) => setTimeout(resolve, HANDLER_MS)) : undefined);
const env = loadEnv('bench', z.object(natsEnv));

type RunnerClass = new (deps: ConsumerRunnerDeps) => Pick<ConsumerRunner, 'start' | 'stop'>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Runner: RunnerClass = values.runner ? (require(values.runner) as { ConsumerRunner: RunnerClass }).ConsumerRunner : ConsumerRunner;

interface Counters {
  pulls: number;
  pulledAsked: number;
  acks: number;
  confirmedAcks: number;
  other: number;
}

/** Watches the consumer's API subjects from another connection: every pull request and every ack the runner sends. */
function watchRequests(nc: NatsConnection, stream: string, durable: string): { counters: Counters; subs: Subscription[] } {
  const counters: Counters = { pulls: 0, pulledAsked: 0, acks: 0, confirmedAcks: 0, other: 0 };
  const pulls = nc.subscribe(`$JS.API.CONSUMER.MSG.NEXT.${stream}.${durable}`, {
    callback: (_e, msg) => {
      counters.pulls++;
      counters.pulledAsked += (msg.json<{ batch?: number }>().batch ?? 1);
    },
  });
  const acks = nc.subscribe(`$JS.ACK.${stream}.${durable}.>`, {
    callback: (_e, msg) => {
      const body = msg.string();
      if (body === '+ACK' || body === '') {
        counters.acks++;
        if (msg.reply) counters.confirmedAcks++;
      } else counters.other++;
    },
  });
  return { counters, subs: [pulls, acks] };
}

async function publishAll(js: JetStreamClient, ns: Namespace, count: number): Promise<void> {
  const window = 1_000;
  for (let start = 0; start < count; start += window) {
    const acks: Promise<unknown>[] = [];
    for (let i = start; i < Math.min(start + window, count); i++) {
      const envelope = createEnvelope('trial.expired', {
        id: `trial.expired:bench:${i}`,
        source: 'billing',
        correlationId: 'bench',
        occurredAt: '2026-12-08T09:00:00Z',
        data: EVENT_SAMPLES['trial.expired'],
      });
      acks.push(js.publish(ns.subject('trial.expired'), JSON.stringify(envelope), { msgID: envelope.id }));
    }
    await Promise.all(acks);
  }
}

async function untilAcked(jsm: JetStreamManager, stream: string, durable: string, count: number): Promise<void> {
  for (;;) {
    const info = await jsm.consumers.info(stream, durable);
    if (info.ack_floor.stream_seq >= count && info.num_ack_pending === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Result {
  handledSeconds: number;
  ackedSeconds: number;
  counters: Counters;
  outMsgs: number;
  inMsgs: number;
  peakBuffered: number;
}

async function runOnce(run: number): Promise<Result> {
  const ns = new Namespace(`benchct${Date.now().toString(36)}${run}`);
  const admin = await connectNats({ url: env.NATS_URL, name: 'consumer-bench-admin' });
  const nc = await connectNats({ url: env.NATS_URL, name: 'consumer-bench-runner' });
  const jsm = await jetstreamManager(admin);
  try {
    await provisionStreams(jsm, ns, STREAMS.filter((s) => s.name === 'LIFECYCLE' || s.name === 'DLQ'));
    await publishAll(jetstream(admin), ns, MESSAGES);
    const consumer: ResolvedConsumer = resolveConsumer({ service: 'billing', subject: 'trial.expired', concurrency: CONCURRENCY });
    const { stream, durable } = await provisionConsumer(jsm, ns, consumer);
    const { counters, subs } = watchRequests(admin, stream, durable);
    await admin.flush();

    const js = jetstream(nc);
    let handled = 0;
    let peakBuffered = 0;
    let done: () => void = () => undefined;
    const allHandled = new Promise<void>((resolve) => (done = resolve));
    const before = nc.stats();
    const started = performance.now();
    let stop: () => Promise<unknown>;
    const handle = async (): Promise<void> => {
      await work();
      if (++handled === MESSAGES) done();
    };
    if (values.impl === 'consume') {
      // the runner's own per-message work (envelope validation, settlement), only the pulling differs
      const processor = new DeliveryProcessor({ consumer, namespace: ns, deadLetters: new DeadLetterPublisher(js, ns), logger: console, handle, abandoned: () => false });
      // nats.js refills consume() when messages arrive, not when they are settled: the buffer is unbounded
      const messages = await (await js.consumers.get(stream, durable)).consume({ max_messages: CONCURRENCY, expires: 10_000 });
      let inFlight = 0;
      const slot: { freed: (() => void) | null } = { freed: null };
      void (async () => {
        for await (const msg of messages) {
          peakBuffered = Math.max(peakBuffered, messages.getPending());
          // at most CONCURRENCY handlers, as the runner; the rest waits in consume()'s buffer
          while (inFlight >= CONCURRENCY) await new Promise<void>((resolve) => (slot.freed = resolve));
          inFlight++;
          void processor.process(msg).then(() => {
            inFlight--;
            slot.freed?.();
            slot.freed = null;
          });
        }
      })();
      stop = () => messages.close();
    } else {
      const runner = new Runner({
        consumer,
        namespace: ns,
        js,
        jsm: await jetstreamManager(nc),
        deadLetters: new DeadLetterPublisher(js, ns),
        logger: console,
        pullExpiresMs: 10_000,
        handle,
      });
      runner.start((await js.consumers.get(stream, durable)) as Consumer);
      stop = () => runner.stop(Date.now() + 10_000);
    }
    await allHandled;
    const handledSeconds = (performance.now() - started) / 1000;
    await untilAcked(jsm, stream, durable, MESSAGES);
    const ackedSeconds = (performance.now() - started) / 1000;
    await stop();
    await nc.flush();
    await admin.flush();
    const after = nc.stats();
    subs.forEach((s) => s.unsubscribe());
    return {
      handledSeconds,
      ackedSeconds,
      counters,
      outMsgs: after.outMsgs - before.outMsgs,
      inMsgs: after.inMsgs - before.inMsgs,
      peakBuffered,
    };
  } finally {
    for (const s of STREAMS) await jsm.streams.delete(ns.stream(s.name)).catch(() => undefined);
    await closeNats(nc);
    await closeNats(admin);
  }
}

async function main(): Promise<void> {
  const label = values.impl === 'consume' ? 'nats.js consume()' : `ConsumerRunner${values.runner ? ` from ${values.runner}` : ''}`;
  console.log(`${label}: ${MESSAGES} messages, concurrency ${CONCURRENCY}, ${HANDLER_MS > 0 ? `handler of ${HANDLER_MS} ms` : 'no-op handler'}`);
  for (let run = 1; run <= Number(values.runs); run++) {
    const r = await runOnce(run);
    const perMsg = (n: number) => (n / MESSAGES).toFixed(3);
    console.log(
      [
        `run ${run}: handled in ${r.handledSeconds.toFixed(2)} s = ${Math.round(MESSAGES / r.handledSeconds)} msg/s;`,
        `all acks stored after ${r.ackedSeconds.toFixed(2)} s = ${Math.round(MESSAGES / r.ackedSeconds)} msg/s`,
        `  pull requests ${r.counters.pulls} (${perMsg(r.counters.pulls)}/msg, ${(r.counters.pulledAsked / Math.max(r.counters.pulls, 1)).toFixed(1)} asked each);` +
          ` acks ${r.counters.acks}, of them confirmed (ackAck) ${r.counters.confirmedAcks}; other settlements ${r.counters.other}`,
        `  requests (pulls + confirmed acks) per message ${perMsg(r.counters.pulls + r.counters.confirmedAcks)};` +
          ` runner connection: ${r.outMsgs} messages out, ${r.inMsgs} in` +
          (values.impl === 'consume' ? `; peak messages pending in consume() ${r.peakBuffered}` : ''),
      ].join('\n'),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
