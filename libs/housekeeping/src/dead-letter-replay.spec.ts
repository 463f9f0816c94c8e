import type { StoredDeadLetter } from './dead-letter.repository';
import { originalEventId } from './dead-letter.repository';
import { replayMessage, replayMsgId } from './dead-letter-replay';

const envelope = { id: 'trial.expired:sub-42:2026-12-01T00:00:00Z', type: 'trial.expired' };

function letter(overrides: Partial<StoredDeadLetter> = {}): StoredDeadLetter {
  const base = {
    consumer: 'notifier--trial_expired',
    stream: 'LIFECYCLE',
    streamSequence: 7,
    originalSubject: 'trial.expired',
    headers: { 'Nats-Msg-Id': [envelope.id], 'Content-Type': ['application/json'], traceparent: ['00-abc-def-01'] },
    payload: JSON.stringify(envelope),
    payloadEncoding: 'utf8' as const,
    error: 'boom',
    reason: 'max-deliveries' as const,
    deliveryCount: 5,
    deadAt: '2026-12-01T00:05:00Z',
    seq: 12,
    storedAt: new Date('2026-12-01T00:05:00Z'),
    eventId: envelope.id,
  };
  return { ...base, ...overrides };
}

describe('replaying a dead letter', () => {
  it('keeps subject, payload and headers, with a Nats-Msg-Id of its own and where it came from', () => {
    const message = replayMessage(letter(), 'ns_DLQ');
    expect(message.subject).toBe('trial.expired');
    expect(new TextDecoder().decode(message.payload)).toBe(JSON.stringify(envelope));
    expect(message.msgId).toBe(`${envelope.id}#replay-12`);
    expect(message.headers).toEqual([
      ['Content-Type', 'application/json'],
      ['traceparent', '00-abc-def-01'],
      ['Lifecycle-Replayed-From', 'ns_DLQ:12'],
    ]);
  });

  it('a letter of a replay is replayed under its original id, not a growing chain', () => {
    expect(replayMsgId({ eventId: `${envelope.id}#replay-12`, seq: 30, consumer: 'c' })).toBe(`${envelope.id}#replay-30`);
  });

  it('restores bytes that were not UTF-8', () => {
    const bytes = new Uint8Array([0xff, 0xfe, 0x00, 0x41]);
    const message = replayMessage(letter({ payload: Buffer.from(bytes).toString('base64'), payloadEncoding: 'base64', eventId: null, headers: {} }), 'DLQ');
    expect([...message.payload]).toEqual([...bytes]);
    expect(message.msgId).toBe('notifier--trial_expired:dlq-12#replay-12');
  });

  it('refuses a subject no stream captures', () => {
    expect(() => replayMessage(letter({ originalSubject: 'nowhere.at.all' }), 'DLQ')).toThrow('no stream captures its original subject "nowhere.at.all"');
  });

  it('the event id is the envelope\'s, else the Nats-Msg-Id without a replay suffix', () => {
    expect(originalEventId(letter({ headers: { 'Nats-Msg-Id': [`${envelope.id}#replay-3`] } }))).toBe(envelope.id);
    expect(originalEventId(letter({ headers: {} }))).toBe(envelope.id);
    expect(originalEventId(letter({ payload: 'not json', headers: { 'Nats-Msg-Id': ['x#replay-3'] } }))).toBe('x');
    expect(originalEventId(letter({ headers: {}, payload: 'not json' }))).toBeNull();
  });
});
