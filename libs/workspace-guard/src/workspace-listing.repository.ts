import type { EntityManager } from 'typeorm';
import type { CompanyDecision } from './guard-decision.rule';
import type { ListedCompany, ListedWorkspace, WorkspaceListingStore } from './workspace-listing.store';
import type { PlatformWorkspaceStatus } from './workspace-guard.store';

interface Row {
  id: number;
  company_id: number;
  name: string;
  linux_username: string;
  is_running: boolean;
  status: PlatformWorkspaceStatus;
  last_started_at: Date | null;
  last_stopped_at: Date | null;
  was_running: boolean | null;
}

const MAX_INTEGER = 2_147_483_647;

export class WorkspaceListingRepository implements WorkspaceListingStore {
  constructor(private readonly manager: EntityManager) {}

  async company(reference: string): Promise<ListedCompany | null> {
    const id = /^\d+$/.test(reference) && Number(reference) <= MAX_INTEGER ? Number(reference) : null;
    const rows: ListedCompany[] = await this.manager.query(
      `SELECT id, name, subdomain, status FROM companies WHERE id = $1 OR subdomain = $2 ORDER BY (id = $1) DESC LIMIT 1`,
      [id, reference],
    );
    return rows[0] ?? null;
  }

  async workspaces(companyId: number): Promise<ListedWorkspace[]> {
    // Never code_server_password (platform-schema.md).
    const rows: Row[] = await this.manager.query(
      `SELECT w.id, w.company_id, w.name, w.linux_username, w.is_running, w.status, w.last_started_at, w.last_stopped_at, s.was_running
         FROM workspaces w LEFT JOIN workspace_suspensions s ON s.workspace_id = w.id
        WHERE w.company_id = $1
        ORDER BY w.id`,
      [companyId],
    );
    return rows.map((row) => ({
      id: row.id,
      companyId: row.company_id,
      name: row.name,
      linuxUsername: row.linux_username,
      isRunning: row.is_running,
      status: row.status,
      lastStartedAt: row.last_started_at,
      lastStoppedAt: row.last_stopped_at,
      wasRunning: row.was_running,
    }));
  }

  async decision(companyId: number): Promise<CompanyDecision | null> {
    const rows: { desired: CompanyDecision['desired']; decided_at: Date; decided_by_event_id: string }[] = await this.manager.query(
      `SELECT desired, decided_at, decided_by_event_id FROM workspace_guard_state WHERE company_id = $1`,
      [companyId],
    );
    return rows[0] ? { desired: rows[0].desired, decidedAt: new Date(rows[0].decided_at), eventId: rows[0].decided_by_event_id } : null;
  }
}
