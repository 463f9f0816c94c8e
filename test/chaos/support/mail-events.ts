import { createEnvelope, trialExpiringId, type Envelope } from '@lifecycle/contracts';
import type { SeededCompany } from './seed';

/** A trial.expiring fact for a seeded company, as billing would publish it (the mail's dedup key is its id). */
export function trialExpiringEvent(company: SeededCompany, daysBefore: 7 | 3 | 1, at: Date): Envelope<'trial.expiring'> {
  const trialEndsAt = company.trialEndsAt!.toISOString();
  const id = trialExpiringId(company.subscriptionId, daysBefore, trialEndsAt);
  return createEnvelope('trial.expiring', {
    id,
    source: 'billing',
    correlationId: `trial-reminders@${at.toISOString()}`,
    occurredAt: at.toISOString(),
    data: {
      subscriptionId: company.subscriptionId,
      companyId: company.companyId,
      companyName: `Company ${company.companyId}`,
      plan: company.plan ?? 'team',
      admin: { userId: company.adminId!, email: company.adminEmail!, fullName: `Admin ${company.companyId}`, locale: company.currency === 'TRY' ? 'tr' : 'en' },
      daysBefore,
      trialEndsAt,
    },
  });
}

export function trialCompanies(count: number, at: Date): import('./seed').CompanySeed[] {
  const DAY = 86_400_000;
  return Array.from({ length: count }, (_, i) => ({
    status: 'trial',
    currency: (['USD', 'EUR', 'TRY'] as const)[i % 3],
    trialStartsAt: new Date(at.getTime() - 11 * DAY),
    trialEndsAt: new Date(at.getTime() + 3 * DAY + (i % 600) * 60_000),
    createdAt: new Date(at.getTime() - 11 * DAY),
    admin: true,
    workspaces: 0,
    workspacesRunning: false,
  }));
}
