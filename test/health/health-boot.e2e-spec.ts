import { spawnApp } from '../app-processes';

describe('the health app refuses a bad configuration at boot', () => {
  it('names each bad threshold variable', async () => {
    const run = spawnApp('health', { EMAIL_FAILURE_RATE_THRESHOLD: '5%', CONSUMER_LAG_THRESHOLD: '0', EMAIL_STUCK_AFTER: 'a while' });
    expect(await run.exited).toBe(1);
    for (const name of ['EMAIL_FAILURE_RATE_THRESHOLD', 'CONSUMER_LAG_THRESHOLD', 'EMAIL_STUCK_AFTER']) expect(run.output()).toContain(name);
  });

  it('names a SCHEDULES_FILE that does not exist', async () => {
    const run = spawnApp('health', { SCHEDULES_FILE: 'config/no-such-schedules.yaml' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('config/no-such-schedules.yaml: file not found');
  });
});
