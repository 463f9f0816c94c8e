import { parseDuration } from '@lifecycle/time';

export class InvalidDunningScheduleError extends Error {
  constructor(reason: string) {
    super(`invalid dunning schedule: ${reason}`);
    this.name = 'InvalidDunningScheduleError';
  }
}

/**
 * When failed payments are retried (ARCHITECTURE.md, "Business rules → Dunning"): retry k waits
 * `backoffMs[k-1]` after the failure before it (the last delay repeats when there are more retries than
 * delays); after `maxRetries` failed retries the chain is exhausted.
 */
export class DunningSchedule {
  static readonly DEFAULT = new DunningSchedule([6, 24, 72].map((h) => h * 3_600_000), 3);

  constructor(
    readonly backoffMs: readonly number[],
    readonly maxRetries: number,
  ) {
    if (!Number.isInteger(maxRetries) || maxRetries < 1) throw new InvalidDunningScheduleError('at least one retry is needed (use PAYMENT_GATEWAY=none for none)');
    if (backoffMs.length === 0) throw new InvalidDunningScheduleError('no delays');
    if (backoffMs.length > maxRetries) {
      throw new InvalidDunningScheduleError(`${backoffMs.length} delays for ${maxRetries} retries; give at most one delay per retry`);
    }
    if (backoffMs.some((ms) => !(ms > 0))) throw new InvalidDunningScheduleError('every delay must be longer than zero');
  }

  /** The original charge plus the retries (payment.failed `maxAttempts`). */
  get maxAttempts(): number {
    return 1 + this.maxRetries;
  }

  /** The wait before retry `retry` (1-based). */
  delayBefore(retry: number): number {
    return this.backoffMs[Math.min(retry, this.backoffMs.length) - 1];
  }

  /** When retry `retry` is due, given the failure before it (the original one for retry 1); null when none remains. */
  nextRetryAt(retry: number, failedAt: Date): Date | null {
    if (retry > this.maxRetries) return null;
    return new Date(failedAt.getTime() + this.delayBefore(retry));
  }

  /** `6h,24h,72h` */
  static parseBackoff(text: string): number[] {
    const parts = text.split(',').map((p) => p.trim());
    if (parts.some((p) => p === '')) throw new InvalidDunningScheduleError(`"${text}" has an empty delay`);
    return parts.map((p) => parseDuration(p));
  }
}
