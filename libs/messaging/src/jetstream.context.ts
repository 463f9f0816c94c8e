import { BaseRpcContext } from '@nestjs/microservices';
import type { JsMsg } from '@nats-io/jetstream';
import { headersToRecord } from './dead-letter.publisher';

type JetStreamContextArgs = [subject: string, msg: JsMsg, consumer: string];

/** What a handler may know about the delivery, besides the envelope (`@Ctx() ctx: JetStreamContext`). */
export class JetStreamContext extends BaseRpcContext<JetStreamContextArgs> {
  /** Contract subject, without namespace. */
  get subject(): string {
    return this.args[0];
  }

  get msg(): JsMsg {
    return this.args[1];
  }

  get consumer(): string {
    return this.args[2];
  }

  /** 1 on first delivery. */
  get deliveryCount(): number {
    return this.msg.info.deliveryCount;
  }

  get streamSequence(): number {
    return this.msg.info.streamSequence;
  }

  get headers(): Record<string, string[]> {
    return headersToRecord(this.msg.headers);
  }
}
