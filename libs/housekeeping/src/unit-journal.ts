import { execFile } from 'node:child_process';

/**
 * The last lines of a unit's journal (`journalctl -u <unit> -n <lines> --no-pager`), best effort: an empty
 * list when journalctl is missing, fails, or may not read the system journal (the service user needs the
 * systemd-journal group).
 */
export function readUnitJournal(unit: string, lines = 20, timeoutMs = 5_000): Promise<string[]> {
  return new Promise((resolve) => {
    execFile(
      'journalctl',
      ['-u', unit, '-n', String(lines), '--no-pager', '-o', 'short-iso'],
      { timeout: timeoutMs, maxBuffer: 1024 * 1024 },
      (error, stdout) => {
        if (error) return resolve([]);
        resolve(
          String(stdout)
            .split('\n')
            .filter((line) => line.trim() !== '' && !line.startsWith('-- ') && !line.startsWith('Hint: '))
            .slice(-lines),
        );
      },
    );
  });
}
