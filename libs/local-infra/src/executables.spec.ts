import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBinDir, newestFirst } from './executables';
import { MissingBinaryError } from './local-infra.errors';
import { parseNatsServerVersion, supportsSyncAlways } from './nats-server.process';

describe('finding the PostgreSQL binaries', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lc-bin-'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const install = (dir: string) => {
    mkdirSync(dir, { recursive: true });
    for (const b of ['initdb', 'pg_ctl', 'postgres']) writeFileSync(join(dir, b), '');
  };

  it('orders versions newest first, numerically', () => {
    expect(newestFirst(['9.6', '15', '13', '16'])).toEqual(['16', '15', '13', '9.6']);
  });

  it('takes the newest /usr/lib/postgresql/<v>/bin when PATH has no initdb', () => {
    install(join(root, 'lib', '13', 'bin'));
    install(join(root, 'lib', '15', 'bin'));
    expect(findPostgresBinDir('', '/nonexistent', join(root, 'lib'))).toBe(join(root, 'lib', '15', 'bin'));
  });

  it('follows an initdb symlink on PATH to the folder that also holds pg_ctl and postgres', () => {
    install(join(root, 'lib', '14', 'bin'));
    mkdirSync(join(root, 'path'));
    symlinkSync(join(root, 'lib', '14', 'bin', 'initdb'), join(root, 'path', 'initdb'));
    expect(findPostgresBinDir('', join(root, 'path'), join(root, 'nothing'))).toBe(join(root, 'lib', '14', 'bin'));
  });

  it('says how to install PostgreSQL when nothing is found', () => {
    const find = () => findPostgresBinDir('', '/nonexistent', join(root, 'none'));
    expect(find).toThrow(MissingBinaryError);
    expect(find).toThrow(/apt-get install -y postgresql\) or point PG_BIN_DIR at its bin folder/);
  });

  it('rejects a PG_BIN_DIR without the binaries, naming it', () => {
    expect(() => findPostgresBinDir(root, '', root)).toThrow(`PG_BIN_DIR=${root} does not hold all three`);
  });
});

describe('nats-server versions', () => {
  it('reads the version and knows from which one the store can sync every write', () => {
    expect(parseNatsServerVersion('nats-server: v2.9.10\n')).toBe('2.9.10');
    expect(supportsSyncAlways('2.9.10')).toBe(false);
    expect(supportsSyncAlways('2.10.0')).toBe(true);
    expect(supportsSyncAlways('3.0.1')).toBe(true);
  });
});
