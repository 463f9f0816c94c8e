import { join } from 'node:path';
import { InvalidLinuxUsernameError, SystemdDriver, WorkspaceDriverError, type DriverWorkspace } from '@lifecycle/workspace-guard';
import { FAKE_BIN, FakeSystemd } from './fake-systemd';

const ws = (linuxUsername: string, id = 1): DriverWorkspace => ({ id, name: `ws-${id}`, linuxUsername, isRunning: true });

describe('SystemdDriver against a fake systemctl on PATH', () => {
  let fake: FakeSystemd;
  const driver = (options: Partial<ConstructorParameters<typeof SystemdDriver>[0]> = {}) =>
    new SystemdDriver({ unitTemplate: 'code-server@{linux_username}.service', commandPrefix: [], timeoutMs: 5_000, env: fake.processEnv(), ...options });

  beforeEach(() => {
    fake = new FakeSystemd();
  });
  afterEach(() => fake.dispose());

  it('stops and starts the unit named by the template, and reads its state with is-active', async () => {
    fake.setUnit('code-server@alice.service', 'active');
    const d = driver();

    expect(await d.state(ws('alice'))).toBe('running');
    await d.stop(ws('alice'));
    expect(fake.unit('code-server@alice.service')).toBe('inactive');
    expect(await d.state(ws('alice'))).toBe('stopped');
    await d.start(ws('alice'));
    expect(fake.unit('code-server@alice.service')).toBe('active');

    expect(fake.calls()).toEqual([
      'is-active code-server@alice.service',
      'stop code-server@alice.service',
      'is-active code-server@alice.service',
      'start code-server@alice.service',
    ]);
  });

  it('treats stopping a stopped unit and starting a running one as success', async () => {
    fake.setUnit('code-server@bob.service', 'inactive');
    await driver().stop(ws('bob'));
    fake.setUnit('code-server@bob.service', 'active');
    await driver().start(ws('bob'));
    expect(fake.unit('code-server@bob.service')).toBe('active');
  });

  it('uses a configured unit template', async () => {
    fake.setUnit('workspace-carol.service', 'active');
    const d = driver({ unitTemplate: 'workspace-{linux_username}.service' });
    expect(d.target(ws('carol'))).toBe('workspace-carol.service');
    await d.stop(ws('carol'));
    expect(fake.calls()).toEqual(['stop workspace-carol.service']);
  });

  it('runs systemctl behind the command prefix (here a fake ssh that hands the words to a shell, as ssh does)', async () => {
    fake.setUnit('code-server@dave.service', 'active');
    const d = driver({ commandPrefix: [join(FAKE_BIN, 'fake-ssh'), 'ops@platform-host'] });
    await d.stop(ws('dave'));
    expect(await d.state(ws('dave'))).toBe('stopped');
    expect(fake.sshCalls()).toEqual([
      'ssh ops@platform-host: systemctl stop code-server@dave.service',
      'ssh ops@platform-host: systemctl is-active code-server@dave.service',
    ]);
  });

  it('refuses a linux_username that is no Linux user name, before running anything', async () => {
    const d = driver({ commandPrefix: [join(FAKE_BIN, 'fake-ssh'), 'ops@platform-host'] });
    for (const name of ['x; touch /tmp/owned', 'Alice', '$(id)', '-rf', '', 'a b', 'a'.repeat(33), '..']) {
      const error = await d.stop(ws(name)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidLinuxUsernameError);
      expect((error as InvalidLinuxUsernameError).permanent).toBe(true);
      expect((error as Error).message).not.toContain(name || '\u0000');
    }
    expect(fake.calls()).toEqual([]);
    expect(fake.sshCalls()).toEqual([]);
  });

  it('reports a failing systemctl with its exit code and stderr', async () => {
    fake.setUnit('code-server@erin.service', 'active');
    fake.failNext('stop', 'code-server@erin.service', 'always');
    const error = (await driver().stop(ws('erin')).catch((e: unknown) => e)) as WorkspaceDriverError;
    expect(error).toBeInstanceOf(WorkspaceDriverError);
    expect(error.permanent).toBe(false);
    expect(error.message).toBe(
      'systemctl stop code-server@erin.service failed (exit 1): Job for code-server@erin.service failed because the control process exited with error code.',
    );
  });

  it('fails loudly on a unit that is not loaded (a wrong SYSTEMD_UNIT_TEMPLATE), instead of calling it stopped', async () => {
    const error = (await driver().stop(ws('frank')).catch((e: unknown) => e)) as Error;
    expect(error.message).toContain('failed (exit 5): Failed to stop code-server@frank.service: Unit code-server@frank.service not loaded.');
    expect(await driver().state(ws('frank'))).toBe('stopped');
  });

  it('gives up after the timeout and kills the command', async () => {
    fake.setUnit('code-server@gina.service', 'active');
    fake.hang('stop', 'code-server@gina.service', 20);
    const started = Date.now();
    const error = (await driver({ timeoutMs: 300 }).stop(ws('gina')).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('systemctl stop code-server@gina.service timed out after 300 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('names a missing systemctl', async () => {
    const error = (await driver({ env: { PATH: '/nonexistent' } }).stop(ws('hank')).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('systemctl stop code-server@hank.service could not run: systemctl not found on PATH');
  });

  it('reads unit states from is-active output and exit codes, and fails on anything else', async () => {
    // The prefix replaces systemctl by a shell that prints a word and exits with a code.
    const printing = (word: string, code: number) =>
      driver({ commandPrefix: ['bash', '-c', `echo ${word}; exit ${code}`, 'fake'] }).state(ws('ivy'));
    await expect(printing('active', 0)).resolves.toBe('running');
    await expect(printing('activating', 3)).resolves.toBe('running');
    await expect(printing('inactive', 3)).resolves.toBe('stopped');
    await expect(printing('failed', 3)).resolves.toBe('stopped');
    await expect(printing('unknown', 3)).resolves.toBe('unknown');
    await expect(printing('', 3)).resolves.toBe('stopped');
    await expect(printing('', 255)).rejects.toThrow('failed (exit 255)');
  });

  it('rejects a template without {linux_username} or with characters a unit name cannot have', () => {
    expect(() => driver({ unitTemplate: 'code-server.service' })).toThrow('must contain {linux_username}');
    expect(() => driver({ unitTemplate: 'code server@{linux_username}.service' })).toThrow('may contain only');
    expect(() => driver({ unitTemplate: '$(id)@{linux_username}.service' })).toThrow('may contain only');
  });
});
