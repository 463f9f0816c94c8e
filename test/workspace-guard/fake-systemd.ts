import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FAKE_BIN = join(__dirname, 'fake-bin');

/** The fake `systemctl` (fake-bin/systemctl) and the folder where it keeps unit states and its call log. */
export class FakeSystemd {
  readonly dir = mkdtempSync(join(tmpdir(), 'lc-systemd-'));

  constructor() {
    for (const sub of ['units', 'fail', 'hang']) mkdirSync(join(this.dir, sub));
    writeFileSync(join(this.dir, 'calls.log'), '');
  }

  /** Environment of a process that should find the fake first on PATH. */
  env(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
    return { PATH: `${FAKE_BIN}:${base.PATH ?? ''}`, FAKE_SYSTEMD_DIR: this.dir };
  }

  processEnv(): NodeJS.ProcessEnv {
    return { ...process.env, ...this.env() };
  }

  setUnit(unit: string, state: 'active' | 'inactive'): void {
    writeFileSync(join(this.dir, 'units', unit), `${state}\n`);
  }

  unit(unit: string): string | null {
    const file = join(this.dir, 'units', unit);
    return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
  }

  failNext(verb: string, unit: string, times: number | 'always'): void {
    writeFileSync(join(this.dir, 'fail', `${verb}@${unit}`), `${times}\n`);
  }

  hang(verb: string, unit: string, seconds: number): void {
    writeFileSync(join(this.dir, 'hang', `${verb}@${unit}`), `${seconds}\n`);
  }

  calls(filter?: string): string[] {
    const lines = readFileSync(join(this.dir, 'calls.log'), 'utf8').split('\n').filter(Boolean);
    return filter ? lines.filter((line) => line.includes(filter)) : lines;
  }

  sshCalls(): string[] {
    const file = join(this.dir, 'ssh.log');
    return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
