import { backupFileName, backupsToDelete, backupTime, partialFileName, stalePartials } from './backup-files';
import type { BackupEntry } from './backup.ports';

const entry = (name: string, modifiedAt = '2026-12-01T00:00:00Z'): BackupEntry => ({ name, bytes: 10, modifiedAt: new Date(modifiedAt) });

describe('backup file names', () => {
  it('carry the UTC time, sortable, and read back', () => {
    const name = backupFileName(new Date('2026-12-01T02:00:00.123Z'));
    expect(name).toBe('lifecycle-20261201T020000.123Z.dump');
    expect(backupTime(name)).toEqual(new Date('2026-12-01T02:00:00.123Z'));
    expect(backupTime('lifecycle-20261201T020000Z.dump')).toEqual(new Date('2026-12-01T02:00:00Z'));
    expect(partialFileName(name)).toBe('.lifecycle-20261201T020000.123Z.dump.partial');
  });

  it.each(['notes.txt', 'lifecycle-latest.dump', 'lifecycle-20261301T020000Z.dump', 'lifecycle-20261201T020000Z.dump.partial', 'other-20261201T020000Z.dump'])(
    'are not confused with %s',
    (name) => expect(backupTime(name)).toBeNull(),
  );
});

describe('backupsToDelete', () => {
  const names = ['lifecycle-20261201T020000.000Z.dump', 'lifecycle-20261202T020000.000Z.dump', 'lifecycle-20261203T020000.000Z.dump', 'lifecycle-20261204T020000.000Z.dump'];

  it('keeps the newest N (the one just written among them) and never touches other files', () => {
    const entries = [...names, 'README', 'lifecycle-manual.dump'].map((n) => entry(n));
    expect(backupsToDelete(entries, 2, names[3]).sort()).toEqual([names[0], names[1]]);
    expect(backupsToDelete(entries, 4, names[3])).toEqual([]);
    expect(backupsToDelete(entries, 1, names[3]).sort()).toEqual(names.slice(0, 3));
  });

  it('keeps the file just written even when its name is the oldest (a wall clock set back)', () => {
    const entries = names.map((n) => entry(n));
    expect(backupsToDelete(entries, 2, names[0]).sort()).toEqual([names[1], names[2]]);
  });
});

describe('stalePartials', () => {
  it('are partial files older than twice the timeout: a dump that cannot still run', () => {
    const entries = [entry('.lifecycle-a.dump.partial', '2026-12-01T00:00:00Z'), entry('.lifecycle-b.dump.partial', '2026-12-01T02:30:00Z'), entry('x.partial', '2026-11-01T00:00:00Z')];
    expect(stalePartials(entries, new Date('2026-12-01T03:00:00Z'), 3_600_000)).toEqual(['.lifecycle-a.dump.partial']);
  });
});
