import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { CONSUMER_DEFAULTS, consumerConfig, resolveConsumer, UnknownStreamError } from './consumer-provisioner';
import { Namespace } from './namespace';

describe('resolveConsumer', () => {
  it('fills the defaults, the durable name and the stream', () => {
    expect(resolveConsumer({ service: 'billing', subject: 'clock.tick.trial-expiry' })).toEqual({
      ...CONSUMER_DEFAULTS,
      service: 'billing',
      subject: 'clock.tick.trial-expiry',
      durable: 'billing--clock_tick_trial-expiry',
      stream: 'CLOCK',
    });
  });

  it('takes overrides and ignores undefined ones', () => {
    const consumer = resolveConsumer({ service: 'health', subject: 'trial.>', maxDeliver: 3, concurrency: undefined, durable: 'h' });
    expect(consumer).toMatchObject({ maxDeliver: 3, concurrency: 8, durable: 'h', stream: 'LIFECYCLE' });
  });

  it('refuses a subject no stream captures', () => {
    expect(() => resolveConsumer({ service: 'clock', subject: 'clock.control.run' })).toThrow(UnknownStreamError);
  });

  it('refuses nonsense settings', () => {
    expect(() => resolveConsumer({ service: 'billing', subject: 'trial.expired', concurrency: 0 })).toThrow(RangeError);
    expect(() => resolveConsumer({ service: 'billing', subject: 'trial.expired', backoffMs: [] })).toThrow(RangeError);
  });
});

describe('consumerConfig', () => {
  it('is a durable pull consumer with explicit ack on the namespaced subject', () => {
    const consumer = resolveConsumer({ service: 'notifier', subject: 'trial.expired', ackWaitMs: 10_000, maxDeliver: 4 });
    expect(consumerConfig(consumer, new Namespace('t1'))).toEqual({
      durable_name: 'notifier--trial_expired',
      description: 'notifier handles trial.expired',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      replay_policy: 'instant',
      filter_subject: 't1.trial.expired',
      max_deliver: 4,
      ack_wait: 10_000_000_000,
    });
  });
});
