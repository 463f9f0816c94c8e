import { createEnvelope, parseEnvelope } from './create-envelope';
import { EVENT_SAMPLES } from './event-samples';
import { SUBJECTS, type EventMap, type Subject } from './event-map';
import { InvalidEventError } from './invalid-event.error';
import { tickId, trialExpiringId } from './event-ids';

const base = { source: 'billing', correlationId: tickId('trial-reminders', '2026-12-01T09:00:00Z') } as const;
const expiring = EVENT_SAMPLES['trial.expiring'];

function make<S extends Subject>(subject: S, data: EventMap[S]) {
  return createEnvelope(subject, { ...base, id: `${subject}:test`, occurredAt: new Date('2026-12-01T09:12:00Z'), data });
}

describe('createEnvelope', () => {
  it('builds a versioned envelope from a valid payload', () => {
    const envelope = createEnvelope('trial.expiring', {
      ...base,
      id: trialExpiringId(42, 7, expiring.trialEndsAt),
      occurredAt: new Date('2026-12-01T09:12:00Z'),
      data: expiring,
    });
    expect(envelope).toEqual({
      id: 'trial.expiring:sub-42:7d:2026-12-08T09:00:00Z',
      type: 'trial.expiring',
      version: 1,
      occurredAt: '2026-12-01T09:12:00.000Z',
      source: 'billing',
      correlationId: 'trial-reminders@2026-12-01T09:00:00Z',
      data: expiring,
    });
  });

  it.each(SUBJECTS)('accepts the sample payload of %s', (subject) => {
    expect(make(subject, EVENT_SAMPLES[subject]).type).toBe(subject);
  });

  it('rejects a wrong payload and names the failing paths', () => {
    const data = { ...expiring, daysBefore: 5, admin: { ...expiring.admin, email: undefined } } as unknown as EventMap['trial.expiring'];
    expect(() => make('trial.expiring', data)).toThrow(InvalidEventError);
    expect(() => make('trial.expiring', data)).toThrow(/data\.daysBefore: /);
    expect(() => make('trial.expiring', data)).toThrow(/data\.admin\.email: /);
  });

  it('rejects an invalid occurredAt and a subject without contract', () => {
    expect(() => createEnvelope('trial.expired', { ...base, id: 'x', occurredAt: new Date('nope'), data: EVENT_SAMPLES['trial.expired'] })).toThrow(
      /occurredAt/,
    );
    expect(() => createEnvelope('clock.control.run' as Subject, { ...base, id: 'x', occurredAt: new Date(), data: expiring })).toThrow(
      /no contract/,
    );
  });
});

describe('parseEnvelope', () => {
  const envelope = make('trial.expiring', expiring);

  it('accepts a valid envelope as value, text or bytes', () => {
    expect(parseEnvelope('trial.expiring', envelope)).toEqual({ ok: true, envelope });
    expect(parseEnvelope('trial.expiring', JSON.stringify(envelope))).toEqual({ ok: true, envelope });
    expect(parseEnvelope('trial.expiring', new TextEncoder().encode(JSON.stringify(envelope)))).toEqual({ ok: true, envelope });
  });

  it('rejects an unknown version', () => {
    const result = parseEnvelope('trial.expiring', { ...envelope, version: 2 });
    expect(result).toEqual({ ok: false, error: expect.stringContaining('unknown version 2') });
  });

  it('names the failing paths', () => {
    const result = parseEnvelope('trial.expiring', { ...envelope, extra: 1, data: { ...expiring, trialEndsAt: 'tomorrow' } });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('data.trialEndsAt');
      expect(result.error).toContain('extra');
    }
  });

  it('rejects an envelope published on another subject', () => {
    expect(parseEnvelope('trial.expired', envelope)).toEqual({ ok: false, error: expect.stringContaining('type') });
  });

  it('rejects unknown subjects and non-JSON', () => {
    expect(parseEnvelope('clock.control.run', envelope)).toEqual({ ok: false, error: expect.stringContaining('unknown subject') });
    expect(parseEnvelope('trial.expiring', '{nope')).toEqual({ ok: false, error: expect.stringContaining('not JSON') });
  });
});
