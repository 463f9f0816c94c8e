import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createTestDatabase, freePort, testInfra, testNamespace, type TestDatabase } from '@lifecycle/testing';
import { APP_NAMES, ROOT, spawnApp, type RunningApp } from './app-processes';

async function waitForHttp(url: string, timeoutMs = 20_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('each app as its own process', () => {
  describe.each(APP_NAMES)('%s', (app) => {
    it('exits non-zero and names DATABASE_URL when it is not a URL', async () => {
      const run = spawnApp(app, { DATABASE_URL: 'not-a-url' });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain('DATABASE_URL');
      expect(run.output()).toContain('invalid configuration');
    });

    describe('booted on real PostgreSQL and NATS', () => {
      let db: TestDatabase;
      let run: RunningApp;
      let base: string;

      beforeAll(async () => {
        db = await createTestDatabase();
        const port = await freePort();
        base = `http://127.0.0.1:${port}`;
        rmSync(join(ROOT, 'test-output', `logs-${app}`), { recursive: true, force: true });
        run = spawnApp(app, {
          DATABASE_URL: db.url,
          NATS_URL: testInfra().natsUrl,
          LIFECYCLE_NAMESPACE: testNamespace(),
          HTTP_PORT: String(port),
          MAIL_DIR: `test-output/mail-${app}`,
          LOG_FILE: join(ROOT, 'test-output', `logs-${app}`, `${app}.log`),
        });
      });

      afterAll(async () => {
        if (run.child.exitCode === null) run.child.kill('SIGKILL');
        await db.drop();
      });

      it('serves /healthz, /readyz and /metrics, and stops cleanly on SIGTERM', async () => {
        const healthz = await waitForHttp(`${base}/healthz`);
        expect(healthz.status).toBe(200);

        const readyz = await fetch(`${base}/readyz`);
        const body = (await readyz.json()) as { status: string };
        expect({ status: readyz.status, body: body.status, output: readyz.status === 200 ? '' : run.output() }).toEqual({
          status: 200,
          body: 'ok',
          output: '',
        });

        const metrics = await (await fetch(`${base}/metrics`)).text();
        expect(metrics).toContain(`process_resident_memory_bytes{service="${app}"}`);

        run.child.kill('SIGTERM');
        expect(await run.exited).toBe(0);

        // LOG_FILE: the same JSON lines as stdout, through pino-roll (numbered files, rotated by size).
        const dir = join(ROOT, 'test-output', `logs-${app}`);
        const written = existsSync(dir) ? readdirSync(dir).map((file) => readFileSync(join(dir, file), 'utf8')).join('') : '';
        expect(written).toContain(`"msg":"${app} started"`);
        expect(run.output()).toContain(`"msg":"${app} started"`);
      });
    });
  });
});
