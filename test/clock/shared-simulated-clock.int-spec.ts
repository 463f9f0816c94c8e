import { SharedSimulatedClock, SimulatedTimeConflictError } from '@lifecycle/clock';
import { connectNats, Namespace } from '@lifecycle/messaging';
import { testInfra } from '@lifecycle/testing';
import { ClockWorld, eventually } from './clock-world';

describe('SharedSimulatedClock', () => {
  let world: ClockWorld;

  beforeAll(async () => {
    world = await ClockWorld.create({ relay: false });
  });

  afterAll(() => world.dispose());

  it('starts at CLOCK_START once, is shared by every process, and refuses a write based on a stale value', async () => {
    expect(await SharedSimulatedClock.read(world.nc, world.namespace)).toBeNull();
    const clock = await SharedSimulatedClock.open(world.nc, world.namespace, new Date('2026-12-01T00:00:00Z'));
    const otherConnection = await connectNats({ url: testInfra().natsUrl, name: 'other-process' });
    try {
      // A later start with another CLOCK_START keeps the stored time: a restart never rewinds it.
      const other = await SharedSimulatedClock.open(otherConnection, new Namespace(world.namespace.value), new Date('2030-01-01T00:00:00Z'));
      expect(other.now()).toEqual(new Date('2026-12-01T00:00:00Z'));

      await clock.set(new Date('2026-12-02T00:00:00Z'));
      await eventually(async () => other.now().toISOString(), (now) => now === '2026-12-02T00:00:00.000Z');
      expect(await SharedSimulatedClock.read(world.nc, world.namespace)).toEqual(new Date('2026-12-02T00:00:00Z'));

      const seen: string[] = [];
      other.onChange((at) => seen.push(at.toISOString()));
      await other.set(new Date('2026-12-03T00:00:00Z'));
      await eventually(async () => clock.now().toISOString(), (now) => now === '2026-12-03T00:00:00.000Z');
      expect(seen).toEqual(['2026-12-03T00:00:00.000Z']);

      // A writer that missed a change (its watcher stopped here) must not overwrite it.
      const stale = await SharedSimulatedClock.open(world.nc, world.namespace, new Date());
      await stale.close();
      await clock.set(new Date('2026-12-04T00:00:00Z'));
      await expect(stale.set(new Date('2026-12-05T00:00:00Z'))).rejects.toThrow(SimulatedTimeConflictError);
      expect(await stale.refresh()).toEqual(new Date('2026-12-04T00:00:00Z'));
      await other.close();
    } finally {
      await otherConnection.close();
      await clock.close();
    }
  });
});
