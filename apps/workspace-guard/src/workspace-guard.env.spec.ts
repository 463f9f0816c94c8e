import { ConfigError, loadEnv } from '@lifecycle/config';
import { workspaceDriverSettings } from '@lifecycle/workspace-guard';
import { DEFAULT_GUARD_CONCURRENCY, guardConcurrency, guardRetrySettings, workspaceGuardEnvSchema } from './workspace-guard.env';

function problems(env: Record<string, string>): string[] {
  try {
    loadEnv('workspace-guard', workspaceGuardEnvSchema, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe('workspace-guard environment', () => {
  it('defaults to the database driver and the platform unit template', () => {
    const env = loadEnv('workspace-guard', workspaceGuardEnvSchema, {});
    expect(workspaceDriverSettings(env)).toEqual({
      driver: 'database',
      timeoutMs: 30_000,
      systemd: { unitTemplate: 'code-server@{linux_username}.service', commandPrefix: [] },
      docker: { socketPath: '/var/run/docker.sock', containerTemplate: 'code-server-{linux_username}' },
    });
    expect(guardRetrySettings(env)).toEqual({ maxAttempts: 5, backoffMs: [10_000, 60_000, 300_000, 900_000] });
  });

  it('runs more handlers at once with the database driver than with one that holds a connection during driver calls', () => {
    const concurrency = (vars: Record<string, string>) => guardConcurrency(loadEnv('workspace-guard', workspaceGuardEnvSchema, vars));
    expect(concurrency({})).toBe(DEFAULT_GUARD_CONCURRENCY.flagsOnly);
    expect(concurrency({ WORKSPACE_DRIVER: 'systemd' })).toBe(DEFAULT_GUARD_CONCURRENCY.driverCalls);
    expect(concurrency({ WORKSPACE_DRIVER: 'docker' })).toBe(DEFAULT_GUARD_CONCURRENCY.driverCalls);
    expect(DEFAULT_GUARD_CONCURRENCY.flagsOnly).toBeGreaterThan(DEFAULT_GUARD_CONCURRENCY.driverCalls);
    expect(concurrency({ WORKSPACE_DRIVER: 'systemd', GUARD_CONCURRENCY: '12' })).toBe(12);
  });

  it('reads the systemd command prefix as words and the retry schedule as durations', () => {
    const env = loadEnv('workspace-guard', workspaceGuardEnvSchema, {
      WORKSPACE_DRIVER: 'systemd',
      SYSTEMD_COMMAND_PREFIX: '  ssh -o BatchMode=yes  ops@host sudo ',
      DRIVER_TIMEOUT: '2m',
      DRIVER_MAX_ATTEMPTS: '3',
      DRIVER_RETRY_BACKOFF: '200ms, 1s',
    });
    expect(workspaceDriverSettings(env).systemd.commandPrefix).toEqual(['ssh', '-o', 'BatchMode=yes', 'ops@host', 'sudo']);
    expect(workspaceDriverSettings(env).timeoutMs).toBe(120_000);
    expect(guardRetrySettings(env)).toEqual({ maxAttempts: 3, backoffMs: [200, 1_000] });
  });

  it.each([
    ['WORKSPACE_DRIVER', 'kubernetes'],
    ['SYSTEMD_UNIT_TEMPLATE', 'code-server.service'],
    ['SYSTEMD_UNIT_TEMPLATE', 'code server@{linux_username}.service'],
    ['SYSTEMD_COMMAND_PREFIX', `ssh 'ops@host'`],
    ['SYSTEMD_COMMAND_PREFIX', 'ssh $HOST'],
    ['DOCKER_CONTAINER_TEMPLATE', 'code-server'],
    ['DOCKER_CONTAINER_TEMPLATE', 'code/{linux_username}'],
    ['DRIVER_TIMEOUT', 'soon'],
    ['DRIVER_TIMEOUT', '10ms'],
    ['DRIVER_MAX_ATTEMPTS', '0'],
    ['GUARD_CONCURRENCY', '0'],
    ['GUARD_CONCURRENCY', '1000'],
    ['DRIVER_RETRY_BACKOFF', '10s,,1m'],
    ['DRIVER_RETRY_BACKOFF', 'often'],
  ])('names %s when it is %p', (variable, value) => {
    expect(problems({ [variable]: value })).toEqual([variable]);
  });
});
