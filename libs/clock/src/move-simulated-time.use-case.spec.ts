import { DEFAULT_SCHEDULES } from '@lifecycle/scheduling';
import { FakeClock } from '@lifecycle/time';
import { MemoryTickStore, MovableTime } from '../test/memory.tick-store';
import { SILENT_CLOCK_LOG } from './clock.log';
import { NO_CLOCK_METRICS } from './clock.metrics';
import { FutureTickError, TicksNotPublishedError } from './clock.errors';
import { FireSimulatedSlots } from './fire-simulated-slots.use-case';
import { MoveSimulatedTime } from './move-simulated-time.use-case';
import { PublishedWaiter } from './published.waiter';
import { RunTickManually } from './run-tick-manually.use-case';

const noLock = { exclusive: <T>(work: () => Promise<T>) => work() };

function world(start: string) {
  const store = new MemoryTickStore();
  const time = new MovableTime(new Date(start));
  const fire = new FireSimulatedSlots(store, DEFAULT_SCHEDULES, NO_CLOCK_METRICS, SILENT_CLOCK_LOG, 'r');
  const waiter = new PublishedWaiter(store, 200, 10);
  return { store, time, move: new MoveSimulatedTime(time, noLock, fire, waiter), waiter };
}

describe('MoveSimulatedTime', () => {
  it('moves the shared now through every slot time passed, then to the target', async () => {
    const { store, time, move } = world('2026-12-01T01:50:00Z');
    const moved = await move.advance(30 * 60_000);
    expect(moved.now).toEqual(new Date('2026-12-01T02:20:00Z'));
    expect(moved.ticks.map((t) => t.id)).toEqual(store.ids());
    expect(time.history).toEqual(['2026-12-01T02:00:00.000Z', '2026-12-01T02:15:00.000Z', '2026-12-01T02:20:00.000Z']);
  });

  it('set to an earlier time fires nothing, and moving forward again repeats nothing', async () => {
    const { store, time, move } = world('2026-12-01T00:00:00Z');
    await move.set(new Date('2026-12-01T01:00:00Z'));
    const fired = store.ids().length;
    expect(await move.set(new Date('2026-12-01T00:20:00Z'))).toEqual({ now: new Date('2026-12-01T00:20:00Z'), ticks: [] });
    expect(time.now()).toEqual(new Date('2026-12-01T00:20:00Z'));
    const again = await move.advance(60 * 60_000);
    expect(again.ticks.map((t) => t.id)).toEqual(['workspace-health@2026-12-01T01:15:00Z']);
    expect(store.ids()).toHaveLength(fired + 1);
  });

  it('answers with the pending ticks when they are not published in time', async () => {
    const { store, move } = world('2026-12-01T00:00:00Z');
    store.holdBack = true;
    const error = await move.advance(15 * 60_000).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TicksNotPublishedError);
    expect((error as TicksNotPublishedError).pending).toEqual(['workspace-health@2026-12-01T00:15:00Z']);
    expect((error as Error).message).toBe(
      '1 tick(s) committed but not published within 0.2 s: workspace-health@2026-12-01T00:15:00Z; the outbox relay publishes them once NATS accepts them',
    );
  });
});

describe('RunTickManually', () => {
  it("fires a manual tick with an id of its own at the clock's now or an earlier --at, never a later one", async () => {
    const { store, waiter } = world('2026-12-01T00:00:00Z');
    const run = new RunTickManually(store, new FakeClock('2026-12-01T10:30:00Z'), NO_CLOCK_METRICS, waiter);
    const now = await run.execute({ schedule: 'trial-expiry' });
    expect(now.ticks[0].id).toMatch(/^trial-expiry@2026-12-01T10:30:00Z#manual-[0-9a-f]{12}$/);
    const replay = await run.execute({ schedule: 'trial-expiry', at: new Date('2026-12-01T08:00:00Z') });
    expect(store.outbox[1].data).toEqual({ schedule: 'trial-expiry', scheduledAt: '2026-12-01T08:00:00Z', firedAt: '2026-12-01T10:30:00.000Z', trigger: 'manual' });
    expect(replay.ticks[0].id).not.toBe(now.ticks[0].id);
    await expect(run.execute({ schedule: 'trial-expiry', at: new Date('2026-12-01T10:30:01Z') })).rejects.toThrow(FutureTickError);
    expect(store.claims).toEqual([]);
  });
});
