/**
 * Stoplight Prism, in-process, serving one of the package's specs: `import { startMockServer } from
 * 'switchboard/testing'` in your own tests, and what `npm start`, `switchboard mock` and Switchboard's own tests
 * use. In-process rather than the `prism` CLI: no child processes to leak, the port is known when `start`
 * resolves, and port 0 gives each run a free one. Needs the optional peer dependencies @stoplight/prism-http,
 * @stoplight/prism-http-server and @stoplight/prism-core. A request the spec forbids is refused (HTTP 400 or 422)
 * with the reasons in the `sl-violations` header, which Switchboard's errors repeat in their message.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { getHttpOperationsFromSpec } from '@stoplight/prism-http';
import { createServer } from '@stoplight/prism-http-server';
import { createLogger } from '@stoplight/prism-core';

/** The package's specs/: beside src/ in the repository, beside dist/ in the published package. */
function specsDir(): string {
  for (let dir = import.meta.dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'specs', 'cm.yaml'))) return path.join(dir, 'specs');
  }
  throw new Error('switchboard/testing: cannot find the package\'s specs/ folder');
}

/** The providers the package has a spec (and so a mock) for. */
export const PROVIDERS = ['cm', 'comapi', 'webex'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** The environment variable each client's examples read their base URL from. */
export function baseUrlEnvVar(provider: string): string {
  return `SWITCHBOARD_${provider.toUpperCase()}_BASE_URL`;
}

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
  const operations = await getHttpOperationsFromSpec(path.join(specsDir(), `${provider}.yaml`));
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
