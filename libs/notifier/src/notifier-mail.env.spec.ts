import { z } from 'zod';
import { ConfigError, loadEnv } from '@lifecycle/config';
import { checkNotifierMailEnv, notifierMailEnv, notifierSettingsFromEnv, transportSettingsFromEnv } from './notifier-mail.env';
import { InvalidTemplateIdMapError, parseTemplateIdMap } from './template-id-map';

const schema = z.object(notifierMailEnv).superRefine(checkNotifierMailEnv);
const load = (env: Record<string, string>) => loadEnv('notifier', schema, env);

function problems(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('notifier environment', () => {
  it('has working defaults: file transport, links from APP_BASE_URL, batching on', () => {
    const env = load({});
    expect(notifierSettingsFromEnv(env)).toMatchObject({
      from: { email: 'billing@localhost' },
      links: { billing: 'http://localhost:5000/billing', upgrade: 'http://localhost:5000/billing/upgrade' },
      opsAlert: { to: null, locale: 'en' },
      timeZone: 'UTC',
      lookupGraceMs: 600_000,
      maxInFlight: 100,
    });
    expect(transportSettingsFromEnv(env)).toMatchObject({
      transport: 'file',
      mailDir: 'var/mail',
      mailjet: { batching: true, lingerMs: 25, retryAfterCapMs: 60_000, timeoutMs: 15_000 },
    });
  });

  it('takes the process-wide in-flight bound from MAIL_IN_FLIGHT', () => {
    expect(notifierSettingsFromEnv(load({ MAIL_IN_FLIGHT: '64' })).maxInFlight).toBe(64);
  });

  it('builds links from a base URL with a trailing slash and custom paths', () => {
    const env = load({ APP_BASE_URL: 'https://app.example.com/', APP_BILLING_PATH: '/settings/billing', APP_UPGRADE_PATH: '/pricing' });
    expect(notifierSettingsFromEnv(env).links).toEqual({ billing: 'https://app.example.com/settings/billing', upgrade: 'https://app.example.com/pricing' });
  });

  it.each([
    [{ MAIL_TRANSPORT: 'mailjet' }, 'MAILJET_API_KEY: is required when MAIL_TRANSPORT=mailjet'],
    [{ MAIL_TRANSPORT: 'smtp' }, 'MAIL_TRANSPORT'],
    [{ APP_BASE_URL: 'ftp://x' }, 'APP_BASE_URL: must be an http:// or https:// URL'],
    [{ MAIL_TIME_ZONE: 'Mars/Olympus' }, 'MAIL_TIME_ZONE: must be an IANA time zone'],
    [{ MAILJET_TEMPLATE_IDS: 'trial_expired=1' }, 'MAILJET_TEMPLATE_IDS: must look like'],
    [{ MAILJET_WEBHOOK_USER: 'mailjet' }, 'MAILJET_WEBHOOK_PASSWORD: is required with the other MAILJET_WEBHOOK_* variable'],
    [{ MAILJET_WEBHOOK_USER: 'mailjet', MAILJET_WEBHOOK_PASSWORD: 'short' }, 'MAILJET_WEBHOOK_PASSWORD: must be at least 12 characters'],
    [{ MAILJET_LOOKUP_GRACE: 'a minute' }, 'MAILJET_LOOKUP_GRACE: must be a duration'],
    [{ BATCHING: 'maybe' }, 'BATCHING: must be true or false'],
    [{ OPS_ALERT_EMAIL: 'ops' }, 'OPS_ALERT_EMAIL'],
    [{ MAIL_IN_FLIGHT: '0' }, 'MAIL_IN_FLIGHT'],
  ])('names the variable at fault: %o', (env, message) => {
    expect(problems(env)).toContain(message);
  });

  it('never echoes a secret value in its message', () => {
    expect(problems({ MAILJET_WEBHOOK_USER: 'u', MAILJET_WEBHOOK_PASSWORD: 's3cr3t' })).not.toContain('s3cr3t');
  });

  it('parses the template id map and names unknown types', () => {
    expect(parseTemplateIdMap(' trial_expired:12345, renewal_reminder:23456 ')).toEqual({ trial_expired: 12345, renewal_reminder: 23456 });
    expect(parseTemplateIdMap('')).toEqual({});
    expect(() => parseTemplateIdMap('trial_ended:1')).toThrow(InvalidTemplateIdMapError);
    expect(() => parseTemplateIdMap('trial_ended:1')).toThrow(/unknown email type "trial_ended"/);
    expect(() => parseTemplateIdMap('trial_expired:1,trial_expired:2')).toThrow(/mapped twice/);
  });
});
