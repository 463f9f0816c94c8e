import { classifyStatus } from './mailjet.api';

describe('classifyStatus: what a Mailjet answer without per-message results means', () => {
  const of = (status: number | null, code?: string) => classifyStatus(status, code, () => `answer ${status ?? code}`, '7');

  it('429 and the other 4xx: Mailjet took nothing (rate-limited, retried without lookup, or refused)', () => {
    expect(of(429)).toEqual({ kind: 'rate-limited', retryAfterMs: 7_000 });
    for (const status of [401, 403, 408]) expect(of(status)).toMatchObject({ kind: 'transient', maybeAccepted: false });
    for (const status of [400, 404, 413, 422]) expect(of(status)).toEqual({ kind: 'rejected', error: `answer ${status}` });
  });

  it('500, 502, 503, 504, a timeout or a reset: the outcome is unknown', () => {
    for (const status of [500, 502, 503, 504]) expect(of(status)).toMatchObject({ kind: 'transient', maybeAccepted: true });
    for (const code of ['ECONNABORTED', 'ETIMEDOUT', 'ECONNRESET', undefined]) expect(of(null, code)).toMatchObject({ kind: 'transient', maybeAccepted: true });
  });

  it('no connection at all: nothing reached Mailjet', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']) expect(of(null, code)).toMatchObject({ kind: 'transient', maybeAccepted: false });
  });
});
