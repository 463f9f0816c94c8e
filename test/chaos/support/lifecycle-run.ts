import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope } from '@lifecycle/contracts';
import type { LifecycleExpectation } from '../checkers/lifecycle-model';
import { expectedSlots } from '../checkers/schedule-model';
import { compareCounts, once, tally } from '../checkers/tally';
import type { ChaosWorld } from './chaos-world';
import { clockControl } from './clock-control';
import { pick } from './random';
import type { CompanySeed, SeededCompany } from './seed';

const MINUTE = 60_000;
export const DAY = 86_400_000;
/** health's schedules (96 workspace-health slots a day) only slow a lifecycle run down. */
export const HEALTH_SCHEDULES = ['workspace-health', 'billing-health', 'email-health', 'database-backup'];

/**
 * Companies at random stages for a run of `days` from `start`: trials ending from 2 days before the start
 * to 5 days before the end, paid periods ending within the run, and the rest.
 */
export function randomStages(random: () => number, count: number, start: Date, days: number): CompanySeed[] {
  const minuteIn = (fromDays: number, toDays: number) =>
    new Date(start.getTime() + Math.floor((fromDays * DAY + random() * (toDays - fromDays) * DAY) / MINUTE) * MINUTE);
  return Array.from({ length: count }, (): CompanySeed => {
    const roll = random();
    const base = {
      plan: pick(random, ['starter', 'team', 'enterprise'] as const),
      currency: pick(random, ['USD', 'EUR', 'TRY'] as const),
      admin: random() > 0.05,
      workspaces: Math.floor(random() * 4),
      workspacesRunning: random() > 0.3,
    };
    if (roll < 0.55) {
      const end = minuteIn(-2, days - 5);
      // one trial in ten started only 2 days before its end: only the 1-day reminder applies
      const length = random() < 0.1 ? 2 * DAY : 14 * DAY;
      return { ...base, status: 'trial', trialStartsAt: new Date(end.getTime() - length), trialEndsAt: end, createdAt: new Date(end.getTime() - length) };
    }
    if (roll < 0.9) {
      const end = minuteIn(1, days - 1);
      return { ...base, status: 'active', periodStart: new Date(end.getTime() - 30 * DAY), periodEnd: end, cancelAtPeriodEnd: random() < 0.15, createdAt: new Date(end.getTime() - 90 * DAY) };
    }
    return { ...base, status: pick(random, ['cancelled', 'suspended', 'expired']), createdAt: new Date(start.getTime() - 100 * DAY) };
  });
}

/** A schedules file that disables the given schedules; returns its path (SCHEDULES_FILE). */
export function schedulesWithout(world: ChaosWorld, names: readonly string[]): string {
  const file = join(world.logDir, 'schedules.yaml');
  writeFileSync(file, `schedules:\n${names.map((name) => `  ${name}: { enabled: false }\n`).join('')}`);
  return file;
}

/**
 * One step per day, each ending just after the day's trial-reminders slot (09:00), then the end. Ticks of
 * one step are handled concurrently, and a reminder tick held up by a crash (ack_wait, 30 s) would otherwise
 * be handled after a later expiry tick of the same step and find the trial already expired
 * (docs/reliability.md, "Simulated time and crashes").
 */
export function dailyTargets(start: Date, end: Date): Date[] {
  const targets: Date[] = [];
  for (let t = start.getTime() + 9.5 * 3_600_000; t < end.getTime(); t += DAY) targets.push(new Date(t));
  targets.push(end);
  return targets;
}

/** Sets simulated time; a clock killed while answering leaves no reply, so the same time is set again (docs/clock.md). */
export async function setClock(world: ChaosWorld, target: Date, firstTimeoutMs = 8_000): Promise<void> {
  const at = target.toISOString();
  let reply = await clockControl(world.nc, world.namespace, 'set', { at }, firstTimeoutMs);
  for (let attempt = 0; !reply?.ok && attempt < 3; attempt++) reply = await clockControl(world.nc, world.namespace, 'set', { at }, 30_000);
  if (!reply?.ok) throw new Error(`the clock did not move to ${at}: ${JSON.stringify(reply)}`);
}

/**
 * What differs from the independent replay after a run over (start, end]: mails at Mailjet, LIFECYCLE
 * events, statuses, audit rows, workspaces and workspace.stopped, clock slots (but `skipped` schedules), dead letters.
 */
export async function lifecycleViolations(
  world: ChaosWorld,
  run: { companies: readonly SeededCompany[]; expected: LifecycleExpectation; start: Date; end: Date; skipped: readonly string[] },
): Promise<{ violations: string[]; ticks: number; stopped: number }> {
  const { companies, expected } = run;
  const violations: string[] = [];
  // mails: exactly the expected facts, once each, to the admin
  const wantMails = once(expected.events.map((e) => e.id));
  violations.push(...compareCounts('mails at Mailjet by CustomID', wantMails, tally(world.mailjet.accepted, (m) => m.customId)));
  const misaddressed = expected.events.filter((e) => world.mailjet.message(e.id) && world.mailjet.message(e.id)!.to !== e.recipient);
  if (misaddressed.length) violations.push(`${misaddressed.length} mails to the wrong address`);
  // facts on the stream: exactly the expected ones
  const lifecycle = await world.envelopes('LIFECYCLE');
  violations.push(...compareCounts('LIFECYCLE events by id', wantMails, tally(lifecycle, (e) => e.id)));
  // state changes
  const { rows: subs } = await world.pool.query<{ id: number; status: string }>(`SELECT id, status FROM subscriptions`);
  const wrongStatus = subs.filter((s) => expected.status.get(s.id) !== s.status);
  if (wrongStatus.length) violations.push(`${wrongStatus.length} subscriptions in another status than expected, e.g. ${JSON.stringify(wrongStatus.slice(0, 3))}`);
  const { rows: audits } = await world.pool.query<{ resource_id: number }>(`SELECT resource_id FROM audit_logs WHERE action_type = 'subscription_expired'`);
  violations.push(...compareCounts('subscription_expired audit rows', once(expected.expired.map((c) => c.subscriptionId)), tally(audits, (a) => a.resource_id)));
  const { rows: workspaces } = await world.pool.query<{ id: number; status: string; is_running: boolean }>(`SELECT id, status, is_running FROM workspaces`);
  const byId = new Map(workspaces.map((w) => [w.id, w]));
  const expiredCompanies = new Set(expected.expired.map((c) => c.companyId));
  const wrongWorkspaces = companies.flatMap((c) =>
    c.workspaceIds.filter((id) => {
      const w = byId.get(id)!;
      return expiredCompanies.has(c.companyId) ? w.status !== 'suspended' || w.is_running : w.status !== 'active' || w.is_running !== c.workspacesRunning;
    }),
  );
  if (wrongWorkspaces.length) violations.push(`${wrongWorkspaces.length} workspaces in an unexpected state, e.g. ${wrongWorkspaces.slice(0, 5)}`);
  const stopped = (await world.envelopes<Envelope<'workspace.stopped'>>('WORKSPACE')).filter((e) => e.type === 'workspace.stopped');
  violations.push(...compareCounts('workspace.stopped by workspace', once(expected.expired.flatMap((c) => c.workspaceIds)), tally(stopped, (e) => e.data.workspaceId)));
  // the clock: every slot once
  const ticks = await world.envelopes('CLOCK');
  const slots = expectedSlots(run.start, run.end).filter((slot) => !run.skipped.includes(slot.schedule));
  violations.push(...compareCounts('ticks by id', once(slots.map((s) => s.id)), tally(ticks, (t) => t.id)));
  const dlq = await world.stream('DLQ');
  if (dlq.length) violations.push(`${dlq.length} dead letters: ${dlq.slice(0, 3).map((m) => m.subject)}`);
  return { violations, ticks: ticks.length, stopped: stopped.length };
}

/** The checks lifecycleViolations makes, for recordResult. */
export const LIFECYCLE_CHECKS = [
  'mail CustomIDs = the independent replay of the rules, once each, to the admin',
  'LIFECYCLE event ids = the replay',
  'every subscription status as replayed',
  'one audit row per expiry',
  'workspaces of expired trials suspended, the others unchanged',
  'one workspace.stopped per suspended workspace',
  'every clock slot once',
  'no dead letters',
];
