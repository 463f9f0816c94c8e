import type { DataSource, EntityManager } from 'typeorm';
import type { Envelope } from '@lifecycle/contracts';
import { OutboxWriter } from '@lifecycle/outbox';
import { markProcessed } from '@lifecycle/persistence';
import type { CompanyDecision } from './guard-decision.rule';
import type { GuardEvent } from './guard-event';
import type {
  AuditEntry,
  CompanySession,
  GuardFacts,
  GuardLookup,
  GuardWorkspace,
  PlatformWorkspaceStatus,
  RestoredChange,
  RestoredRow,
  SuspendedChange,
  SuspendedRow,
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
 * and `audit_logs`. A company's lock is an advisory lock on (COMPANY_LOCK_SPACE, company id): a session
 * lock on a connection of its own for handlers that call a driver, which then does all of that handler's
 * work, so that a handler never waits for a second connection while holding it; a transaction lock for
 * handlers that do everything in one transaction. Both kinds exclude each other.
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

  withCompanyTransaction<T>(companyId: number, work: (session: CompanySession) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      // Its own statement: a statement's snapshot predates a lock it takes, so reads must come after.
      await manager.query('SELECT pg_advisory_xact_lock($1, $2)', [COMPANY_LOCK_SPACE, companyId]);
      return work(new SqlCompanySession(manager, true));
    });
  }
}

class SqlCompanySession implements CompanySession {
  private readonly outbox = new OutboxWriter();

  /** `inTransaction`: the session's connection is in the handler's transaction already (no nested one). */
  constructor(
    private readonly manager: EntityManager,
    private readonly inTransaction = false,
  ) {}

  async lookup(event: GuardEvent): Promise<GuardLookup> {
    const rows: { processed: boolean; desired: CompanyDecision['desired'] | null; decided_at: Date | null; decided_by_event_id: string | null }[] =
      await this.manager.query(
        `SELECT EXISTS (SELECT 1 FROM processed_messages WHERE consumer = $1 AND event_id = $2) AS processed,
                g.desired, g.decided_at, g.decided_by_event_id
           FROM (SELECT 1) AS one LEFT JOIN workspace_guard_state g ON g.company_id = $3`,
        [GUARD_LEDGER, event.id, event.companyId],
      );
    const row = rows[0];
    const decision =
      row.desired && row.decided_at && row.decided_by_event_id
        ? { desired: row.desired, decidedAt: new Date(row.decided_at), eventId: row.decided_by_event_id }
        : null;
    return { processed: row.processed, decision };
  }

  async markProcessed(eventId: string): Promise<void> {
    await markProcessed(this.manager, GUARD_LEDGER, eventId);
  }

  async recordDecision(event: GuardEvent): Promise<void> {
    await this.manager.query(`${RECORD_DECISION} SELECT 1`, decisionParams(event));
  }

  async activeWorkspaces(companyId: number): Promise<GuardWorkspace[]> {
    const rows: WorkspaceRow[] = await this.manager.query(
      `SELECT ${WORKSPACE_COLUMNS} FROM workspaces w WHERE w.company_id = $1 AND w.status = 'active' ORDER BY w.id`,
      [companyId],
    );
    return rows.map(toWorkspace);
  }

  async rememberSuspensions(
    items: readonly { workspace: GuardWorkspace; wasRunning: boolean }[],
    event: GuardEvent,
    at: Date,
  ): Promise<Map<number, boolean>> {
    if (items.length === 0) return new Map();
    const rows: { workspace_id: number; was_running: boolean }[] = await this.manager.query(
      `WITH input AS (SELECT * FROM unnest($1::int[], $2::int[], $3::boolean[]) AS x(workspace_id, company_id, was_running)),
            inserted AS (
              INSERT INTO workspace_suspensions (workspace_id, company_id, was_running, suspended_at, suspended_by_event_id)
              SELECT workspace_id, company_id, was_running, $4::timestamp, $5::varchar FROM input ORDER BY workspace_id
              ON CONFLICT (workspace_id) DO NOTHING
              RETURNING workspace_id, was_running)
       SELECT i.workspace_id, COALESCE(n.was_running, s.was_running, i.was_running) AS was_running
         FROM input i LEFT JOIN inserted n USING (workspace_id) LEFT JOIN workspace_suspensions s USING (workspace_id)`,
      [items.map((i) => i.workspace.id), items.map((i) => i.workspace.companyId), items.map((i) => i.wasRunning), at, event.id],
    );
    return new Map(rows.map((row) => [row.workspace_id, row.was_running]));
  }

  async markSuspended(changes: readonly SuspendedChange[], processed: string | null): Promise<Set<number>> {
    return this.transaction(async (session) => {
      let changed = new Set<number>();
      if (changes.length > 0) {
        const rows: { id: number }[] = await session.manager.query(
          `WITH input AS (SELECT * FROM unnest($1::int[], $2::boolean[], $3::timestamp[]) AS x(id, stopped, at)),
                updated AS (
                  UPDATE workspaces w
                     SET status = 'suspended', is_running = false, updated_at = i.at,
                         last_stopped_at = CASE WHEN i.stopped THEN i.at ELSE w.last_stopped_at END
                    FROM input i
                   WHERE w.id = i.id AND w.status = 'active'
                   RETURNING w.id)
           SELECT id FROM updated`,
          [changes.map((c) => c.workspace.id), changes.map((c) => c.stopped), changes.map((c) => c.at)],
        );
        changed = new Set(rows.map((row) => row.id));
      }
      const written = changes.filter((c) => changed.has(c.workspace.id));
      await session.recordFacts({ audits: written.map((c) => c.audit), envelopes: written.map((c) => c.envelope), processed });
      return changed;
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

  async markRestored(changes: readonly RestoredChange[], processed: string | null): Promise<Map<number, PlatformWorkspaceStatus>> {
    return this.transaction(async (session) => {
      let previous = new Map<number, PlatformWorkspaceStatus>();
      if (changes.length > 0) {
        const rows: { id: number; previous: PlatformWorkspaceStatus }[] = await session.manager.query(
          `WITH input AS (SELECT * FROM unnest($1::int[], $2::boolean[], $3::timestamp[]) AS x(id, started, at)),
                previous AS (SELECT w.id, w.status FROM workspaces w JOIN input i ON i.id = w.id ORDER BY w.id FOR UPDATE OF w),
                updated AS (
                  UPDATE workspaces w
                     SET status = 'active', is_running = w.is_running OR i.started, updated_at = i.at,
                         last_started_at = CASE WHEN i.started THEN i.at ELSE w.last_started_at END
                    FROM previous p JOIN input i ON i.id = p.id
                   WHERE w.id = p.id AND p.status IN ('suspended', 'active')
                   RETURNING w.id),
                dropped AS (DELETE FROM workspace_suspensions s USING input i WHERE s.workspace_id = i.id)
           SELECT id, status AS previous FROM previous`,
          [changes.map((c) => c.workspace.id), changes.map((c) => c.started), changes.map((c) => c.at)],
        );
        previous = new Map(rows.map((row) => [row.id, row.previous]));
      }
      const written = changes.filter((c) => previous.get(c.workspace.id) === 'suspended');
      await session.recordFacts({ audits: written.map((c) => c.audit), envelopes: written.map((c) => c.envelope), processed });
      return previous;
    });
  }

  async forgetSuspensions(workspaceIds: readonly number[]): Promise<void> {
    if (workspaceIds.length === 0) return;
    await this.manager.query(`DELETE FROM workspace_suspensions WHERE workspace_id = ANY($1::int[])`, [workspaceIds]);
  }

  async recordFailure(envelope: Envelope<'workspace.action_failed'>, audit: AuditEntry): Promise<boolean> {
    return this.transaction(async (session) => {
      const appended = await session.appendOutbox([envelope]);
      if (appended > 0) await session.recordFacts({ audits: [audit], envelopes: [], processed: null });
      return appended > 0;
    });
  }

  async suspendAll(event: GuardEvent, at: Date): Promise<SuspendedRow[]> {
    const rows: (WorkspaceRow & { was_running: boolean })[] = await this.manager.query(
      `${RECORD_DECISION},
            active AS (
              SELECT ${WORKSPACE_COLUMNS} FROM workspaces w
               WHERE w.company_id = $1 AND w.status = 'active'
               ORDER BY w.id FOR UPDATE),
            remembered AS (
              INSERT INTO workspace_suspensions (workspace_id, company_id, was_running, suspended_at, suspended_by_event_id)
              SELECT id, company_id, is_running, $5::timestamp, $4 FROM active ORDER BY id
              ON CONFLICT (workspace_id) DO NOTHING
              RETURNING workspace_id, was_running),
            updated AS (
              UPDATE workspaces w
                 SET status = 'suspended', is_running = false, updated_at = $5::timestamp,
                     last_stopped_at = CASE WHEN a.is_running THEN $5::timestamp ELSE w.last_stopped_at END
                FROM active a
               WHERE w.id = a.id AND w.status = 'active'
               RETURNING w.id)
       SELECT a.*, COALESCE(r.was_running, s.was_running, a.is_running) AS was_running
         FROM active a
         JOIN updated u ON u.id = a.id
         LEFT JOIN remembered r ON r.workspace_id = a.id
         LEFT JOIN workspace_suspensions s ON s.workspace_id = a.id
        ORDER BY a.id`,
      [...decisionParams(event), at],
    );
    return rows.map((row) => ({ workspace: toWorkspace(row), wasRunning: row.was_running, stopped: row.is_running }));
  }

  async restoreAll(event: GuardEvent, at: Date): Promise<RestoredRow[]> {
    const rows: (WorkspaceRow & { was_running: boolean })[] = await this.manager.query(
      `${RECORD_DECISION},
            recorded AS (
              SELECT ${WORKSPACE_COLUMNS}, s.was_running
                FROM workspace_suspensions s JOIN workspaces w ON w.id = s.workspace_id
               WHERE s.company_id = $1
               ORDER BY w.id FOR UPDATE OF w),
            dropped AS (DELETE FROM workspace_suspensions s USING recorded r WHERE s.workspace_id = r.id),
            updated AS (
              UPDATE workspaces w
                 SET status = 'active', is_running = w.is_running OR r.was_running, updated_at = $5::timestamp,
                     last_started_at = CASE WHEN r.was_running THEN $5::timestamp ELSE w.last_started_at END
                FROM recorded r
               WHERE w.id = r.id AND r.status IN ('suspended', 'active')
               RETURNING w.id)
       SELECT * FROM recorded ORDER BY id`,
      [...decisionParams(event), at],
    );
    return rows.map((row) => ({ workspace: toWorkspace(row), wasRunning: row.was_running, previous: row.status }));
  }

  async recordFacts({ audits, envelopes, processed }: GuardFacts): Promise<void> {
    if (audits.length > 0 || processed !== null) {
      await this.manager.query(
        `WITH audit AS (
           INSERT INTO audit_logs (timestamp, company_id, action_type, resource_type, resource_id, details, success, error_message)
           SELECT at, company_id, action_type, 'workspace', resource_id, details, success, error_message
             FROM unnest($1::timestamp[], $2::int[], $3::varchar[], $4::int[], $5::json[], $6::boolean[], $7::text[])
                  AS x(at, company_id, action_type, resource_id, details, success, error_message)),
         ledger AS (
           INSERT INTO processed_messages (consumer, event_id)
           SELECT $8, $9::varchar WHERE $9::varchar IS NOT NULL
           ON CONFLICT (consumer, event_id) DO NOTHING)
         SELECT 1`,
        [
          audits.map((a) => a.timestamp),
          audits.map((a) => a.companyId),
          audits.map((a) => a.actionType),
          audits.map((a) => a.resourceId),
          audits.map((a) => JSON.stringify(a.details)),
          audits.map((a) => a.success),
          audits.map((a) => a.errorMessage ?? null),
          GUARD_LEDGER,
          processed,
        ],
      );
    }
    await this.appendOutbox(envelopes);
  }

  private appendOutbox(envelopes: readonly Envelope<'workspace.stopped' | 'workspace.started' | 'workspace.action_failed'>[]): Promise<number> {
    return this.outbox.append(this.manager, envelopes, (e) => workspaceAggregate(e.data.workspaceId));
  }

  /** `work` in one transaction: the handler's own when it has one, else a new one on the session's connection. */
  private transaction<T>(work: (session: SqlCompanySession) => Promise<T>): Promise<T> {
    if (this.inTransaction) return work(this);
    return this.manager.transaction((tx) => work(new SqlCompanySession(tx, true)));
  }
}

// $1 company id, $2 desired, $3 decided at, $4 deciding event id; the first CTE of a statement.
const RECORD_DECISION = `WITH decision AS (
  INSERT INTO workspace_guard_state (company_id, desired, decided_at, decided_by_event_id, updated_at)
  VALUES ($1::int, $2::varchar, $3::timestamptz, $4::varchar, now())
  ON CONFLICT (company_id) DO UPDATE
    SET desired = EXCLUDED.desired, decided_at = EXCLUDED.decided_at,
        decided_by_event_id = EXCLUDED.decided_by_event_id, updated_at = now())`;

const decisionParams = (event: GuardEvent): unknown[] => [event.companyId, event.desired, event.occurredAt, event.id];
