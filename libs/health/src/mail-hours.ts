import type { MailHour } from './health-status';
import type { MailHourRow } from './status.store';

const HOUR = 3_600_000;

/** One bucket per hour from the hour of `from` to the hour of `to`, empty hours included, so the chart has no gaps. */
export function mailHours(rows: readonly MailHourRow[], from: Date, to: Date): MailHour[] {
  const byHour = new Map(rows.map((r) => [new Date(r.hour).getTime(), r]));
  const hours: MailHour[] = [];
  for (let at = Math.floor(from.getTime() / HOUR) * HOUR; at <= to.getTime(); at += HOUR) {
    const row = byHour.get(at);
    hours.push({ hour: new Date(at).toISOString(), sent: row?.sent ?? 0, failed: (row?.failed ?? 0) + (row?.bounced ?? 0) });
  }
  return hours;
}
