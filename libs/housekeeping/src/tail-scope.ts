import { STREAMS, type StreamName } from '@lifecycle/contracts';

/** The subjects both NATS patterns match, as one pattern; null when they match nothing in common. */
export function intersectSubjects(a: string, b: string): string | null {
  const x = a.split('.');
  const y = b.split('.');
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const [p, q] = [x[i], y[i]];
    if (p === undefined && q === undefined) return out.join('.');
    if (p === '>') return i < y.length ? [...out, ...y.slice(i)].join('.') : null;
    if (q === '>') return i < x.length ? [...out, ...x.slice(i)].join('.') : null;
    if (p === undefined || q === undefined) return null;
    if (p === '*') out.push(q);
    else if (q === '*' || q === p) out.push(p);
    else return null;
  }
}

export interface StreamScope {
  stream: StreamName;
  /** The consumer's filter subject (without namespace); undefined: the whole stream. */
  filter?: string;
}

export class InvalidSubjectPatternError extends Error {
  constructor(readonly pattern: string) {
    super(`"${pattern}" is not a subject pattern: dot-separated tokens, "*" for one token, ">" last for the rest (e.g. trial.>, payment.failed, *.expired)`);
    this.name = 'InvalidSubjectPatternError';
  }
}

export function assertSubjectPattern(pattern: string): void {
  const tokens = pattern.split('.');
  const valid = tokens.every((t, i) => t !== '' && !/\s/.test(t) && (t === '>' ? i === tokens.length - 1 : !t.includes('>')) && (t === '*' || !t.includes('*')));
  if (!valid) throw new InvalidSubjectPatternError(pattern);
}

/**
 * Which streams carry subjects matching `pattern`, and the filter of each one's consumer. nats-server
 * 2.9 allows one filter subject per consumer: a stream the pattern meets in several of its subjects is
 * read whole (callers filter each message with subjectMatches anyway). Work-queue streams (billing's
 * sweep shards) are left out: they refuse a consumer overlapping their workers', and hold no history.
 */
export function tailScope(pattern: string, only?: readonly StreamName[]): StreamScope[] {
  assertSubjectPattern(pattern);
  return STREAMS.filter((s) => s.retention !== 'workqueue' && (!only || only.includes(s.name))).flatMap((stream): StreamScope[] => {
    const common = stream.subjects.map((s) => intersectSubjects(pattern, s)).filter((s): s is string => s !== null);
    if (common.length === 0) return [];
    const whole = common.length === stream.subjects.length && common.every((s, i) => s === stream.subjects[i]);
    return [whole || common.length > 1 ? { stream: stream.name } : { stream: stream.name, filter: common[0] }];
  });
}
