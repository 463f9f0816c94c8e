import type { HealthCheckName } from '@lifecycle/contracts';
import type { IssueLifecycleStore } from './health.ports';
import type { HealthRunSummary, HealthTick, RunHealthCheckUseCase } from './run-health-check.use-case';

export interface ScheduledTick extends HealthTick {
  /** The transport holds a later tick of the same check, not yet delivered (JetStream's pending count). */
  newerQueued: boolean;
}

export type HealthTickOutcome =
  | { status: 'ran'; summary: HealthRunSummary }
  /** A later tick of the check is queued (or waiting here): that one runs instead. */
  | { status: 'superseded' }
  /** Older than the latest tick a run of the check already recorded: running it could change nothing. */
  | { status: 'stale'; latest: Date };

interface Waiting {
  tick: ScheduledTick;
  settle: (outcome: HealthTickOutcome | Promise<HealthTickOutcome>) => void;
}

interface Lane {
  busy: boolean;
  waiting: Waiting | null;
}

type CheckRunner = Pick<RunHealthCheckUseCase, 'execute'>;
type RunHistory = Pick<IssueLifecycleStore, 'lastScheduledAt'>;

/**
 * A tick of a check family, coalesced (docs/health.md, "When the checks run"): at most one run of a check
 * at a time in this process; while it runs, at most one tick waits (a newer arrival supersedes it); a tick
 * with a newer one queued in the transport, or older than the latest run recorded, is acknowledged unrun.
 * A backlog of ticks therefore costs one run, of the newest.
 */
export class HealthTickUseCase {
  private readonly lanes = new Map<HealthCheckName, Lane>();

  constructor(
    private readonly runner: CheckRunner,
    private readonly history: RunHistory,
  ) {}

  execute(check: HealthCheckName, tick: ScheduledTick): Promise<HealthTickOutcome> {
    if (tick.newerQueued) return Promise.resolve({ status: 'superseded' });
    const lane = this.lane(check);
    if (!lane.busy) return this.run(check, lane, tick);
    const waiting = lane.waiting;
    if (waiting && waiting.tick.now.getTime() > tick.now.getTime()) return Promise.resolve({ status: 'superseded' });
    waiting?.settle({ status: 'superseded' });
    return new Promise<HealthTickOutcome>((settle) => (lane.waiting = { tick, settle }));
  }

  private async run(check: HealthCheckName, lane: Lane, tick: ScheduledTick): Promise<HealthTickOutcome> {
    lane.busy = true;
    try {
      const latest = await this.history.lastScheduledAt(check);
      if (latest && tick.now.getTime() < latest.getTime()) return { status: 'stale', latest };
      return { status: 'ran', summary: await this.runner.execute(check, tick) };
    } finally {
      lane.busy = false;
      const next = lane.waiting;
      lane.waiting = null;
      if (next) next.settle(this.run(check, lane, next.tick));
    }
  }

  private lane(check: HealthCheckName): Lane {
    let lane = this.lanes.get(check);
    if (!lane) this.lanes.set(check, (lane = { busy: false, waiting: null }));
    return lane;
  }
}
