import { z } from 'zod';
import { bouncePollEnv, bouncePollSettingsFromEnv, checkBouncePollEnv } from './bounce-poll.env';

const schema = z.object(bouncePollEnv).superRefine(checkBouncePollEnv);
const settings = (env: Record<string, string>) => bouncePollSettingsFromEnv(schema.parse(env));
const keys = { MAILJET_API_KEY: 'k', MAILJET_API_SECRET: 's' };

describe('bounce poll environment', () => {
  it('auto polls with credentials and without the webhook', () => {
    expect(settings(keys)).toEqual({ apiKey: 'k', apiSecret: 's', apiUrl: 'https://api.mailjet.com', timeoutMs: 15_000 });
    expect(settings({ ...keys, MAILJET_WEBHOOK_USER: 'mailjet' })).toBeNull();
    expect(settings({})).toBeNull();
  });

  it('on and off override; on without credentials is refused with the variable names', () => {
    expect(settings({ ...keys, MAILJET_WEBHOOK_USER: 'mailjet', MAILJET_BOUNCE_POLL: 'on' })).not.toBeNull();
    expect(settings({ ...keys, MAILJET_BOUNCE_POLL: 'off' })).toBeNull();
    const refused = schema.safeParse({ MAILJET_BOUNCE_POLL: 'on' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([
      'MAILJET_API_KEY: is required with MAILJET_BOUNCE_POLL=on',
      'MAILJET_API_SECRET: is required with MAILJET_BOUNCE_POLL=on',
    ]);
    expect(schema.safeParse({ MAILJET_BOUNCE_POLL: 'sometimes' }).success).toBe(false);
  });
});
