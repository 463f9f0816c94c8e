import { basicAuthMatches } from './basic-auth';
import { parseJsonLossless } from './lossless-json';
import { parseMailjetEvents, toDeliveryReport } from './mailjet-events';
import { MalformedWebhookError } from './webhook.errors';

const now = new Date('2026-12-08T10:00:00Z');

describe('Mailjet Event API payloads', () => {
  it('keeps MessageIDs beyond 2^53 exact when parsing raw text', () => {
    expect(parseJsonLossless('{"MessageID":288230376152553821,"time":1,"x":1.5}')).toEqual({ MessageID: '288230376152553821', time: 1, x: 1.5 });
    const [event] = parseMailjetEvents(Buffer.from('[{"event":"sent","time":1796720400,"MessageID":288230376152553821,"CustomID":"k"}]'));
    expect(toDeliveryReport(event, now)).toEqual({
      report: { kind: 'delivered', customId: 'k', messageId: '288230376152553821', at: new Date('2026-12-08T09:00:00Z'), error: null },
    });
  });

  it('accepts a single event as well as an array', () => {
    expect(parseMailjetEvents({ event: 'open', CustomID: 'k' })).toHaveLength(1);
    expect(parseMailjetEvents([])).toEqual([]);
  });

  it.each([
    ['not JSON', '{"event":', /not JSON/],
    ['a string', '"hello"', /body/],
    ['an event without its type', '[{"CustomID":"k"}]', /0\.event/],
    ['a time that is not a number', '[{"event":"open","time":"yesterday"}]', /0\.time/],
  ])('rejects %s', (_what, body, message) => {
    expect(() => parseMailjetEvents(body)).toThrow(MalformedWebhookError);
    expect(() => parseMailjetEvents(body)).toThrow(message);
  });

  it('maps bounce and blocked to bounced with a readable error, and ignores what email_logs does not record', () => {
    const bounce = toDeliveryReport({ event: 'bounce', CustomID: 'k', hard_bounce: true, error_related_to: 'recipient', error: 'user unknown' }, now);
    expect(bounce).toMatchObject({ report: { kind: 'bounced', error: 'hard bounce (recipient): user unknown', at: now } });
    expect(toDeliveryReport({ event: 'blocked', CustomID: 'k', error: 'preblocked' }, now)).toMatchObject({ report: { error: 'blocked: preblocked' } });
    expect(toDeliveryReport({ event: 'unsub', CustomID: 'k' }, now)).toEqual({ ignored: 'event unsub is not recorded' });
    expect(toDeliveryReport({ event: 'open', CustomID: '' }, now)).toEqual({ ignored: 'neither CustomID nor an exact MessageID' });
  });

  it('does not match on a MessageID that already lost digits', () => {
    expect(toDeliveryReport({ event: 'open', MessageID: 288230376152553821 }, now)).toEqual({ ignored: 'neither CustomID nor an exact MessageID' });
    expect(toDeliveryReport({ event: 'open', MessageID: 123456 }, now)).toMatchObject({ report: { messageId: '123456' } });
  });
});

describe('basicAuthMatches', () => {
  const expected = { user: 'mailjet', password: 'correct horse battery' };
  const header = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('accepts exactly the configured credentials', () => {
    expect(basicAuthMatches(header('mailjet', 'correct horse battery'), expected)).toBe(true);
    expect(basicAuthMatches(header('mailjet', 'correct horse'), expected)).toBe(false);
    expect(basicAuthMatches(header('other', 'correct horse battery'), expected)).toBe(false);
    expect(basicAuthMatches(undefined, expected)).toBe(false);
    expect(basicAuthMatches('Bearer abc', expected)).toBe(false);
    expect(basicAuthMatches(`Basic ${Buffer.from('no-colon').toString('base64')}`, expected)).toBe(false);
  });
});
