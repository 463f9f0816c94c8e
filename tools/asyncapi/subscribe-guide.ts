import { EVENT_CATALOGUE, SUBSCRIPTION_SUSPENDED, streamForSubject } from '@lifecycle/contracts';

const SUBJECT = SUBSCRIPTION_SUSPENDED;
const STREAM = streamForSubject(SUBJECT)!;

/** The "subscribe in five minutes" guide of docs/asyncapi.yaml (info.description); docs/contracts.md links it. */
export function subscribeGuide(): string {
  return `Events of the subscription-lifecycle services over NATS JetStream. Every message is a JSON envelope; its \`id\` is a deterministic dedup key of the fact and is sent as the \`Nats-Msg-Id\` header. Subjects and stream names below are written without namespace: an installation with LIFECYCLE_NAMESPACE=\`ns\` (server variable \`namespace\`) publishes \`ns.<subject>\` into stream \`ns_<STREAM>\`. Versioning and deprecation: docs/contracts.md.

## Subscribe in five minutes

You need the NATS URL and the \`reader\` user's password from the operators (security scheme \`userPassword\`): \`reader\` may read every stream and run its own durable consumers, and publish nothing else. Pick a durable name of your own: names \`<service>--…\` (e.g. \`notifier--trial_all\`) belong to this system's services. Outside consumers' lag is shown on health's /status but raises no alert of this system unless its operators set OUTSIDE_CONSUMER_LAG_THRESHOLD.

### With the nats CLI

\`\`\`sh
export NATS_URL=nats://nats.example:4222 NATS_USER=reader NATS_PASSWORD=...
nats stream info ${STREAM.name}                      # ${SUBJECT} is kept ${STREAM.maxAgeMs / 86_400_000} days
nats consumer add ${STREAM.name} chat-bridge --pull --filter ${SUBJECT} \\
  --deliver all --ack explicit --replay instant --max-deliver 5 --wait 30s --max-pending 1000 --defaults
nats consumer next ${STREAM.name} chat-bridge --ack --count 1   # prints one envelope and acks it
\`\`\`

### With the package

\`\`\`sh
npm install ./lifecycle-contracts-<version>.tgz @nats-io/jetstream @nats-io/transport-node   # the tarball of \`npm pack -w @lifecycle/contracts\`
\`\`\`

\`\`\`js
import { consume } from '@lifecycle/contracts/consumer';

const consumer = await consume({
  connection: { servers: process.env.NATS_URL, user: 'reader', pass: process.env.NATS_PASSWORD },
  namespace: process.env.LIFECYCLE_NAMESPACE,   // optional
  subject: '${SUBJECT}',
  durable: 'chat-bridge',
  handler: async (event) => postToChat(\`\${event.data.companyName} is suspended: \${event.data.reason}\`),
});
// success acks; an envelope that is not the contract is terminated; a throw naks with back-off,
// terminated after maxDeliver or at once when the error has permanent === true
process.on('SIGTERM', () => consumer.stop());
\`\`\`

${SUBJECT}: ${EVENT_CATALOGUE[SUBJECT].description}. The JSON Schemas of every envelope are in the package (\`@lifecycle/contracts/schemas/<subject>.json\`) and below.`;
}
