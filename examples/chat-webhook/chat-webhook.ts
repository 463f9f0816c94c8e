// An outside consumer of the subscription-lifecycle events: every subscription.suspended becomes a chat
// message ({"text": …}, the body Slack and Mattermost incoming webhooks take). Node 24 runs this file as is.
import { consume, type Rejection } from '@lifecycle/contracts/consumer';
import type { Envelope } from '@lifecycle/contracts';

const env = process.env;
const webhook = env.CHAT_WEBHOOK_URL;
if (!webhook || !URL.canParse(webhook)) {
  console.error('CHAT_WEBHOOK_URL must be the URL of a chat incoming webhook');
  process.exit(2);
}

/** A 4xx other than 429 will not get better by retrying: the helper terminates the message at once. */
class RejectedByChat extends Error {
  readonly permanent = true;
}

async function post(event: Envelope<'subscription.suspended'>): Promise<void> {
  const { companyName, plan, reason, subscriptionId } = event.data;
  const response = await fetch(webhook!, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: `Subscription ${subscriptionId} of ${companyName} (${plan}) is suspended: ${reason}` }),
    signal: AbortSignal.timeout(10_000),
  });
  if (response.ok) return;
  const text = `chat webhook answered ${response.status}`;
  throw response.status >= 400 && response.status < 500 && response.status !== 429 ? new RejectedByChat(text) : new Error(text);
}

const consumer = await consume({
  connection: { servers: env.NATS_URL ?? 'nats://127.0.0.1:4222', user: env.NATS_USER, pass: env.NATS_PASSWORD, name: 'chat-webhook' },
  namespace: env.LIFECYCLE_NAMESPACE,
  subject: 'subscription.suspended',
  durable: env.CHAT_DURABLE ?? 'chat-webhook',
  backoffMs: env.CHAT_BACKOFF_MS ? env.CHAT_BACKOFF_MS.split(',').map(Number) : undefined,
  handler: async (event) => {
    await post(event);
    console.log(`posted ${event.id}`);
  },
  onRejected: (rejection: Rejection) => console.error(`dropped ${rejection.subject} #${rejection.streamSequence} (${rejection.reason}): ${rejection.error}`),
});
console.log(`chat-webhook: consuming subscription.suspended from ${consumer.stream} as ${consumer.durable}`);
// Consuming that ends without stop() (the connection closed for good): exit, for the supervisor to restart us.
void consumer.closed.then((error) => {
  if (error) {
    console.error(error.message);
    process.exit(1);
  }
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void consumer.stop().then(() => process.exit(0));
  });
}
