import { createEnvelope, healthAlertId, isoId, type Envelope } from '@lifecycle/contracts';

export const UNIT_FAILED = 'unit.failed';
// The alert contract names a check family; a failed unit, like the pipeline codes, belongs with workspace-health.
const CHECK = 'workspace-health';
const UNIT = /^[A-Za-z0-9:_.@\\-]{1,180}$/;
const MAX_MESSAGE = 4000;

export class InvalidUnitNameError extends Error {
  constructor(readonly unit: string) {
    super(`"${unit}" is not a systemd unit name (letters, digits and :_.@\\- only, at most 180 characters: the alert id is the mail's dedup key)`);
    this.name = 'InvalidUnitNameError';
  }
}

const SECRETS: readonly [RegExp, string][] = [
  [/([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*):[^@\s/]+@/gi, '$1:***@'],
  [/((?:password|passwd|pass|secret|token|api[_-]?key)["']?\s*[=:]\s*["']?)[^\s"'&,}]+/gi, '$1***'],
  [/(authorization["']?\s*[=:]\s*["']?(?:bearer|basic)\s+)[^\s"',}]+/gi, '$1***'],
];

/** Passwords in URLs and `password=`/`token:`-like values become `***`: journal lines end up in a mail. */
export function redactLogLine(line: string): string {
  return SECRETS.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), line);
}

export interface UnitFailure {
  unit: string;
  at: Date;
  /** The operator's words (`--message`). */
  message?: string;
  /** The unit's last journal lines, when they could be read. */
  journal?: readonly string[];
}

export function assertUnitName(unit: string): void {
  if (!UNIT.test(unit)) throw new InvalidUnitNameError(unit);
}

/**
 * `health.alert.raised` with code `unit.failed` and resource `unit:<name>`, critical: what the systemd
 * `OnFailure=` template publishes through `lifecyclectl alert` (the design document's alert-admin).
 * Its id carries the failure time, so every failure is mailed once.
 */
export function unitFailedAlert(failure: UnitFailure): Envelope<'health.alert.raised'> {
  assertUnitName(failure.unit);
  const resource = `unit:${failure.unit}`;
  const lines = (failure.journal ?? []).map((l) => redactLogLine(l).slice(0, 300));
  const text = [
    `systemd unit ${failure.unit} failed${failure.message ? `: ${failure.message}` : ''}`,
    ...(lines.length ? ['', `Last log lines (journalctl -u ${failure.unit}):`, ...lines] : []),
  ].join('\n');
  return createEnvelope('health.alert.raised', {
    id: healthAlertId('health.alert.raised', UNIT_FAILED, resource, failure.at),
    source: 'lifecyclectl',
    correlationId: `${resource}@${isoId(failure.at)}`,
    occurredAt: failure.at,
    data: {
      check: CHECK,
      code: UNIT_FAILED,
      severity: 'critical',
      resource,
      message: text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE - 1)}…` : text,
      firstSeenAt: isoId(failure.at),
    },
  });
}
