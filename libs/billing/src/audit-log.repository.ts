import type { EntityManager } from 'typeorm';
import type { AuditEntry } from './trial-expiry.store';

const AUDIT = `
  INSERT INTO audit_logs ("timestamp", user_id, company_id, action_type, resource_type, resource_id, details, success)
  SELECT u.ts, NULL, u.company_id, u.action_type, u.resource_type, u.resource_id, u.details::json, true
  FROM unnest($1::timestamp[], $2::int[], $3::varchar[], $4::varchar[], $5::int[], $6::text[])
       AS u(ts, company_id, action_type, resource_type, resource_id, details)`;

/** `audit_logs` rows billing writes: `user_id` null (automation), request columns null, `details.eventId` set. */
export async function insertAudit(manager: EntityManager, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await manager.query(AUDIT, [
    entries.map((e) => e.timestamp),
    entries.map((e) => e.companyId),
    entries.map((e) => e.actionType),
    entries.map((e) => e.resourceType),
    entries.map((e) => e.resourceId),
    entries.map((e) => JSON.stringify(e.details)),
  ]);
}
