import { headers } from '@nats-io/transport-node';
import { deadLetterSchema } from '@lifecycle/contracts';
import { buildDeadLetter, deadLetterMsgId, headersToRecord } from './dead-letter.publisher';

describe('buildDeadLetter', () => {
  const h = headers();
  h.set('Nats-Msg-Id', 'trial.expired:sub-42');
  h.append('X-Trace', 'a');
  h.append('X-Trace', 'b');
  const base = {
    consumer: 'notifier--trial_expired',
    stream: 'LIFECYCLE',
    streamSequence: 17,
    originalSubject: 'trial.expired',
    headers: h,
    error: 'invalid trial.expired event: data.companyId: expected number',
    reason: 'invalid-payload' as const,
    deliveryCount: 1,
    deadAt: new Date('2026-12-01T09:00:00Z'),
  };

  it('keeps a UTF-8 payload as text and matches the contract', () => {
    const letter = buildDeadLetter({ ...base, data: new TextEncoder().encode('{"id":"ş"}') });
    expect(letter).toMatchObject({ payload: '{"id":"ş"}', payloadEncoding: 'utf8', deadAt: '2026-12-01T09:00:00.000Z' });
    expect(deadLetterSchema.safeParse(letter).success).toBe(true);
  });

  it('keeps bytes that are not UTF-8 as base64', () => {
    const letter = buildDeadLetter({ ...base, data: Uint8Array.of(0xff, 0xfe, 0x00) });
    expect(letter).toMatchObject({ payload: '//4A', payloadEncoding: 'base64' });
  });

  it('keeps every header value', () => {
    expect(headersToRecord(h)).toEqual({ 'Nats-Msg-Id': ['trial.expired:sub-42'], 'X-Trace': ['a', 'b'] });
    expect(headersToRecord(undefined)).toEqual({});
  });

  it('is identified by consumer and stream sequence, so a second dead letter of one message is dropped', () => {
    expect(deadLetterMsgId(base)).toBe('notifier--trial_expired:17');
  });
});
