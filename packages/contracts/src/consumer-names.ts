import { SERVICE_NAMES, type ServiceName } from './envelope';

export class InvalidConsumerNameError extends Error {
  constructor(readonly consumer: string) {
    super(`"${consumer}" is not a valid JetStream consumer name (no whitespace, '/', '\\' or control characters)`);
    this.name = 'InvalidConsumerNameError';
  }
}

/** A durable consumer name: JetStream names may not contain `.`, `*`, `>`, whitespace or path separators. */
export function consumerName(service: ServiceName, subjectPattern: string): string {
  const token = subjectPattern.replaceAll('.', '_').replaceAll('*', 'any').replaceAll('>', 'all');
  const name = `${service}--${token}`;
  if (subjectPattern === '' || /[\s/\\\p{Cc}]/u.test(name)) throw new InvalidConsumerNameError(name);
  return name;
}

export function deadLetterSubject(consumer: string): string {
  return `dlq.${consumer}`;
}

/** True for a durable this product creates (`<service>--<subject pattern>`); other durables belong to outside consumers. */
export function isProductConsumerName(name: string): boolean {
  return SERVICE_NAMES.some((service) => name.startsWith(`${service}--`));
}
