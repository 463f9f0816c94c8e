import { SUBJECTS, EVENT_CATALOGUE } from './event-map';
import { STREAMS, streamForSubject, subjectMatches } from './streams';
import { deadLetterSubject } from './consumer-names';

describe('streams', () => {
  it.each(SUBJECTS)('%s is stored in the stream its catalogue entry names', (subject) => {
    expect(streamForSubject(subject)?.name).toBe(EVENT_CATALOGUE[subject].stream);
  });

  it('stores dead letters in DLQ', () => {
    expect(streamForSubject(deadLetterSubject('billing--clock_tick_trial-expiry'))?.name).toBe('DLQ');
  });

  it('never captures clock control requests', () => {
    expect(streamForSubject('clock.control.run')).toBeUndefined();
    expect(streamForSubject('clock.control.advance')).toBeUndefined();
  });

  it('has no two streams sharing a subject', () => {
    const subjects = STREAMS.flatMap((stream) => stream.subjects);
    expect(new Set(subjects).size).toBe(subjects.length);
  });

  it('keeps the retention of the stream table', () => {
    const days = Object.fromEntries(STREAMS.map((s) => [s.name, s.maxAgeMs / 86_400_000]));
    expect(days).toEqual({ CLOCK: 7, LIFECYCLE: 90, WORKSPACE: 90, NOTIFICATION: 30, HEALTH: 30, DLQ: 30, BILLING_WORK: 7 });
  });

  it('keeps billing work items only until they are done', () => {
    expect(STREAMS.filter((s) => s.retention === 'workqueue').map((s) => s.name)).toEqual(['BILLING_WORK']);
    expect(streamForSubject('billing.sweep.trial-expiry')?.name).toBe('BILLING_WORK');
  });
});

describe('subjectMatches', () => {
  it.each([
    ['trial.expiring', 'trial.expiring', true],
    ['trial.expiring', 'trial.expired', false],
    ['trial.*', 'trial.expiring', true],
    ['trial.*', 'trial', false],
    ['trial.*', 'trial.expiring.x', false],
    ['*.expiring', 'trial.expiring', true],
    ['trial.>', 'trial.expiring', true],
    ['trial.>', 'trial.a.b.c', true],
    ['trial.>', 'trial', false],
    ['>', 'anything.at.all', true],
    ['clock.tick.>', 'clock.control.run', false],
    ['clock.*.run', 'clock.control.run', true],
    ['health.alert.*', 'health.alert.raised', true],
    ['health.alert.*', 'health.report', false],
    ['a.>.b', 'a.x.b', false],
    ['trial.*', 'trial.', false],
  ])('%s ~ %s → %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});
