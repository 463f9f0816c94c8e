import { DEFAULT_SCHEDULES } from '@lifecycle/scheduling';
import type { PipelineState, SlotFacts } from './health-facts';
import { pipelineChecks } from './pipeline.checks';
import { scheduleStaleness, scheduleView } from './schedule-staleness';

const NOW = new Date('2026-12-01T10:00:00Z');
const MINUTE = 60_000;
const quiet: PipelineState = { deadLetters: [], consumers: [], outsideConsumers: [] };
const def = (name: string) => DEFAULT_SCHEDULES.find((s) => s.name === name)!;
const only = (...names: string[]) => ({ consumerLagThreshold: 1000, outsideConsumerLagThreshold: null as number | null, schedules: names.map(def) });
const slots = (entries: Record<string, string>, firstSlot: string | null = '2026-11-01T00:00:00Z'): SlotFacts => ({
  lastSlots: Object.entries(entries).map(([schedule, at]) => ({ schedule, lastSlot: new Date(at) })),
  firstSlot: firstSlot === null ? null : new Date(firstSlot),
});
const resources = (pipeline: PipelineState, slotFacts: SlotFacts, settings = only()) =>
  pipelineChecks(pipeline, slotFacts, NOW, settings).issues.map((i) => `${i.code} ${i.resource}`);

describe('pipelineChecks', () => {
  it('finds nothing when queues are empty and schedules tick', () => {
    expect(resources(quiet, slots({ 'workspace-health': '2026-12-01T10:00:00Z', 'billing-health': '2026-12-01T08:00:00Z' }), only('workspace-health', 'billing-health'))).toEqual([]);
  });

  it('pipeline.dead_letters: per consumer with letters waiting', () => {
    const pipeline = { ...quiet, deadLetters: [{ consumer: 'billing--clock_tick_trial-expiry', count: 2 }, { consumer: 'x', count: 0 }] };
    const [issue] = pipelineChecks(pipeline, slots({}), NOW, only()).issues;
    expect(issue).toEqual({
      code: 'pipeline.dead_letters',
      severity: 'critical',
      resource: 'consumer:billing--clock_tick_trial-expiry',
      message: '2 dead letter(s) wait on dlq.billing--clock_tick_trial-expiry: inspect them with `lifecyclectl dlq list`',
    });
  });

  it('pipeline.consumer_lag: undelivered plus in flight above the threshold', () => {
    const consumer = { stream: 'LIFECYCLE', consumer: 'notifier--trial_all' };
    expect(resources({ ...quiet, consumers: [{ ...consumer, pending: 990, ackPending: 11 }] }, slots({}))).toEqual([
      'pipeline.consumer_lag consumer:notifier--trial_all',
    ]);
    expect(resources({ ...quiet, consumers: [{ ...consumer, pending: 992, ackPending: 8 }] }, slots({}))).toEqual([]);
  });

  it('pipeline.outside_consumer_lag: never by default, above OUTSIDE_CONSUMER_LAG_THRESHOLD when it is set', () => {
    const outside = { stream: 'LIFECYCLE', consumer: 'chat-bridge', pending: 5000, ackPending: 1 };
    const pipeline = { ...quiet, outsideConsumers: [outside] };
    const byDefault = pipelineChecks(pipeline, slots({}), NOW, only());
    expect(byDefault.issues).toEqual([]);
    expect(byDefault.counts['pipeline.outside_consumer_lag']).toBe(0);
    const configured = pipelineChecks(pipeline, slots({}), NOW, { ...only(), outsideConsumerLagThreshold: 4000 });
    expect(configured.issues).toEqual([
      {
        code: 'pipeline.outside_consumer_lag',
        severity: 'warning',
        resource: 'consumer:chat-bridge',
        message: 'outside consumer chat-bridge on LIFECYCLE has 5001 unacknowledged message(s) (5000 undelivered, 1 in flight); the threshold is 4000',
      },
    ]);
    expect(resources(pipeline, slots({}), { ...only(), outsideConsumerLagThreshold: 5001 })).toEqual([]);
  });

  it('pipeline.schedule_stale: two slots (plus jitter) passed without a tick', () => {
    const settings = only('workspace-health', 'email-health', 'billing-health');
    // workspace-health: 09:30 is the last slot, 09:45 and 10:00 have passed (10:00 exactly is not yet "past").
    expect(resources(quiet, slots({ 'workspace-health': '2026-12-01T09:30:00Z', 'email-health': '2026-12-01T09:00:00Z', 'billing-health': '2026-11-30T08:00:00Z' }), settings)).toEqual([]);
    expect(resources(quiet, slots({ 'workspace-health': '2026-12-01T09:15:00Z', 'email-health': '2026-12-01T09:00:00Z', 'billing-health': '2026-11-30T08:00:00Z' }), settings)).toEqual([
      'pipeline.schedule_stale schedule:workspace-health',
    ]);
    // email-health has 5 min of jitter: 08:00 last, 09:00 and 10:00 due, 10:00 fires up to 10:05.
    const email = def('email-health');
    expect(scheduleStaleness(email, new Date('2026-12-01T08:00:00Z'), null, new Date('2026-12-01T10:05:00Z')).stale).toBe(false);
    expect(scheduleStaleness(email, new Date('2026-12-01T08:00:00Z'), null, new Date('2026-12-01T10:05:01Z')).stale).toBe(true);
  });

  it('pipeline.schedule_stale: a schedule that never ticked is measured from the clock\'s first slot', () => {
    const settings = only('billing-health');
    expect(resources(quiet, slots({}, '2026-11-30T09:00:00Z'), settings)).toEqual([]);
    const issues = pipelineChecks(quiet, slots({}, '2026-11-29T09:00:00Z'), NOW, settings).issues;
    expect(issues).toEqual([
      expect.objectContaining({
        resource: 'schedule:billing-health',
        message: "schedule billing-health has never ticked since the clock's first recorded slot 2026-11-29T09:00:00Z; slots 2026-11-30T08:00:00Z and 2026-12-01T08:00:00Z have passed without a tick",
      }),
    ]);
    expect(resources(quiet, slots({}, null), settings)).toEqual([]);
  });

  it('ignores disabled schedules', () => {
    const disabled = { ...def('workspace-health'), enabled: false };
    expect(pipelineChecks(quiet, slots({ 'workspace-health': '2026-11-01T00:00:00Z' }), NOW, { ...only(), consumerLagThreshold: 1, schedules: [disabled] }).issues).toEqual([]);
  });

  it('scheduleView: last and next slot, lag', () => {
    expect(scheduleView(def('workspace-health'), new Date('2026-12-01T09:45:00Z'), null, new Date(NOW.getTime() + 2 * MINUTE))).toEqual({
      name: 'workspace-health',
      enabled: true,
      cron: '*/15 * * * *',
      timeZone: 'UTC',
      lastSlot: '2026-12-01T09:45:00.000Z',
      nextSlot: '2026-12-01T10:15:00.000Z',
      nextFireAt: '2026-12-01T10:15:00.000Z',
      tickLagSeconds: 17 * 60,
      stale: false,
    });
  });
});
