import type { FakeGatewayScript, FakeStep } from './fake-gateway.script';
import type { FakeLedger } from './fake-gateway.ledger';
import type { ChargeOutcome, ChargeRequest, ChargeStatus, PaymentGateway } from './payment-gateway.port';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * `PAYMENT_GATEWAY=fake`: outcomes from a script (FakeGatewayScript), for the demo and tests. Like a real
 * provider it records a charge before answering and refuses a second charge of a merchantOid, returning the
 * first outcome; `delayMs` stretches each charge (the window in which a crash leaves its outcome unknown).
 */
export class FakeGateway implements PaymentGateway {
  readonly name = 'fake';
  readonly charges = true;
  readonly testMode = true;

  constructor(
    private readonly script: FakeGatewayScript,
    private readonly ledger: FakeLedger,
    private readonly delayMs = 0,
  ) {}

  async charge(request: ChargeRequest): Promise<ChargeOutcome> {
    const first = this.find(request.merchantOid);
    if (first) {
      this.ledger.append({ type: 'refused', merchantOid: request.merchantOid });
      return first;
    }
    const outcome = toOutcome(this.script.stepFor(request.companyId, request.subscriptionId, request.attempt - 1), request.merchantOid);
    this.ledger.append({ type: 'charge', merchantOid: request.merchantOid, amount: request.amount, currency: request.currency, outcome });
    if (this.delayMs > 0) await sleep(this.delayMs);
    return outcome;
  }

  async status(merchantOid: string): Promise<ChargeStatus> {
    return this.find(merchantOid) ?? { status: 'not_found' };
  }

  private find(merchantOid: string): ChargeOutcome | undefined {
    const entry = this.ledger.entries().find((e) => e.type === 'charge' && e.merchantOid === merchantOid);
    return entry?.type === 'charge' ? entry.outcome : undefined;
  }
}

function toOutcome(step: FakeStep, merchantOid: string): ChargeOutcome {
  switch (step.kind) {
    case 'succeed':
      return { status: 'succeeded', transactionId: `FAKE-${merchantOid}` };
    case 'fail':
      return { status: 'failed', code: step.code, message: step.message };
    case 'pending':
      return { status: 'pending', detail: 'the fake gateway was told never to answer' };
  }
}
