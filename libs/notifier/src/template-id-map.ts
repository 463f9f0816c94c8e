import { EMAIL_TYPES, isEmailType, type EmailType } from './email-types';

export class InvalidTemplateIdMapError extends Error {
  constructor(readonly input: string, reason: string) {
    super(`invalid MAILJET_TEMPLATE_IDS "${input}": ${reason}; write it like trial_expired:12345,renewal_reminder:23456`);
    this.name = 'InvalidTemplateIdMapError';
  }
}

/** Parses `trial_expired:12345,renewal_reminder:23456`; the empty text is the empty map. */
export function parseTemplateIdMap(input: string): Partial<Record<EmailType, number>> {
  const map: Partial<Record<EmailType, number>> = {};
  for (const entry of input.split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = /^([a-z_]+):(\d{1,12})$/.exec(entry);
    if (!match) throw new InvalidTemplateIdMapError(input, `"${entry}" is not email_type:template_id`);
    const [, type, id] = match;
    if (!isEmailType(type)) throw new InvalidTemplateIdMapError(input, `unknown email type "${type}" (known: ${EMAIL_TYPES.join(', ')})`);
    if (map[type] !== undefined) throw new InvalidTemplateIdMapError(input, `"${type}" is mapped twice`);
    map[type] = Number(id);
  }
  return map;
}
