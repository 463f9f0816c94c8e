import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startFakePaytr, testInfra, type FakePaytr } from '@lifecycle/testing';
import { ROOT, type RunningApp } from '../app-processes';
import { TestJetStream, type BillingProcess } from '../billing/billing-processes';
import { eventually, startBillingProcess, stop, tick, paytrBillingEnv } from '../dunning/dunning-processes';
import { DunningWorld, HOUR, plus } from '../dunning/dunning-world';

jest.setTimeout(180_000);

const EXAMPLE = join(ROOT, 'examples', 'chat-webhook');
const F = new Date(Math.floor(Date.now() / HOUR) * HOUR - HOUR).toISOString();
const iso = (at: Date) => at.toISOString().replace('.000Z', 'Z');

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** The example as a user installs it: a copy of its files plus `npm install` of the packed tarball. */
function installExample(): string {
  if (!existsSync(join(ROOT, 'packages/contracts/dist/index.js'))) throw new Error('packages/contracts/dist is missing: run `npm run build`');
  const dir = mkdtempSync(join(tmpdir(), 'chat-webhook-'));
  for (const file of ['package.json', 'tsconfig.json', 'chat-webhook.ts']) cpSync(join(EXAMPLE, file), join(dir, file));
  // --ignore-scripts: pack the build `npm run build` made, without rebuilding dist under running tests.
  const tarball = run('npm', ['pack', '--workspace', '@lifecycle/contracts', '--pack-destination', dir, '--ignore-scripts', '--silent'], ROOT).trim();
  run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `./${tarball.split('\n').pop()}`], dir);
  return dir;
}

/** A chat incoming webhook: answers 503 to the first post, 200 to the others, and keeps the bodies. */
async function fakeChat(): Promise<{ server: Server; url: string; posts: { status: number; text: string }[] }> {
  const posts: { status: number; text: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const status = posts.length === 0 ? 503 : 200;
      posts.push({ status, text: (JSON.parse(body) as { text: string }).text });
      res.writeHead(status).end();
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${port}/hooks/lifecycle`, posts };
}

/**
 * examples/chat-webhook, installed from the packed @lifecycle/contracts, against the live pipeline: the
 * billing process suspends a subscription after its retries, and the example posts it to a chat webhook.
 */
describe('example: subscription.suspended to a chat webhook', () => {
  let dir: string;
  let world: DunningWorld;
  let js: TestJetStream;
  let paytr: FakePaytr;
  let billing: BillingProcess;
  let chat: Awaited<ReturnType<typeof fakeChat>>;
  let example: RunningApp;

  beforeAll(async () => {
    dir = installExample();
    world = await DunningWorld.create();
    js = await TestJetStream.create();
    paytr = await startFakePaytr();
    chat = await fakeChat();
    billing = await startBillingProcess(world.billing.db.url, js, paytrBillingEnv(paytr, { PAYTR_SYNC_MODE: 'false' }));
  });

  afterAll(async () => {
    await stop(example);
    await stop(billing);
    chat?.server.close();
    await paytr?.close();
    await js?.close();
    await world?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is installed from the tarball: a copy of the built package, no sources, its types check', () => {
    const installed = join(dir, 'node_modules/@lifecycle/contracts');
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(existsSync(join(installed, 'dist/consumer/index.d.ts'))).toBe(true);
    expect(existsSync(join(installed, 'dist/schemas/subscription.suspended.json'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    run(join(dir, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json'], dir);
  });

  it('posts the suspension of a subscription whose retries ran out, retrying after the webhook\'s 503', async () => {
    const child = spawn(process.execPath, ['chat-webhook.ts'], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? '',
        NATS_URL: testInfra().natsUrl,
        LIFECYCLE_NAMESPACE: js.namespace.value,
        CHAT_WEBHOOK_URL: chat.url,
        CHAT_BACKOFF_MS: '200',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    example = { child, output: () => output, exited: new Promise((resolve) => child.once('exit', resolve)) };
    await eventually(() => output, (out) => out.includes('chat-webhook: consuming') || child.exitCode !== null, 30_000);
    expect(output).toContain(`consuming subscription.suspended from ${js.namespace.stream('LIFECYCLE')} as chat-webhook`);

    const c = await world.factories.newCompany({ status: 'active', periodEndsAt: F, currency: 'USD' });
    const sub = c.subscription!.id;
    await world.failedPayment(c, { at: F, amount: 2900, currency: 'USD' });
    for (const at of [F, plus(F, 6 * HOUR), plus(F, 30 * HOUR), plus(F, 102 * HOUR)]) {
      await js.publisher.publish(tick('payment-retry', at) as never);
      await eventually(async () => billing.output(), (out) => out.includes(`payment-retry@${iso(new Date(at))}`), 60_000);
    }

    const posts = await eventually(() => chat.posts, (p) => p.some((post) => post.status === 200), 60_000).catch((error: Error) => {
      throw new Error(`${error.message}\nexample output:\n${output}\nbilling output:\n${billing.output().slice(-4000)}`);
    });
    const text = `Subscription ${sub} of ${c.company.name} (${c.subscription!.plan}) is suspended: payment_retries_exhausted`;
    expect(posts).toEqual([
      { status: 503, text },
      { status: 200, text },
    ]);
    const info = await eventually(
      () => js.jsm.consumers.info(js.namespace.stream('LIFECYCLE'), 'chat-webhook'),
      (i) => i.num_pending === 0 && i.num_ack_pending === 0,
    );
    expect(info.config.filter_subject).toBe(js.namespace.subject('subscription.suspended'));
    expect(output).toContain(`posted subscription.suspended:sub-${sub}:`);

    child.kill('SIGTERM');
    expect(await example.exited).toBe(0);
    expect(chat.posts).toHaveLength(2);
  });
});
