import type { Envelope } from '@lifecycle/contracts';
import type { ChaosWorld } from '../support/chaos-world';
import type { SeededCompany } from '../support/seed';
import { compareCounts, once, tally } from './tally';

export interface ExpiryExpectation {
  at: Date;
  /** Ended trials with an active admin: expired, announced, mailed and stopped exactly once. */
  expire: SeededCompany[];
  /** Everything else: unchanged. */
  keep: SeededCompany[];
}

/** The rule (ARCHITECTURE.md, "Business rules"), computed from the seed alone: status trial, trial_ends_at < now, an active admin. */
export function expectExpiry(seeds: readonly SeededCompany[], at: Date): ExpiryExpectation {
  const expires = (s: SeededCompany) => s.status === 'trial' && !!s.trialEndsAt && s.trialEndsAt < at && s.admin;
  return { at, expire: seeds.filter(expires), keep: seeds.filter((s) => !expires(s)) };
}

/** Rows, stream contents and mails against the expectation; returns every violation found (none = pass). */
export async function checkTrialExpiry(world: ChaosWorld, expected: ExpiryExpectation): Promise<string[]> {
  const violations: string[] = [];
  const { rows: subs } = await world.pool.query<{ id: number; status: string }>(`SELECT id, status FROM subscriptions`);
  const status = new Map(subs.map((r) => [r.id, r.status]));
  const notExpired = expected.expire.filter((s) => status.get(s.subscriptionId) !== 'expired');
  if (notExpired.length) violations.push(`${notExpired.length} ended trials not expired, e.g. ${notExpired.slice(0, 5).map((s) => s.subscriptionId)}`);
  const changed = expected.keep.filter((s) => status.get(s.subscriptionId) !== s.status);
  if (changed.length) violations.push(`${changed.length} subscriptions changed that should not have, e.g. ${changed.slice(0, 5).map((s) => s.subscriptionId)}`);

  const { rows: audits } = await world.pool.query<{ resource_id: number }>(
    `SELECT resource_id FROM audit_logs WHERE action_type = 'subscription_expired'`,
  );
  violations.push(...compareCounts('subscription_expired audit rows', once(expected.expire.map((s) => s.subscriptionId)), tally(audits, (a) => a.resource_id)));

  const lifecycle = await world.envelopes<Envelope<'trial.expired'>>('LIFECYCLE');
  const expiredEvents = lifecycle.filter((e) => e.type === 'trial.expired');
  violations.push(...compareCounts('trial.expired by subscription', once(expected.expire.map((s) => s.subscriptionId)), tally(expiredEvents, (e) => e.data.subscriptionId)));
  const byId = tally(expiredEvents, (e) => e.id);
  const doubledIds = [...byId].filter(([, n]) => n > 1);
  if (doubledIds.length) violations.push(`trial.expired ids stored twice: ${doubledIds.slice(0, 5).map(([id]) => id)}`);

  // one final mail per expired trial, keyed by the event id (CustomID = dedup key), to its admin
  const adminOf = new Map(expected.expire.map((s) => [s.subscriptionId, s.adminEmail]));
  const mailKeys = new Map(expiredEvents.map((e) => [e.id, 1]));
  violations.push(...compareCounts('mails at Mailjet by CustomID', mailKeys, tally(world.mailjet.accepted, (m) => m.customId)));
  const wrongRecipient = expiredEvents.filter((e) => {
    const mail = world.mailjet.message(e.id);
    return mail && mail.to !== adminOf.get(e.data.subscriptionId);
  });
  if (wrongRecipient.length) violations.push(`${wrongRecipient.length} mails to someone else than the admin`);
  const { rows: logs } = await world.pool.query<{ dedup_key: string; delivery_status: string }>(`SELECT dedup_key, delivery_status FROM email_logs`);
  violations.push(...compareCounts('email_logs rows', mailKeys, tally(logs, (l) => l.dedup_key)));
  const unsent = logs.filter((l) => l.delivery_status !== 'sent');
  if (unsent.length) violations.push(`${unsent.length} email_logs rows not sent, e.g. ${JSON.stringify(unsent.slice(0, 3))}`);

  const notifications = await world.envelopes<Envelope<'notification.email.sent'>>('NOTIFICATION');
  violations.push(...compareCounts('notification.email.sent by dedup key', mailKeys, tally(notifications, (e) => (e.type === 'notification.email.sent' ? e.data.dedupKey : e.type))));

  const { rows: workspaces } = await world.pool.query<{ id: number; status: string; is_running: boolean }>(`SELECT id, status, is_running FROM workspaces`);
  const ws = new Map(workspaces.map((w) => [w.id, w]));
  const stoppedIds = expected.expire.flatMap((s) => s.workspaceIds);
  const stillRunning = stoppedIds.filter((id) => ws.get(id)?.is_running !== false || ws.get(id)?.status !== 'suspended');
  if (stillRunning.length) violations.push(`${stillRunning.length} workspaces of expired trials not suspended, e.g. ${stillRunning.slice(0, 5)}`);
  const keptIds = expected.keep.flatMap((s) => s.workspaceIds);
  const stopped = keptIds.filter((id) => ws.get(id)?.is_running !== true || ws.get(id)?.status !== 'active');
  if (stopped.length) violations.push(`${stopped.length} workspaces stopped that should run, e.g. ${stopped.slice(0, 5)}`);
  const workspaceEvents = await world.envelopes<Envelope<'workspace.stopped'>>('WORKSPACE');
  violations.push(
    ...compareCounts('workspace.stopped by workspace', once(stoppedIds), tally(workspaceEvents.filter((e) => e.type === 'workspace.stopped'), (e) => e.data.workspaceId)),
  );
  const others = workspaceEvents.filter((e) => e.type !== 'workspace.stopped');
  if (others.length) violations.push(`unexpected workspace events: ${others.slice(0, 5).map((e) => e.id)}`);

  const unsentOutbox = await world.count(`SELECT count(*) FROM outbox_events WHERE sent_at IS NULL`);
  if (unsentOutbox) violations.push(`${unsentOutbox} outbox rows never published`);
  const dlq = await world.stream('DLQ');
  if (dlq.length) violations.push(`${dlq.length} dead letters, e.g. ${dlq.slice(0, 3).map((m) => m.subject)}`);
  return violations;
}
