import type { WorkspaceFacts } from './health-facts';
import type { WorkspaceFactsQuery, WorkspaceFactsStore } from './health.ports';
import { readBounded, subscriptionRef, type BoundedQuery, type Queryable, type SubscriptionRow } from './facts-rows';

// Each problem is read bounded (facts-rows.ts, boundedSql): its matches in one pass over the tables, the
// first HEALTH_ISSUE_LIMIT of them and a count that stops after the cap.

const COMPANY_LABEL = { columns: 'c.name AS company_name', joins: 'LEFT JOIN companies c ON c.id = m.company_id' };

export const SUBSCRIPTIONS_WITHOUT_WORKSPACE: BoundedQuery = {
  select: 's.id AS subscription_id, s.company_id, s.status',
  from: `FROM subscriptions s
    WHERE s.status IN ('trial', 'active')
      AND NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.company_id = s.company_id)`,
  key: 'subscription_id',
  label: COMPANY_LABEL,
};

export const RUNNING_WHILE_INACTIVE: BoundedQuery = {
  select: `w.id AS workspace_id, w.name AS workspace_name, w.company_id, s.id AS subscription_id, s.status,
           s.updated_at AS status_since`,
  from: `FROM workspaces w
    JOIN subscriptions s ON s.company_id = w.company_id
    WHERE w.is_running AND s.status IN ('expired', 'suspended', 'cancelled') AND s.updated_at <= $1::timestamp`,
  key: 'workspace_id',
  label: COMPANY_LABEL,
};

export const ORPHAN_RUNNING: BoundedQuery = {
  select: 'w.id AS workspace_id, w.name AS workspace_name, w.company_id, s.status',
  from: `FROM workspaces w
    LEFT JOIN subscriptions s ON s.company_id = w.company_id
    WHERE w.is_running
      AND (s.id IS NULL OR s.status NOT IN ('trial', 'active', 'past_due', 'expired', 'suspended', 'cancelled'))`,
  key: 'workspace_id',
  label: COMPANY_LABEL,
};

// Workspaces this product stopped while they ran (workspace_suspensions, workspace-guard's record, deleted when
// it restores them) of companies whose subscription is trial or active again since before the grace; the
// platform's and the customer's own stops have no such row, or one with was_running false. $2: the driver
// sees the real state, so the database's is_running does not decide here.
export const STOPPED_WHILE_ACTIVE: BoundedQuery = {
  select: `ws.company_id, min(s.id) AS subscription_id, min(s.status) AS status, max(s.updated_at) AS status_since,
           json_agg(json_build_object('id', w.id, 'name', w.name, 'linuxUsername', w.linux_username, 'isRunning', w.is_running)
                    ORDER BY w.id) AS workspaces`,
  from: `FROM workspace_suspensions ws
    JOIN workspaces w ON w.id = ws.workspace_id
    JOIN subscriptions s ON s.company_id = ws.company_id
    WHERE ws.was_running AND w.status IN ('suspended', 'active') AND ($2::boolean OR NOT w.is_running)
      AND s.status IN ('trial', 'active') AND s.updated_at <= $1::timestamp
    GROUP BY ws.company_id`,
  key: 'company_id',
  label: COMPANY_LABEL,
};

// workspace-guard writes its facts through the shared outbox; a failure stays open until a later stop or
// start, looked up per failure through outbox_events_workspace_done_idx (workspace id as text, id).
export const UNRESOLVED_ACTION_FAILURES: BoundedQuery = {
  ctes: `latest AS (
    SELECT DISTINCT ON ((o.payload->'data'->>'workspaceId')::int)
           (o.payload->'data'->>'workspaceId')::int AS workspace_id, o.payload->'data'->>'workspaceId' AS workspace_key,
           o.id, o.event_id, o.payload->'data' AS data, o.payload->>'occurredAt' AS occurred_at
    FROM outbox_events o
    WHERE o.subject = 'workspace.action_failed'
    ORDER BY (o.payload->'data'->>'workspaceId')::int, o.id DESC
  )`,
  select: `l.workspace_id, l.event_id, l.occurred_at, l.data->>'workspaceName' AS workspace_name,
           (l.data->>'companyId')::int AS company_id, l.data->>'action' AS action, l.data->>'reason' AS reason,
           l.data->>'error' AS error`,
  from: `FROM latest l
    WHERE NOT EXISTS (
      SELECT 1 FROM outbox_events o
      WHERE o.subject IN ('workspace.stopped', 'workspace.started')
        AND o.payload->'data'->>'workspaceId' = l.workspace_key AND o.id > l.id
    )`,
  key: 'workspace_id',
};

interface WorkspaceRow {
  workspace_id: number;
  workspace_name: string;
  company_id: number;
  company_name: string | null;
}

interface InactiveRow extends WorkspaceRow {
  subscription_id: number;
  status: string;
  status_since: Date;
}

interface GuardStoppedRow {
  company_id: number;
  company_name: string | null;
  subscription_id: number;
  status: string;
  status_since: Date;
  workspaces: { id: number; name: string; linuxUsername: string; isRunning: boolean }[];
}

interface FailureRow extends WorkspaceRow {
  event_id: string;
  occurred_at: string;
  action: 'stop' | 'start';
  reason: string;
  error: string;
}

/** workspace-health's read-only queries: workspaces, subscriptions, and workspace-guard's facts in the shared outbox. */
export class WorkspaceFactsRepository implements WorkspaceFactsStore {
  constructor(private readonly db: Queryable) {}

  async read({ stopGraceCutoff, observesRuntime, limit, cap }: WorkspaceFactsQuery): Promise<WorkspaceFacts> {
    const bounds = { limit, cap };
    const [subscriptionsWithoutWorkspace, runningWhileInactive, orphanRunning, actionFailures, guardStopped] = await Promise.all([
      readBounded(this.db, SUBSCRIPTIONS_WITHOUT_WORKSPACE, [], bounds, (r: SubscriptionRow) => subscriptionRef(r)),
      readBounded(this.db, RUNNING_WHILE_INACTIVE, [stopGraceCutoff], bounds, (r: InactiveRow) => ({
        workspaceId: r.workspace_id,
        workspaceName: r.workspace_name,
        companyId: r.company_id,
        companyName: r.company_name,
        subscriptionId: r.subscription_id,
        subscriptionStatus: r.status,
        statusSince: r.status_since,
      })),
      readBounded(this.db, ORPHAN_RUNNING, [], bounds, (r: WorkspaceRow & { status: string | null }) => ({
        workspaceId: r.workspace_id,
        workspaceName: r.workspace_name,
        companyId: r.company_id,
        companyName: r.company_name,
        subscriptionStatus: r.status,
      })),
      readBounded(this.db, UNRESOLVED_ACTION_FAILURES, [], bounds, (r: FailureRow) => ({
        workspaceId: r.workspace_id,
        workspaceName: r.workspace_name ?? `#${r.workspace_id}`,
        companyId: r.company_id,
        action: r.action,
        reason: r.reason,
        error: r.error,
        occurredAt: r.occurred_at,
        eventId: r.event_id,
      })),
      readBounded(this.db, STOPPED_WHILE_ACTIVE, [stopGraceCutoff, observesRuntime ?? false], bounds, (r: GuardStoppedRow) => ({
        companyId: r.company_id,
        companyName: r.company_name,
        subscriptionId: r.subscription_id,
        subscriptionStatus: r.status,
        statusSince: r.status_since,
        workspaces: r.workspaces.map((w) => ({ workspaceId: w.id, workspaceName: w.name, linuxUsername: w.linuxUsername, isRunning: w.isRunning })),
      })),
    ]);
    return { subscriptionsWithoutWorkspace, runningWhileInactive, orphanRunning, actionFailures, guardStopped };
  }
}
