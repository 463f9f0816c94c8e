import type { Envelope } from '@lifecycle/contracts';
import type { ChaosWorld } from '../support/chaos-world';
import { compareCounts, tally } from './tally';

/**
 * One mail per fact, ever, and none lost (ARCHITECTURE.md, "Delivery guarantees"): each event's id at the
 * fake Mailjet once, to its admin; one email_logs row `sent`; one notification.email.sent; no dead letters.
 */
export async function checkMails(world: ChaosWorld, events: readonly Envelope<'trial.expiring'>[]): Promise<string[]> {
  const expected = new Map(events.map((e) => [e.id, 1]));
  const violations = compareCounts('mails at Mailjet by CustomID', expected, tally(world.mailjet.accepted, (m) => m.customId));
  const misaddressed = events.filter((e) => world.mailjet.message(e.id) && world.mailjet.message(e.id)!.to !== e.data.admin.email);
  if (misaddressed.length) violations.push(`${misaddressed.length} mails to the wrong address`);
  const { rows } = await world.pool.query<{ dedup_key: string; delivery_status: string; mailjet_message_id: string | null }>(
    `SELECT dedup_key, delivery_status, mailjet_message_id FROM email_logs`,
  );
  violations.push(...compareCounts('email_logs rows', expected, tally(rows, (r) => r.dedup_key)));
  const notSent = rows.filter((r) => r.delivery_status !== 'sent' || r.mailjet_message_id !== world.mailjet.message(r.dedup_key)?.messageId);
  if (notSent.length) violations.push(`${notSent.length} email_logs rows not 'sent' with the provider's message id, e.g. ${JSON.stringify(notSent.slice(0, 3))}`);
  const sent = (await world.envelopes<Envelope<'notification.email.sent'>>('NOTIFICATION')).filter((e) => e.type === 'notification.email.sent');
  violations.push(...compareCounts('notification.email.sent by dedup key', expected, tally(sent, (e) => e.data.dedupKey)));
  const dlq = await world.stream('DLQ');
  if (dlq.length) violations.push(`${dlq.length} dead letters, e.g. ${dlq.slice(0, 3).map((m) => m.subject)}`);
  const unsent = await world.count(`SELECT count(*) FROM outbox_events WHERE sent_at IS NULL`);
  if (unsent) violations.push(`${unsent} outbox rows never published`);
  return violations;
}
