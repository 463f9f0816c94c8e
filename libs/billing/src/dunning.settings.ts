import { DunningSchedule } from './dunning-schedule';
import { HardDeclinePolicy } from './hard-decline.policy';

/** How dunning behaves; built from the environment at boot (dunning.env.ts). */
export interface DunningSettings {
  schedule: DunningSchedule;
  hardDeclines: HardDeclinePolicy;
  /** A failure older than this when billing first sees it (e.g. the platform's history) never enters dunning. */
  lookbackMs: number;
  /** A charge whose outcome stays unknown this long becomes `unknown` (never `failed`): alert, no further charge. */
  outcomeTimeoutMs: number;
  /** Waits before each status inquiry of a charge without an outcome, from the charge and then each inquiry; the last repeats. */
  statusBackoffMs: readonly number[];
  /** Detection between payment-retry ticks; 0 = only at the ticks. */
  detectIntervalMs: number;
}

export function dunningSettings(overrides: Partial<DunningSettings> = {}): DunningSettings {
  return {
    schedule: DunningSchedule.DEFAULT,
    hardDeclines: new HardDeclinePolicy(),
    lookbackMs: 7 * 86_400_000,
    outcomeTimeoutMs: 86_400_000,
    statusBackoffMs: [5 * 60_000, 15 * 60_000, 3_600_000, 3 * 3_600_000, 6 * 3_600_000],
    detectIntervalMs: 60_000,
    ...overrides,
  };
}
