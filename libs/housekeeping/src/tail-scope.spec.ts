import { intersectSubjects, tailScope } from './tail-scope';

describe('intersectSubjects', () => {
  it.each([
    ['>', 'trial.>', 'trial.>'],
    ['trial.>', '>', 'trial.>'],
    ['*.expired', 'trial.>', 'trial.expired'],
    ['trial.expiring', 'trial.>', 'trial.expiring'],
    ['trial.*', 'trial.>', 'trial.*'],
    ['payment.>', 'trial.>', null],
    ['trial', 'trial.>', null],
    ['a.*.c', 'a.b.*', 'a.b.c'],
  ])('%s ∩ %s = %s', (a, b, common) => expect(intersectSubjects(a, b)).toBe(common));
});

describe('tailScope', () => {
  it('everything: every stream, read whole', () => {
    expect(tailScope('>')).toEqual(['CLOCK', 'LIFECYCLE', 'WORKSPACE', 'NOTIFICATION', 'HEALTH', 'DLQ'].map((stream) => ({ stream })));
  });

  it('a family: its stream, filtered on the server', () => {
    expect(tailScope('trial.>')).toEqual([{ stream: 'LIFECYCLE', filter: 'trial.>' }]);
    expect(tailScope('payment.failed')).toEqual([{ stream: 'LIFECYCLE', filter: 'payment.failed' }]);
    // billing's sweep shards live on a work-queue stream, which refuses a second reader
    expect(tailScope('billing.sweep.>')).toEqual([]);
    expect(tailScope('dlq.>')).toEqual([{ stream: 'DLQ' }]);
  });

  it('a pattern across several subjects of a stream reads it whole (one filter subject in nats-server 2.9)', () => {
    expect(tailScope('*.expired', ['LIFECYCLE', 'WORKSPACE'])).toEqual([{ stream: 'LIFECYCLE' }, { stream: 'WORKSPACE', filter: 'workspace.expired' }]);
    expect(tailScope('notification.*.failed')).toEqual([{ stream: 'NOTIFICATION', filter: 'notification.*.failed' }]);
  });

  it('--stream restricts; a pattern no stream carries gives nothing', () => {
    expect(tailScope('>', ['HEALTH', 'DLQ'])).toEqual([{ stream: 'HEALTH' }, { stream: 'DLQ' }]);
    expect(tailScope('nothing.here')).toEqual([]);
  });

  it.each(['', 'trial..expiring', 'trial.>.x', 'tri*al', 'a b'])('refuses the pattern %p', (pattern) => {
    expect(() => tailScope(pattern)).toThrow('is not a subject pattern');
  });
});
