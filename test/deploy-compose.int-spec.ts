import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SERVICE_NODE_OPTIONS } from '@lifecycle/config';
import { ROOT } from './app-processes';

const VARIABLES = ['NODE_IMAGE', 'NATS_IMAGE', 'POSTGRES_IMAGE', 'LIFECYCLE_IMAGE'];
const SERVICES = ['clock', 'billing', 'notifier', 'workspace-guard', 'health'];

type Compose = { services: Record<string, Record<string, any>>; volumes: Record<string, unknown> };

/** `docker-compose [-f …] config`, with a .env made from .env.example for the run when there is none. */
const OPS_TOKEN = 'compose-config-test-token-0123';

function composeConfig(files: string[], quiet = false, env: NodeJS.ProcessEnv = { ...process.env, OPS_TOKEN }): { status: number | null; stdout: string; stderr: string } {
  const args = [...files.flatMap((f) => ['-f', f]), 'config', ...(quiet ? ['-q'] : [])];
  const result = spawnSync('docker-compose', args, { cwd: ROOT, encoding: 'utf8', env });
  if (result.error) throw new Error('docker-compose is missing: run scripts/ensure-test-tools.sh');
  return result;
}

const envFile = join(ROOT, '.env');
const madeEnv = !existsSync(envFile);
beforeAll(() => {
  if (madeEnv) copyFileSync(join(ROOT, '.env.example'), envFile);
});
afterAll(() => {
  if (madeEnv) rmSync(envFile);
});

describe('docker-compose.yml', () => {
  it('is accepted by docker-compose config', () => {
    const result = composeConfig([], true);
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('refuses to start the services without OPS_TOKEN, and gives it to every service', () => {
    const { OPS_TOKEN: _ignored, ...withoutToken } = process.env;
    const refused = composeConfig([], true, withoutToken);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain('set OPS_TOKEN in .env');
    const compose = parse(composeConfig([]).stdout) as Compose;
    for (const name of SERVICES) expect(compose.services[name].environment).toMatchObject({ HTTP_HOST: '0.0.0.0', OPS_TOKEN });
  });

  it('runs the migration once before the five services, each checked on /readyz and restarted', () => {
    const compose = parse(composeConfig([]).stdout) as Compose;
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
      const result = spawnSync('docker-compose', ['config'], { cwd: ROOT, encoding: 'utf8', env: { ...clean, OPS_TOKEN, ...env } });
      const compose = parse(result.stdout) as { services: Record<string, { image: string; build?: { args: Record<string, string> } }> };
      return { nats: compose.services.nats.image, postgres: compose.services.postgres.image, app: compose.services.billing.image, node: compose.services.billing.build?.args.NODE_IMAGE };
    };
    expect(images({})).toEqual({ nats: 'nats:2.10-alpine', postgres: 'postgres:15-alpine', app: 'subscription-lifecycle:latest', node: 'node:24-bookworm-slim' });
    expect(images({ NATS_IMAGE: 'n:1', POSTGRES_IMAGE: 'p:1', LIFECYCLE_IMAGE: 'a:1', NODE_IMAGE: 'b:1' })).toEqual({ nats: 'n:1', postgres: 'p:1', app: 'a:1', node: 'b:1' });
    expect(readFileSync(join(ROOT, 'Dockerfile'), 'utf8')).toMatch(/^ARG NODE_IMAGE=node:24-bookworm-slim$/m);
  });
});

describe('docker-compose.cluster.yml over docker-compose.yml', () => {
  const files = ['docker-compose.yml', 'docker-compose.cluster.yml'];
  const NODES = ['nats', 'nats-2', 'nats-3'];

  it('is accepted by docker-compose config', () => {
    const result = composeConfig(files, true);
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it('runs three routed NATS nodes with their own names and volumes, and every service on all three with STREAM_REPLICAS=3', () => {
    const compose = parse(composeConfig(files).stdout) as Compose;
    expect(Object.keys(compose.services).sort()).toEqual(['migrate', 'postgres', ...NODES, ...SERVICES].sort());
    const flag = (command: string[], name: string) => command[command.indexOf(name) + 1];
    const names = NODES.map((n) => flag(compose.services[n].command, '--name'));
    expect(new Set(names).size).toBe(3);
    const volumes = NODES.map((n) => compose.services[n].volumes.find((v: string) => v.endsWith(':/data:rw') || v.endsWith(':/data')));
    expect(new Set(volumes).size).toBe(3);
    for (const node of NODES) {
      const command: string[] = compose.services[node].command;
      expect(command).toEqual(expect.arrayContaining(['-js', '--sync_interval', 'always']));
      expect(flag(command, '--cluster_name')).toBe('lifecycle');
      expect(flag(command, '--cluster')).toBe('nats://0.0.0.0:6222');
      // routes to the two others
      expect(flag(command, '--routes').split(',').sort()).toEqual(NODES.filter((n) => n !== node).map((n) => `nats://${n}:6222`).sort());
      expect(compose.services[node].healthcheck.test.join(' ')).toContain('/healthz');
    }
    for (const name of SERVICES) {
      const service = compose.services[name];
      expect(service.environment.NATS_URL.split(',')).toEqual(NODES.map((n) => `nats://${n}:4222`));
      expect(service.environment.STREAM_REPLICAS).toBe('3');
      // the base file's variables stay
      expect(service.environment.NODE_OPTIONS).toBe(SERVICE_NODE_OPTIONS);
      expect(service.environment.HTTP_PORT).toEqual(expect.any(String));
      for (const node of NODES) expect(service.depends_on[node].condition).toBe('service_healthy');
      expect(service.depends_on.migrate.condition).toBe('service_completed_successfully');
    }
  });
});
