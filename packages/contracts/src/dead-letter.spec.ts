import { deadLetterSchema, decodeDeadLetterPayload, encodeDeadLetterPayload } from './dead-letter';

describe('dead letters', () => {
  it('keeps UTF-8 payloads readable and others as base64, both reversible', () => {
    const text = new TextEncoder().encode('{"id":"ş"}');
    const binary = new Uint8Array([0xff, 0xfe, 0x00, 0x41]);
    expect(encodeDeadLetterPayload(text)).toEqual({ payload: '{"id":"ş"}', payloadEncoding: 'utf8' });
    expect(encodeDeadLetterPayload(binary).payloadEncoding).toBe('base64');
    expect(decodeDeadLetterPayload(encodeDeadLetterPayload(text))).toEqual(text);
    expect(decodeDeadLetterPayload(encodeDeadLetterPayload(binary))).toEqual(binary);
  });

  it('validates a dead letter body', () => {
    const letter = {
      consumer: 'billing--clock_tick_trial-expiry',
      stream: 'CLOCK',
      streamSequence: 12,
      originalSubject: 'clock.tick.trial-expiry',
      headers: { 'Nats-Msg-Id': ['trial-expiry@2026-12-01T08:00:00Z'] },
      ...encodeDeadLetterPayload(new TextEncoder().encode('{')),
      error: 'not JSON',
      reason: 'invalid-payload',
      deliveryCount: 1,
      deadAt: '2026-12-01T08:00:01.250Z',
    };
    expect(deadLetterSchema.parse(letter)).toEqual(letter);
    expect(deadLetterSchema.safeParse({ ...letter, reason: 'bored' }).success).toBe(false);
  });
});
