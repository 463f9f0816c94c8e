import { DEFAULT_SCHEDULES } from '@lifecycle/scheduling';
import { MemoryTickStore, MovableTime } from '../test/memory.tick-store';
import { SILENT_CLOCK_LOG } from './clock.log';
import { NO_CLOCK_METRICS } from './clock.metrics';
import { FireSimulatedSlots } from './fire-simulated-slots.use-case';
import { SimulatedClockFollower } from './simulated-clock.follower';

const at = (iso: string) => new Date(iso);

function simulated(store: MemoryTickStore, replicaId = 'r', maxTicks?: number) {
  return new FireSimulatedSlots(store, DEFAULT_SCHEDULES, NO_CLOCK_METRICS, SILENT_CLOCK_LOG, replicaId, maxTicks);
}

describe('FireSimulatedSlots', () => {
  it('fires every slot in (from, to] in slot order, ties in schedule order, without jitter', async () => {
    const store = new MemoryTickStore();
    const reached: string[] = [];
    const fired = await simulated(store).execute(at('2026-12-01T01:50:00Z'), at('2026-12-01T02:15:00Z'), async (t) => {
      reached.push(t.toISOString());
    });
    expect(fired.map((t) => t.id)).toEqual([
      'trial-expiry@2026-12-01T02:00:00Z',
      'workspace-health@2026-12-01T02:00:00Z',
      'email-health@2026-12-01T02:00:00Z',
      'database-backup@2026-12-01T02:00:00Z',
      'workspace-health@2026-12-01T02:15:00Z',
    ]);
    expect(reached).toEqual(['2026-12-01T02:00:00.000Z', '2026-12-01T02:15:00.000Z']);
    expect(store.outbox[2].data).toEqual({
      schedule: 'email-health',
      scheduledAt: '2026-12-01T02:00:00Z',
      firedAt: '2026-12-01T02:00:00.000Z',
      trigger: 'simulated',
    });
  });

  it('set back and moved forward again, fires nothing twice and nothing is lost', async () => {
    const store = new MemoryTickStore();
    const fire = simulated(store);
    await fire.execute(at('2026-12-01T00:00:00Z'), at('2026-12-01T01:00:00Z'));
    expect(await fire.execute(at('2026-12-01T00:10:00Z'), at('2026-12-01T00:50:00Z'))).toEqual([]);
    const later = await fire.execute(at('2026-12-01T00:50:00Z'), at('2026-12-01T01:15:00Z'));
    expect(later.map((t) => t.id)).toEqual(['workspace-health@2026-12-01T01:15:00Z']);
    expect(new Set(store.ids()).size).toBe(store.ids().length);
  });

  it('refuses a move that would fire more ticks than its limit, before firing any', async () => {
    const store = new MemoryTickStore();
    const [from, to] = [at('2026-12-01T00:00:00Z'), at('2026-12-02T00:00:00Z')];
    await expect(simulated(store, 'r', 140).execute(from, to)).rejects.toThrow(
      'moving simulated time from 2026-12-01T00:00:00Z to 2026-12-02T00:00:00Z would fire more than 140 ticks: advance in smaller steps',
    );
    expect(store.outbox).toEqual([]);
    await expect(simulated(store, 'r', 141).execute(from, to)).resolves.toHaveLength(141);
  });
});

describe('SimulatedClockFollower', () => {
  it('fires the slots a now moved by someone else passed, and nothing when it moves back', async () => {
    const store = new MemoryTickStore();
    const time = new MovableTime(at('2026-12-01T00:00:00Z'));
    const follower = new SimulatedClockFollower(time, simulated(store, 'follower'), SILENT_CLOCK_LOG);
    follower.start();
    await time.set(at('2026-12-01T00:30:00Z'));
    await time.set(at('2026-12-01T00:10:00Z'));
    await time.set(at('2026-12-01T00:45:00Z'));
    await follower.stop();
    expect(store.ids()).toEqual(['workspace-health@2026-12-01T00:15:00Z', 'workspace-health@2026-12-01T00:30:00Z', 'workspace-health@2026-12-01T00:45:00Z']);
  });
});
