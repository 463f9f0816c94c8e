import { createEnvelope, EVENT_SAMPLES, type Envelope } from '@lifecycle/contracts';
import { FakeClock } from '@lifecycle/time';
import { EmailLedger, type ClaimResult, type DeliveryStatus, type LedgerEntry } from './email-ledger.port';
import type { MailEnvelope } from './email-types';
import { MailComposer } from './mail-composer';
import { MailTemplates } from './mail-templates';
import { DedupKeyTooLongError, TransientMailError } from './mail.errors';
import { Mailer, type SendResult } from './mailer.port';
import { NO_METRICS } from './notifier.metrics';
import { notifierSettings, type NotifierSettings } from './notifier.settings';
import type { OutgoingMail } from './outgoing-mail';
import { SendMailUseCase } from './send-mail.use-case';

interface Row extends LedgerEntry {
  status: DeliveryStatus;
  messageId: string | null;
  error: string | null;
  attemptAgeMs: number;
}

class MemoryLedger extends EmailLedger {
  readonly rows = new Map<string, Row>();
  readonly events: Envelope[] = [];

  async claim(entry: LedgerEntry): Promise<ClaimResult> {
    const row = this.rows.get(entry.dedupKey);
    if (!row) {
      this.rows.set(entry.dedupKey, { ...entry, status: 'pending', messageId: null, error: null, attemptAgeMs: 0 });
      return { state: 'claimed' };
    }
    return row.status === 'pending' ? { state: 'pending', lastAttemptAgeMs: row.attemptAgeMs } : { state: 'done', status: row.status };
  }
  async beginAttempt(key: string): Promise<void> {
    this.rows.get(key)!.attemptAgeMs = 0;
  }
  async noteTransientFailure(key: string, error: string, maybeAccepted: boolean): Promise<void> {
    const row = this.rows.get(key)!;
    row.error = error;
    if (!maybeAccepted) row.attemptAgeMs = Number.POSITIVE_INFINITY;
  }
  async recordSent(key: string, messageId: string | null, _at: Date, event: Envelope<'notification.email.sent'>): Promise<void> {
    Object.assign(this.rows.get(key)!, { status: 'sent', messageId, error: null });
    this.events.push(event);
  }
  async recordFailed(key: string, error: string, event: Envelope<'notification.email.failed'>): Promise<boolean> {
    const row = this.rows.get(key)!;
    if (row.status !== 'pending') return false;
    Object.assign(row, { status: 'failed', error });
    this.events.push(event);
    return true;
  }
}

class ScriptedMailer extends Mailer {
  readonly transport = 'mailjet' as const;
  readonly sent: OutgoingMail[] = [];
  attempts = 0;
  readonly lookups: string[] = [];
  readonly provider = new Map<string, string>();
  script: (() => SendResult)[] = [];

  async send(mail: OutgoingMail): Promise<SendResult> {
    this.attempts++;
    const next = this.script.shift();
    const result = next ? next() : { status: 'sent' as const, messageId: `mj-${this.sent.length + 1}` };
    this.sent.push(mail);
    if (result.status === 'sent' && result.messageId) this.provider.set(mail.dedupKey, result.messageId);
    return result;
  }
  async find(key: string) {
    this.lookups.push(key);
    const id = this.provider.get(key);
    return id ? { messageId: id } : null;
  }
}

const trialExpired = (id = 'trial.expired:sub-42:2026-12-08T09:00:00Z'): MailEnvelope =>
  createEnvelope('trial.expired', { id, source: 'billing', correlationId: 'tick', occurredAt: '2026-12-08T09:00:00Z', data: EVENT_SAMPLES['trial.expired'] });

describe('SendMailUseCase', () => {
  let templates: MailTemplates;
  let ledger: MemoryLedger;
  let mailer: ScriptedMailer;
  const warnings: string[] = [];

  beforeAll(async () => {
    templates = await MailTemplates.load();
  });

  beforeEach(() => {
    ledger = new MemoryLedger();
    mailer = new ScriptedMailer();
    warnings.length = 0;
  });

  function useCase(overrides: Partial<NotifierSettings> = {}): SendMailUseCase {
    const settings = notifierSettings({ lookupGraceMs: 60_000, ...overrides });
    return new SendMailUseCase({
      ledger,
      mailer,
      composer: new MailComposer(templates, settings),
      settings,
      clock: new FakeClock('2026-12-08T09:00:05Z'),
      metrics: NO_METRICS,
      logger: { log: () => undefined, warn: (m: unknown) => void warnings.push(String(m)) },
    });
  }

  it('sends once, records it as sent and announces notification.email.sent', async () => {
    const event = trialExpired();
    expect(await useCase().execute(event)).toBe('sent');
    expect(await useCase().execute(event)).toBe('duplicate');
    expect(await useCase().execute(event)).toBe('duplicate');

    expect(mailer.sent).toHaveLength(1);
    expect(ledger.rows.get(event.id)).toMatchObject({ status: 'sent', messageId: 'mj-1', emailType: 'trial_expired', recipient: 'ayse@acme.example' });
    expect(ledger.events).toEqual([
      expect.objectContaining({
        id: `notification.email.sent:${event.id}`,
        type: 'notification.email.sent',
        correlationId: event.id,
        occurredAt: '2026-12-08T09:00:05.000Z',
        data: { dedupKey: event.id, emailType: 'trial_expired', recipient: 'ayse@acme.example', companyId: 12, providerMessageId: 'mj-1' },
      }),
    ]);
  });

  it('records a permanent rejection as failed, announces it and never retries', async () => {
    mailer.script = [() => ({ status: 'rejected', error: 'mailjet 400 mj-0013: invalid address' })];
    const event = trialExpired();
    expect(await useCase().execute(event)).toBe('failed');
    expect(await useCase().execute(event)).toBe('duplicate');
    expect(mailer.sent).toHaveLength(1);
    expect(ledger.rows.get(event.id)).toMatchObject({ status: 'failed', error: 'mailjet 400 mj-0013: invalid address' });
    expect(ledger.events.map((e) => e.type)).toEqual(['notification.email.failed']);
    expect(warnings[0]).toContain('failed for good');
  });

  it('fails an address no provider would take without sending it', async () => {
    const event = createEnvelope('trial.expired', {
      id: 'trial.expired:bad-address',
      source: 'billing',
      correlationId: 'tick',
      occurredAt: '2026-12-08T09:00:00Z',
      data: { ...EVENT_SAMPLES['trial.expired'], admin: { ...EVENT_SAMPLES['trial.expired'].admin, email: 'not-an-address' } },
    });
    expect(await useCase().execute(event)).toBe('failed');
    expect(mailer.sent).toHaveLength(0);
    expect(ledger.events[0]).toMatchObject({ type: 'notification.email.failed', data: { error: 'invalid recipient address "not-an-address"' } });
  });

  it('after a crash between send and record, finds the mail at the provider and records it without sending again', async () => {
    const event = trialExpired();
    await ledger.claim({ dedupKey: event.id } as LedgerEntry);
    mailer.provider.set(event.id, '288230376152553821');

    expect(await useCase().execute(event)).toBe('recovered');
    expect(mailer.sent).toHaveLength(0);
    expect(mailer.lookups).toEqual([event.id]);
    expect(ledger.rows.get(event.id)).toMatchObject({ status: 'sent', messageId: '288230376152553821' });
  });

  it('does not re-send an unlisted mail of an attempt younger than the lookup grace, and does once the grace has passed', async () => {
    const event = trialExpired();
    await ledger.claim({ dedupKey: event.id } as LedgerEntry);
    ledger.rows.get(event.id)!.attemptAgeMs = 5_000;

    await expect(useCase().execute(event)).rejects.toThrow(/unknown.*MAILJET_LOOKUP_GRACE/);
    expect(mailer.sent).toHaveLength(0);

    ledger.rows.get(event.id)!.attemptAgeMs = 61_000;
    expect(await useCase().execute(event)).toBe('sent');
    expect(mailer.sent).toHaveLength(1);
  });

  it('rethrows a transient failure for the transport to retry, keeping the error on the pending row', async () => {
    mailer.script = [
      () => {
        throw new TransientMailError('mailjet 500', { maybeAccepted: true });
      },
      () => {
        throw new TransientMailError('mailjet unreachable (ECONNREFUSED)', { maybeAccepted: false });
      },
    ];
    const event = trialExpired();
    await expect(useCase({ lookupGraceMs: 0 }).execute(event)).rejects.toThrow('mailjet 500');
    expect(ledger.rows.get(event.id)).toMatchObject({ status: 'pending', error: 'mailjet 500', attemptAgeMs: 0 });

    await expect(useCase().execute(event)).rejects.toThrow(/unknown/);
    await expect(useCase({ lookupGraceMs: 0 }).execute(event)).rejects.toThrow('ECONNREFUSED');
    // certainly not accepted: the next attempt need not wait for the grace
    expect(await useCase().execute(event)).toBe('sent');
    // looked up after the 500 (twice), not after the refused connection
    expect(mailer.lookups).toHaveLength(2);
    expect(mailer.attempts).toBe(3);
    expect(mailer.sent).toHaveLength(1);
  });

  describe('an answer of unknown outcome (timeout, reset, 5xx)', () => {
    const stages: string[] = [];
    const unknownOutcome = () => {
      throw new TransientMailError('mailjet 503', { maybeAccepted: true });
    };
    function counted(overrides: Partial<NotifierSettings> = {}): SendMailUseCase {
      const base = useCase({ lookupGraceMs: 600_000, ...overrides });
      (base as unknown as { deps: { metrics: object } }).deps.metrics = { ...NO_METRICS, unknownOutcome: (_t: string, s: string) => stages.push(s) };
      return base;
    }
    beforeEach(() => {
      stages.length = 0;
    });

    /** Redelivers the event as the transport would, after each error's nakDelayMs; returns the lookup ages (s). */
    async function redeliverUntilSettled(event: MailEnvelope, useCase: SendMailUseCase): Promise<{ outcome: string; ages: number[] }> {
      const ages: number[] = [];
      for (;;) {
        try {
          return { outcome: await useCase.execute(event), ages };
        } catch (error) {
          const delay = (error as TransientMailError).nakDelayMs;
          if (delay === undefined) throw error;
          ledger.rows.get(event.id)!.attemptAgeMs += delay;
          ages.push(ledger.rows.get(event.id)!.attemptAgeMs / 1000);
        }
      }
    }

    it('looks the mail up on a back-off and re-sends only when no lookup over the whole grace found it', async () => {
      mailer.script = [unknownOutcome];
      const event = trialExpired();
      const { outcome, ages } = await redeliverUntilSettled(event, counted());

      expect(outcome).toBe('sent');
      expect(ages).toEqual([5, 10, 20, 40, 80, 160, 320, 600]);
      expect(mailer.lookups).toHaveLength(8);
      expect(mailer.attempts).toBe(2);
      expect(stages).toEqual(['unknown', 'resent']);
    });

    it('records the mail as sent, without a second send, as soon as a lookup inside the grace finds it', async () => {
      const event = trialExpired();
      mailer.script = [unknownOutcome];
      const useCase = counted();
      await expect(useCase.execute(event)).rejects.toMatchObject({ nakDelayMs: 5_000 });
      // Mailjet had taken it, and its index lists it only after 70 s
      let lookups = 0;
      mailer.find = async (key: string) => (++lookups >= 5 ? { messageId: `found-${key.length}` } : null);
      const { outcome, ages } = await redeliverUntilSettled(event, useCase);

      expect(outcome).toBe('recovered');
      expect(ages).toEqual([5, 10, 20, 40]);
      expect(mailer.attempts).toBe(1);
      expect(ledger.rows.get(event.id)).toMatchObject({ status: 'sent', messageId: 'found-41' });
      expect(stages).toEqual(['unknown', 'found']);
    });

    it('after an answer that means nothing was taken (429, 401, 408, refused), retries without lookups or nak delay', async () => {
      mailer.script = [
        () => {
          throw new TransientMailError('mailjet 408', { maybeAccepted: false });
        },
      ];
      const event = trialExpired();
      const error = await counted().execute(event).catch((e: unknown) => e);
      expect(error).toMatchObject({ message: 'mailjet 408' });
      expect((error as TransientMailError).nakDelayMs).toBeUndefined();
      expect(await counted().execute(event)).toBe('sent');
      expect(mailer.lookups).toEqual([]);
      expect(stages).toEqual([]);
    });
  });

  it('skips operator alerts while OPS_ALERT_EMAIL is unset', async () => {
    const alert = createEnvelope('health.alert.raised', {
      id: 'health.alert.raised:x',
      source: 'health',
      correlationId: 'c',
      occurredAt: '2026-12-01T08:15:00Z',
      data: EVENT_SAMPLES['health.alert.raised'],
    });
    expect(await useCase().execute(alert)).toBe('skipped');
    expect(await useCase({ opsAlert: { to: 'ops@example.com', locale: 'en' } }).execute(alert)).toBe('sent');
    expect(mailer.sent[0].to).toEqual({ email: 'ops@example.com' });
  });

  it('renders and sends at most maxInFlight events at once across all subjects; the others wait unrendered', async () => {
    const gates: (() => void)[] = [];
    let rendered = 0;
    const settings = notifierSettings({ maxInFlight: 2 });
    const composer = new MailComposer(templates, settings);
    const compose = composer.compose.bind(composer);
    composer.compose = (plan) => {
      rendered++;
      return compose(plan);
    };
    mailer.script = Array.from({ length: 5 }, () => () => ({ status: 'sent' as const, messageId: null }));
    const send = mailer.send.bind(mailer);
    mailer.send = async (mail) => {
      await new Promise<void>((resolve) => gates.push(resolve));
      return send(mail);
    };
    const useCase = new SendMailUseCase({
      ledger,
      mailer,
      composer,
      settings,
      clock: new FakeClock('2026-12-08T09:00:05Z'),
      metrics: NO_METRICS,
      logger: { log: () => undefined, warn: () => undefined },
    });
    const renewal = (n: number): MailEnvelope =>
      createEnvelope('renewal.upcoming', { id: `renewal.upcoming:${n}`, source: 'billing', correlationId: 't', occurredAt: '2026-12-01T09:00:00Z', data: EVENT_SAMPLES['renewal.upcoming'] });
    const outcomes = [trialExpired('a'), renewal(1), trialExpired('b'), renewal(2), trialExpired('c')].map((e) => useCase.execute(e));
    await until(() => gates.length === 2);
    expect(rendered).toBe(2);
    expect(useCase.inFlight).toMatchObject({ running: 2, queued: 3 });

    gates.shift()!();
    await until(() => gates.length === 2 && rendered === 3);
    expect(useCase.inFlight.running).toBe(2);
    while (rendered < 5 || gates.length > 0) {
      gates.shift()?.();
      await until(() => gates.length > 0 || mailer.sent.length === 5);
    }
    expect(await Promise.all(outcomes)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(useCase.inFlight).toMatchObject({ running: 0, queued: 0 });
  });

  it('dead-letters an event whose id cannot be a dedup key', async () => {
    await expect(useCase().execute(trialExpired(`trial.expired:${'x'.repeat(300)}`))).rejects.toBeInstanceOf(DedupKeyTooLongError);
    expect(mailer.sent).toHaveLength(0);
  });
});

/** Yields to the event loop until `condition` holds (no timing involved: fails by jest's timeout). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
