import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The platform's PayTR callback as mstfkrdnz/youarecoder answers it (app/routes/billing.py `payment_callback`,
 * app/services/paytr_service.py `process_payment_callback`): `OK` with 200 once processed, `Payment not found`
 * with 404 for an order it does not know, `Invalid hash` with 400. `hang` answers never (a platform that is down
 * behind a proxy that holds the connection).
 */
export type PlatformMode = 'ok' | 'not_found' | 'hang';

export interface FakePlatformCallback {
  url: string;
  /** The bodies received, byte for byte. */
  received: string[];
  mode: PlatformMode;
  close(): Promise<void>;
}

export async function startFakePlatformCallback(mode: PlatformMode = 'ok'): Promise<FakePlatformCallback> {
  const held: ServerResponse[] = [];
  const platform: FakePlatformCallback = {
    url: '',
    received: [],
    mode,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      platform.received.push(Buffer.concat(chunks).toString('utf8'));
      if (req.method !== 'POST' || req.url !== '/billing/callback') return void res.writeHead(404).end('Not Found');
      if (platform.mode === 'hang') return void held.push(res);
      if (platform.mode === 'not_found') return void res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('Payment not found');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('OK');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  platform.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/billing/callback`;
  return platform;
}
