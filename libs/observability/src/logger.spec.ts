import pino from 'pino';
import { redactionOptions } from './logger';

describe('log redaction', () => {
  it('never writes passwords, tokens, secrets or authorization headers', () => {
    const lines: string[] = [];
    const logger = pino(
      redactionOptions(),
      { write: (line: string) => lines.push(line) },
    );
    logger.info({
      password: 'p1',
      nats: { pass: 'p2', token: 't1' },
      mailjet: { apiSecret: 's1' },
      req: { headers: { authorization: 'Bearer abc' } },
      workspace: { code_server_password: 'cs1', id: 7 },
      user: { password_hash: 'h1', email: 'a@example.com' },
    });
    const text = lines.join('');
    for (const secret of ['p1', 'p2', 't1', 's1', 'Bearer abc', 'cs1', 'h1']) expect(text).not.toContain(`"${secret}"`);
    expect(text).toContain('a@example.com');
    expect(text).toContain('"id":7');
  });
});
