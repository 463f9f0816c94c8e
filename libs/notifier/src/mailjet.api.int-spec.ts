import { freePort, startFakeMailjet, type FakeMailjet } from '@lifecycle/testing';
import { NodeMailjetApi, type MailjetMessage } from './mailjet.api';

const message = (n: number, email = `user${n}@example.com`): MailjetMessage => ({
  From: { Email: 'billing@example.com', Name: 'Billing' },
  To: [{ Email: email }],
  Subject: `mail ${n}`,
  TextPart: 'text',
  HTMLPart: '<p>html</p>',
  CustomID: `key-${n}`,
});

describe('NodeMailjetApi against the fake Mailjet (real HTTP)', () => {
  let fake: FakeMailjet;
  let api: NodeMailjetApi;

  beforeEach(async () => {
    fake = await startFakeMailjet();
    api = new NodeMailjetApi({ apiKey: fake.apiKey, apiSecret: fake.apiSecret, apiUrl: fake.url, timeoutMs: 2_000 });
  });

  afterEach(() => fake.close());

  it('keeps MessageIDs beyond 2^53 exact, as text', async () => {
    const outcome = await api.send([message(1), message(2)]);
    expect(outcome).toEqual({
      kind: 'per-message',
      outcomes: [
        { ok: true, messageId: fake.message('key-1')!.messageId },
        { ok: true, messageId: fake.message('key-2')!.messageId },
      ],
    });
    expect(fake.message('key-1')!.messageId).toBe('288230376152553821');
    expect(await api.findByCustomId('key-2')).toBe('288230376152553822');
    expect(await api.findByCustomId('never-sent')).toBeNull();
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/v3.1/send', messages: 2 });
  });

  it('reads a 400 with per-message results as outcomes, not as a failed batch', async () => {
    fake.invalidRecipients.add('bad@example.com');
    const outcome = await api.send([message(1), message(2, 'bad@example.com'), message(3)]);
    expect(outcome).toEqual({
      kind: 'per-message',
      outcomes: [
        { ok: true, messageId: expect.any(String) },
        { ok: false, permanent: true, error: 'mailjet 400 mj-0013: "bad@example.com" is an invalid email address.' },
        { ok: true, messageId: expect.any(String) },
      ],
    });
    expect(fake.sendRequests()[0].status).toBe(400);
  });

  it('classifies whole-request failures', async () => {
    fake.script({ status: 429, retryAfter: 7 }, { status: 503 }, { status: 413 });
    expect(await api.send([message(1)])).toEqual({ kind: 'rate-limited', retryAfterMs: 7_000 });
    expect(await api.send([message(1)])).toEqual({ kind: 'transient', error: 'mailjet 503: scripted 503', maybeAccepted: true });
    expect(await api.send([message(1)])).toEqual({ kind: 'rejected', error: 'mailjet 413: scripted 413' });

    const wrongKey = new NodeMailjetApi({ apiKey: 'wrong', apiSecret: 'wrong', apiUrl: fake.url, timeoutMs: 2_000 });
    expect(await wrongKey.send([message(1)])).toMatchObject({ kind: 'transient', maybeAccepted: false, error: expect.stringContaining('MAILJET_API_KEY') });

    const nowhere = new NodeMailjetApi({ apiKey: 'k', apiSecret: 's', apiUrl: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2_000 });
    expect(await nowhere.send([message(1)])).toEqual({ kind: 'transient', error: 'mailjet unreachable (ECONNREFUSED)', maybeAccepted: false });
    await expect(nowhere.findByCustomId('key-1')).rejects.toThrow('mailjet message lookup failed: mailjet unreachable (ECONNREFUSED)');
  });

  it("carries a lookup's 429 Retry-After on its error, for the nak delay", async () => {
    fake.script({ status: 429, retryAfter: 20, for: 'lookup' }, { status: 503, for: 'lookup' });
    await expect(api.findByCustomId('key-1')).rejects.toMatchObject({ name: 'TransientMailError', retryAfterMs: 20_000 });
    await expect(api.findByCustomId('key-1')).rejects.toMatchObject({ name: 'TransientMailError', retryAfterMs: undefined });
    expect(await api.findByCustomId('key-1')).toBeNull();
  });

  it('treats a request that times out as possibly accepted', async () => {
    fake.script({ status: 200, hold: true });
    const slow = new NodeMailjetApi({ apiKey: fake.apiKey, apiSecret: fake.apiSecret, apiUrl: fake.url, timeoutMs: 300 });
    expect(await slow.send([message(1)])).toEqual({ kind: 'transient', error: 'mailjet did not answer in time (ECONNABORTED)', maybeAccepted: true });
    expect(fake.message('key-1')).toBeDefined();
  });

  it('lists the statuses of the messages sent in a window, page by page, CustomID shown and MessageIDs exact', async () => {
    const before = new Date(Date.now() - 1_000);
    await api.send([message(1), message(2), message(3)]);
    fake.setStatus('key-2', 'hardbounced', 1);
    const after = new Date(Date.now() + 1_000);

    const first = await api.listMessages({ from: before, to: after, offset: 0, limit: 2 });
    const second = await api.listMessages({ from: before, to: after, offset: 2, limit: 2 });
    expect([...first, ...second].map((m) => [m.id, m.customId, m.status, m.stateId])).toEqual([
      ['288230376152553821', 'key-1', 'sent', null],
      ['288230376152553822', 'key-2', 'hardbounced', 1],
      ['288230376152553823', 'key-3', 'sent', null],
    ]);
    expect(await api.listMessages({ from: after, to: new Date(after.getTime() + 1_000), offset: 0, limit: 2 })).toEqual([]);
    expect(fake.lookups()[0].query).toMatchObject({ ShowCustomID: 'true', Limit: '2', Offset: '0', FromTS: String(Math.floor(before.getTime() / 1000)) });

    fake.script({ status: 429, retryAfter: 5, for: 'lookup' });
    await expect(api.listMessages({ from: before, to: after, offset: 0, limit: 2 })).rejects.toMatchObject({ name: 'TransientMailError', retryAfterMs: 5_000 });
  });
});
