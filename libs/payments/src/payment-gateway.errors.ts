/** The charge certainly never reached the provider (e.g. the stored cards could not be listed): nothing was charged. */
export class ChargeNotSentError extends Error {
  constructor(readonly merchantOid: string, reason: string) {
    super(`charge ${merchantOid} was not sent: ${reason}`);
    this.name = 'ChargeNotSentError';
  }
}

/** `PAYMENT_GATEWAY=none` charges nothing; dunning never asks it to. */
export class GatewayDisabledError extends Error {
  constructor() {
    super('PAYMENT_GATEWAY=none charges nothing: failed payments are announced, never retried');
    this.name = 'GatewayDisabledError';
  }
}

/** FAKE_GATEWAY_SCRIPT or FAKE_GATEWAY_FILE cannot be read. */
export class FakeScriptError extends Error {
  constructor(readonly source: string, reason: string) {
    super(`${source}: ${reason}; write it like company:12=fail,fail,succeed;company:13=fail*;default=succeed`);
    this.name = 'FakeScriptError';
  }
}
