import type { EntityManager } from 'typeorm';
import type { Envelope, HealthCheckName, HealthIssue, Severity } from '@lifecycle/contracts';
import { OutboxWriter } from '@lifecycle/outbox';
import { healthAggregate } from './health-events';
import type { HealthRun, IssueChanges, IssueLifecycleStore, RecordOutcome, ResolvedIssue, StoredIssue } from './health.ports';

// Upserting the check's row locks it until commit: runs of one check take turns. The run is stale when
// an earlier run recorded a later tick (GREATEST keeps that one).
const CLAIM_RUN = `
  INSERT INTO health_check_runs AS r (check_name, last_scheduled_at, last_run_at) VALUES ($1, $2::timestamp, $3)
  ON CONFLICT (check_name) DO UPDATE SET
    last_scheduled_at = GREATEST(r.last_scheduled_at, EXCLUDED.last_scheduled_at),
    last_run_at = CASE WHEN EXCLUDED.last_scheduled_at >= r.last_scheduled_at THEN EXCLUDED.last_run_at ELSE r.last_run_at END
  RETURNING last_scheduled_at > $2::timestamp AS stale`;

const SEEN = `unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::text[]) AS s(code, resource, severity, message)`;

const TOUCH_OPEN = `
  UPDATE health_issues h SET last_seen_at = GREATEST(h.last_seen_at, $5::timestamp), severity = s.severity, message = s.message
  FROM ${SEEN}
  WHERE h.resolved_at IS NULL AND h.code = s.code AND h.resource = s.resource`;

// The unique open-issue index (code, resource) WHERE resolved_at IS NULL lets one replica insert; the other skips.
const INSERT_NEW = `
  INSERT INTO health_issues (check_name, code, resource, severity, message, first_seen_at, last_seen_at)
  SELECT $6, s.code, s.resource, s.severity, s.message, $5::timestamp, $5::timestamp
  FROM ${SEEN}
  ON CONFLICT (code, resource) WHERE resolved_at IS NULL DO NOTHING
  RETURNING code, resource, severity, message, first_seen_at`;

// In a CTE: TypeORM returns [rows, count] for a bare UPDATE … RETURNING.
const RESOLVE_GONE = `
  WITH resolved AS (
    UPDATE health_issues h SET resolved_at = $2::timestamp
    WHERE h.check_name = $1 AND h.resolved_at IS NULL
      AND NOT EXISTS (
        SELECT 1 FROM unnest($3::varchar[], $4::varchar[]) AS s(code, resource) WHERE s.code = h.code AND s.resource = h.resource
      )
    RETURNING code, resource, severity, message, first_seen_at, resolved_at
  )
  SELECT * FROM resolved ORDER BY code, resource`;

const LAST_SCHEDULED = `SELECT last_scheduled_at FROM health_check_runs WHERE check_name = $1`;

const OPEN_COUNTS = `
  SELECT code, severity, count(*)::int AS count FROM health_issues WHERE resolved_at IS NULL GROUP BY code, severity ORDER BY code`;

interface IssueRow {
  code: string;
  resource: string;
  severity: Severity;
  message: string;
  first_seen_at: Date;
}

const stored = (r: IssueRow): StoredIssue => ({
  code: r.code,
  resource: r.resource,
  severity: r.severity,
  message: r.message,
  firstSeenAt: r.first_seen_at,
});

function columns(issues: readonly HealthIssue[]): [string[], string[], string[], string[]] {
  return [issues.map((i) => i.code), issues.map((i) => i.resource), issues.map((i) => i.severity), issues.map((i) => i.message)];
}

/**
 * The issue lifecycle of one check in one transaction (docs/health.md, "Issue lifecycle"): open issues
 * seen again get last_seen_at, new ones are inserted and raised, open ones not seen are resolved; then
 * the events go to the outbox. A rerun of the same tick changes nothing and writes no new event.
 */
export class HealthIssueRepository implements IssueLifecycleStore {
  private readonly outbox = new OutboxWriter();

  constructor(private readonly manager: EntityManager) {}

  record(run: HealthRun, events: (changes: IssueChanges) => Envelope[]): Promise<RecordOutcome> {
    return this.manager.transaction(async (tx) => {
      const [{ stale }]: { stale: boolean }[] = await tx.query(CLAIM_RUN, [run.check, run.now, run.runAt]);
      const changes: IssueChanges = stale ? { raised: [], resolved: [] } : await this.apply(tx, run);
      const written = await this.outbox.append(tx, events(changes), healthAggregate);
      return { ...changes, stale, written };
    });
  }

  async lastScheduledAt(check: HealthCheckName): Promise<Date | null> {
    const [row]: { last_scheduled_at: Date }[] = await this.manager.query(LAST_SCHEDULED, [check]);
    return row?.last_scheduled_at ?? null;
  }

  async openIssueCounts(): Promise<{ code: string; severity: string; count: number }[]> {
    return this.manager.query(OPEN_COUNTS);
  }

  private async apply(tx: EntityManager, run: HealthRun): Promise<IssueChanges> {
    const seen = columns(run.issues);
    await tx.query(TOUCH_OPEN, [...seen, run.now]);
    const raised: IssueRow[] = await tx.query(INSERT_NEW, [...seen, run.now, run.check]);
    const resolved: (IssueRow & { resolved_at: Date })[] = await tx.query(RESOLVE_GONE, [run.check, run.now, seen[0], seen[1]]);
    return {
      raised: raised.map(stored),
      resolved: resolved.map((r): ResolvedIssue => ({ ...stored(r), resolvedAt: r.resolved_at })),
    };
  }
}
