import { CronTime } from 'cron';

const MEMO_SIZE = 512;

/**
 * A cron expression matched against wall-clock times written as UTC milliseconds. Matching in UTC,
 * where a wall clock has no gaps or repeats, leaves the zone to slot-calculator: in other zones cron
 * v4's getNextDateFrom can return an instant before its start inside a fall-back hour
 * (kelektiv/node-cron#1087), and resolves repeated wall times with an offset guessed from the real
 * current date (luxon), so slots would depend on the day they were computed.
 */
export class WallClockCron {
  private static readonly compiled = new Map<string, WallClockCron>();

  /** Whether the hour field is `*`. */
  readonly everyHour: boolean;
  private readonly cron: CronTime;
  // cron v4 takes about a millisecond per call, and the planner asks the same questions every loop.
  private readonly memo = new Map<number, number>();

  private constructor(expression: string) {
    this.cron = new CronTime(expression, 'UTC');
    this.everyHour = this.cron.toJSON()[2] === '*';
  }

  static of(expression: string): WallClockCron {
    let cron = WallClockCron.compiled.get(expression);
    if (!cron) {
      cron = new WallClockCron(expression);
      WallClockCron.compiled.set(expression, cron);
    }
    return cron;
  }

  /** The first matching wall time strictly after `wallMs`. */
  next(wallMs: number): number {
    let next = this.memo.get(wallMs);
    if (next === undefined) {
      next = this.cron.getNextDateFrom(new Date(wallMs), 'UTC').toMillis();
      if (this.memo.size >= MEMO_SIZE) this.memo.delete(this.memo.keys().next().value!);
      this.memo.set(wallMs, next);
    }
    return next;
  }
}
