import { consumerName, deadLetterSubject, InvalidConsumerNameError } from './consumer-names';
import { SERVICE_NAMES } from './envelope';
import { SUBJECTS } from './event-map';

describe('consumerName', () => {
  it('names durables after service and pattern', () => {
    expect(consumerName('billing', 'clock.tick.trial-expiry')).toBe('billing--clock_tick_trial-expiry');
    expect(consumerName('health', 'trial.>')).toBe('health--trial_all');
    expect(consumerName('notifier', 'health.alert.*')).toBe('notifier--health_alert_any');
  });

  it('never yields a character JetStream rejects', () => {
    const patterns = [...SUBJECTS, '>', '*.>', 'trial.*', 'health.alert.*', 'clock.tick.>'];
    for (const service of SERVICE_NAMES) {
      for (const pattern of patterns) expect(consumerName(service, pattern)).not.toMatch(/[.*>\s]/);
    }
  });

  it('rejects patterns that cannot become a name', () => {
    expect(() => consumerName('billing', 'trial expired')).toThrow(InvalidConsumerNameError);
    expect(() => consumerName('billing', '')).toThrow(InvalidConsumerNameError);
  });

  it('dead-letters into dlq.<consumer>', () => {
    expect(deadLetterSubject('health--trial_all')).toBe('dlq.health--trial_all');
  });
});
