import type { WorkspaceFacts } from './health-facts';
import type { WorkspaceFactsQuery, WorkspaceFactsStore } from './health.ports';
import { capped, subscriptionRef, type Queryable, type Totalled } from './facts-rows';

const SUBSCRIPTIONS_WITHOUT_WORKSPACE = `
  SELECT s.id AS subscription_id, s.company_id, c.name AS company_name, s.status, count(*) OVER ()::int AS total
  FROM subscriptions s
  LEFT JOIN companies c ON c.id = s.company_id
  WHERE s.status IN ('trial', 'active')
    AND NOT EXISTS (SELECT 1 FROM workspaces w WHERE w.company_id = s.company_id)
  ORDER BY s.id LIMIT $1`;

const RUNNING_WHILE_INACTIVE = `
  SELECT w.id AS workspace_id, w.name AS workspace_name, w.company_id, c.name AS company_name,
         s.id AS subscription_id, s.status, s.updated_at AS status_since, count(*) OVER ()::int AS total
  FROM workspaces w
  JOIN subscriptions s ON s.company_id = w.company_id
  LEFT JOIN companies c ON c.id = w.company_id
  WHERE w.is_running AND s.status IN ('expired', 'suspended', 'cancelled') AND s.updated_at <= $1::timestamp
  ORDER BY w.id LIMIT $2`;

const ORPHAN_RUNNING = `
  SELECT w.id AS workspace_id, w.name AS workspace_name, w.company_id, c.name AS company_name, s.status,
         count(*) OVER ()::int AS total
  FROM workspaces w
  LEFT JOIN companies c ON c.id = w.company_id
  LEFT JOIN subscriptions s ON s.company_id = w.company_id
  WHERE w.is_running
    AND (s.id IS NULL OR s.status NOT IN ('trial', 'active', 'past_due', 'expired', 'suspended', 'cancelled'))
  ORDER BY w.id LIMIT $1`;

// workspace-guard writes its facts through the shared outbox; a failure stays open until a later stop or start.
const UNRESOLVED_ACTION_FAILURES = `
  WITH latest AS (
    SELECT DISTINCT ON ((o.payload->'data'->>'workspaceId')::int)
           (o.payload->'data'->>'workspaceId')::int AS workspace_id, o.id, o.event_id, o.payload->'data' AS data,
           o.payload->>'occurredAt' AS occurred_at
    FROM outbox_events o
    WHERE o.subject = 'workspace.action_failed'
    ORDER BY (o.payload->'data'->>'workspaceId')::int, o.id DESC
  )
  SELECT l.workspace_id, l.event_id, l.occurred_at, l.data->>'workspaceName' AS workspace_name,
         (l.data->>'companyId')::int AS company_id, l.data->>'action' AS action, l.data->>'reason' AS reason,
         l.data->>'error' AS error, count(*) OVER ()::int AS total
  FROM latest l
  WHERE NOT EXISTS (
    SELECT 1 FROM outbox_events o
    WHERE o.subject IN ('workspace.stopped', 'workspace.started') AND o.id > l.id
      AND (o.payload->'data'->>'workspaceId')::int = l.workspace_id
  )
  ORDER BY l.workspace_id LIMIT $1`;

interface WorkspaceRow extends Totalled {
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

  async read({ stopGraceCutoff, limit }: WorkspaceFactsQuery): Promise<WorkspaceFacts> {
    const [missing, inactive, orphans, failures] = await Promise.all([
      this.db.query(SUBSCRIPTIONS_WITHOUT_WORKSPACE, [limit]),
      this.db.query(RUNNING_WHILE_INACTIVE, [stopGraceCutoff, limit]),
      this.db.query(ORPHAN_RUNNING, [limit]),
      this.db.query(UNRESOLVED_ACTION_FAILURES, [limit]),
    ]);
    return {
      subscriptionsWithoutWorkspace: capped(missing, subscriptionRef),
      runningWhileInactive: capped(inactive, (r: InactiveRow) => ({
        workspaceId: r.workspace_id,
        workspaceName: r.workspace_name,
        companyId: r.company_id,
        companyName: r.company_name,
        subscriptionId: r.subscription_id,
        subscriptionStatus: r.status,
        statusSince: r.status_since,
      })),
      orphanRunning: capped(orphans, (r: WorkspaceRow & { status: string | null }) => ({
        workspaceId: r.workspace_id,
        workspaceName: r.workspace_name,
        companyId: r.company_id,
        companyName: r.company_name,
        subscriptionStatus: r.status,
      })),
      actionFailures: capped(failures, (r: FailureRow) => ({
        workspaceId: r.workspace_id,
        workspaceName: r.workspace_name ?? `#${r.workspace_id}`,
        companyId: r.company_id,
        action: r.action,
        reason: r.reason,
        error: r.error,
        occurredAt: r.occurred_at,
        eventId: r.event_id,
      })),
    };
  }
}
