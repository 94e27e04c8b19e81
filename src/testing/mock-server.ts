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
import type { createServer as CreatePrismServer } from '@stoplight/prism-http-server';
import { SwitchboardError, ValidationError } from '../core/errors/index.ts';
import { isPlainObject, readingInput } from '../core/input.ts';

const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'];

/** The optional peer dependencies the mock servers need, at the versions Switchboard is tested with. */
export const PRISM_PACKAGES = ['@stoplight/prism-http@5.12.0', '@stoplight/prism-http-server@5.12.2', '@stoplight/prism-core@5.8.0'] as const;

/** Prism is missing: the optional peer dependencies were not installed. */
export class MockServerUnavailableError extends SwitchboardError {
  override readonly name = 'MockServerUnavailableError';
}

/**
 * Prism, loaded at the first mock server rather than with the module, so that importing `switchboard/testing` (or
 * running any other `switchboard` command) works without the optional packages.
 */
async function loadPrism() {
  try {
    const [http, server, core] = await Promise.all([import('@stoplight/prism-http'), import('@stoplight/prism-http-server'), import('@stoplight/prism-core')]);
    return { getHttpOperationsFromSpec: http.getHttpOperationsFromSpec, createServer: server.createServer, createLogger: core.createLogger };
  } catch (error) {
    throw new MockServerUnavailableError(
      `The mock servers need Stoplight Prism, an optional peer dependency: npm install --save-dev ${PRISM_PACKAGES.join(' ')}`,
      { cause: error },
    );
  }
}

function readMockOptions(options: unknown): MockServerOptions {
  const context = 'Invalid mock server options';
  return readingInput(context, () => {
    if (!isPlainObject(options)) throw new ValidationError([{ path: 'options', message: 'must be an object' }], context);
    const { port, host, dynamic, logLevel } = options as MockServerOptions;
    const issues = [];
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535)) issues.push({ path: 'port', message: 'must be a port number (0 picks a free one)' });
    if (host !== undefined && (typeof host !== 'string' || host.length === 0)) issues.push({ path: 'host', message: 'must be a host name or address' });
    if (dynamic !== undefined && typeof dynamic !== 'boolean') issues.push({ path: 'dynamic', message: 'must be true or false' });
    if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel)) issues.push({ path: 'logLevel', message: `must be one of ${LOG_LEVELS.join(', ')}` });
    if (issues.length > 0) throw new ValidationError(issues, context);
    return { port, host, dynamic, logLevel };
  });
}

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
  return `SWITCHBOARD_${knownProvider(provider).toUpperCase()}_BASE_URL`;
}

function knownProvider(provider: unknown): Provider {
  if (!(PROVIDERS as readonly unknown[]).includes(provider)) {
    throw new ValidationError([{ path: 'provider', message: `must be one of ${PROVIDERS.join(', ')}` }], 'Unknown provider');
  }
  return provider as Provider;
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

export async function startMockServer(provider: string, mockOptions: MockServerOptions = {}): Promise<MockServer> {
  knownProvider(provider);
  const options = readMockOptions(mockOptions);
  const { getHttpOperationsFromSpec, createServer, createLogger } = await loadPrism();
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
  } as Parameters<typeof CreatePrismServer>[1]);
  const url = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return {
    provider,
    url: url.replace(/\/+$/, ''),
    close: () => server.close(),
  };
}
