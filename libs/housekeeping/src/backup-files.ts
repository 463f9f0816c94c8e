import type { BackupEntry } from './backup.ports';

const NAME = /^lifecycle-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(?:\.(\d{3}))?Z\.dump$/;
const PARTIAL = /^\.lifecycle-.*\.dump\.partial$/;

/** `lifecycle-20261201T020000.123Z.dump`: UTC, sortable, no characters a shell or Windows share would mind. */
export function backupFileName(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '');
  return `lifecycle-${stamp}.dump`;
}

/** The name a dump is written under until it is complete. */
export function partialFileName(name: string): string {
  return `.${name}.partial`;
}

/** The time in a backup's name; null for any other file (rotation never touches those). */
export function backupTime(name: string): Date | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms] = m;
  const at = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}.${ms ?? '000'}Z`);
  return Number.isNaN(at.getTime()) ? null : at;
}

export function isPartialFile(name: string): boolean {
  return PARTIAL.test(name);
}

/** The backups beyond the newest `keep`; the one just written is always kept, whatever its name says. */
export function backupsToDelete(entries: readonly BackupEntry[], keep: number, justWritten: string): string[] {
  const backups = entries
    .flatMap((entry) => {
      const at = backupTime(entry.name);
      return at && entry.name !== justWritten ? [{ name: entry.name, at: at.getTime() }] : [];
    })
    .sort((a, b) => b.at - a.at || b.name.localeCompare(a.name));
  return backups.slice(Math.max(0, keep - 1)).map((b) => b.name);
}

/** Partial files of dumps that cannot still be running (older than the timeout, with margin): left by a crash. */
export function stalePartials(entries: readonly BackupEntry[], now: Date, timeoutMs: number): string[] {
  return entries.filter((e) => isPartialFile(e.name) && now.getTime() - e.modifiedAt.getTime() > 2 * timeoutMs).map((e) => e.name);
}
