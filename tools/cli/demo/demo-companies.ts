/** The demo's cast: a dozen companies at different stages, relative to the simulated start. */
export interface DemoCompany {
  key: string;
  name: string;
  currency: 'USD' | 'EUR' | 'TRY';
  plan: 'starter' | 'team' | 'enterprise';
  admin: { email: string; fullName: string } | null;
  subscription:
    | { status: 'trial'; trialEndsInHours: number }
    | { status: 'active'; periodEndsInHours: number; cancelAtPeriodEnd?: boolean }
    | { status: 'expired'; trialEndedHoursAgo: number };
  /** A failed renewal the platform recorded just before the demo starts, and what the fake gateway answers to each retry. */
  failedPayment?: { amount: number; retries: 'fail,succeed' | 'fail*' };
  workspaces: number;
  /** What the demo wants the viewer to notice. */
  story: string;
}

const DAY = 24;

export const DEMO_COMPANIES: readonly DemoCompany[] = [
  { key: 'anadolu', name: 'Anadolu Yazılım', currency: 'TRY', plan: 'team', admin: { email: 'ayse@anadolu.example', fullName: 'Ayşe Demir' }, subscription: { status: 'trial', trialEndsInHours: 8 * DAY + 12 }, workspaces: 2, story: 'trial: 7-, 3- and 1-day reminders in Turkish, then expiry' },
  { key: 'brightline', name: 'Brightline Labs', currency: 'USD', plan: 'team', admin: { email: 'sam@brightline.example', fullName: 'Sam Carter' }, subscription: { status: 'trial', trialEndsInHours: 3 * DAY + 18 }, workspaces: 2, story: 'trial ending in under 4 days: the 3-day mail, not the 7-day one' },
  { key: 'cobalt', name: 'Cobalt Systems', currency: 'EUR', plan: 'starter', admin: { email: 'lea@cobalt.example', fullName: 'Léa Martin' }, subscription: { status: 'trial', trialEndsInHours: 1 * DAY + 10 }, workspaces: 1, story: 'trial ending tomorrow: 1-day mail, expiry, workspaces stopped' },
  { key: 'delta', name: 'Delta Docs', currency: 'USD', plan: 'starter', admin: null, subscription: { status: 'trial', trialEndsInHours: 2 * DAY }, workspaces: 1, story: 'trial with no admin: skipped with a warning, reported by health' },
  { key: 'everest', name: 'Everest Analytics', currency: 'USD', plan: 'enterprise', admin: { email: 'noor@everest.example', fullName: 'Noor Haddad' }, subscription: { status: 'trial', trialEndsInHours: 16 * DAY + 9 }, workspaces: 3, story: 'long trial: reminders in the second week, expiry on day 16' },
  { key: 'fjord', name: 'Fjord Cloud', currency: 'EUR', plan: 'team', admin: { email: 'ole@fjord.example', fullName: 'Ole Hansen' }, subscription: { status: 'active', periodEndsInHours: 5 * DAY + 10 }, workspaces: 2, story: 'paid: 3-day renewal reminder' },
  { key: 'galata', name: 'Galata Teknoloji', currency: 'TRY', plan: 'enterprise', admin: { email: 'mehmet@galata.example', fullName: 'Mehmet Kaya' }, subscription: { status: 'active', periodEndsInHours: 9 * DAY + 10 }, workspaces: 2, story: 'paid: 7- and 3-day renewal reminders in Turkish' },
  { key: 'harbor', name: 'Harbor & Co', currency: 'USD', plan: 'team', admin: { email: 'jo@harbor.example', fullName: 'Jo Park' }, subscription: { status: 'active', periodEndsInHours: 6 * DAY, cancelAtPeriodEnd: true }, workspaces: 1, story: 'cancels at period end: no renewal reminder' },
  { key: 'iris', name: 'Iris Health', currency: 'USD', plan: 'team', admin: { email: 'ines@iris.example', fullName: 'Inês Costa' }, subscription: { status: 'active', periodEndsInHours: 1 }, failedPayment: { amount: 2900, retries: 'fail,succeed' }, workspaces: 2, story: 'card fails twice, then a retry succeeds: invoice, period extended' },
  { key: 'juniper', name: 'Juniper Retail', currency: 'USD', plan: 'team', admin: { email: 'raj@juniper.example', fullName: 'Raj Patel' }, subscription: { status: 'active', periodEndsInHours: 1 }, failedPayment: { amount: 2900, retries: 'fail*' }, workspaces: 2, story: 'card always fails: three retries, then suspended and workspaces stopped' },
  { key: 'kestrel', name: 'Kestrel Games', currency: 'EUR', plan: 'starter', admin: { email: 'kai@kestrel.example', fullName: 'Kai Weber' }, subscription: { status: 'trial', trialEndsInHours: 2 * DAY + 3 }, workspaces: 1, story: 'trial expires on day 2; on day 10 the customer pays in the app and the workspace comes back' },
  { key: 'lumen', name: 'Lumen Studio', currency: 'EUR', plan: 'starter', admin: { email: 'mia@lumen.example', fullName: 'Mia Rossi' }, subscription: { status: 'active', periodEndsInHours: 40 * DAY }, workspaces: 1, story: 'paid and far from renewal: nothing to do' },
];

/** The day on which the demo plays the platform: Kestrel Games pays in the app. */
export const KESTREL_PAYS_ON_DAY = 10;
