import type { DataSource, EntityManager } from 'typeorm';
import type { Envelope } from '@lifecycle/contracts';
import { OutboxWriter } from '@lifecycle/outbox';
import { markProcessed } from '@lifecycle/persistence';
import type { CompanyDecision } from './guard-decision.rule';
import type { GuardEvent } from './guard-event';
import type {
  AuditEntry,
  CompanySession,
  GuardWorkspace,
  PlatformWorkspaceStatus,
  RestoredChange,
  SuspendedChange,
  Suspension,
  WorkspaceGuardStore,
} from './workspace-guard.store';

// pg_advisory_lock(int, int) key space of the guard's per-company lock (the outbox writers use 0x0b0c).
const COMPANY_LOCK_SPACE = 0x3a7d;
/** processed_messages.consumer of the guard: one ledger for its three subjects (event ids name their type). */
export const GUARD_LEDGER = 'workspace-guard';

// UPDATE statements are wrapped in a CTE: TypeORM's query() returns [rows, count] for a top-level UPDATE.

interface WorkspaceRow {
  id: number;
  company_id: number;
  name: string;
  linux_username: string;
  is_running: boolean;
  status: PlatformWorkspaceStatus;
}

// Never code_server_password (platform-schema.md).
const WORKSPACE_COLUMNS = 'w.id, w.company_id, w.name, w.linux_username, w.is_running, w.status';

const toWorkspace = (row: WorkspaceRow): GuardWorkspace => ({
  id: row.id,
  companyId: row.company_id,
  name: row.name,
  linuxUsername: row.linux_username,
  isRunning: row.is_running,
  status: row.status,
});

const workspaceAggregate = (workspaceId: number): string => `workspace:${workspaceId}`;

/**
 * The guard's storage: `workspace_guard_state`, `workspace_suspensions`, and the platform's `workspaces`
 * and `audit_logs`. A company's lock is a session advisory lock on a connection of its own, which then
 * does all of that handler's work, so that a handler never waits for a second connection while holding it.
 */
export class WorkspaceGuardRepository implements WorkspaceGuardStore {
  constructor(private readonly dataSource: DataSource) {}

  async withCompanyLock<T>(companyId: number, work: (session: CompanySession) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1, $2)', [COMPANY_LOCK_SPACE, companyId]);
      try {
        return await work(new SqlCompanySession(runner.manager));
      } finally {
        // A broken connection has lost the lock already; the pool closes idle connections in any case.
        await runner.query('SELECT pg_advisory_unlock($1, $2)', [COMPANY_LOCK_SPACE, companyId]).catch(() => undefined);
      }
    } finally {
      await runner.release();
    }
  }
}

class SqlCompanySession implements CompanySession {
  private readonly outbox = new OutboxWriter();

  constructor(private readonly manager: EntityManager) {}

  async isProcessed(eventId: string): Promise<boolean> {
    const rows: unknown[] = await this.manager.query(`SELECT 1 FROM processed_messages WHERE consumer = $1 AND event_id = $2`, [
      GUARD_LEDGER,
      eventId,
    ]);
    return rows.length > 0;
  }

  async markProcessed(eventId: string): Promise<void> {
    await markProcessed(this.manager, GUARD_LEDGER, eventId);
  }

  async decision(companyId: number): Promise<CompanyDecision | null> {
    const rows: { desired: CompanyDecision['desired']; decided_at: Date; decided_by_event_id: string }[] = await this.manager.query(
      `SELECT desired, decided_at, decided_by_event_id FROM workspace_guard_state WHERE company_id = $1`,
      [companyId],
    );
    return rows[0] ? { desired: rows[0].desired, decidedAt: new Date(rows[0].decided_at), eventId: rows[0].decided_by_event_id } : null;
  }

  async recordDecision(event: GuardEvent): Promise<void> {
    await this.manager.query(
      `INSERT INTO workspace_guard_state (company_id, desired, decided_at, decided_by_event_id, updated_at)
       VALUES ($1, $2, $3, $4, now())
       ON CONFLICT (company_id) DO UPDATE
         SET desired = EXCLUDED.desired, decided_at = EXCLUDED.decided_at,
             decided_by_event_id = EXCLUDED.decided_by_event_id, updated_at = now()`,
      [event.companyId, event.desired, event.occurredAt, event.id],
    );
  }

  async activeWorkspaces(companyId: number): Promise<GuardWorkspace[]> {
    const rows: WorkspaceRow[] = await this.manager.query(
      `SELECT ${WORKSPACE_COLUMNS} FROM workspaces w WHERE w.company_id = $1 AND w.status = 'active' ORDER BY w.id`,
      [companyId],
    );
    return rows.map(toWorkspace);
  }

  async rememberSuspension(workspace: GuardWorkspace, wasRunning: boolean, event: GuardEvent, at: Date): Promise<boolean> {
    const rows: { was_running: boolean }[] = await this.manager.query(
      `WITH inserted AS (
         INSERT INTO workspace_suspensions (workspace_id, company_id, was_running, suspended_at, suspended_by_event_id)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (workspace_id) DO NOTHING
         RETURNING was_running)
       SELECT was_running FROM inserted
       UNION ALL SELECT was_running FROM workspace_suspensions WHERE workspace_id = $1 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [workspace.id, workspace.companyId, wasRunning, at, event.id],
    );
    return rows[0]?.was_running ?? wasRunning;
  }

  async markSuspended(workspace: GuardWorkspace, change: SuspendedChange): Promise<boolean> {
    return this.manager.transaction(async (tx) => {
      const updated: unknown[] = await tx.query(
        `WITH updated AS (
           UPDATE workspaces
              SET status = 'suspended', is_running = false, updated_at = $2,
                  last_stopped_at = CASE WHEN $3::boolean THEN $2::timestamp ELSE last_stopped_at END
            WHERE id = $1 AND status = 'active'
            RETURNING id)
         SELECT id FROM updated`,
        [workspace.id, change.at, change.stopped],
      );
      if (updated.length === 0) return false;
      await insertAudit(tx, change.audit);
      await this.outbox.append(tx, [change.envelope], (e) => workspaceAggregate(e.data.workspaceId));
      return true;
    });
  }

  async suspensions(companyId: number): Promise<Suspension[]> {
    const rows: (WorkspaceRow & { was_running: boolean })[] = await this.manager.query(
      `SELECT ${WORKSPACE_COLUMNS}, s.was_running
         FROM workspace_suspensions s JOIN workspaces w ON w.id = s.workspace_id
        WHERE s.company_id = $1
        ORDER BY w.id`,
      [companyId],
    );
    return rows.map((row) => ({ workspace: toWorkspace(row), wasRunning: row.was_running }));
  }

  async markRestored({ workspace }: Suspension, change: RestoredChange): Promise<PlatformWorkspaceStatus | null> {
    return this.manager.transaction(async (tx) => {
      const rows: { previous: PlatformWorkspaceStatus }[] = await tx.query(
        `WITH previous AS (SELECT id, status FROM workspaces WHERE id = $1 FOR UPDATE),
              updated AS (
                UPDATE workspaces w
                   SET status = 'active', is_running = w.is_running OR $3::boolean, updated_at = $2,
                       last_started_at = CASE WHEN $3::boolean THEN $2::timestamp ELSE w.last_started_at END
                  FROM previous
                 WHERE w.id = previous.id AND previous.status IN ('suspended', 'active')
                 RETURNING previous.status AS previous)
         SELECT previous FROM updated`,
        [workspace.id, change.at, change.started],
      );
      await tx.query(`DELETE FROM workspace_suspensions WHERE workspace_id = $1`, [workspace.id]);
      const previous = rows[0]?.previous ?? null;
      if (previous === 'suspended') {
        await insertAudit(tx, change.audit);
        await this.outbox.append(tx, [change.envelope], (e) => workspaceAggregate(e.data.workspaceId));
      }
      return previous;
    });
  }

  async forgetSuspension(workspaceId: number): Promise<void> {
    await this.manager.query(`DELETE FROM workspace_suspensions WHERE workspace_id = $1`, [workspaceId]);
  }

  async recordFailure(envelope: Envelope<'workspace.action_failed'>, audit: AuditEntry): Promise<boolean> {
    return this.manager.transaction(async (tx) => {
      const appended = await this.outbox.append(tx, [envelope], (e) => workspaceAggregate(e.data.workspaceId));
      if (appended > 0) await insertAudit(tx, audit);
      return appended > 0;
    });
  }
}

async function insertAudit(manager: EntityManager, entry: AuditEntry): Promise<void> {
  await manager.query(
    `INSERT INTO audit_logs (timestamp, company_id, action_type, resource_type, resource_id, details, success, error_message)
     VALUES ($1, $2, $3, 'workspace', $4, $5, $6, $7)`,
    [entry.timestamp, entry.companyId, entry.actionType, entry.resourceId, JSON.stringify(entry.details), entry.success, entry.errorMessage ?? null],
  );
}
