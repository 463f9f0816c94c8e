import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMailjetOptions {
  port?: number;
  apiKey?: string;
  apiSecret?: string;
  /** Keep every request body (default). Off for benchmarks: 50k HTML parts would fill the memory. */
  keepBodies?: boolean;
  /** Delay before a send request is answered, as the real API's round trip (benchmarks). */
  latencyMs?: number;
  /**
   * How long an accepted message stays absent from GET /v3/REST/message (Mailjet lists "processed"
   * messages only, https://dev.mailjet.com/reference/email/messages/; it documents no bound). Default 0.
   */
  indexLagMs?: number;
}

/** How the next POST /v3.1/send is answered, instead of processing it. */
export interface ScriptedResponse {
  status: number;
  /** Seconds, sent as `Retry-After` (429). */
  retryAfter?: number;
  body?: unknown;
  /** Accept the messages as a 200 would, then never answer: the client is left waiting (a crash window). */
  hold?: boolean;
  /** Accept the messages as a 200 would, then answer with `status` (a 5xx after Mailjet took the mail). */
  accept?: boolean;
  /** Which requests it answers, in script order per kind: sends (default) or message lookups (GET /v3/REST/message). */
  for?: 'send' | 'lookup';
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON (null for bodies not kept or empty). */
  body: unknown;
  /** Messages in a send request. */
  messages: number;
  status: number | 'held';
  at: number;
}

export interface AcceptedMessage {
  messageId: string;
  customId: string;
  to: string;
  subject: string;
  /** `Status` of the message resource: `sent` until setStatus() says otherwise. */
  status: string;
  /** `StateID`: why it was not delivered (null while nothing went wrong). */
  stateId: number | null;
  /** The Send API message as received (empty when bodies are not kept). */
  message: Record<string, unknown>;
  at: number;
}

export interface FakeMailjet {
  readonly url: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly requests: RecordedRequest[];
  /** Every accepted message, a CustomID sent twice appearing twice. */
  readonly accepted: AcceptedMessage[];
  /** Addresses answered with Mailjet's per-message "invalid email" error. */
  readonly invalidRecipients: Set<string>;
  sendRequests(): RecordedRequest[];
  lookups(): RecordedRequest[];
  /** The latest accepted message of a CustomID. */
  message(customId: string): AcceptedMessage | undefined;
  /** What Mailjet later learned about a message (a bounce, a block, a spam report), as the message resource shows it. */
  setStatus(customId: string, status: string, stateId?: number): void;
  /** Queues answers for the next send requests, in order. */
  script(...responses: ScriptedResponse[]): void;
  waitFor(condition: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  /** Ends held requests by dropping their connections. */
  release(): void;
  close(): Promise<void>;
}

// Above 2^53, as Mailjet's are: clients that parse them as plain numbers lose digits.
const FIRST_MESSAGE_ID = 288230376152553821n;
const MAX_MESSAGES = 50;
const PLAUSIBLE_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A Mailjet API on real HTTP for tests and benchmarks: Send API v3.1 (per-message results, a 400 for a
 * partly failed batch, scripted failures), GET /v3/REST/message?CustomID=…, basic auth.
 */
export async function startFakeMailjet(options: FakeMailjetOptions = {}): Promise<FakeMailjet> {
  const apiKey = options.apiKey ?? 'fake-key';
  const apiSecret = options.apiSecret ?? 'fake-secret';
  const keepBodies = options.keepBodies ?? true;
  const indexLagMs = options.indexLagMs ?? 0;
  const expectedAuth = `Basic ${Buffer.from(`${apiKey}:${apiSecret}`).toString('base64')}`;
  const requests: RecordedRequest[] = [];
  const accepted: AcceptedMessage[] = [];
  const byCustomId = new Map<string, AcceptedMessage>();
  const invalidRecipients = new Set<string>();
  const scripted: ScriptedResponse[] = [];
  const held = new Set<ServerResponse>();
  let nextId = FIRST_MESSAGE_ID;
  const takeScript = (kind: 'send' | 'lookup'): ScriptedResponse | undefined => {
    const index = scripted.findIndex((s) => (s.for ?? 'send') === kind);
    return index < 0 ? undefined : scripted.splice(index, 1)[0];
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });

  function handle(req: IncomingMessage, res: ServerResponse, text: string): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body: null,
      messages: 0,
      status: 200,
      at: Date.now(),
    };
    requests.push(record);
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(bigIntJson(body));
    };
    if (req.headers.authorization !== expectedAuth) {
      return reply(401, { ErrorIdentifier: randomUUID(), ErrorMessage: 'API key authentication/authorization failure', StatusCode: 401 });
    }
    if (req.method === 'GET' && /^\/v3\/REST\/message\/?$/i.test(url.pathname)) {
      const lookupScript = takeScript('lookup');
      if (lookupScript) {
        const headers: Record<string, string> = lookupScript.retryAfter === undefined ? {} : { 'Retry-After': String(lookupScript.retryAfter) };
        return reply(lookupScript.status, lookupScript.body ?? { ErrorMessage: `scripted ${lookupScript.status}`, StatusCode: lookupScript.status }, headers);
      }
      return reply(200, listMessages(url.searchParams));
    }
    if (req.method !== 'POST' || !/^\/v3\.1\/send\/?$/i.test(url.pathname)) {
      return reply(404, { ErrorMessage: `no route ${req.method} ${url.pathname}`, StatusCode: 404 });
    }
    let body: { Messages?: unknown };
    try {
      body = JSON.parse(text) as { Messages?: unknown };
    } catch {
      return reply(400, { ErrorIdentifier: randomUUID(), ErrorCode: 'mj-0031', ErrorMessage: 'Malformed JSON', StatusCode: 400 });
    }
    record.body = keepBodies ? body : null;
    const messages = Array.isArray(body.Messages) ? (body.Messages as Record<string, unknown>[]) : null;
    record.messages = messages?.length ?? 0;
    if (!messages || messages.length === 0 || messages.length > MAX_MESSAGES) {
      return reply(400, {
        ErrorIdentifier: randomUUID(),
        ErrorCode: 'mj-0002',
        ErrorMessage: `Messages must hold 1 to ${MAX_MESSAGES} messages`,
        StatusCode: 400,
      });
    }
    const script = takeScript('send');
    if (script?.accept) messages.forEach((message) => process(message));
    if (script && !script.hold) {
      const headers: Record<string, string> = script.retryAfter === undefined ? {} : { 'Retry-After': String(script.retryAfter) };
      return reply(script.status, script.body ?? { ErrorMessage: `scripted ${script.status}`, StatusCode: script.status }, headers);
    }
    const results = messages.map((message) => process(message));
    if (script?.hold) {
      record.status = 'held';
      held.add(res);
      return;
    }
    const answer = () => reply(results.some((r) => r.Status === 'error') ? 400 : 200, { Messages: results });
    if (options.latencyMs) setTimeout(answer, options.latencyMs);
    else answer();
  }

  /**
   * GET /v3/REST/message (https://dev.mailjet.com/reference/email/messages/): filters `CustomID`, `FromTS`,
   * `ToTS` (messages sent after / before, Unix seconds or an RFC 3339 time), `Limit` (default 10, at most
   * 1,000) and `Offset`; the envelope `{Count, Data, Total}` (node-mailjet 6.0.11, `Common.Response`). Only
   * messages past `indexLagMs` are listed.
   */
  function listMessages(params: URLSearchParams): { Count: number; Data: Record<string, unknown>[]; Total: number } {
    const time = (name: string) => {
      const value = params.get(name);
      if (value === null || value === '') return null;
      return /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    };
    const customId = params.get('CustomID');
    const [from, to] = [time('FromTS'), time('ToTS')];
    const indexed = accepted.filter((m) => Date.now() - m.at >= indexLagMs);
    const matches = customId
      ? [byCustomId.get(customId)].filter((m): m is AcceptedMessage => m !== undefined && indexed.includes(m))
      : indexed.filter((m) => (from === null || m.at >= from) && (to === null || m.at <= to));
    const limit = Math.min(Number(params.get('Limit') ?? 10) || 10, 1_000);
    const offset = Number(params.get('Offset') ?? 0) || 0;
    const showCustomId = customId !== null || params.get('ShowCustomID') === 'true';
    const data = matches.slice(offset, offset + limit).map((m) => messageRow(m, showCustomId));
    return { Count: data.length, Data: data, Total: matches.length };
  }

  /** A row of the message resource, with the fields of node-mailjet 6.0.11's `Message.Message` (declarations/types/api/Message.d.ts). */
  function messageRow(m: AcceptedMessage, showCustomId: boolean): Record<string, unknown> {
    return {
      ID: big(m.messageId),
      ArrivedAt: new Date(m.at).toISOString(),
      AttemptCount: 0,
      ContactAlt: m.to,
      ContactID: 0,
      Delay: 0,
      DestinationID: 0,
      FilterTime: 0,
      MessageSize: 0,
      SenderID: 0,
      SpamassassinScore: 0,
      SpamassRules: '',
      StateID: m.stateId ?? 0,
      StatePermanent: m.status === 'hardbounced' || m.status === 'blocked',
      Status: m.status,
      Subject: m.subject,
      UUID: m.messageId,
      ...(showCustomId ? { CustomID: m.customId } : {}),
    };
  }

  function process(message: Record<string, unknown>): Record<string, unknown> {
    const to = (message.To as { Email?: unknown }[] | undefined)?.[0]?.Email;
    const email = typeof to === 'string' ? to : '';
    if (!PLAUSIBLE_ADDRESS.test(email) || invalidRecipients.has(email)) {
      return {
        Status: 'error',
        Errors: [
          {
            ErrorIdentifier: randomUUID(),
            ErrorCode: 'mj-0013',
            StatusCode: 400,
            ErrorMessage: `"${email}" is an invalid email address.`,
            ErrorRelatedTo: ['To[0].Email'],
          },
        ],
      };
    }
    const messageId = String(nextId++);
    const customId = typeof message.CustomID === 'string' ? message.CustomID : '';
    const entry: AcceptedMessage = {
      messageId,
      customId,
      to: email,
      subject: typeof message.Subject === 'string' ? message.Subject : '',
      status: 'sent',
      stateId: null,
      message: keepBodies ? message : {},
      at: Date.now(),
    };
    accepted.push(entry);
    if (customId) byCustomId.set(customId, entry);
    return {
      Status: 'success',
      CustomID: customId,
      To: [{ Email: email, MessageUUID: randomUUID(), MessageID: big(messageId), MessageHref: `https://api.mailjet.com/v3/REST/message/${messageId}` }],
      Cc: [],
      Bcc: [],
    };
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    apiSecret,
    requests,
    accepted,
    invalidRecipients,
    sendRequests: () => requests.filter((r) => r.method === 'POST' && r.path.includes('/send')),
    lookups: () => requests.filter((r) => r.method === 'GET' && /\/message/i.test(r.path)),
    message: (customId) => byCustomId.get(customId),
    script: (...responses) => void scripted.push(...responses),
    setStatus(customId, status, stateId) {
      const message = byCustomId.get(customId);
      if (!message) throw new Error(`the fake Mailjet has no message with CustomID ${customId}`);
      message.status = status;
      message.stateId = stateId ?? null;
    },
    async waitFor(condition, timeoutMs = 15_000, what = 'the fake Mailjet') {
      const deadline = Date.now() + timeoutMs;
      while (!condition()) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    release() {
      for (const res of held) res.socket?.destroy();
      held.clear();
    },
    async close() {
      for (const res of held) res.socket?.destroy();
      held.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const BIG = '\u0000big:';

/** Marks an integer that must be written as a bare JSON number, however large. */
function big(decimal: string): string {
  return `${BIG}${decimal}`;
}

function bigIntJson(value: unknown): string {
  return JSON.stringify(value).replace(/"\\u0000big:(\d+)"/g, '$1');
}
