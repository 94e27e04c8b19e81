/**
 * Stoplight Prism, in-process, serving one spec: used by `npm start` and by the tests' globalSetup.
 * In-process rather than the `prism` CLI: no child processes to leak, the port is known when `start`
 * resolves, and port 0 gives each test run a free one.
 */
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';
import { createLogger } from '@stoplight/prism-core';
import { specFile } from './specs.ts';

export interface MockServer {
  provider: string;
  /** `http://127.0.0.1:<port>`: the base URL to give the provider's client. */
  url: string;
  close(): Promise<void>;
}

export interface MockServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Generate responses from the schemas instead of serving the spec's examples. */
  dynamic?: boolean;
  /** Prism's log level; `silent` by default. */
  logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
}

export async function startMockServer(provider: string, options: MockServerOptions = {}): Promise<MockServer> {
  const operations = await getHttpOperationsFromSpec(specFile(provider));
  const server = createServer(operations, {
    cors: true,
    components: { logger: createLogger('PRISM', { level: options.logLevel ?? 'silent' }) },
    config: {
      mock: { dynamic: options.dynamic ?? false },
      // Requests the spec forbids are refused; responses that break it become errors, not silent passes.
      validateRequest: true,
      validateResponse: true,
      checkSecurity: true,
      errors: true,
      isProxy: false,
      upstreamProxy: undefined,
    },
  } as Parameters<typeof createServer>[1]);
  const url = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    provider,
    url: url.replace(/\/+$/, ''),
    close: () => server.close(),
  };
}
