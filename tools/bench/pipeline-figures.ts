import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on Linux everywhere Node runs). */
const USER_HZ = 100;

/** CPU seconds a process used, and (for a server) its reaped children: utime + stime (+ cutime + cstime). */
export function cpuSeconds(pid: number | undefined, withChildren = false): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the fields after the command, which is in parentheses and may contain spaces
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    return (utime + stime + (withChildren ? cutime + cstime : 0)) / USER_HZ;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process whose command is `name` (e.g. all postgres backends and the postmaster's reaped ones). */
export function cpuSecondsOf(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== name) continue;
    } catch {
      continue;
    }
    total += cpuSeconds(Number(entry), true);
  }
  return total;
}

/**
 * The best rate a counter reached over any window of at least `windowSeconds` (samples in time order):
 * a stage's throughput while it had work, as opposed to its average over the whole day. When the samples
 * span less than the window (a small day), the rate over all of them.
 */
export function peakRate<T extends { t: number }>(samples: readonly T[], value: (s: T) => number, windowSeconds: number): number {
  if (samples.length < 2) return 0;
  const span = samples[samples.length - 1].t - samples[0].t;
  if (span < windowSeconds) return span > 0 ? (value(samples[samples.length - 1]) - value(samples[0])) / span : 0;
  let best = 0;
  let j = 0;
  for (let i = 0; i < samples.length; i++) {
    if (j < i) j = i;
    while (j < samples.length && samples[j].t - samples[i].t < windowSeconds) j++;
    if (j === samples.length) break;
    const rate = (value(samples[j]) - value(samples[i])) / (samples[j].t - samples[i].t);
    if (rate > best) best = rate;
  }
  return best;
}

/**
 * A sampling profile of PostgreSQL: the busy backends of this database every time it is called, keyed by
 * the connection's application name, what it waits on, and the statement's start. `share` is the mean
 * number of backends busy with that key per sample (1.0: one backend busy with it all the time).
 */
export class ActivitySampler {
  private readonly seen = new Map<string, number>();
  samples = 0;

  async sample(db: { query<R>(sql: string): Promise<{ rows: R[] }> }): Promise<void> {
    const { rows } = await db.query<{ app: string; wait: string | null; q: string }>(
      `SELECT application_name AS app, wait_event_type || ':' || wait_event AS wait,
              left(regexp_replace(query, '\\s+', ' ', 'g'), 90) AS q
       FROM pg_stat_activity
       WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()`,
    );
    this.samples++;
    for (const r of rows) {
      const key = `${r.app || '?'}  ${r.wait ?? 'cpu'}  ${r.q}`;
      this.seen.set(key, (this.seen.get(key) ?? 0) + 1);
    }
  }

  top(n: number): { key: string; share: number }[] {
    return [...this.seen]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([key, count]) => ({ key, share: count / Math.max(1, this.samples) }));
  }
}
