/** PAYTR_MERCHANT_KEY and PAYTR_MERCHANT_SALT are unset: notifications cannot be verified (HTTP 503). */
export class PaytrCallbackNotConfiguredError extends Error {
  constructor() {
    super('PayTR notifications are not accepted: set PAYTR_MERCHANT_KEY and PAYTR_MERCHANT_SALT');
    this.name = 'PaytrCallbackNotConfiguredError';
  }
}

/** A field is missing or has a value PayTR never sends (HTTP 400). */
export class MalformedPaytrCallbackError extends Error {
  constructor(reason: string) {
    super(`malformed PayTR notification: ${reason}`);
    this.name = 'MalformedPaytrCallbackError';
  }
}

/** The `hash` does not match: not from PayTR, or altered (HTTP 400; nothing changes). */
export class InvalidPaytrHashError extends Error {
  constructor(readonly merchantOid: string) {
    super(`PayTR notification for ${merchantOid} has a bad hash`);
    this.name = 'InvalidPaytrHashError';
  }
}

/** A notification that is not billing's could not be passed on to the platform (HTTP 502 or 503): PayTR repeats it. */
export class PaytrForwardFailedError extends Error {
  constructor(
    readonly merchantOid: string,
    readonly configured: boolean,
    reason: string,
  ) {
    super(`PayTR notification for ${merchantOid} was not passed on to the platform: ${reason}`);
    this.name = 'PaytrForwardFailedError';
  }
}
