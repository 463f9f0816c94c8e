import { isoId, type ScheduleName } from '@lifecycle/contracts';
import { describeSchedule, nextFire, type ScheduleDefinition } from '@lifecycle/scheduling';
import type { LastSlot } from './clock-slot.repository';

export interface TimerRow {
  schedule: ScheduleName;
  /** When the next slot fires (its jitter included); absent for a disabled schedule. */
  next?: { slot: string; fireAt: string; leftMs: number };
  /** The latest slot fired, and when. */
  last?: { slot: string; firedAt: string; trigger: string; passedMs: number };
  description: string;
}

/**
 * `lifecyclectl timers`, like `systemctl list-timers`: one row per schedule, soonest first, disabled
 * last. Simulated time fires slots without jitter, so `simulated` shows them at their slot.
 */
export function timerRows(
  definitions: readonly ScheduleDefinition[],
  lastSlots: readonly LastSlot[],
  now: Date,
  options: { simulated?: boolean } = {},
): TimerRow[] {
  const last = new Map(lastSlots.map((row) => [row.schedule, row]));
  const rows = definitions.map((def): TimerRow => {
    const fired = last.get(def.name);
    const next = nextFire(options.simulated ? { ...def, jitterMs: 0 } : def, fired?.slot, now);
    return {
      schedule: def.name,
      ...(next && { next: { slot: isoId(next.slot), fireAt: isoId(next.fireAt), leftMs: next.fireAt.getTime() - now.getTime() } }),
      ...(fired && {
        last: {
          slot: isoId(fired.slot),
          firedAt: isoId(fired.claimedAt),
          trigger: fired.trigger,
          passedMs: now.getTime() - fired.claimedAt.getTime(),
        },
      }),
      description: describeSchedule(def),
    };
  });
  const key = (row: TimerRow) => (row.next ? Date.parse(row.next.fireAt) : Infinity);
  return rows.sort((a, b) => key(a) - key(b));
}

const SPANS: readonly [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1_000],
];

/** The two largest units, as systemd prints them: `3h 12min`, `1d 2h`, `45s`. */
export function formatSpan(ms: number): string {
  let rest = Math.max(0, Math.round(ms / 1000) * 1000);
  const parts: string[] = [];
  for (const [unit, size] of SPANS) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || parts.length > 0) parts.push(`${count}${unit}`);
    if (parts.length === 2) break;
  }
  const shown = parts.filter((part, i) => i === 0 || !part.startsWith('0'));
  return shown.length ? shown.join(' ') : '0s';
}

function formatTime(iso: string): string {
  return `${iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '')} UTC`;
}

/** The table `lifecyclectl timers` prints. */
export function formatTimers(rows: readonly TimerRow[]): string {
  const header = ['NEXT', 'LEFT', 'LAST', 'PASSED', 'UNIT', 'DESCRIPTION'];
  const lines = rows.map((row) => [
    row.next ? formatTime(row.next.fireAt) : '-',
    row.next ? `${formatSpan(row.next.leftMs)} left` : '-',
    row.last ? formatTime(row.last.firedAt) : '-',
    row.last ? (row.last.passedMs >= 0 ? `${formatSpan(row.last.passedMs)} ago` : `in ${formatSpan(-row.last.passedMs)}`) : '-',
    row.schedule,
    row.description,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i].length)));
  const render = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [render(header), ...lines.map(render), '', `${rows.length} timers listed.`].join('\n');
}
