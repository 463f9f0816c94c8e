import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Weather = { kind: 'healthy' } | { kind: 'down'; status: number } | { kind: 'rate-limited'; retryAfterSeconds: number };

export interface MailjetWeatherProxy {
  readonly url: string;
  weather: Weather;
  /** Answers given per status while not healthy (forwarded requests are not counted). */
  readonly refused: Map<number, number>;
  close(): Promise<void>;
}

/**
 * Stands between the notifier and the fake Mailjet and answers for it while the weather is bad: a 503
 * outage, or 429 with Retry-After, for every request (sends and lookups alike); healthy forwards.
 */
export async function startMailjetWeather(target: string): Promise<MailjetWeatherProxy> {
  const upstream = new URL(target);
  const refused = new Map<number, number>();
  const proxy: { weather: Weather } = { weather: { kind: 'healthy' } };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const weather = proxy.weather;
    if (weather.kind !== 'healthy') {
      req.resume();
      const status = weather.kind === 'down' ? weather.status : 429;
      refused.set(status, (refused.get(status) ?? 0) + 1);
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (weather.kind === 'rate-limited') headers['Retry-After'] = String(weather.retryAfterSeconds);
      res.writeHead(status, headers);
      res.end(JSON.stringify({ ErrorMessage: status === 429 ? 'Too Many Requests' : 'Service Unavailable', StatusCode: status }));
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get weather() {
      return proxy.weather;
    },
    set weather(value: Weather) {
      proxy.weather = value;
    },
    refused,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
