import type { Subject } from './event-map';

/** An event version being retired (docs/contracts.md, "Versioning"); the AsyncAPI file marks it deprecated. */
export interface Deprecation {
  /** The subject of the version that replaces it (`<subject>.v<N+1>`), published beside it meanwhile. */
  readonly replacedBy: Subject | null;
  /** The last day (UTC, YYYY-MM-DD) it is published; at least the policy's window after replacedBy appeared. */
  readonly until: string;
  readonly reason: string;
}

/** Every deprecated event; none today. */
export const DEPRECATED_EVENTS: Readonly<Partial<Record<Subject, Deprecation>>> = Object.freeze({});
