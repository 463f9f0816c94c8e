import { constants } from 'node:fs';
import { mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { BackupDirectoryError } from './backup.errors';
import type { BackupDirectory, BackupEntry } from './backup.ports';

/** The file system side of backups. */
export class FsBackupDirectory implements BackupDirectory {
  async ensure(dir: string): Promise<void> {
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
    } catch (error) {
      throw new BackupDirectoryError(dir, reason(error));
    }
  }

  async reserve(path: string): Promise<void> {
    try {
      // A dump holds every table (password hashes included): readable by its owner only, from the first byte.
      const file = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
      await file.close();
    } catch (error) {
      throw new BackupDirectoryError(path, reason(error));
    }
  }

  async commit(from: string, to: string): Promise<void> {
    await rename(from, to);
    const dir = await open(dirname(to), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  async list(dir: string): Promise<BackupEntry[]> {
    const names = await readdir(dir);
    const entries = await Promise.all(
      names.map(async (name): Promise<BackupEntry | null> => {
        const info = await stat(join(dir, name)).catch(() => null);
        return info?.isFile() ? { name, bytes: info.size, modifiedAt: info.mtime } : null;
      }),
    );
    return entries.filter((e): e is BackupEntry => e !== null);
  }

  async remove(path: string): Promise<void> {
    await unlink(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
}

function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const hints: Record<string, string> = {
    EACCES: 'permission denied (the service user must be able to write it; with systemd, list it in ReadWritePaths)',
    EROFS: 'read-only file system (with systemd, list it in ReadWritePaths)',
    ENOTDIR: 'a part of the path is a file',
    ENOSPC: 'no space left on the device',
  };
  return (e.code && hints[e.code]) ?? e.message ?? String(error);
}
