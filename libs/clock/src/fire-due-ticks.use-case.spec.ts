import { DEFAULT_SCHEDULES, type ScheduleDefinition } from '@lifecycle/scheduling';
import { MemoryTickStore } from '../test/memory.tick-store';
import type { ClockLog } from './clock.log';
import { NO_CLOCK_METRICS } from './clock.metrics';
import { FireDueTicks } from './fire-due-ticks.use-case';

const at = (time: string) => new Date(`2026-12-01T${time}Z`);
const hourly = (overrides: Partial<ScheduleDefinition>): ScheduleDefinition[] =>
  DEFAULT_SCHEDULES.map((def) => (def.name === 'trial-expiry' ? { ...def, cron: '0 * * * *', jitterMs: 0, ...overrides } : { ...def, enabled: false }));

function recordingLog(): ClockLog & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, log: () => undefined, warn: (m) => void warnings.push(m), error: () => undefined };
}

describe('FireDueTicks', () => {
  it('two replicas planning the same slots: each fires once, the winner alone reports the missed ones', async () => {
    const store = new MemoryTickStore();
    await store.fireSlot(
      { schedule: 'trial-expiry', slot: at('06:00:00'), trigger: 'schedule', tickId: 'trial-expiry@2026-12-01T06:00:00Z', claimedBy: 'x', claimedAt: at('06:00:00') },
      {} as never,
    );
    const logs = [recordingLog(), recordingLog()];
    const replicas = logs.map(
      (log, i) => new FireDueTicks(store, NO_CLOCK_METRICS, log, { definitions: hourly({}), replicaId: `r${i}`, startedAt: at('09:30:00') }),
    );
    const outcomes = await Promise.all(replicas.map((replica) => replica.execute(at('09:30:00'))));
    expect(outcomes.map((o) => o.fired.length).sort()).toEqual([0, 1]);
    expect(outcomes.map((o) => o.lost).sort()).toEqual([0, 1]);
    expect(store.ids().slice(1)).toEqual(['trial-expiry@2026-12-01T09:00:00Z']);
    expect(logs.flatMap((l) => l.warnings)).toEqual([
      'trial-expiry: 2 missed slot(s) not fired (2026-12-01T07:00:00Z..2026-12-01T08:00:00Z), catch-up once',
    ]);
  });

  it('skip: reports a run of missed slots once, then fires the next slot on time', async () => {
    const store = new MemoryTickStore();
    await store.fireSlot(
      { schedule: 'trial-expiry', slot: at('06:00:00'), trigger: 'schedule', tickId: 'trial-expiry@2026-12-01T06:00:00Z', claimedBy: 'x', claimedAt: at('06:00:00') },
      {} as never,
    );
    const log = recordingLog();
    const fireDue = new FireDueTicks(store, NO_CLOCK_METRICS, log, { definitions: hourly({ catchUp: 'skip' }), replicaId: 'r', startedAt: at('09:30:00') });
    for (const time of ['09:30:00', '09:30:01', '09:45:00']) expect((await fireDue.execute(at(time))).fired).toEqual([]);
    expect(log.warnings).toEqual(['trial-expiry: 3 missed slot(s) not fired (2026-12-01T07:00:00Z..2026-12-01T09:00:00Z), catch-up skip']);
    const { fired, nextFireAt } = await fireDue.execute(at('10:00:00'));
    expect(fired).toEqual([{ id: 'trial-expiry@2026-12-01T10:00:00Z', schedule: 'trial-expiry', scheduledAt: at('10:00:00'), trigger: 'schedule' }]);
    expect(nextFireAt).toEqual(at('11:00:00'));
  });

  it('never fires a slot before slot + jitter', async () => {
    const store = new MemoryTickStore();
    const definitions = hourly({ jitterMs: 30 * 60_000 });
    const fireDue = new FireDueTicks(store, NO_CLOCK_METRICS, recordingLog(), { definitions, replicaId: 'r', startedAt: at('09:59:00') });
    const first = await fireDue.execute(at('10:00:00'));
    expect(first.fired).toEqual([]);
    const fireAt = first.nextFireAt!;
    expect(fireAt.getTime()).toBeGreaterThanOrEqual(at('10:00:00').getTime());
    expect((await fireDue.execute(new Date(fireAt.getTime() - 1))).fired).toEqual([]);
    expect((await fireDue.execute(fireAt)).fired.map((t) => t.id)).toEqual(['trial-expiry@2026-12-01T10:00:00Z']);
  });
});
