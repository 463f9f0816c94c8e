import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SERVICE_NODE_OPTIONS } from '@lifecycle/config';
import { ROOT } from './app-processes';

const VARIABLES = ['NODE_IMAGE', 'NATS_IMAGE', 'POSTGRES_IMAGE', 'LIFECYCLE_IMAGE'];
const SERVICES = ['clock', 'billing', 'notifier', 'workspace-guard', 'health'];

describe('docker-compose.yml', () => {
  const envFile = join(ROOT, '.env');
  const madeEnv = !existsSync(envFile);

  beforeAll(() => {
    if (madeEnv) copyFileSync(join(ROOT, '.env.example'), envFile);
  });
  afterAll(() => {
    if (madeEnv) rmSync(envFile);
  });

  it('is accepted by docker-compose config', () => {
    const result = spawnSync('docker-compose', ['config', '-q'], { cwd: ROOT, encoding: 'utf8' });
    if (result.error) throw new Error('docker-compose is missing: run scripts/ensure-test-tools.sh');
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('runs the migration once before the five services, each checked on /readyz and restarted', () => {
    const result = spawnSync('docker-compose', ['config'], { cwd: ROOT, encoding: 'utf8' });
    const compose = parse(result.stdout) as { services: Record<string, Record<string, any>>; volumes: Record<string, unknown> };
    expect(Object.keys(compose.services).sort()).toEqual(['migrate', 'nats', 'postgres', ...SERVICES].sort());
    expect(compose.services.migrate.command).toEqual(['bin/lifecyclectl', 'migrate']);
    for (const name of SERVICES) {
      const service = compose.services[name];
      expect(service.command).toEqual([`dist/apps/${name}/src/main.js`]);
      expect(service.depends_on.migrate.condition).toBe('service_completed_successfully');
      expect(service.restart).toBe('unless-stopped');
      expect(service.environment.NODE_OPTIONS).toBe(SERVICE_NODE_OPTIONS);
      expect(service.healthcheck.test.join(' ')).toContain('/readyz');
    }
    expect(compose.services.nats.command).toEqual(expect.arrayContaining(['-js', '--sync_interval', 'always']));
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['nats-data', 'postgres-data']));
  });

  it('defaults to the upstream images; NODE_IMAGE, NATS_IMAGE, POSTGRES_IMAGE, LIFECYCLE_IMAGE substitute others', () => {
    const images = (env: Record<string, string>) => {
      const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !VARIABLES.includes(k)));
      const result = spawnSync('docker-compose', ['config'], { cwd: ROOT, encoding: 'utf8', env: { ...clean, ...env } });
      const compose = parse(result.stdout) as { services: Record<string, { image: string; build?: { args: Record<string, string> } }> };
      return { nats: compose.services.nats.image, postgres: compose.services.postgres.image, app: compose.services.billing.image, node: compose.services.billing.build?.args.NODE_IMAGE };
    };
    expect(images({})).toEqual({ nats: 'nats:2.10-alpine', postgres: 'postgres:15-alpine', app: 'subscription-lifecycle:latest', node: 'node:24-bookworm-slim' });
    expect(images({ NATS_IMAGE: 'n:1', POSTGRES_IMAGE: 'p:1', LIFECYCLE_IMAGE: 'a:1', NODE_IMAGE: 'b:1' })).toEqual({ nats: 'n:1', postgres: 'p:1', app: 'a:1', node: 'b:1' });
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
  });
});
