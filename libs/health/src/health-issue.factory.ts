import type { HealthIssue } from '@lifecycle/contracts';
import { HEALTH_CODES, type HealthCode } from './health-codes';

/** What one check family found: its issues and, per code, how many matched (the issues may be capped). */
export interface CheckResult {
  issues: HealthIssue[];
  counts: Record<string, number>;
}

const MAX_MESSAGE = 500;

/** An issue with the severity its code defines. */
export function healthIssue(code: HealthCode, resource: string, message: string): HealthIssue {
  const text = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
  return { code, severity: HEALTH_CODES[code].severity, resource, message: text };
}

export function combineResults(...results: CheckResult[]): CheckResult {
  return {
    issues: results.flatMap((r) => r.issues),
    counts: Object.assign({}, ...results.map((r) => r.counts)) as Record<string, number>,
  };
}

/** One issue per (code, resource): the unique open-issue index allows no more. */
export function distinctIssues(issues: readonly HealthIssue[]): HealthIssue[] {
  const seen = new Map<string, HealthIssue>();
  for (const issue of issues) {
    const key = `${issue.code}\u0000${issue.resource}`;
    if (!seen.has(key)) seen.set(key, issue);
  }
  return [...seen.values()];
}
