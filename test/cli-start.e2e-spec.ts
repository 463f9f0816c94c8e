import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestDatabase, freePort, testInfra, testNamespace, type TestDatabase } from '@lifecycle/testing';
import { ROOT } from './app-processes';

async function waitForStatus(url: string, status: number, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(url).catch(() => null);
    if (response?.status === status) return response;
    if (Date.now() > deadline) throw new Error(`${url} did not answer ${status} within ${timeoutMs} ms (last: ${response?.status ?? 'no answer'})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Not on a terminal the lines are JSON; each names its service once, and the service whose work wrote it. */
function expectEachLineNamesItsService(output: string): void {
  const lines = output.split('\n').filter((line) => line.startsWith('{'));
  expect(lines.length).toBeGreaterThan(20);
  for (const line of lines) expect(line.match(/"service":/g)).toHaveLength(1);
  const entries = lines.map((line) => JSON.parse(line) as { service: string; context?: string; msg: string });
  const servicesOf = (context: string) => new Set(entries.filter((e) => e.context === context).map((e) => e.service));
  // The apps' own loggers are named after them (`new Logger('clock')`); Nest's loggers are process-wide.
  expect(servicesOf('clock')).toEqual(new Set(['clock']));
  expect(servicesOf('notifier')).toEqual(new Set(['notifier']));
  // Each service's boot is labelled with that service, not with the one that booted last.
  expect(servicesOf('NestFactory')).toEqual(new Set(['clock', 'billing', 'notifier', 'workspace-guard', 'health']));
  expect(entries.filter((e) => e.msg === 'all-in-one started').map((e) => e.service)).toEqual(['all-in-one']);
}

describe('lifecyclectl start (all-in-one)', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('runs the five services in one process on one port, routes the operator surfaces, and drains on SIGTERM', async () => {
    const port = await freePort();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'lifecyclectl'), 'start'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: db.url,
        NATS_URL: testInfra().natsUrl,
        LIFECYCLE_NAMESPACE: testNamespace(),
        HTTP_PORT: String(port),
        MAIL_DIR: join(ROOT, 'test-output', 'start-mail'),
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const ready = await waitForStatus(`http://127.0.0.1:${port}/readyz`, 200);
      const body = (await ready.json()) as { status: string; checks: Record<string, string> };
      expect(Object.keys(body.checks).sort()).toEqual(
        ['billing', 'clock', 'health', 'notifier', 'workspace-guard'].flatMap((s) => [`${s}.database`, `${s}.nats`]).sort(),
      );
      expect(Object.values(body.checks).every((v) => v === 'up')).toBe(true);

      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('service="all-in-one"');
      // health's status JSON and the webhooks are served on the same port.
      expect((await fetch(`http://127.0.0.1:${port}/status`)).status).toBe(200);
      expect((await fetch(`http://127.0.0.1:${port}/webhooks/mailjet`, { method: 'POST', body: '[]' })).status).toBe(503);
      // Reached billing (not health): with the fake gateway, PayTR notifications are not configured.
      const paytr = await fetch(`http://127.0.0.1:${port}/webhooks/paytr`, { method: 'POST' });
      expect(paytr.status).toBe(503);
      expect(await paytr.text()).toMatch(/PAYTR|PayTR/);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expectEachLineNamesItsService(output);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n--- lifecyclectl start output ---\n${output.slice(-4000)}`);
    }
  });
});
