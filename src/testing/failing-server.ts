/**
 * A provider in an outage, for seeing failover work (`startMockServer(provider, { fail })`, `switchboard mock
 * --fail`, `npm start`): every request is answered with the same failure. No Prism: an outage has no spec.
 *
 * - `unavailable`: 503 with `Retry-After`, the answer every client and the router read as "nothing was accepted":
 *   a router fails over to its next provider.
 * - `error`: 500, which may follow an accepted send: a router does not fail over, and reports "unknown".
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type MockFailure = 'unavailable' | 'error';

export const MOCK_FAILURES: readonly MockFailure[] = ['unavailable', 'error'];

export interface FailingServer {
  url: string;
  close(): Promise<void>;
}

export async function startFailingServer(
  provider: string,
  failure: MockFailure,
  host: string,
  port: number,
): Promise<FailingServer> {
  const server = createServer((req, res) => {
    // The body is read and dropped, so the client's request completes as it would against a real server.
    req.resume();
    req.on('end', () => {
      const body = JSON.stringify({
        message: `switchboard mock: ${provider} is failing on purpose (fail: ${failure})`,
      });
      res.writeHead(failure === 'unavailable' ? 503 : 500, {
        'content-type': 'application/json',
        ...(failure === 'unavailable' ? { 'retry-after': '30' } : {}),
      });
      res.end(body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
