import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SERVICE_NODE_OPTIONS } from '@lifecycle/config';
import { ROOT } from './app-processes';

const UNITS = join(ROOT, 'deploy', 'systemd');

describe('deploy/systemd units', () => {
  const files = readdirSync(UNITS).filter((f) => /\.(service|target)$/.test(f));

  it('has a unit per service, the migration and the alert template', () => {
    expect(files.sort()).toEqual(
      [
        'lifecycle-alert@.service',
        'lifecycle-billing.service',
        'lifecycle-clock.service',
        'lifecycle-health.service',
        'lifecycle-migrate.service',
        'lifecycle-notifier.service',
        'lifecycle-workspace-guard.service',
        'lifecycle.target',
      ].sort(),
    );
  });

  it('pass systemd-analyze verify (the alert template through an instance)', () => {
    const which = spawnSync('systemd-analyze', ['--version']);
    if (which.error) throw new Error('systemd-analyze is missing: apt-get install -y systemd');
    const dir = mkdtempSync(join(tmpdir(), 'lc-units-'));
    for (const file of files) copyFileSync(join(UNITS, file), join(dir, file));
    copyFileSync(join(UNITS, 'lifecycle-alert@.service'), join(dir, 'lifecycle-alert@lifecycle-clock.service.service'));
    const targets = readdirSync(dir).filter((f) => !f.endsWith('@.service'));
    const result = spawnSync('systemd-analyze', ['verify', '--man=no', ...targets], { cwd: dir, encoding: 'utf8' });
    expect({ status: result.status, stderr: result.stderr.trim() }).toEqual({ status: 0, stderr: '' });
  });

  it.each(['clock', 'billing', 'notifier', 'workspace-guard', 'health'])('lifecycle-%s has the hardening, restart policy, failure alert and the service heap bounds', (app) => {
    const unit = readFileSync(join(UNITS, `lifecycle-${app}.service`), 'utf8');
    for (const line of [
      'NoNewPrivileges=true',
      'ProtectSystem=strict',
      'PrivateTmp=true',
      'Restart=on-failure',
      'EnvironmentFile=/etc/lifecycle/lifecycle.env',
      'OnFailure=lifecycle-alert@%n.service',
      `ExecStart=/usr/bin/node /opt/lifecycle/dist/apps/${app}/src/main.js`,
      `Environment="NODE_OPTIONS=${SERVICE_NODE_OPTIONS}"`,
    ]) {
      expect(unit).toContain(line);
    }
    expect(unit).toMatch(/^MemoryMax=\d+M$/m);
    expect(unit).toMatch(/^CPUQuota=\d+%$/m);
    execFileSync('test', ['-f', join(ROOT, 'apps', app, 'src', 'main.ts')]);
  });
});
