import { createEnvelope, tickId, type Envelope } from '@lifecycle/contracts';
import { freePort, testInfra, type FakePaytr } from '@lifecycle/testing';
import { spawnApp, type RunningApp } from '../app-processes';
import { eventually, startBilling, type BillingProcess, type TestJetStream } from '../billing/billing-processes';

export { eventually };

type Schedule = 'payment-retry' | 'trial-expiry';

/** A clock tick of `schedule` at `scheduledAt`, as the clock service publishes it. */
export function tick(schedule: Schedule, scheduledAt: Date | string): Envelope {
  const at = new Date(scheduledAt).toISOString();
  return createEnvelope(`clock.tick.${schedule}`, {
    id: tickId(schedule, at),
    source: 'clock',
    correlationId: tickId(schedule, at),
    occurredAt: at,
    data: { schedule, scheduledAt: at, firedAt: at, trigger: 'schedule' },
  } as never) as Envelope;
}

/** The billing app as a process; detection only at ticks, so that the tests decide when it runs. */
export function startBillingProcess(databaseUrl: string, js: TestJetStream, env: Record<string, string> = {}): Promise<BillingProcess> {
  return startBilling(databaseUrl, js.namespace, { DUNNING_DETECT_INTERVAL: '0', LOG_LEVEL: 'info', ...env });
}

/** billing's environment for the fake PayTR: a test store with sync mode permitted; `env` adds or overrides. */
export function paytrBillingEnv(paytr: FakePaytr, env: Record<string, string> = {}): Record<string, string> {
  return {
    PAYMENT_GATEWAY: 'paytr',
    PAYTR_API_URL: paytr.url,
    PAYTR_MERCHANT_ID: paytr.merchantId,
    PAYTR_MERCHANT_KEY: paytr.merchantKey,
    PAYTR_MERCHANT_SALT: paytr.merchantSalt,
    PAYTR_USER_IP: '203.0.113.9',
    PAYTR_TEST_MODE: 'true',
    PAYTR_SYNC_MODE: 'true',
    ...env,
  };
}

export interface GuardProcess extends RunningApp {
  port: number;
}

/** The workspace-guard app as a process with the database driver. */
export async function startWorkspaceGuard(databaseUrl: string, js: TestJetStream): Promise<GuardProcess> {
  const port = await freePort();
  const app = spawnApp('workspace-guard', {
    DATABASE_URL: databaseUrl,
    NATS_URL: testInfra().natsUrl,
    LIFECYCLE_NAMESPACE: js.namespace.value,
    HTTP_PORT: String(port),
    DRIVER_RETRY_BACKOFF: '200ms,400ms',
  });
  await eventually(
    () => fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.status).catch(() => app.child.exitCode ?? 0),
    (status) => status === 200 || app.child.exitCode !== null,
  );
  if (app.child.exitCode !== null) throw new Error(`workspace-guard exited with ${app.child.exitCode}:\n${app.output()}`);
  return { ...app, port };
}

export async function stop(app: RunningApp | undefined): Promise<void> {
  if (!app || app.child.exitCode !== null || app.child.signalCode !== null) return;
  app.child.kill('SIGTERM');
  await app.exited;
}
