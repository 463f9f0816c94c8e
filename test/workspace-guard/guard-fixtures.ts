import type { Pool } from 'pg';
import {
  createEnvelope,
  subscriptionStatusId,
  trialExpiredId,
  type Envelope,
} from '@lifecycle/contracts';
import type { GuardSubject } from '@lifecycle/workspace-guard';

const admin = { userId: 1, email: 'admin@example.com', fullName: 'Ada Admin', locale: 'en' as const };

/** A lifecycle event as billing publishes it, for a company of the factories. */
export function lifecycleEvent(type: GuardSubject, company: { id: number; subscriptionId: number }, occurredAt: string): Envelope<GuardSubject> {
  const fact = { subscriptionId: company.subscriptionId, companyId: company.id, companyName: `Company ${company.id}`, plan: 'team', admin };
  if (type === 'trial.expired') {
    return createEnvelope('trial.expired', {
      id: trialExpiredId(company.subscriptionId, occurredAt),
      source: 'billing',
      correlationId: `trial-expiry@${occurredAt}`,
      occurredAt,
      data: { ...fact, trialEndedAt: occurredAt },
    });
  }
  return createEnvelope(type, {
    id: subscriptionStatusId(type, company.subscriptionId, { at: occurredAt }),
    source: 'billing',
    correlationId: `billing@${occurredAt}`,
    occurredAt,
    data: { ...fact, reason: type === 'subscription.suspended' ? 'payment retries exhausted' : 'paid in the platform', paymentId: null },
  });
}

export interface WorkspaceState {
  id: number;
  status: string;
  is_running: boolean;
  last_stopped_at: Date | null;
  last_started_at: Date | null;
}

export async function workspaceStates(pool: Pool, companyId: number): Promise<WorkspaceState[]> {
  const { rows } = await pool.query<WorkspaceState>(
    `SELECT id, status, is_running, last_stopped_at, last_started_at FROM workspaces WHERE company_id = $1 ORDER BY id`,
    [companyId],
  );
  return rows;
}

export interface OutboxRow {
  event_id: string;
  subject: string;
  payload: Envelope;
}

export async function outboxEvents(pool: Pool, companyId?: number): Promise<OutboxRow[]> {
  const { rows } = await pool.query<OutboxRow>(`SELECT event_id, subject, payload FROM outbox_events ORDER BY id`);
  return companyId === undefined ? rows : rows.filter((r) => (r.payload.data as { companyId?: number }).companyId === companyId);
}

export async function auditRows(pool: Pool, companyId: number) {
  const { rows } = await pool.query<{ action_type: string; resource_type: string; resource_id: number; success: boolean; error_message: string | null; details: Record<string, unknown> }>(
    `SELECT action_type, resource_type, resource_id, success, error_message, details FROM audit_logs WHERE company_id = $1 ORDER BY id`,
    [companyId],
  );
  return rows;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

type Falsy = false | 0 | '' | null | undefined;

export async function eventually<T>(probe: () => Promise<T | Falsy> | T | Falsy, timeoutMs = 30_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(100);
  }
}
