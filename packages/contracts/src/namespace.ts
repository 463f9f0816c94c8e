const VALID = /^[A-Za-z0-9_-]*$/;

export class InvalidNamespaceError extends Error {
  constructor(value: string) {
    super(`LIFECYCLE_NAMESPACE "${value}" may contain only letters, digits, "_" and "-"`);
    this.name = 'InvalidNamespaceError';
  }
}

/**
 * LIFECYCLE_NAMESPACE: prefixes every stream name and subject, so that environments and test
 * runs can share one NATS server. The empty namespace leaves names as the contracts spell them.
 */
export class Namespace {
  constructor(readonly value: string = '') {
    if (!VALID.test(value)) throw new InvalidNamespaceError(value);
  }

  subject(subject: string): string {
    return this.value ? `${this.value}.${subject}` : subject;
  }

  stream(name: string): string {
    return this.value ? `${this.value}_${name}` : name;
  }

  /** The contract subject of a namespaced subject; null when the subject is outside this namespace. */
  strip(subject: string): string | null {
    if (!this.value) return subject;
    const prefix = `${this.value}.`;
    return subject.startsWith(prefix) ? subject.slice(prefix.length) : null;
  }
}
