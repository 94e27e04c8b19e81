/**
 * `switchboard mock`: Stoplight Prism for each named provider's spec. switchboard/testing (and through it Prism) is
 * imported only when the command runs, so the other commands work without the optional Prism packages.
 */
import { parseArgs } from 'node:util';
import {
  baseUrlEnvVar,
  CliFailure,
  describeFailure,
  failureCode,
  isParseArgsError,
  isProvider,
  PROVIDERS,
  unknownProvider,
  UsageError,
  type Provider,
} from './common.ts';
import type { MockFailure } from '../testing/failing-server.ts';

export const MOCK_USAGE = `Usage: switchboard mock [cm|comapi|webex ...] [--port N] [--host H] [--dynamic] [--fail PROVIDER]

Starts Stoplight Prism for each named provider's spec (all by default), prints each base URL and the environment
variable Switchboard's examples read it from, and serves until Ctrl-C. Needs the optional packages
@stoplight/prism-http, @stoplight/prism-http-server and @stoplight/prism-core.

Options:
  --port N     First port; the next providers take N+1, N+2 … (default 4010; 0 picks free ports)
  --host H     Interface to listen on (default 127.0.0.1)
  --dynamic    Generate responses from the schemas instead of serving the specs' examples
  --fail P     Serve provider P as in an outage: every request answered 503 with Retry-After, which a
               Switchboard router reads as "not accepted" and fails over from (repeatable; no Prism needed)
  --help       Show this help

Exit codes: 0 stopped with Ctrl-C, 1 runtime failure (a port in use, Prism not installed), 2 usage error.`;

/** The embedded mock, or a CliFailure that says why not (Prism missing, the port taken) whatever Prism rejected with. */
export async function startMock(
  provider: Provider,
  options: { port?: number; host?: string; dynamic?: boolean; fail?: MockFailure } = {},
) {
  const host = options.host ?? '127.0.0.1';
  const where = options.port ? `port ${options.port} on ${host}` : `a free port on ${host}`;
  let testing: typeof import('../testing/index.ts');
  try {
    testing = await import('../testing/index.ts');
  } catch (error) {
    throw new CliFailure(`cannot load the mock servers (switchboard/testing): ${describeFailure(error)}`);
  }
  try {
    return await testing.startMockServer(provider, { ...options, host });
  } catch (error) {
    if (error instanceof testing.MockServerUnavailableError) throw new CliFailure(error.message);
    const code = failureCode(error);
    if (code === 'EADDRINUSE')
      throw new CliFailure(
        `cannot start the ${provider} mock: ${where} is already in use (pick another with --port, or 0 for a free one)`,
      );
    if (code === 'EACCES') throw new CliFailure(`cannot start the ${provider} mock: not allowed to listen on ${where}`);
    if (code === 'EADDRNOTAVAIL')
      throw new CliFailure(`cannot start the ${provider} mock on ${where}: no such address on this machine`);
    throw new CliFailure(`cannot start the ${provider} mock on ${where}: ${describeFailure(error)}`);
  }
}

const MOCK_OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  dynamic: { type: 'boolean' },
  fail: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function mockCommand(args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof MOCK_OPTIONS }>>;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: MOCK_OPTIONS,
    });
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(error.message, MOCK_USAGE);
    throw error;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(MOCK_USAGE);
    return 0;
  }
  const unknown = positionals.find((p) => !isProvider(p));
  if (unknown !== undefined) throw new UsageError(unknownProvider(unknown), MOCK_USAGE);
  const providers = (positionals.length > 0 ? positionals : [...PROVIDERS]) as Provider[];
  const failing = new Set<string>(values.fail ?? []);
  for (const name of failing) {
    if (!isProvider(name)) throw new UsageError(`--fail: ${unknownProvider(name)}`, MOCK_USAGE);
    if (!providers.includes(name)) throw new UsageError(`--fail ${name}: no ${name} mock is started`, MOCK_USAGE);
  }
  const firstPort = values.port === undefined ? 4010 : /^\d+$/.test(values.port) ? Number(values.port) : NaN;
  if (
    !Number.isInteger(firstPort) ||
    firstPort < 0 ||
    firstPort + (firstPort === 0 ? 0 : providers.length - 1) > 65535
  ) {
    throw new UsageError(`--port must be a port number, got ${JSON.stringify(values.port)}`, MOCK_USAGE);
  }

  const servers: Array<{ provider: string; url: string; close(): Promise<void> }> = [];
  const closeAll = () => Promise.allSettled(servers.map((server) => server.close()));
  try {
    for (const [index, provider] of providers.entries()) {
      const port = firstPort === 0 ? 0 : firstPort + index;
      servers.push(
        await startMock(provider, {
          port,
          ...(values.host !== undefined ? { host: values.host } : {}),
          ...(values.dynamic ? { dynamic: true } : {}),
          ...(failing.has(provider) ? { fail: 'unavailable' as const } : {}),
        }),
      );
    }
  } catch (error) {
    await closeAll();
    throw error;
  }
  for (const server of servers)
    console.log(
      `${server.provider.padEnd(8)} ${server.url}   ${baseUrlEnvVar(server.provider as Provider)}=${server.url}` +
        (failing.has(server.provider) ? '   (failing: 503 with Retry-After)' : ''),
    );
  console.log('Serving until Ctrl-C.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await closeAll();
  return 0;
}
