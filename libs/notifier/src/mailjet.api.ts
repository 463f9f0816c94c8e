import Mailjet from 'node-mailjet';
import { TransientMailError } from './mail.errors';

/** One message of a Send API v3.1 request. */
export interface MailjetMessage {
  From: { Email: string; Name?: string };
  To: { Email: string; Name?: string }[];
  Subject: string;
  TextPart?: string;
  HTMLPart?: string;
  TemplateID?: number;
  TemplateLanguage?: boolean;
  Variables?: Record<string, unknown>;
  CustomID: string;
  EventPayload?: string;
}

export type MessageOutcome = { ok: true; messageId: string | null } | { ok: false; error: string; permanent: boolean };

export type BatchOutcome =
  /** 200, or a 400 whose body holds a result per message: not a batch failure. */
  | { kind: 'per-message'; outcomes: MessageOutcome[] }
  | { kind: 'rate-limited'; retryAfterMs: number | null }
  /** maybeAccepted: false when Mailjet certainly did not take the messages (no connection, auth refused). */
  | { kind: 'transient'; error: string; maybeAccepted: boolean }
  /** The request as a whole was refused (4xx without per-message results). */
  | { kind: 'rejected'; error: string };

/** The two Mailjet calls the notifier makes. */
export interface MailjetApi {
  send(messages: readonly MailjetMessage[]): Promise<BatchOutcome>;
  /** Mailjet's MessageID of the message sent with this CustomID, or null; throws TransientMailError. */
  findByCustomId(customId: string): Promise<string | null>;
}

/**
 * One row of `GET /v3/REST/message` as the poll reads it. Fields as node-mailjet 6.0.11 types them
 * (`declarations/types/api/Message.d.ts`, interface `Message.Message`: `ID`, `Status`, `StateID`,
 * `ArrivedAt`; `CustomID` only with `ShowCustomID=true`, query type `GetMessageQueryParams`), the
 * resource documented at https://dev.mailjet.com/reference/email/messages/.
 */
export interface ListedMessage {
  /** `ID`: Mailjet's MessageID, as exact text. */
  id: string;
  /** `CustomID`: our dedup key for mails the notifier sent; null for the platform's own. */
  customId: string | null;
  /** `Status`: unknown, queued, sent, opened, clicked, bounce, spam, unsub, blocked, hardbounced, softbounced, deferred. */
  status: string;
  /** `StateID`: why a message was not delivered (enum `MessageState`, 1 = user unknown … 21 = spam reporter). */
  stateId: number | null;
  /** `ArrivedAt`: when Mailjet received it. */
  arrivedAt: string | null;
}

/** `GET /v3/REST/message?FromTS&ToTS&ShowCustomID=true&Limit&Offset`: the statuses of recently sent messages. */
export interface MailjetMessageList {
  listMessages(query: { from: Date; to: Date; offset: number; limit: number }): Promise<ListedMessage[]>;
}

export interface MailjetApiSettings {
  apiKey: string;
  apiSecret: string;
  /** e.g. https://api.mailjet.com, or a local fake. */
  apiUrl: string;
  timeoutMs: number;
}

interface MailjetFailure {
  statusCode?: number | null;
  code?: string;
  message?: string;
  response?: { status?: number; headers?: Record<string, unknown>; data?: unknown } | null;
}

interface SendBody {
  Messages?: {
    Status?: string;
    To?: { MessageID?: string | number }[];
    Errors?: { StatusCode?: number; ErrorCode?: string; ErrorMessage?: string }[];
  }[];
}

/**
 * node-mailjet over the Send API v3.1 and the message resource. node-mailjet parses bodies with
 * json-bigint (storeAsString), so MessageIDs above 2^53 arrive as exact strings; shorter ones as
 * numbers: both are kept as text.
 */
export class NodeMailjetApi implements MailjetApi, MailjetMessageList {
  private readonly client: ReturnType<typeof Mailjet.apiConnect>;

  constructor(settings: MailjetApiSettings) {
    const url = new URL(settings.apiUrl);
    // node-mailjet joins a fixed protocol with `host`; a plain-http URL (a local fake) needs the protocol switched.
    (Mailjet.Request as unknown as { protocol: string }).protocol = `${url.protocol}//`;
    const host = `${url.host}${url.pathname.replace(/\/+$/, '')}`;
    this.client = Mailjet.apiConnect(settings.apiKey, settings.apiSecret, {
      config: { host },
      options: { timeout: settings.timeoutMs },
    });
  }

  async send(messages: readonly MailjetMessage[]): Promise<BatchOutcome> {
    try {
      const { body } = await this.client.post('send', { version: 'v3.1' }).request({ Messages: messages });
      return (
        perMessage(body as SendBody, messages.length) ?? { kind: 'transient', error: 'mailjet 200 without a result per message', maybeAccepted: true }
      );
    } catch (error) {
      return classify(error as MailjetFailure, messages.length);
    }
  }

  async findByCustomId(customId: string): Promise<string | null> {
    try {
      const { body } = await this.client.get('message', { version: 'v3' }).request(undefined, { CustomID: customId, Limit: 1 });
      const id = (body as { Data?: { ID?: string | number }[] }).Data?.[0]?.ID;
      return id === undefined || id === null ? null : String(id);
    } catch (error) {
      const failure = error as MailjetFailure;
      if (failure.statusCode === 404) return null;
      // A 429's Retry-After becomes the nak delay when it is longer than the back-off.
      const retryAfter = (failure.statusCode ?? failure.response?.status) === 429 ? retryAfterMs(failure.response?.headers?.['retry-after']) : null;
      throw new TransientMailError(`mailjet message lookup failed: ${describe(failure)}`, { retryAfterMs: retryAfter ?? undefined });
    }
  }

  async listMessages({ from, to, offset, limit }: { from: Date; to: Date; offset: number; limit: number }): Promise<ListedMessage[]> {
    const query = { FromTS: Math.floor(from.getTime() / 1000), ToTS: Math.ceil(to.getTime() / 1000), ShowCustomID: true, Limit: limit, Offset: offset };
    try {
      const { body } = await this.client.get('message', { version: 'v3' }).request(undefined, query);
      return ((body as { Data?: RawListedMessage[] }).Data ?? []).map(toListedMessage);
    } catch (error) {
      const failure = error as MailjetFailure;
      const retryAfter = (failure.statusCode ?? failure.response?.status) === 429 ? retryAfterMs(failure.response?.headers?.['retry-after']) : null;
      throw new TransientMailError(`mailjet message list failed: ${describe(failure)}`, { retryAfterMs: retryAfter ?? undefined, maybeAccepted: false });
    }
  }
}

interface RawListedMessage {
  ID?: string | number;
  CustomID?: string;
  Status?: string;
  StateID?: number | string;
  ArrivedAt?: string;
}

function toListedMessage(row: RawListedMessage): ListedMessage {
  const stateId = row.StateID === undefined || row.StateID === null || row.StateID === '' ? null : Number(row.StateID);
  return {
    id: String(row.ID ?? ''),
    customId: row.CustomID?.trim() || null,
    status: String(row.Status ?? 'unknown').toLowerCase(),
    stateId: stateId !== null && Number.isFinite(stateId) && stateId > 0 ? stateId : null,
    arrivedAt: row.ArrivedAt ?? null,
  };
}

function perMessage(body: SendBody | undefined, expected: number): { kind: 'per-message'; outcomes: MessageOutcome[] } | null {
  const results = body?.Messages;
  if (!Array.isArray(results) || results.length !== expected) return null;
  return {
    kind: 'per-message',
    outcomes: results.map((result): MessageOutcome => {
      if (result.Status === 'success') {
        const id = result.To?.[0]?.MessageID;
        return { ok: true, messageId: id === undefined || id === null ? null : String(id) };
      }
      const errors = result.Errors ?? [];
      const text = errors.map((e) => `mailjet ${e.StatusCode ?? '?'} ${e.ErrorCode ?? ''}: ${e.ErrorMessage ?? 'error'}`.replace(' :', ':')).join('; ');
      const transient = errors.some((e) => e.StatusCode === undefined || e.StatusCode === 429 || e.StatusCode >= 500);
      return { ok: false, error: text || `mailjet status ${result.Status ?? 'missing'}`, permanent: !transient };
    }),
  };
}

const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function classify(failure: MailjetFailure, expected: number): BatchOutcome {
  const status = failure.statusCode ?? failure.response?.status ?? null;
  if (status === 400) {
    const results = perMessage(failure.response?.data as SendBody | undefined, expected);
    if (results) return results;
  }
  return classifyStatus(status, failure.code, () => describe(failure), failure.response?.headers?.['retry-after']);
}

/**
 * docs/notifier.md, "What Mailjet's answers mean": a 4xx (other than a 400 with per-message results) means
 * Mailjet took nothing; no answer after connecting (a timeout, a reset) or a 5xx leaves the outcome unknown.
 */
export function classifyStatus(status: number | null, code: string | undefined, error: () => string, retryAfter?: unknown): BatchOutcome {
  if (status === 429) return { kind: 'rate-limited', retryAfterMs: retryAfterMs(retryAfter) };
  // never connected: no request reached Mailjet
  if (status === null) return { kind: 'transient', error: error(), maybeAccepted: !NOT_CONNECTED.has(code ?? '') };
  if (status >= 500) return { kind: 'transient', error: error(), maybeAccepted: true };
  // refused for the credentials or a request that did not arrive in time: nothing taken, worth retrying as is
  if (status === 401 || status === 403 || status === 408) return { kind: 'transient', error: error(), maybeAccepted: false };
  return { kind: 'rejected', error: error() };
}

/** Never the error object itself: its `config` carries the API credentials. */
function describe(failure: MailjetFailure): string {
  const status = failure.statusCode ?? failure.response?.status;
  if (!status) {
    const timedOut = failure.code === 'ECONNABORTED' || failure.code === 'ETIMEDOUT';
    return timedOut ? `mailjet did not answer in time (${failure.code})` : `mailjet unreachable (${failure.code ?? 'no response'})`;
  }
  const data = failure.response?.data as { ErrorMessage?: string; Message?: string } | undefined;
  const detail = data?.ErrorMessage ?? data?.Message ?? '';
  const hint = status === 401 || status === 403 ? ' (check MAILJET_API_KEY and MAILJET_API_SECRET)' : '';
  return `mailjet ${status}${detail ? `: ${detail}` : ''}${hint}`;
}

function retryAfterMs(header: unknown): number | null {
  if (typeof header !== 'string' || header.trim() === '') return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  // an HTTP-date: a real-time wait, like any back-off delay
  return Number.isNaN(at) ? null : Math.max(at - Date.now(), 0);
}
