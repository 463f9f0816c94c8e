import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SCHEDULES } from './default-schedules';
import { ScheduleConfigError } from './schedule-config.error';
import { DEFAULT_SCHEDULES_PATH, loadSchedules, parseSchedulesFile } from './schedules-file';

const FILE = 'config/schedules.yaml';

function byName(definitions: ReturnType<typeof parseSchedulesFile>) {
  return Object.fromEntries(definitions.map((d) => [d.name, d]));
}

function problemOf(yaml: string): string {
  try {
    parseSchedulesFile(yaml, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(ScheduleConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the file to be rejected');
}

describe('parseSchedulesFile', () => {
  it.each(['', '# nothing yet\n', 'schedules:\n', 'schedules: {}\n'])('returns the defaults for %j', (yaml) => {
    expect(parseSchedulesFile(yaml, FILE)).toEqual(DEFAULT_SCHEDULES);
  });

  it('changes only what the file names', () => {
    const yaml = [
      'schedules:',
      '  trial-reminders: { cron: "0 9 * * *", timeZone: Europe/Istanbul, jitter: 30m, catchUp: once }',
      '  email-health: { enabled: false }',
      '  payment-retry: { catchUp: all, catchUpLimit: 10 }',
      '  workspace-health: { jitter: 1m30s }',
      '  data-retention:',
    ].join('\n');
    const parsed = byName(parseSchedulesFile(yaml, FILE));
    const defaults = byName(DEFAULT_SCHEDULES);
    expect(parsed['trial-reminders']).toEqual({ ...defaults['trial-reminders'], timeZone: 'Europe/Istanbul' });
    expect(parsed['email-health']).toEqual({ ...defaults['email-health'], enabled: false });
    expect(parsed['payment-retry']).toEqual({ ...defaults['payment-retry'], catchUp: 'all', catchUpLimit: 10 });
    expect(parsed['workspace-health']).toEqual({ ...defaults['workspace-health'], jitterMs: 90_000 });
    for (const name of ['trial-expiry', 'renewal-reminders', 'billing-health', 'data-retention', 'database-backup']) {
      expect(parsed[name]).toEqual(defaults[name]);
    }
  });

  it('accepts a bare 0 and canonicalises zone names', () => {
    const yaml = 'schedules:\n  trial-reminders: { jitter: 0, timeZone: europe/istanbul }\n';
    const parsed = byName(parseSchedulesFile(yaml, FILE));
    expect(parsed['trial-reminders']).toMatchObject({ jitterMs: 0, timeZone: 'Europe/Istanbul' });
  });

  it.each([
    ['an unknown schedule', 'trial-reminder', '{ enabled: false }', 'unknown schedule'],
    ['a bad cron expression', 'trial-reminders', '{ cron: "61 9 * * *" }', 'invalid cron expression "61 9 * * *"'],
    ['a cron expression with too few fields', 'trial-expiry', '{ cron: "0 9 * *" }', 'invalid cron expression "0 9 * *"'],
    ['a cron expression that never matches', 'trial-expiry', '{ cron: "0 0 30 2 *" }', 'invalid cron expression "0 0 30 2 *" (it never'],
    ['an unknown time zone', 'billing-health', '{ timeZone: Mars/Olympus }', 'unknown time zone "Mars/Olympus"'],
    ['an unknown key', 'email-health', '{ jiter: 5m }', 'unknown key "jiter"'],
    ['a negative jitter', 'email-health', '{ jitter: -5m }', 'jitter must not be negative'],
    ['a negative number as jitter', 'email-health', '{ jitter: -300 }', 'jitter must not be negative'],
    ['a jitter without unit', 'email-health', '{ jitter: 30 }', 'jitter "30" needs a unit'],
    ['a jitter that is no duration', 'email-health', '{ jitter: 5 minutes }', 'jitter: invalid duration "5 minutes"'],
    ['an unknown catch-up policy', 'payment-retry', '{ catchUp: sometimes }', 'catchUp: '],
    ['a catch-up limit below 1', 'payment-retry', '{ catchUpLimit: 0 }', 'catchUpLimit: '],
    ['a non-boolean enabled', 'payment-retry', '{ enabled: "no" }', 'enabled: '],
    ['an entry that is not a mapping', 'payment-retry', 'daily', 'Invalid input'],
  ])('rejects %s, naming the file and the schedule', (_, schedule, entry, message) => {
    expect(problemOf(`schedules:\n  ${schedule}: ${entry}\n`)).toContain(`${FILE}: schedule "${schedule}": ${message}`);
  });

  it.each([
    ['an unknown top-level key', 'schedule:\n  trial-expiry: {}\n', 'unknown key "schedule"'],
    ['schedules that are not a mapping', 'schedules: [trial-expiry]\n', 'schedules: '],
    ['invalid YAML', 'schedules:\n  trial-expiry: { cron: "0 * * * *"\n', 'not valid YAML'],
  ])('rejects %s, naming the file', (_, yaml, message) => {
    expect(problemOf(yaml)).toContain(`${FILE}: ${message}`);
  });

  it('lists every problem, one line each', () => {
    const message = problemOf('schedules:\n  trial-reminders: { cron: "61 9 * * *" }\n  email-health: { jitter: -5m }\n');
    expect(message.split('\n')).toEqual([
      expect.stringMatching(/^config\/schedules\.yaml: schedule "trial-reminders": invalid cron/),
      expect.stringMatching(/^config\/schedules\.yaml: schedule "email-health": jitter must not be negative/),
    ]);
  });

  it('documents every default in config/schedules.example.yaml', () => {
    const example = readFileSync(join(__dirname, '../../../config/schedules.example.yaml'), 'utf8');
    expect(parseSchedulesFile(example, 'config/schedules.example.yaml')).toEqual(DEFAULT_SCHEDULES);
    const [head, defaults] = example.split(/^schedules:$/m);
    const uncommented = `${head}schedules:${defaults.replace(/^#(\s+[a-z-]+:\s+\{)/gm, '$1')}`;
    expect(uncommented.match(/^\s+[a-z-]+:\s+\{/gm)).toHaveLength(DEFAULT_SCHEDULES.length);
    expect(parseSchedulesFile(uncommented, 'config/schedules.example.yaml')).toEqual(DEFAULT_SCHEDULES);
  });
});

describe('loadSchedules', () => {
  const missing = (path: string): string => {
    throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
  };

  it('uses the defaults when no file is configured or the default file does not exist', () => {
    expect(loadSchedules(undefined, missing)).toBe(DEFAULT_SCHEDULES);
    expect(loadSchedules({ path: DEFAULT_SCHEDULES_PATH, explicit: false }, missing)).toBe(DEFAULT_SCHEDULES);
  });

  it('fails when a file named explicitly does not exist', () => {
    expect(() => loadSchedules({ path: '/etc/lifecycle/schedules.yaml', explicit: true }, missing)).toThrow(
      new ScheduleConfigError('/etc/lifecycle/schedules.yaml', [{ message: 'file not found' }]),
    );
  });

  it('fails when an existing file cannot be read', () => {
    const denied = () => {
      throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    };
    expect(() => loadSchedules({ path: DEFAULT_SCHEDULES_PATH, explicit: false }, denied)).toThrow(
      'config/schedules.yaml: cannot read the file: EACCES: permission denied',
    );
  });

  it('parses the file it reads', () => {
    const read = jest.fn(() => 'schedules:\n  email-health: { enabled: false }\n');
    const definitions = loadSchedules({ path: 'ops/schedules.yaml', explicit: true }, read);
    expect(read).toHaveBeenCalledWith('ops/schedules.yaml');
    expect(definitions.find((d) => d.name === 'email-health')?.enabled).toBe(false);
  });
});
