import type { ScheduleName } from '@lifecycle/contracts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** ARCHITECTURE.md, "Schedules", written out as plain arithmetic (UTC, no jitter in simulated time). */
const TABLE: readonly { name: ScheduleName; everyMs: number; offsetMs: number }[] = [
  { name: 'trial-reminders', everyMs: DAY, offsetMs: 9 * HOUR },
  { name: 'trial-expiry', everyMs: 2 * HOUR, offsetMs: 0 },
  { name: 'renewal-reminders', everyMs: DAY, offsetMs: 10 * HOUR },
  { name: 'payment-retry', everyMs: 6 * HOUR, offsetMs: 0 },
  { name: 'workspace-health', everyMs: 15 * MINUTE, offsetMs: 0 },
  { name: 'billing-health', everyMs: DAY, offsetMs: 8 * HOUR },
  { name: 'email-health', everyMs: HOUR, offsetMs: 0 },
  { name: 'data-retention', everyMs: DAY, offsetMs: 3 * HOUR },
  { name: 'database-backup', everyMs: DAY, offsetMs: 2 * HOUR },
];

export interface Slot {
  schedule: ScheduleName;
  at: Date;
  id: string;
}

/** Every slot of every default schedule in (from, to], ordered by time. */
export function expectedSlots(from: Date, to: Date): Slot[] {
  const slots: Slot[] = [];
  for (const { name, everyMs, offsetMs } of TABLE) {
    let t = Math.floor((from.getTime() - offsetMs) / everyMs) * everyMs + offsetMs;
    if (t <= from.getTime()) t += everyMs;
    for (; t <= to.getTime(); t += everyMs) {
      const at = new Date(t);
      slots.push({ schedule: name, at, id: `${name}@${at.toISOString().replace('.000Z', 'Z')}` });
    }
  }
  return slots.sort((a, b) => a.at.getTime() - b.at.getTime());
}
