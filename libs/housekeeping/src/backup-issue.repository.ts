import type { EntityManager } from 'typeorm';
import type { Severity } from '@lifecycle/contracts';
import { alertEvents, HEALTH_CODES, healthAggregate, type StoredIssue } from '@lifecycle/health';
import { OutboxWriter } from '@lifecycle/outbox';
import type { BackupIssue, BackupIssueStore } from './backup.ports';

const CODE = 'backup.failed';
const { check, severity } = HEALTH_CODES[CODE];
/** health_issues.check_name: no check run resolves these; only a successful backup does (docs/health.md). */
export const BACKUP_CHECK_NAME = 'database-backup';

const TOUCH_OPEN = `
  UPDATE health_issues SET last_seen_at = GREATEST(last_seen_at, $3::timestamp), message = $2
  WHERE code = $4 AND resource = $1 AND resolved_at IS NULL`;

// The open-issue unique index (code, resource) lets one writer raise it; ON CONFLICT skips the other.
const INSERT_NEW = `
  INSERT INTO health_issues (check_name, code, resource, severity, message, first_seen_at, last_seen_at)
  VALUES ($5, $4, $1, $6, $2, $3::timestamp, $3::timestamp)
  ON CONFLICT (code, resource) WHERE resolved_at IS NULL DO NOTHING
  RETURNING code, resource, severity, message, first_seen_at`;

const RESOLVE = `
  WITH resolved AS (
    UPDATE health_issues SET resolved_at = GREATEST($2::timestamp, first_seen_at)
    WHERE code = $3 AND resource = $1 AND resolved_at IS NULL
    RETURNING code, resource, severity, message, first_seen_at, resolved_at
  )
  SELECT * FROM resolved`;

interface IssueRow {
  code: string;
  resource: string;
  severity: Severity;
  message: string;
  first_seen_at: Date;
}

const stored = (r: IssueRow): StoredIssue => ({ code: r.code, resource: r.resource, severity: r.severity, message: r.message, firstSeenAt: r.first_seen_at });

/**
 * `backup.failed` through health's issue lifecycle (docs/health.md, "Issue lifecycle"): a failure opens
 * the issue once and writes `health.alert.raised`; the next successful backup resolves it and writes
 * `health.alert.resolved`; each in one transaction with its outbox rows, with health's event ids.
 */
export class BackupIssueRepository implements BackupIssueStore {
  private readonly outbox = new OutboxWriter();

  constructor(private readonly manager: EntityManager) {}

  raise(issue: BackupIssue, message: string): Promise<boolean> {
    return this.manager.transaction(async (tx) => {
      await tx.query(TOUCH_OPEN, [issue.resource, message, issue.at, CODE]);
      const raised: IssueRow[] = await tx.query(INSERT_NEW, [issue.resource, message, issue.at, CODE, BACKUP_CHECK_NAME, severity]);
      const run = { check, now: issue.at, tickId: issue.correlationId };
      await this.outbox.append(tx, alertEvents(run, { raised: raised.map(stored), resolved: [] }), healthAggregate);
      return raised.length === 1;
    });
  }

  resolve(issue: BackupIssue): Promise<boolean> {
    return this.manager.transaction(async (tx) => {
      const rows: (IssueRow & { resolved_at: Date })[] = await tx.query(RESOLVE, [issue.resource, issue.at, CODE]);
      const run = { check, now: issue.at, tickId: issue.correlationId };
      const resolved = rows.map((r) => ({ ...stored(r), resolvedAt: r.resolved_at }));
      await this.outbox.append(tx, alertEvents(run, { raised: [], resolved }), healthAggregate);
      return rows.length === 1;
    });
  }
}
