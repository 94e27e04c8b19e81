/**
 * Stoplight Prism, in-process, serving one of the package's specs: `import { startMockServer } from
 * 'switchboard/testing'` in your own tests, and what `npm start`, `switchboard mock` and Switchboard's own tests
 * use. In-process rather than the `prism` CLI: no child processes to leak, the port is known when `start`
 * resolves, and port 0 gives each run a free one. Needs the optional peer dependencies @stoplight/prism-http,
 * @stoplight/prism-http-server and @stoplight/prism-core. A request the spec forbids is refused (HTTP 400 or 422)
 * with the reasons in the `sl-violations` header, which Switchboard's errors repeat in their message.
 *
 * The send operations answer what was sent: Prism still validates the request, checks security, honours `Prefer`
 * and picks the answer (an example, or one generated with `dynamic`); a success answer is then shaped by the request
 * (`send-answers.ts`: one CM entry per recipient, one Comapi batch entry per message, fresh message ids, the
 * Webex `correlationId` echoed), through Prism's own `mock` component, so Prism validates the shaped answer too.
 * Error answers, and any answer a request asked for by name (`Prefer: example=…`), are left as Prism made them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { PrismHttpComponents } from '@stoplight/prism-http';
import type { createServer as CreatePrismServer } from '@stoplight/prism-http-server';
import { SwitchboardError, ValidationError } from '../core/errors/index.ts';
import { isPlainObject, readingInput } from '../core/input.ts';
import { PROVIDERS, type Provider } from '../core/providers.ts';
import { MOCK_FAILURES, startFailingServer, type MockFailure } from './failing-server.ts';
import { shapeSendAnswer } from './send-answers.ts';

const LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'];

/** The optional peer dependencies the mock servers need, at the versions Switchboard is tested with. */
export const PRISM_PACKAGES = [
  '@stoplight/prism-http@5.12.0',
  '@stoplight/prism-http-server@5.12.2',
  '@stoplight/prism-core@5.8.0',
] as const;

/** Prism is missing: the optional peer dependencies were not installed. */
export class MockServerUnavailableError extends SwitchboardError {
  override readonly name = 'MockServerUnavailableError';
}

/** A mock server could not listen on its host and port (`code` is Node's, e.g. `EADDRINUSE` for a port in use). */
export class MockServerListenError extends SwitchboardError {
  override readonly name = 'MockServerListenError';
  readonly code: string | undefined;
  readonly host: string;
  readonly port: number;

  constructor(provider: string, host: string, port: number, reason: unknown) {
    const detail = reason instanceof Error ? reason.message : String(reason);
    const code = (reason as { code?: unknown } | undefined)?.code ?? /\b(E[A-Z]{2,})\b/.exec(detail)?.[1];
    const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const why = code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'permission denied' : 'it failed';
    super(`The ${provider} mock server cannot listen on ${where}: ${why} (${detail})`, { cause: reason });
    this.code = typeof code === 'string' ? code : undefined;
    this.host = host;
    this.port = port;
  }
}

type MockComponent = PrismHttpComponents['mock'];

/**
 * Prism, loaded at the first mock server rather than with the module, so that importing `switchboard/testing` (or
 * running any other `switchboard` command) works without the optional packages. Prism's default mocker is not
 * exported from the package's entry point, so it is loaded by path (prism-http has no `exports` map; the peer
 * dependency is pinned).
 */
async function loadPrism() {
  try {
    const [http, server, core, mocker] = await Promise.all([
      import('@stoplight/prism-http'),
      import('@stoplight/prism-http-server'),
      import('@stoplight/prism-core'),
      import('@stoplight/prism-http/dist/mocker/index.js'),
    ]);
    // A CommonJS module: its `exports.default` is the mocker; the namespace's `default` is `module.exports`.
    const exported = mocker.default as unknown as MockComponent | { default: MockComponent };
    const mock = typeof exported === 'function' ? exported : exported.default;
    if (typeof mock !== 'function') throw new TypeError('@stoplight/prism-http/dist/mocker has no default mocker');
    return {
      getHttpOperationsFromSpec: http.getHttpOperationsFromSpec,
      createServer: server.createServer,
      createLogger: core.createLogger,
      mock,
    };
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
    if (!isPlainObject(options))
      throw new ValidationError([{ path: 'options', message: 'must be an object' }], context);
    const { port, host, dynamic, logLevel, fail } = options as MockServerOptions;
    const issues = [];
    if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535))
      issues.push({ path: 'port', message: 'must be a port number (0 picks a free one)' });
    if (host !== undefined && (typeof host !== 'string' || host.length === 0))
      issues.push({ path: 'host', message: 'must be a host name or address' });
    if (dynamic !== undefined && typeof dynamic !== 'boolean')
      issues.push({ path: 'dynamic', message: 'must be true or false' });
    if (logLevel !== undefined && !LOG_LEVELS.includes(logLevel))
      issues.push({ path: 'logLevel', message: `must be one of ${LOG_LEVELS.join(', ')}` });
    if (fail !== undefined && !MOCK_FAILURES.includes(fail))
      issues.push({ path: 'fail', message: `must be one of ${MOCK_FAILURES.join(', ')}` });
    if (issues.length > 0) throw new ValidationError(issues, context);
    return { port, host, dynamic, logLevel, fail };
  });
}

/** The package's specs/: beside src/ in the repository, beside dist/ in the published package. */
function specsDir(): string {
  for (let dir = import.meta.dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'specs', 'cm.yaml'))) return path.join(dir, 'specs');
  }
  throw new Error("switchboard/testing: cannot find the package's specs/ folder");
}

export { PROVIDERS, type Provider };

/** The environment variable each client's examples read their base URL from. */
export function baseUrlEnvVar(provider: string): string {
  return `SWITCHBOARD_${knownProvider(provider).toUpperCase()}_BASE_URL`;
}

function knownProvider(provider: unknown): Provider {
  if (!(PROVIDERS as readonly unknown[]).includes(provider)) {
    throw new ValidationError(
      [{ path: 'provider', message: `must be one of ${PROVIDERS.join(', ')}` }],
      'Unknown provider',
    );
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
  /**
   * Play a provider in an outage, to see failover work: `unavailable` answers every request 503 with Retry-After
   * (nothing accepted: a Switchboard router fails over), `error` answers 500 (it may have been accepted: the
   * router reports "unknown" and does not). Needs no Prism.
   */
  fail?: MockFailure;
}

/**
 * Prism's mocker, with the success answers of the send operations shaped by the request. Only a 2xx answer to a
 * request without errors, which the request did not ask for by name (`Prefer: example=…`), is shaped; the answer
 * object is copied, never changed (it may be the spec's example itself). Prism validates what this returns.
 */
function shapingMock(mock: MockComponent): MockComponent {
  return (opts) => (logger) => {
    const result = mock(opts)(logger);
    if (result._tag === 'Left' || opts.config.exampleKey !== undefined) return result;
    const response = result.right;
    if (response.statusCode < 200 || response.statusCode > 299) return result;
    if (opts.input.validations.some((validation) => validation.severity === 0 /* DiagnosticSeverity.Error */))
      return result;
    const body = shapeSendAnswer(opts.resource.method, opts.resource.path, opts.input.data.body, response.body);
    return body === undefined ? result : { ...result, right: { ...response, body } };
  };
}

/** Prism's URL, with an IPv6 address in brackets (Prism writes `http://::1:4010`). */
function serverUrl(url: string): string {
  const match = /^(https?:\/\/)(.*):(\d+)\/*$/.exec(url);
  if (!match) return url.replace(/\/+$/, '');
  const [, scheme, host, port] = match;
  return `${scheme}${host!.includes(':') && !host!.startsWith('[') ? `[${host}]` : host}:${port}`;
}

export async function startMockServer(provider: string, mockOptions: MockServerOptions = {}): Promise<MockServer> {
  knownProvider(provider);
  const options = readMockOptions(mockOptions);
  if (options.fail) {
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? 0;
    try {
      return { provider, ...(await startFailingServer(provider, options.fail, host, port)) };
    } catch (error) {
      throw new MockServerListenError(provider, host, port, error);
    }
  }
  const { getHttpOperationsFromSpec, createServer, createLogger, mock } = await loadPrism();
  const operations = await getHttpOperationsFromSpec(path.join(specsDir(), `${provider}.yaml`));
  const server = createServer(operations, {
    cors: true,
    components: { logger: createLogger('PRISM', { level: options.logLevel ?? 'silent' }), mock: shapingMock(mock) },
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
  const port = options.port ?? 0;
  const host = options.host ?? '127.0.0.1';
  let url: string;
  try {
    url = await server.listen(port, host);
  } catch (error) {
    // Prism rejects with the error's message alone (a string).
    throw new MockServerListenError(provider, host, port, error);
  }
  return {
    provider,
    url: serverUrl(url),
    close: () => server.close(),
  };
}
