import type { SweepLogger } from './sweep.types';

/** Warnings of one run: each named up to a limit, the rest summed up in one line (as SkipLog does for the sweeps). */
export class WarningBudget {
  private named = 0;
  private dropped = 0;

  constructor(
    private readonly label: string,
    private readonly logger: SweepLogger,
    private readonly limit: number,
  ) {}

  warn(message: string): void {
    if (this.named >= this.limit) {
      this.dropped += 1;
      return;
    }
    this.named += 1;
    this.logger.warn(`${this.label}: ${message}`);
  }

  finish(): void {
    if (this.dropped > 0) this.logger.warn(`${this.label}: ${this.dropped} more warnings not listed`);
  }
}
