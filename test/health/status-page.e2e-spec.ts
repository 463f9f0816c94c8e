import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AckPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { Pool } from 'pg';
import { chromium, type Browser } from 'playwright-core';
import { createEnvelope, EVENT_SAMPLES, STREAMS, tickId, type Envelope } from '@lifecycle/contracts';
import { connectNats, JetStreamPublisher, Namespace, provisionStreams } from '@lifecycle/messaging';
import { utcConnectionOptions } from '@lifecycle/persistence';
import { DEFAULT_SCHEDULES, slotsBetween } from '@lifecycle/scheduling';
import { createTestDatabase, Factories, freePort, testInfra, testNamespace, type TestDatabase } from '@lifecycle/testing';
import { ROOT, spawnApp, type RunningApp } from '../app-processes';
import { eventually } from './health-world';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOT = join(ROOT, 'test-output', 'health-status-page.png');
const OPS_TOKEN = 'status-page-test-token-0123456789';
const HOUR = 3_600_000;

/** The part of HTMLCanvasElement the chart assertion reads (the tests compile without the DOM library). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

interface StatusBody {
  openIssues: { code: string; resource: string }[];
  pipeline: { consumers: { consumer: string }[]; outsideConsumers: { consumer: string; stream: string; lag: number }[] };
}

describe('the status page in a real headless browser', () => {
  let db: TestDatabase;
  let pool: Pool;
  let nc: NatsConnection;
  let app: RunningApp;
  let base: string;
  let browser: Browser | undefined;
  const namespace = new Namespace(testNamespace());
  const now = Date.now();
  const ago = (ms: number) => new Date(now - ms);

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 2, ...utcConnectionOptions() });
    nc = await connectNats({ url: testInfra().natsUrl, name: 'status-page-test' });
    await provisionStreams(await jetstreamManager(nc), namespace, STREAMS);
    // Another platform service's durable on our streams: an outside consumer (docs/contracts.md).
    await (await jetstreamManager(nc)).consumers.add(namespace.stream('LIFECYCLE'), {
      durable_name: 'chat-bridge',
      ack_policy: AckPolicy.Explicit,
      filter_subject: namespace.subject('subscription.suspended'),
    });
    await seed();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = spawnApp('health', {
      DATABASE_URL: db.url,
      NATS_URL: testInfra().natsUrl,
      LIFECYCLE_NAMESPACE: namespace.value,
      HTTP_PORT: String(port),
      OPS_TOKEN,
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (app && app.child.exitCode === null) {
      app.child.kill('SIGTERM');
      await app.exited;
    }
    const jsm = await jetstreamManager(nc);
    for (const stream of STREAMS) await jsm.streams.delete(namespace.stream(stream.name)).catch(() => undefined);
    await nc.close();
    await pool.end();
    await db.drop();
  });

  /** A day of activity: two problems for workspace-health to find, mails every hour, events for the timeline. */
  async function seed(): Promise<void> {
    const factories = new Factories(pool, ago(40 * 24 * HOUR));
    const suspended = await factories.newCompany({ status: 'suspended' });
    await factories.newCompany({ status: 'active', periodEndsAt: new Date(now + 20 * 24 * HOUR), workspaces: 0 });
    await factories.newCompany({ status: 'trial', trialEndsAt: new Date(now + 5 * 24 * HOUR) });
    for (let h = 0; h < 24; h++) {
      const sentAt = ago(h * HOUR + 10 * 60_000);
      for (let i = 0; i < 3 + (h % 5); i++) await mail('sent', sentAt);
      if (h % 6 === 2) await mail('failed', sentAt);
      if (h % 8 === 5) await mail('bounced', sentAt);
    }
    const ws = suspended.workspaces[0];
    const events: Envelope[] = [
      createEnvelope('subscription.suspended', {
        id: `subscription.suspended:sub-${suspended.subscription!.id}:pay-1`,
        source: 'billing',
        correlationId: 'test',
        occurredAt: ago(3 * HOUR),
        data: { ...EVENT_SAMPLES['subscription.suspended'], subscriptionId: suspended.subscription!.id, companyId: suspended.company.id },
      }),
      createEnvelope('workspace.action_failed', {
        id: `workspace.action_failed:ws-${ws.id}:1`,
        source: 'workspace-guard',
        correlationId: 'test',
        occurredAt: ago(3 * HOUR - 60_000),
        data: { ...EVENT_SAMPLES['workspace.action_failed'], workspaceId: ws.id, companyId: suspended.company.id },
      }),
      createEnvelope('clock.tick.trial-expiry', {
        id: tickId('trial-expiry', ago(2 * HOUR)),
        source: 'clock',
        correlationId: 'test',
        occurredAt: ago(2 * HOUR),
        data: { schedule: 'trial-expiry', scheduledAt: ago(2 * HOUR).toISOString(), firedAt: ago(2 * HOUR).toISOString(), trigger: 'schedule' },
      }),
    ];
    for (const e of events) {
      await pool.query(`INSERT INTO outbox_events (event_id, subject, aggregate, payload, sent_at) VALUES ($1, $2, 'seed', $3, now())`, [
        e.id,
        e.type,
        JSON.stringify(e),
      ]);
    }
    // A clock that runs: every schedule's latest slot is recorded.
    for (const def of DEFAULT_SCHEDULES) {
      const { slots } = slotsBetween(def, ago(3 * 24 * HOUR), new Date(now), 10_000);
      const last = slots[slots.length - 1];
      await pool.query(`INSERT INTO clock_slots (schedule, slot, "trigger", tick_id) VALUES ($1, $2, 'schedule', $3)`, [def.name, last, tickId(def.name, last)]);
    }
  }

  async function mail(status: string, sentAt: Date): Promise<void> {
    await pool.query(
      `INSERT INTO email_logs ("timestamp", email_type, recipient_email, sent_at, delivery_status, dedup_key)
       VALUES ($1, 'trial_expiry_reminder', 'someone@example.com', $1, $2, md5(random()::text))`,
      [sentAt, status],
    );
  }

  async function get(path: string, token?: string): Promise<Response> {
    return fetch(`${base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  }

  it('boots, runs workspace-health on its tick and serves /status behind OPS_TOKEN', async () => {
    await eventually(() => get('/healthz').then((r) => r.status, () => 0), (status) => status === 200, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}\n${app.output()}`);
    });
    const publisher = new JetStreamPublisher(jetstream(nc), namespace);
    const slot = new Date(Math.floor(now / (15 * 60_000)) * 15 * 60_000).toISOString();
    await publisher.publish(
      createEnvelope('clock.tick.workspace-health', {
        id: tickId('workspace-health', slot),
        source: 'clock',
        correlationId: tickId('workspace-health', slot),
        occurredAt: slot,
        data: { schedule: 'workspace-health', scheduledAt: slot, firedAt: slot, trigger: 'schedule' },
      }),
    );
    await publisher.publish(createEnvelope('trial.expiring', { id: 'trial.expiring:test', source: 'billing', correlationId: 'test', occurredAt: ago(HOUR), data: EVENT_SAMPLES['trial.expiring'] }));

    expect((await get('/status')).status).toBe(401);
    expect((await get('/status', 'wrong-token-wrong-token')).status).toBe(401);
    expect((await get('/')).status).toBe(401);
    const status = await eventually(
      () => get('/status', OPS_TOKEN).then((r) => r.json() as Promise<StatusBody>),
      (body) => body.openIssues.length >= 3,
      30_000,
    );
    expect(status.openIssues.map((i) => i.code).sort()).toEqual(['workspace.action_failed', 'workspace.missing', 'workspace.running_while_inactive']);
    expect(status.pipeline.outsideConsumers).toEqual([expect.objectContaining({ consumer: 'chat-bridge', stream: 'LIFECYCLE', lag: 0 })]);
    expect(status.pipeline.consumers.map((c) => c.consumer)).not.toContain('chat-bridge');

    const metrics = await eventually(
      () => get('/metrics', OPS_TOKEN).then((r) => r.text()),
      (text) => text.includes('lifecycle_events_total{type="trial.expiring"'),
      20_000,
    );
    expect(metrics).toMatch(/lifecycle_health_open_issues\{code="workspace.running_while_inactive",severity="critical",service="health"\} 1/);
    expect(metrics).toMatch(/lifecycle_events_total\{type="trial.expiring",service="health"\} 1/);
    expect(metrics).toMatch(/lifecycle_tick_lag_seconds\{schedule="trial-expiry",service="health"\} \d+/);
    expect(metrics).toMatch(/lifecycle_email_failure_rate\{service="health"\} [\d.]+/);
    expect(metrics).toMatch(/lifecycle_consumer_lag\{consumer="health--clock_tick_workspace-health",service="health"\} 0/);
    expect(metrics).toMatch(/lifecycle_outside_consumer_lag\{consumer="chat-bridge",stream="LIFECYCLE",service="health"\} 0/);
    expect(metrics).not.toMatch(/lifecycle_consumer_lag\{consumer="chat-bridge"/);
  });

  it('renders the open issues, the mail chart and the timeline with no console error, and saves a screenshot', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} is missing: run scripts/ensure-test-tools.sh (installs Debian's chromium) or set CHROMIUM_PATH`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });

    // Without the token the page is a sign-in form; the token goes in a form field, never in the address.
    const signIn = await page.goto(`${base}/`);
    expect(signIn?.status()).toBe(401);
    await page.fill('#token', OPS_TOKEN);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await Promise.all([page.waitForURL(`${base}/`), page.click('button[type="submit"]')]);
    await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
    expect(page.url()).toBe(`${base}/`);
    // The page's scripts cannot read the token: it is in an HttpOnly, SameSite=Strict cookie.
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(await page.context().cookies()).toEqual([
      expect.objectContaining({ name: 'lifecycle_ops_token', value: OPS_TOKEN, httpOnly: true, sameSite: 'Strict', secure: false }),
    ]);

    const issues = await page.$$eval('#issues tbody tr', (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(issues.map((cells) => [cells[0], cells[1]])).toEqual([
      ['critical', 'workspace.action_failed'],
      ['critical', 'workspace.running_while_inactive'],
      ['warning', 'workspace.missing'],
    ]);
    expect(issues[0][3]).toContain('systemctl exited with 1');

    // uPlot draws into a canvas: bars in the series colours exist only if the hourly data was drawn.
    const chart = await page.$eval('#mail-chart canvas', (canvas) => {
      const c = canvas as unknown as Canvas;
      const pixels = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      const near = (i: number, [r, g, b]: number[]) => Math.abs(pixels[i] - r) < 24 && Math.abs(pixels[i + 1] - g) < 24 && Math.abs(pixels[i + 2] - b) < 24 && pixels[i + 3] > 200;
      let sent = 0;
      let failed = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (near(i, [46, 125, 50])) sent++;
        if (near(i, [179, 38, 30])) failed++;
      }
      return { width: c.width, height: c.height, sent, failed };
    });
    expect(chart.width).toBeGreaterThan(300);
    expect(chart.sent).toBeGreaterThan(50);
    expect(chart.failed).toBeGreaterThan(10);
    expect(await page.textContent('#email-summary')).toMatch(/^\d+ sent, 4 failed, 3 bounced, 0 pending/);

    const outside = await page.$$eval('#outside-consumers tbody tr', (rows) => rows.map((row) => [...row.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(outside).toEqual([['chat-bridge', 'LIFECYCLE', '0', '0', '0']]);
    expect(await page.isHidden('#no-outside-consumers')).toBe(true);

    const timeline = await page.$$eval('#timeline li .subject', (items) => items.map((i) => i.textContent));
    expect(timeline).toEqual(expect.arrayContaining(['workspace.action_failed', 'subscription.suspended', 'clock.tick.trial-expiry']));

    mkdirSync(join(ROOT, 'test-output'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    expect(problems).toEqual([]);
  });
});
