import { z } from 'zod';
import { dataSchemaFor, envelopeSchemaFor, EVENT_CATALOGUE, SUBJECTS, type EventMap, type Subject } from './event-map';
import { EVENT_SAMPLES } from './event-samples';
import { SCHEDULE_NAMES } from './schedule-names';
import { SHARDED_SWEEPS } from './events/billing-work.events';

function publish<S extends Subject>(subject: S, data: EventMap[S]): [S, EventMap[S]] {
  return [subject, data];
}

describe('event map', () => {
  it('has a subject per schedule tick, per sharded sweep and per catalogue event', () => {
    for (const schedule of SCHEDULE_NAMES) expect(SUBJECTS).toContain(`clock.tick.${schedule}`);
    for (const sweep of SHARDED_SWEEPS) expect(SUBJECTS).toContain(`billing.sweep.${sweep}`);
    expect(SUBJECTS).toHaveLength(SCHEDULE_NAMES.length + SHARDED_SWEEPS.length + 17);
  });

  it('rejects a sweep shard whose index or range is out of order', () => {
    const schema = EVENT_CATALOGUE['billing.sweep.trial-expiry'].data;
    const sample = EVENT_SAMPLES['billing.sweep.trial-expiry'];
    expect(schema.safeParse({ ...sample, throughId: null }).success).toBe(true);
    expect(schema.safeParse({ ...sample, shard: 8 }).success).toBe(false);
    expect(schema.safeParse({ ...sample, afterId: 300000 }).success).toBe(false);
    expect(schema.safeParse({ ...sample, sweep: 'trial-reminders' }).success).toBe(false);
  });

  it('type-checks publish(subject, payload)', () => {
    publish('trial.expiring', EVENT_SAMPLES['trial.expiring']);
    publish('clock.tick.trial-expiry', { ...EVENT_SAMPLES['clock.tick.trial-expiry'], trigger: 'manual' });
    // @ts-expect-error a trial.expired payload is not a trial.expiring payload
    publish('trial.expiring', EVENT_SAMPLES['trial.expired']);
    // @ts-expect-error 5 is not a reminder milestone
    publish('trial.expiring', { ...EVENT_SAMPLES['trial.expiring'], daysBefore: 5 });
    // @ts-expect-error the tick of one schedule cannot carry another schedule's name
    publish('clock.tick.trial-expiry', EVENT_SAMPLES['clock.tick.payment-retry']);
  });

  it('looks schemas up by subject and memoizes envelope schemas', () => {
    expect(dataSchemaFor('trial.expiring')).toBe(EVENT_CATALOGUE['trial.expiring'].data);
    expect(dataSchemaFor('clock.control.run')).toBeUndefined();
    expect(dataSchemaFor('toString')).toBeUndefined();
    expect(envelopeSchemaFor('trial.expiring')).toBe(envelopeSchemaFor('trial.expiring'));
    expect(envelopeSchemaFor('nope')).toBeUndefined();
  });

  it.each(SUBJECTS)('%s has a sample, a JSON Schema and a description', (subject) => {
    expect(EVENT_CATALOGUE[subject].data.safeParse(EVENT_SAMPLES[subject]).success).toBe(true);
    expect(() => z.toJSONSchema(envelopeSchemaFor(subject)!)).not.toThrow();
    expect(EVENT_CATALOGUE[subject].description).not.toBe('');
  });

  it('tolerates data fields added later within version 1', () => {
    const schema = dataSchemaFor('payment.failed')!;
    expect(schema.safeParse({ ...EVENT_SAMPLES['payment.failed'], addedLater: true }).success).toBe(true);
  });
});
