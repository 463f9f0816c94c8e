import type { HealthSettings } from './health.settings';
import type { ConsumerState, PipelineState, SlotFacts } from './health-facts';
import { formatDuration, iso } from './health-format';
import { healthIssue, type CheckResult } from './health-issue.factory';
import { scheduleStaleness } from './schedule-staleness';

/** Messages a consumer has not yet acknowledged: undelivered plus in flight. */
export const consumerLag = (c: { pending: number; ackPending: number }): number => c.pending + c.ackPending;

/** The pipeline checks, run with workspace-health: dead letters, consumer lag, stale schedules (docs/health.md). */
export function pipelineChecks(
  pipeline: PipelineState,
  slots: SlotFacts,
  now: Date,
  settings: Pick<HealthSettings, 'consumerLagThreshold' | 'outsideConsumerLagThreshold' | 'schedules'>,
): CheckResult {
  const deadLetters = pipeline.deadLetters
    .filter((d) => d.count > 0)
    .map((d) =>
      healthIssue(
        'pipeline.dead_letters',
        `consumer:${d.consumer}`,
        `${d.count} dead letter(s) wait on dlq.${d.consumer}: inspect them with \`lifecyclectl dlq list\``,
      ),
    );
  const lagging = laggingConsumers('pipeline.consumer_lag', 'consumer', pipeline.consumers, settings.consumerLagThreshold);
  // Outside consumers are someone else's: an issue (and so a mail) only when OUTSIDE_CONSUMER_LAG_THRESHOLD is set.
  const outsideThreshold = settings.outsideConsumerLagThreshold;
  const outsideLagging =
    outsideThreshold === null ? [] : laggingConsumers('pipeline.outside_consumer_lag', 'outside consumer', pipeline.outsideConsumers, outsideThreshold);
  const last = new Map(slots.lastSlots.map((s) => [s.schedule, s.lastSlot]));
  const stale = settings.schedules.flatMap((def) => {
    const lastSlot = last.get(def.name);
    const { stale: isStale, reference, missed } = scheduleStaleness(def, lastSlot, slots.firstSlot, now);
    if (!isStale || reference === null || missed === null) return [];
    const since = lastSlot
      ? `last ticked for slot ${iso(lastSlot)} (${formatDuration(now.getTime() - lastSlot.getTime())} ago)`
      : `has never ticked since the clock's first recorded slot ${iso(reference)}`;
    return [
      healthIssue(
        'pipeline.schedule_stale',
        `schedule:${def.name}`,
        `schedule ${def.name} ${since}; slots ${iso(missed[0])} and ${iso(missed[1])} have passed without a tick`,
      ),
    ];
  });
  return {
    issues: [...deadLetters, ...lagging, ...outsideLagging, ...stale],
    counts: {
      'pipeline.dead_letters': pipeline.deadLetters.reduce((sum, d) => sum + d.count, 0),
      'pipeline.consumer_lag': lagging.length,
      'pipeline.outside_consumer_lag': outsideLagging.length,
      'pipeline.schedule_stale': stale.length,
    },
  };
}

function laggingConsumers(
  code: 'pipeline.consumer_lag' | 'pipeline.outside_consumer_lag',
  kind: string,
  consumers: readonly ConsumerState[],
  threshold: number,
) {
  return consumers
    .filter((c) => consumerLag(c) > threshold)
    .map((c) =>
      healthIssue(
        code,
        `consumer:${c.consumer}`,
        `${kind} ${c.consumer} on ${c.stream} has ${consumerLag(c)} unacknowledged message(s) (${c.pending} undelivered, ` +
          `${c.ackPending} in flight); the threshold is ${threshold}`,
      ),
    );
}
