import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import {
  BILLING_SWEEPS,
  billingSettingsFromEnv,
  billingSweepEnv,
  checkDunningEnv,
  createBillingSweeps,
  dunningEnv,
  dunningSettingsFromEnv,
  NO_METRICS,
  type BillingSettings,
  type BillingSweep,
  type ExpiredSubscription,
  type SweepSummary,
} from '@lifecycle/billing';
import { loadEnv } from '@lifecycle/config';
import { isoId, isScheduleName, tickId, type Envelope, type ScheduleName } from '@lifecycle/contracts';
import { paymentGatewayEnv } from '@lifecycle/payments';
import { assertSchemaMigrated, createDataSource } from '@lifecycle/persistence';
import { SystemClock } from '@lifecycle/time';
import { cliEnvSchema } from './cli.env';
import { formatPaymentRetryPreview, previewPaymentRetry } from './preview-payment-retry';

/** What `lifecyclectl preview` reads: the CLI's variables and the ones that shape billing's sweeps and dunning. */
export const previewEnvSchema = z
  .object({ ...cliEnvSchema.shape, ...billingSweepEnv, ...dunningEnv, PAYMENT_GATEWAY: paymentGatewayEnv.PAYMENT_GATEWAY })
  .superRefine(checkDunningEnv);

const PREVIEWABLE: readonly string[] = [...BILLING_SWEEPS, 'payment-retry'];

/** Why a schedule has no preview: each reason names what to use instead. */
const NOT_PREVIEWABLE: Partial<Record<ScheduleName, string>> = {
  'workspace-health':
    'a health check only reads and compares; what it would find is what /status and `lifecyclectl tick workspace-health` show, and a run changes nothing but the issue list',
  'billing-health': 'a health check only reads and compares; see /status (open issues, billing.withoutStoredCard) or run `lifecyclectl tick billing-health`',
  'email-health': 'a health check only reads and compares; see /status (email failure rate) or run `lifecyclectl tick email-health`',
  'data-retention': 'it only deletes delivered outbox, inbox and slot rows past their retention; nothing a customer sees (docs/operations.md)',
  'database-backup': 'it runs pg_dump into BACKUP_DIR; use `lifecyclectl backup` to make one now',
};

/** The message for a schedule `preview` cannot show; null when it can. */
export function previewRefusal(schedule: string): string | null {
  if (PREVIEWABLE.includes(schedule)) return null;
  if (isScheduleName(schedule)) return `cannot preview "${schedule}": ${NOT_PREVIEWABLE[schedule] ?? 'it has no preview'}`;
  return `cannot preview "${schedule}"; choose from ${PREVIEWABLE.join(', ')}`;
}

export interface PreviewEvent {
  subject: string;
  eventId: string;
  companyId: number;
  companyName: string;
  adminEmail: string;
}

export interface PreviewResult {
  schedule: BillingSweep;
  at: string;
  tickId: string;
  events: PreviewEvent[];
  expired: ExpiredSubscription[];
  warnings: string[];
  summary: SweepSummary;
}

/**
 * Runs the schedule's own use case in a transaction that is always rolled back, so it reports exactly
 * what the tick would emit and change, and changes nothing. Its row locks can make a real expiry sweep
 * running at the same moment skip those rows until its next tick.
 */
export async function previewSweep(dataSource: DataSource, schedule: BillingSweep, at: Date, settings: BillingSettings): Promise<PreviewResult> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const events: PreviewEvent[] = [];
  const expired: ExpiredSubscription[] = [];
  const warnings: string[] = [];
  try {
    await runner.startTransaction();
    const sweeps = createBillingSweeps({
      manager: runner.manager,
      clock: new SystemClock(),
      settings,
      metrics: NO_METRICS,
      logger: { log: () => undefined, warn: (message) => void warnings.push(message) },
    });
    const tick = { now: at, tickId: tickId(schedule, at) };
    const summary = await sweeps.run(schedule, tick, {
      emitted: (envelopes) => events.push(...envelopes.map(previewEvent)),
      expired: (subscriptions) => expired.push(...subscriptions),
    });
    return { schedule, at: isoId(at), tickId: tick.tickId, events, expired, warnings, summary };
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}

function previewEvent(envelope: Envelope): PreviewEvent {
  const data = envelope.data as { companyId: number; companyName: string; admin: { email: string } };
  return { subject: envelope.type, eventId: envelope.id, companyId: data.companyId, companyName: data.companyName, adminEmail: data.admin.email };
}

export function formatPreview(result: PreviewResult): string {
  const { summary } = result;
  const lines = [`preview of ${result.tickId} (rolled back: nothing was changed)`];
  lines.push(...result.warnings.map((w) => `warning: ${w}`));
  lines.push(`would emit ${result.events.length} event(s):`);
  lines.push(...result.events.map((e) => `  ${e.subject}  ${e.eventId}  company ${e.companyId} ${e.companyName}  ${e.adminEmail}`));
  if (result.schedule === 'trial-expiry') {
    lines.push(`would expire ${result.expired.length} subscription(s):`);
    lines.push(...result.expired.map((s) => `  subscription ${s.subscriptionId} (company ${s.companyId}), trial ended ${s.trialEndedAt}`));
  }
  const skipped = Object.entries(summary.skipped).map(([reason, n]) => `${reason} ${n}`).join(', ') || 'none';
  lines.push(
    `totals: ${summary.emitted} to emit, ${summary.expired} to expire, ${summary.alreadySent} already sent, ${summary.scanned} scanned, skipped: ${skipped}`,
  );
  return `${lines.join('\n')}\n`;
}

export function registerPreview(program: Command): void {
  program
    .command('preview')
    .argument('<schedule>', `one of ${PREVIEWABLE.join(', ')}`)
    .option('--at <iso>', 'the tick time (default: now)')
    .option('--json', 'print JSON')
    .description('show what a billing tick (a sweep, or payment-retry) would emit, charge and change, changing nothing')
    .action(async (schedule: string, options: { at?: string; json?: boolean }) => {
      const refusal = previewRefusal(schedule);
      if (refusal) throw new Error(refusal);
      const at = options.at === undefined ? new Date() : new Date(options.at);
      if (Number.isNaN(at.getTime())) throw new Error(`--at "${options.at}" is not an ISO-8601 time, e.g. 2026-12-01T09:00:00Z`);
      const env = loadEnv('lifecyclectl', previewEnvSchema);
      const dataSource = await createDataSource(env.DATABASE_URL, { poolSize: 1, applicationName: 'lifecyclectl-preview' }).initialize();
      try {
        await assertSchemaMigrated(dataSource);
        const settings = billingSettingsFromEnv(env);
        if (schedule === 'payment-retry') {
          const result = await previewPaymentRetry(dataSource, at, { gateway: env.PAYMENT_GATEWAY, settings, dunning: dunningSettingsFromEnv(env) });
          process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatPaymentRetryPreview(result));
        } else {
          const result = await previewSweep(dataSource, schedule as BillingSweep, at, settings);
          process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatPreview(result));
        }
      } finally {
        await dataSource.destroy();
      }
    });
}
