import { isoId, type ScheduleName } from '@lifecycle/contracts';
import { nextFire, planTicks, type PlanNotice, type PlannedTick, type ScheduleDefinition } from '@lifecycle/scheduling';
import type { ClockLog } from './clock.log';
import type { ClockMetrics } from './clock.metrics';
import type { FiredTick } from './fired-tick';
import { tickEnvelope } from './tick-envelope';
import type { TickStore } from './tick.store';

export interface FireDueTicksOptions {
  definitions: readonly ScheduleDefinition[];
  /** CLOCK_REPLICA_ID, recorded in clock_slots.claimed_by. */
  replicaId: string;
  /** When this clock process started: slots before it came due while no clock ran here. */
  startedAt: Date;
}

export interface FireDueOutcome {
  /** Ticks this replica fired. */
  fired: FiredTick[];
  /** Planned ticks another replica had fired first. */
  lost: number;
  /** When the next slot of any enabled schedule becomes due (its jitter included). */
  nextFireAt?: Date;
}

const later = (a: Date | undefined, b: Date | undefined) => (a === undefined ? b : b === undefined || a >= b ? a : b);

/**
 * System mode's step (ARCHITECTURE.md, "Schedules"): plans the ticks due at `now` after each schedule's
 * watermark (its latest slot in clock_slots) and fires them in slot order, each slot claimed and its
 * tick appended to the outbox in one transaction. The watermark lives in the database, not in memory,
 * so a wall clock set back fires nothing twice and any number of replicas fire each slot once.
 */
export class FireDueTicks {
  /** Per `skip` schedule, the last slot already reported as skipped, so a run of missed slots is logged once. */
  private readonly reported = new Map<ScheduleName, Date>();
  private readonly names: ScheduleName[];

  constructor(
    private readonly store: TickStore,
    private readonly metrics: ClockMetrics,
    private readonly log: ClockLog,
    private readonly options: FireDueTicksOptions,
  ) {
    this.names = options.definitions.map((d) => d.name);
  }

  async execute(now: Date): Promise<FireDueOutcome> {
    const watermarks = await this.store.watermarks(this.names);
    const lastSlots = new Map(this.names.map((name) => [name, later(watermarks.get(name), this.reported.get(name))]));
    const { definitions, startedAt } = this.options;
    const plan = planTicks({ definitions, now, lastSlots, startedAt });

    const outcome: FireDueOutcome = { fired: [], lost: 0 };
    const won = new Set<ScheduleName>();
    for (const planned of plan.ticks) {
      if (await this.fire(planned, now)) {
        outcome.fired.push({ id: planned.tickId, schedule: planned.schedule, scheduledAt: planned.slot, trigger: planned.trigger });
        won.add(planned.schedule);
      } else outcome.lost += 1;
      lastSlots.set(planned.schedule, planned.slot);
    }
    for (const notice of plan.notices) {
      const ticked = plan.ticks.some((t) => t.schedule === notice.schedule);
      // A notice that comes with a tick is reported by the replica that fired the tick.
      if (ticked && !won.has(notice.schedule)) continue;
      if (!ticked) {
        this.reported.set(notice.schedule, notice.last);
        lastSlots.set(notice.schedule, later(lastSlots.get(notice.schedule), notice.last));
      }
      this.report(notice);
    }
    for (const def of definitions) {
      const next = nextFire(def, lastSlots.get(def.name), now);
      if (next && (outcome.nextFireAt === undefined || next.fireAt < outcome.nextFireAt)) outcome.nextFireAt = next.fireAt;
    }
    return outcome;
  }

  private async fire(planned: PlannedTick, now: Date): Promise<boolean> {
    const { schedule, slot, trigger, tickId } = planned;
    const tick = tickEnvelope({ id: tickId, schedule, scheduledAt: slot, firedAt: now, trigger });
    const claimed = await this.store.fireSlot({ schedule, slot, trigger, tickId, claimedBy: this.options.replicaId, claimedAt: now }, tick);
    if (claimed) {
      this.metrics.ticked(schedule, trigger, (now.getTime() - slot.getTime()) / 1000);
      this.log.log(`fired ${tickId} (${trigger})`);
    }
    return claimed;
  }

  private report(notice: PlanNotice): void {
    const range = `${isoId(notice.first)}..${isoId(notice.last)}`;
    if (notice.kind === 'missed-skipped') {
      this.metrics.missed(notice.schedule, notice.count);
      const policy = this.options.definitions.find((d) => d.name === notice.schedule)?.catchUp;
      this.log.warn(`${notice.schedule}: ${notice.count} missed slot(s) not fired (${range}), catch-up ${policy}`);
    } else {
      this.metrics.missed(notice.schedule, notice.missed - notice.fired);
      this.log.warn(
        `${notice.schedule}: ${notice.missed} slots missed; catch-up all fires the latest ${notice.fired} (catchUpLimit), ` +
          `${notice.missed - notice.fired} not fired (${range})`,
      );
    }
  }
}
