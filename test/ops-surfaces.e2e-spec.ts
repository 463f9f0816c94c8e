import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { createTestDatabase, freePort, testInfra, testNamespace, type TestDatabase } from '@lifecycle/testing';
import { APP_NAMES, ROOT, spawnApp, type RunningApp } from './app-processes';

/**
 * The operator surfaces and request bodies of every service, alone and in the all-in-one process
 * (ARCHITECTURE.md, "Deployment, scale and trust"): a service beyond loopback needs OPS_TOKEN; every
 * operator route refuses a request without it; each webhook reads at most what its provider sends, and
 * every other route no body at all; an oversized body is answered 413 before it has been sent whole.
 */

const TOKEN = 'e2e-ops-token-0123456789abcdef';
const WEBHOOK_USER = 'mailjet-hook';
const WEBHOOK_PASSWORD = 'hook-password-0123';
const MiB = 1024 * 1024;

/** The operator routes of each service, besides /metrics. */
const OPERATOR_ROUTES: Record<string, string[]> = {
  clock: ['/metrics'],
  billing: ['/metrics'],
  notifier: ['/metrics'],
  'workspace-guard': ['/metrics'],
  health: ['/metrics', '/status', '/assets/status-page.js', '/'],
};

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** Bytes of the body written before the answer came. */
  sent: number;
}

/**
 * One request through node:http, so that a GET can carry a body and a body can be announced and sent
 * slowly: `announce` sends only a Content-Length; `chunked` writes 64 KiB chunks until the answer comes.
 */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; announce?: number; chunked?: number } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const headers: Record<string, string> = { ...options.headers };
    if (options.announce !== undefined) headers['content-length'] = String(options.announce);
    if (options.chunked !== undefined) headers['transfer-encoding'] = 'chunked';
    if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
    const req = httpRequest(url, { method: options.method ?? 'GET', headers }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, sent });
        req.destroy();
      });
      res.on('error', reject);
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    if (options.announce !== undefined) return void req.flushHeaders();
    if (options.chunked !== undefined) {
      const total = options.chunked;
      const chunk = 'a'.repeat(64 * 1024);
      const pump = () => {
        if (answered || req.destroyed) return;
        if (sent >= total) return void req.end();
        sent += chunk.length;
        req.write(chunk, () => setTimeout(pump, 2));
      };
      return pump();
    }
    req.end(options.body);
  });
}

async function waitUntilReady(base: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = await fetch(`${base}/readyz`).then((r) => r.status, () => 0);
    if (status === 200) return;
    if (Date.now() > deadline) throw new Error(`${base} not ready:\n${output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function baseEnv(db: TestDatabase, port: number): Record<string, string> {
  return {
    DATABASE_URL: db.url,
    NATS_URL: testInfra().natsUrl,
    LIFECYCLE_NAMESPACE: testNamespace(),
    HTTP_PORT: String(port),
    MAIL_DIR: join('test-output', 'ops-surfaces-mail'),
    LOG_LEVEL: 'warn',
    MAILJET_WEBHOOK_USER: WEBHOOK_USER,
    MAILJET_WEBHOOK_PASSWORD: WEBHOOK_PASSWORD,
  };
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function expectOperatorRoutesGuarded(base: string, routes: string[]): Promise<void> {
  for (const route of routes) {
    const without = await send(`${base}${route}`);
    expect({ route, status: without.status }).toEqual({ route, status: 401 });
    expect(without.text).not.toContain('openIssues');
    const wrong = await send(`${base}${route}`, { headers: { authorization: 'Bearer not-the-token-at-all-000' } });
    expect({ route, status: wrong.status }).toEqual({ route, status: 401 });
    const withToken = await send(`${base}${route}`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect({ route, status: withToken.status }).toEqual({ route, status: 200 });
  }
  // Probes stay open: orchestrators call them without credentials.
  expect((await send(`${base}/healthz`)).status).toBe(200);
  expect((await send(`${base}/readyz`)).status).toBe(200);
}

async function expectNoBodyWhereNoneBelongs(base: string): Promise<void> {
  for (const [method, route] of [['GET', '/metrics'], ['POST', '/healthz'], ['POST', '/nowhere'], ['GET', '/readyz']]) {
    const answer = await send(`${base}${route}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{"a":1}' });
    expect({ method, route, status: answer.status }).toEqual({ method, route, status: 413 });
  }
}

/** The notifier's and billing's webhooks and health's sign-in: limits, malformed bodies, auth before reading. */
async function expectWebhookLimits(base: string, service: string): Promise<void> {
  if (service === 'notifier') {
    const path = `${base}/webhooks/mailjet`;
    const auth = { authorization: basic(WEBHOOK_USER, WEBHOOK_PASSWORD), 'content-type': 'application/json' };
    // Credentials are checked before a byte of the body is read.
    const stranger = await send(path, { method: 'POST', headers: { 'content-type': 'application/json' }, announce: 5 * MiB });
    expect([stranger.status, stranger.headers['www-authenticate']]).toEqual([401, 'Basic realm="mailjet-webhook", charset="UTF-8"']);
    const announced = await send(path, { method: 'POST', headers: auth, announce: 5 * MiB });
    expect(announced.status).toBe(413);
    const chunked = await send(path, { method: 'POST', headers: auth, chunked: 8 * MiB });
    expect(chunked.status).toBe(413);
    expect(chunked.sent).toBeLessThan(8 * MiB);
    expect((await send(path, { method: 'POST', headers: auth, body: '[{"event": "bounce",' })).status).toBe(400);
    expect((await send(path, { method: 'POST', headers: auth, body: '[]' })).status).toBe(200);
  }
  if (service === 'billing') {
    const path = `${base}/webhooks/paytr`;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await send(path, { method: 'POST', headers: form, announce: 64 * 1024 })).status).toBe(413);
    expect((await send(path, { method: 'POST', headers: form, chunked: 4 * MiB })).status).toBe(413);
    const badCharset = await send(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=klingon' }, body: 'a=1' });
    expect(badCharset.status).toBe(415);
  }
  if (service === 'health') {
    const path = `${base}/session`;
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    expect((await send(path, { method: 'POST', headers: form, announce: 4096 })).status).toBe(413);
    const wrong = await send(path, { method: 'POST', headers: form, body: 'token=not-the-token-at-all-000' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('not the OPS_TOKEN');
    expect(wrong.headers['set-cookie']).toBeUndefined();
  }
}

/** Signing in sets the token as an HttpOnly, SameSite=Strict cookie, Secure only over TLS through a trusted proxy. */
async function signIn(base: string, headers: Record<string, string> = {}): Promise<{ cookie: string; page: Answer }> {
  const answer = await send(`${base}/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: `token=${encodeURIComponent(TOKEN)}`,
  });
  expect([answer.status, answer.headers.location]).toEqual([303, './']);
  const cookie = String((answer.headers['set-cookie'] as string[])[0]);
  const page = await send(`${base}/`, { headers: { cookie: cookie.split(';')[0] } });
  return { cookie, page };
}

describe('operator surfaces and request bodies', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  describe.each(APP_NAMES)('%s as its own process', (app) => {
    it('refuses to start on a non-loopback HTTP_HOST without OPS_TOKEN, naming both variables', async () => {
      const run = spawnApp(app, { ...baseEnv(db, await freePort()), HTTP_HOST: '0.0.0.0' });
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain('OPS_TOKEN: is required when HTTP_HOST (0.0.0.0) is not a loopback address');
    });

    describe('with OPS_TOKEN', () => {
      let run: RunningApp;
      let base: string;
      beforeAll(async () => {
        const port = await freePort();
        base = `http://127.0.0.1:${port}`;
        // health trusts the loopback proxy: its X-Forwarded-Proto makes the cookie Secure.
        run = spawnApp(app, { ...baseEnv(db, port), OPS_TOKEN: TOKEN, ...(app === 'health' ? { TRUST_PROXY: 'loopback' } : {}) });
        await waitUntilReady(base, run.output);
      });
      afterAll(async () => {
        run.child.kill('SIGTERM');
        await run.exited;
      });

      it('refuses every operator route without the token', () => expectOperatorRoutesGuarded(base, OPERATOR_ROUTES[app]));
      it('reads no body where none belongs', () => expectNoBodyWhereNoneBelongs(base));
      it('reads at most what its provider sends, and refuses malformed bodies', () => expectWebhookLimits(base, app));

      if (app === 'health') {
        it('signs a browser in with a form, never through the URL', async () => {
          const plain = await signIn(base);
          expect(plain.cookie).toMatch(/^lifecycle_ops_token=.+; Path=\/; HttpOnly; SameSite=Strict$/);
          expect(plain.page.status).toBe(200);
          expect(plain.page.text).toContain('assets/status-page.js');
          const overTls = await signIn(base, { 'x-forwarded-proto': 'https' });
          expect(overTls.cookie).toMatch(/; Secure/);
          // The old `?token=` is not a way in.
          const byUrl = await send(`${base}/status?token=${TOKEN}`);
          expect(byUrl.status).toBe(401);
          const form = await send(`${base}/?token=${TOKEN}`);
          expect([form.status, form.text.includes('<form method="post" action="session">')]).toEqual([401, true]);
        });
      }
    });
  });

  describe('the all-in-one process', () => {
    it('refuses to start on a non-loopback HTTP_HOST without OPS_TOKEN', async () => {
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'lifecyclectl'), 'start'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...baseEnv(db, await freePort()), HTTP_HOST: '0.0.0.0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
      expect(output).toContain('OPS_TOKEN: is required when HTTP_HOST (0.0.0.0) is not a loopback address');
    });

    it('guards every operator route and limits every body on its one port', async () => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'lifecyclectl'), 'start'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...baseEnv(db, port), OPS_TOKEN: TOKEN },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      const exited = new Promise((resolve) => child.once('exit', resolve));
      try {
        await waitUntilReady(base, () => output);
        await expectOperatorRoutesGuarded(base, [...new Set(Object.values(OPERATOR_ROUTES).flat())]);
        await expectNoBodyWhereNoneBelongs(base);
        for (const service of ['notifier', 'billing', 'health']) await expectWebhookLimits(base, service);
        // No TRUST_PROXY: a client's own X-Forwarded-Proto does not make the cookie Secure.
        const { cookie } = await signIn(base, { 'x-forwarded-proto': 'https' });
        expect(cookie).not.toMatch(/Secure/);
      } finally {
        child.kill('SIGTERM');
        await exited;
      }
    });
  });
});
