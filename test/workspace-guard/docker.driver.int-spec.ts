import { DockerDriver, InvalidLinuxUsernameError, WorkspaceDriverError, type DriverWorkspace } from '@lifecycle/workspace-guard';
import { FakeDockerEngine } from './fake-docker-engine';

const ws = (linuxUsername: string, id = 1): DriverWorkspace => ({ id, name: `ws-${id}`, linuxUsername, isRunning: true });

describe('DockerDriver against a fake Docker Engine API on a unix socket', () => {
  let engine: FakeDockerEngine;
  const driver = (options: Partial<ConstructorParameters<typeof DockerDriver>[0]> = {}) =>
    new DockerDriver({ socketPath: engine.socketPath, containerTemplate: 'code-server-{linux_username}', timeoutMs: 5_000, ...options });

  beforeEach(async () => {
    engine = await FakeDockerEngine.start();
  });
  afterEach(() => engine.close());

  it('stops and starts the container named by the template, and reads State.Running', async () => {
    engine.add('code-server-alice', true);
    const d = driver();

    expect(await d.state(ws('alice'))).toBe('running');
    await d.stop(ws('alice'));
    expect(engine.running('code-server-alice')).toBe(false);
    expect(await d.state(ws('alice'))).toBe('stopped');
    await d.start(ws('alice'));
    expect(engine.running('code-server-alice')).toBe(true);
    expect(engine.calls).toEqual([
      'GET /containers/code-server-alice/json',
      'POST /containers/code-server-alice/stop',
      'GET /containers/code-server-alice/json',
      'POST /containers/code-server-alice/start',
    ]);
  });

  it('treats 304 (already stopped, already started) as success', async () => {
    engine.add('code-server-bob', false);
    await driver().stop(ws('bob'));
    await driver().start(ws('bob'));
    await driver().start(ws('bob'));
    expect(engine.running('code-server-bob')).toBe(true);
  });

  it('uses a configured container template', async () => {
    engine.add('ws_carol', true);
    await driver({ containerTemplate: 'ws_{linux_username}' }).stop(ws('carol'));
    expect(engine.running('ws_carol')).toBe(false);
  });

  it('names the container on 404, and reports its state as unknown', async () => {
    const error = (await driver().stop(ws('dave')).catch((e: unknown) => e)) as WorkspaceDriverError;
    expect(error).toBeInstanceOf(WorkspaceDriverError);
    expect(error.message).toBe('docker stop code-server-dave failed: no container named code-server-dave (check DOCKER_CONTAINER_TEMPLATE)');
    expect(await driver().state(ws('dave'))).toBe('unknown');
  });

  it("passes an engine error on with the engine's message", async () => {
    engine.add('code-server-erin', true);
    engine.failNext('stop', 'code-server-erin', 1);
    await expect(driver().stop(ws('erin'))).rejects.toThrow(
      'docker stop code-server-erin failed: Docker Engine answered 500: server error - cannot stop container: simulated engine failure',
    );
    await driver().stop(ws('erin'));
    expect(engine.running('code-server-erin')).toBe(false);
  });

  it('names the socket when nothing listens there', async () => {
    const d = driver({ socketPath: `${engine.socketPath}.missing` });
    await expect(d.stop(ws('frank'))).rejects.toThrow(`docker stop code-server-frank failed: Docker Engine not reachable at ${engine.socketPath}.missing (ENOENT)`);
  });

  it('gives up after the timeout', async () => {
    engine.add('code-server-gina', true);
    engine.hang('stop', 'code-server-gina');
    const started = Date.now();
    await expect(driver({ timeoutMs: 300 }).stop(ws('gina'))).rejects.toThrow('docker stop code-server-gina failed: no answer from the Docker Engine within 300 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a linux_username that cannot be part of a container name, before calling the engine', async () => {
    await expect(driver().stop(ws('../../x'))).rejects.toBeInstanceOf(InvalidLinuxUsernameError);
    await expect(driver().state(ws('a/b'))).rejects.toBeInstanceOf(InvalidLinuxUsernameError);
    expect(engine.calls).toEqual([]);
  });

  it('rejects a template without {linux_username} or with characters a container name cannot have', () => {
    expect(() => driver({ containerTemplate: 'code-server' })).toThrow('must contain {linux_username}');
    expect(() => driver({ containerTemplate: 'code/{linux_username}' })).toThrow('may contain only');
  });
});
