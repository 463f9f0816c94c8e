import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { MissingBinaryError } from './local-infra.errors';

function onPath(name: string, path: string | undefined): string[] {
  return (path ?? '').split(':').filter(Boolean).map((dir) => join(dir, name));
}

/** The nats-server binary: `explicit` (NATS_SERVER_BIN), then PATH, then the usual install places. */
export function findNatsServer(explicit = process.env.NATS_SERVER_BIN, path = process.env.PATH): string {
  const candidates = [explicit, ...onPath('nats-server', path), '/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server'];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (found) return found;
  throw new MissingBinaryError(
    'nats-server',
    'install it (apt-get install -y nats-server) or point NATS_SERVER_BIN at the binary',
    candidates.filter((c): c is string => !!c),
  );
}

/** Orders `/usr/lib/postgresql/<version>` folder names, newest first (`15` before `9.6`). */
export function newestFirst(versions: readonly string[]): string[] {
  const key = (v: string) => v.split('.').map((n) => Number.parseInt(n, 10) || 0);
  return [...versions].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    for (let i = 0; i < Math.max(ka.length, kb.length); i++) if ((ka[i] ?? 0) !== (kb[i] ?? 0)) return (kb[i] ?? 0) - (ka[i] ?? 0);
    return 0;
  });
}

/**
 * The folder holding `initdb`, `pg_ctl` and `postgres`: `explicit` (PG_BIN_DIR), then the folder of an
 * `initdb` on PATH (symlinks resolved, so pg_ctl finds its `postgres`), then the newest
 * /usr/lib/postgresql/<version>/bin.
 */
export function findPostgresBinDir(explicit = process.env.PG_BIN_DIR, path = process.env.PATH, root = '/usr/lib/postgresql'): string {
  const hasAll = (dir: string) => ['initdb', 'pg_ctl', 'postgres'].every((b) => existsSync(join(dir, b)));
  const searched: string[] = [];
  if (explicit) {
    if (hasAll(explicit)) return explicit;
    throw new MissingBinaryError('initdb/pg_ctl/postgres', `PG_BIN_DIR=${explicit} does not hold all three`, [explicit]);
  }
  for (const initdb of onPath('initdb', path)) {
    searched.push(dirname(initdb));
    if (!existsSync(initdb)) continue;
    const dir = dirname(realpathSync(initdb));
    if (hasAll(dir)) return dir;
  }
  const versions = existsSync(root) ? newestFirst(readdirSync(root)) : [];
  for (const version of versions) {
    const dir = join(root, version, 'bin');
    searched.push(dir);
    if (hasAll(dir)) return dir;
  }
  if (!versions.length) searched.push(`${root}/*/bin`);
  throw new MissingBinaryError(
    'initdb/pg_ctl',
    'install postgresql (apt-get install -y postgresql) or point PG_BIN_DIR at its bin folder',
    searched,
  );
}
