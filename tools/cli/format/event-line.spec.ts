import { createEnvelope, EVENT_SAMPLES, type Envelope, type Subject } from '@lifecycle/contracts';
import type { StreamMessage } from '@lifecycle/housekeeping';
import { describeMessage, formatTailJson, formatTailLine } from './event-line';
import { Palette } from './palette';

const message = (subject: string, body: unknown, stream: StreamMessage['stream'] = 'LIFECYCLE'): StreamMessage => ({
  stream,
  seq: 1,
  subject,
  storedAt: new Date('2026-12-01T09:00:01Z'),
  data: new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body)),
  headers: {},
});

const sample = <S extends Subject>(subject: S): Envelope<S> =>
  createEnvelope(subject, { id: `sample:${subject}`, source: 'billing', correlationId: `corr-of-${subject}`, occurredAt: '2026-12-01T09:00:00Z', data: EVENT_SAMPLES[subject] });

describe('tail lines', () => {
  it('every sample event of the catalogue gets facts and its correlation id', () => {
    for (const envelope of (Object.keys(EVENT_SAMPLES) as Subject[]).map(sample)) {
      const d = describeMessage(message(envelope.type, envelope));
      expect({ type: envelope.type, facts: d.facts.length > 0, corr: d.correlationId }).toEqual({ type: envelope.type, facts: true, corr: envelope.correlationId });
    }
  });

  it('payment.failed: ids, amount, attempt, reason and the next retry', () => {
    const failed = sample('payment.failed');
    const line = formatTailLine(message('payment.failed', failed), new Palette(false));
    expect(line).toBe(
      '2026-12-01 09:00:00Z  payment.failed              pay=1001 sub=42 company=12 "Acme" 29.00 USD attempt 1/4: Insufficient funds; ' +
        'next retry 2026-12-01 14:00:00Z  corr=corr-of-payment.failed',
    );
  });

  it('a health alert shows severity, code, resource and message', () => {
    const alert = createEnvelope('health.alert.raised', {
      id: 'a',
      source: 'lifecyclectl',
      correlationId: 'unit:x@t',
      occurredAt: '2026-12-01T09:00:00Z',
      data: { check: 'workspace-health', code: 'unit.failed', severity: 'critical', resource: 'unit:x', message: 'systemd unit x failed', firstSeenAt: '2026-12-01T09:00:00Z' },
    });
    expect(formatTailLine(message('health.alert.raised', alert, 'HEALTH'), new Palette(false))).toBe(
      '2026-12-01 09:00:00Z  health.alert.raised         raised critical unit.failed unit:x: systemd unit x failed  corr=unit:x@t',
    );
    expect(formatTailLine(message('health.alert.raised', alert, 'HEALTH'), new Palette(true))).toContain('\u001b[31mhealth.alert.raised');
  });

  it('a dead letter says who gave up on what, and why', () => {
    const letter = {
      consumer: 'notifier--trial_expired',
      stream: 'LIFECYCLE',
      streamSequence: 4,
      originalSubject: 'trial.expired',
      headers: {},
      payload: '{}',
      payloadEncoding: 'utf8',
      error: 'template missing',
      reason: 'max-deliveries',
      deliveryCount: 5,
      deadAt: '2026-12-01T09:05:00Z',
    };
    expect(describeMessage(message('dlq.notifier--trial_expired', letter, 'DLQ'))).toMatchObject({
      at: '2026-12-01T09:05:00Z',
      facts: 'notifier--trial_expired gave up on trial.expired (max-deliveries, 5 deliveries): template missing',
    });
  });

  it('a body that is no valid event is shown as such, at its stored time; --json wraps what is not JSON', () => {
    expect(describeMessage(message('trial.expired', 'garbage'))).toMatchObject({ at: '2026-12-01T09:00:01.000Z', facts: '(invalid trial.expired event: not JSON)' });
    expect(JSON.parse(formatTailJson(message('trial.expired', 'garbage')))).toEqual({
      stream: 'LIFECYCLE',
      seq: 1,
      subject: 'trial.expired',
      storedAt: '2026-12-01T09:00:01.000Z',
      body: 'garbage',
    });
    expect(JSON.parse(formatTailJson(message('trial.expired', { a: 1 })))).toEqual({ a: 1 });
  });
});
