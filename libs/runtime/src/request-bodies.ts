import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * What request bodies a service reads: each webhook at most what its provider sends, in its provider's
 * format, and every other route none at all. A body over its limit is refused with 413 from its
 * Content-Length, or as soon as the bytes read pass the limit; it is never read whole, nor waited for.
 */
export interface BodyRule {
  /** The exact path, e.g. `/webhooks/paytr`. */
  path: string;
  type: 'json' | 'urlencoded';
  /** Bytes. */
  limit: number;
  /** Checked before a byte of the body is read, e.g. a webhook's basic auth: a refusal, or undefined to go on. */
  gate?: (request: IncomingMessage) => Refusal | undefined;
}

export interface Refusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

/** A request that announces a body: a Content-Length above 0, or a chunked transfer. */
export function hasBody(request: IncomingMessage): boolean {
  return request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
}

export function refuse(response: Response, refusal: Refusal): void {
  // The unread rest of a refused body is not worth keeping the connection for.
  if (refusal.status === 413) response.setHeader('Connection', 'close');
  response.status(refusal.status).set(refusal.headers ?? {}).json({ statusCode: refusal.status, message: refusal.message });
}

/** 413 for a body where none belongs (operator surfaces, probes). */
export const noBody: RequestHandler = (request, response, next) =>
  hasBody(request) ? refuse(response, { status: 413, message: `${request.method} ${request.path} takes no request body` }) : next();

/** The one body middleware of a service app: its rules by path, no body anywhere else. */
export function requestBodies(rules: readonly BodyRule[]): RequestHandler {
  const byPath = new Map(rules.map((rule) => [rule.path, rule]));
  return (request: Request & { rawBody?: Buffer }, response: Response, next: NextFunction) => {
    const rule = byPath.get(request.path);
    if (!rule) return noBody(request, response, next);
    const refusal = rule.gate?.(request) ?? (hasBody(request) ? contentRefusal(request, rule) : undefined);
    if (refusal) return refuse(response, refusal);
    readLimited(request, rule).then(
      (raw) => {
        const parsed = parse(raw, rule);
        if ('refusal' in parsed) return refuse(response, parsed.refusal);
        // Webhooks verify signatures over, and forward, the exact bytes; Mailjet's MessageIDs exceed 2^53.
        request.rawBody = raw;
        request.body = parsed.body;
        next();
      },
      (refusal: Refusal) => refuse(response, refusal),
    );
  };
}

const TYPES = { json: /^application\/([\w.+-]+\+)?json$/, urlencoded: /^application\/x-www-form-urlencoded$/ };

/** The declared type, charset, encoding and length, before anything is read. */
function contentRefusal(request: IncomingMessage, rule: BodyRule): Refusal | undefined {
  const [type = '', ...params] = (request.headers['content-type'] ?? '').split(';').map((part) => part.trim().toLowerCase());
  const expected = rule.type === 'json' ? 'application/json' : 'application/x-www-form-urlencoded';
  if (!TYPES[rule.type].test(type)) return { status: 415, message: `${rule.path} takes ${expected}` };
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '');
  if (charset && charset !== 'utf-8' && charset !== 'utf8') return { status: 415, message: `${rule.path} takes UTF-8, not ${charset}` };
  const encoding = request.headers['content-encoding'];
  if (encoding && encoding !== 'identity') return { status: 415, message: `${rule.path} takes no ${encoding} encoding` };
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > rule.limit) return tooLarge(rule);
  return undefined;
}

function tooLarge(rule: BodyRule): Refusal {
  return { status: 413, message: `the body of ${rule.path} may be at most ${rule.limit} bytes` };
}

/** The body, or a 413 as soon as more than the rule's limit arrived (the rest is never read). */
function readLimited(request: IncomingMessage, rule: BodyRule): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > rule.limit) {
        cleanup();
        request.pause();
        return reject(tooLarge(rule));
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject({ status: 400, message: `the body could not be read: ${error.message}` } satisfies Refusal);
    };
    const cleanup = () => {
      request.off('data', onData).off('end', onEnd).off('error', onError).off('aborted', onAborted);
    };
    const onAborted = () => onError(new Error('the client aborted the request'));
    request.on('data', onData).on('end', onEnd).on('error', onError).on('aborted', onAborted);
  });
}

/** At most this many fields in a form (PayTR sends about a dozen). */
const MAX_FORM_FIELDS = 100;

function parse(raw: Buffer, rule: BodyRule): { body: unknown } | { refusal: Refusal } {
  const text = raw.toString('utf8');
  if (rule.type === 'json') {
    try {
      return { body: text === '' ? undefined : (JSON.parse(text) as unknown) };
    } catch {
      return { refusal: { status: 400, message: `the body of ${rule.path} is not valid JSON` } };
    }
  }
  const fields = new URLSearchParams(text);
  if ([...fields.keys()].length > MAX_FORM_FIELDS) return { refusal: { status: 400, message: `the form of ${rule.path} has more than ${MAX_FORM_FIELDS} fields` } };
  return { body: Object.fromEntries(fields) };
}
