import { tickId } from '@lifecycle/contracts';
import { dueSlotsAfter, latestDueSlot, type DueSlots } from './due-slots';
import { fireTimeOf } from './fire-time';
import type { ScheduleDefinition } from './schedule.definition';
import { nextSlotAfter } from './slot-calculator';
import type { PlannedTick, TickPlan, TickPlanInput } from './tick-plan';

function tick(def: ScheduleDefinition, slot: Date, trigger: PlannedTick['trigger']): PlannedTick {
  return { schedule: def.name, slot, fireAt: fireTimeOf(def, slot), trigger, tickId: tickId(def.name, slot) };
}

function planSchedule(def: ScheduleDefinition, now: Date, lastSlot: Date | undefined, startedAt: Date | undefined): TickPlan {
  const plan: TickPlan = { ticks: [], notices: [] };
  if (!def.enabled) return plan;
  const keep = (def.catchUp === 'all' ? def.catchUpLimit : 1) + 1;
  let due: DueSlots;
  if (lastSlot !== undefined) due = dueSlotsAfter(def, lastSlot, now, keep);
  else {
    const latest = latestDueSlot(def, now, startedAt);
    due = latest === undefined ? { count: 0, recent: [] } : { count: 1, first: latest, recent: [latest] };
  }
  if (due.count === 0) return plan;

  const { count, recent } = due;
  const first = due.first!;
  const latest = recent[recent.length - 1];
  const beforeLatest = recent[recent.length - 2];
  const onTime = (startedAt === undefined || latest >= startedAt) && now < nextSlotAfter(def, latest);
  const skipped = (n: number, last: Date) =>
    plan.notices.push({ schedule: def.name, kind: 'missed-skipped', count: n, first, last });

  switch (def.catchUp) {
    case 'once':
      plan.ticks.push(tick(def, latest, count === 1 && onTime ? 'schedule' : 'catch-up'));
      if (count > 1) skipped(count - 1, beforeLatest);
      break;
    case 'skip':
      if (!onTime) skipped(count, latest);
      else {
        plan.ticks.push(tick(def, latest, 'schedule'));
        if (count > 1) skipped(count - 1, beforeLatest);
      }
      break;
    case 'all': {
      const fired = recent.slice(-Math.min(count, def.catchUpLimit));
      for (const slot of fired) plan.ticks.push(tick(def, slot, slot === latest && onTime ? 'schedule' : 'catch-up'));
      if (count > fired.length) {
        const last = recent[recent.length - fired.length - 1];
        plan.notices.push({ schedule: def.name, kind: 'catch-up-capped', missed: count, fired: fired.length, first, last });
      }
      break;
    }
  }
  return plan;
}

/**
 * Which ticks are due at `now` (ARCHITECTURE.md, "Schedules"). Pure: it depends only on its input, so
 * the caller passes the watermark per schedule (`lastSlots`, the latest slot already fired, from the
 * database) and fires what comes back.
 *
 * - A slot is due when now ≥ slot + jitter; slots become due in slot order (with a jitter longer
 *   than the interval, a slot waits for the one before it). No slot ever fires before it is due.
 * - Only slots after the watermark are considered, so a slot fires at most once however the wall
 *   clock moves: a clock set back fires nothing already fired, a clock set forward behaves like
 *   downtime. Nothing depends on the previous `now`.
 * - First start (no watermark): no catch-up. Only the latest due slot is considered, and only if it
 *   is at or after `startedAt` (when given); a fresh install does not fire yesterday's slots.
 * - A slot is on time when it is at or after `startedAt` (it came due while this clock ran) and
 *   `now` is before the slot that follows it. Missed slots are the due slots after the watermark.
 * - `once`: the latest missed slot fires (systemd's Persistent=true); trigger `schedule` if it is
 *   the only one and on time, otherwise `catch-up`: it stands for all the missed ones.
 * - `skip`: the latest missed slot fires only if it is on time, as `schedule`; every other missed
 *   slot is skipped (like a systemd timer without Persistent=true).
 * - `all`: the missed slots fire in slot order, at most `catchUpLimit` of them, the most recent ones
 *   (bounded staleness); each is a `catch-up` except the latest when it is on time.
 * - Slots left unfired are reported as notices (`missed-skipped`, `catch-up-capped`). A `skip`
 *   schedule whose latest slot is not on time fires nothing, so its watermark does not move: the
 *   caller may pass the notice's `last` as the watermark to report those slots only once.
 */
export function planTicks({ definitions, now, lastSlots, startedAt }: TickPlanInput): TickPlan {
  const plan: TickPlan = { ticks: [], notices: [] };
  for (const def of definitions) {
    const own = planSchedule(def, now, lastSlots.get(def.name), startedAt);
    plan.ticks.push(...own.ticks);
    plan.notices.push(...own.notices);
  }
  plan.ticks.sort((a, b) => a.slot.getTime() - b.slot.getTime());
  return plan;
}
