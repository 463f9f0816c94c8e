import { advanceRequestSchema, controlReplySchema, runRequestSchema, setRequestSchema } from './clock-control.schemas';

describe('clock.control request bodies', () => {
  it('reads durations, times and schedule names', () => {
    expect(advanceRequestSchema.parse({ duration: '1d12h' })).toEqual({ duration: 129_600_000 });
    expect(setRequestSchema.parse({ at: '2026-12-01T12:00:00+03:00' })).toEqual({ at: new Date('2026-12-01T09:00:00Z') });
    expect(runRequestSchema.parse({ schedule: 'trial-expiry' })).toEqual({ schedule: 'trial-expiry' });
  });

  it.each([
    [advanceRequestSchema, { duration: '3 days' }, 'invalid duration "3 days"'],
    [advanceRequestSchema, { duration: '0s' }, 'must be longer than 0'],
    [setRequestSchema, { at: 'tomorrow' }, 'must be an ISO-8601 time'],
    [runRequestSchema, { schedule: 'trial-expiri' }, 'must be one of trial-reminders, trial-expiry,'],
    [runRequestSchema, { schedule: 'trial-expiry', when: 'now' }, 'Unrecognized key'],
  ])('rejects %#', (schema, body, message) => {
    const result = schema.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('; ')).toContain(message);
  });

  it('validates replies', () => {
    expect(controlReplySchema.safeParse({ ok: false, error: 'x', pending: ['a'] }).success).toBe(true);
    expect(controlReplySchema.safeParse({ ok: true, now: '2026-12-01T00:00:00.000Z', ticks: [] }).success).toBe(true);
    expect(controlReplySchema.safeParse({ ok: true, ticks: [] }).success).toBe(false);
  });
});
