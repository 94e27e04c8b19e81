#!/usr/bin/env node
/**
 * The `switchboard` command. Exit codes: 0 success (or stopped with Ctrl-C), 1 runtime failure (a port in use, a
 * mock that would not start), 2 usage error (unknown command, provider or option).
 */
import { parseArgs } from 'node:util';
import { baseUrlEnvVar, PROVIDERS, startMockServer, type MockServer } from '../testing/index.ts';
import { messageFromFlags, progressBar, readJsonLines, SEND_USAGE, sendAll, target, type Provider } from './send.ts';

const USAGE = `Usage: switchboard <command> [options]

Commands:
  mock [cm|comapi|webex ...]   Start the Prism mock server of each named provider (all by default)
  send --provider P ...        Send a message, or a JSON Lines file of them
  help [command]               Show this help, or a command's

Exit codes: 0 success, 1 runtime failure, 2 usage error, 3 (send) some messages not accepted.`;

const MOCK_USAGE = `Usage: switchboard mock [cm|comapi|webex ...] [--port N] [--host H] [--dynamic]

Starts Stoplight Prism for each named provider's spec (all by default), prints each base URL and the environment
variable Switchboard's examples read it from, and serves until Ctrl-C.

Options:
  --port N     First port; the next providers take N+1, N+2 … (default 4010; 0 picks free ports)
  --host H     Interface to listen on (default 127.0.0.1)
  --dynamic    Generate responses from the schemas instead of serving the specs' examples
  --help       Show this help`;

class UsageError extends Error {}

async function mock(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { port: { type: 'string' }, host: { type: 'string' }, dynamic: { type: 'boolean' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(MOCK_USAGE);
    return 0;
  }
  const providers = positionals.length > 0 ? positionals : [...PROVIDERS];
  const unknown = providers.filter((p) => !(PROVIDERS as readonly string[]).includes(p));
  if (unknown.length > 0) throw new UsageError(`unknown provider ${unknown.join(', ')} (known: ${PROVIDERS.join(', ')})`);
  const firstPort = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(firstPort) || firstPort < 0 || firstPort > 65535) throw new UsageError(`--port must be a port number, got ${values.port}`);

  const servers: MockServer[] = [];
  try {
    for (const [index, provider] of providers.entries()) {
      const port = firstPort === 0 ? 0 : firstPort + index;
      servers.push(await startMockServer(provider, { port, host: values.host, dynamic: values.dynamic }));
    }
  } catch (error) {
    await Promise.all(servers.map((server) => server.close()));
    throw error;
  }
  for (const server of servers) console.log(`${server.provider.padEnd(8)} ${server.url}   ${baseUrlEnvVar(server.provider)}=${server.url}`);
  console.log('Serving until Ctrl-C.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.all(servers.map((server) => server.close()));
  return 0;
}

async function send(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      provider: { type: 'string' },
      to: { type: 'string' },
      body: { type: 'string' },
      from: { type: 'string' },
      file: { type: 'string' },
      'base-url': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(SEND_USAGE);
    return 0;
  }
  const provider = values.provider as Provider | undefined;
  if (!provider || !(PROVIDERS as readonly string[]).includes(provider)) throw new UsageError(`--provider must be one of ${PROVIDERS.join(', ')}`);
  if (values.file === undefined && (values.to === undefined || values.body === undefined)) throw new UsageError('give --to and --body, or --file');
  if (values.file !== undefined && (values.to !== undefined || values.body !== undefined)) throw new UsageError('give --file or --to/--body, not both');

  const messages = values.file !== undefined ? await readJsonLines(values.file) : [messageFromFlags(provider, values.to!, values.body!, values.from)];
  const { baseUrl, env, mock } = await target(provider, values['base-url'], process.env);
  if (mock) process.stderr.write(`No base URL set: sending to the embedded ${provider} mock at ${mock.url}\n`);
  try {
    const results = await sendAll(provider, messages, env, baseUrl, (done, total) => {
      process.stderr.write(`\r${progressBar(done, total)}`);
    });
    process.stderr.write('\n');
    for (const result of results) console.log(JSON.stringify(result));
    return results.every((result) => result.ok) ? 0 : 3;
  } finally {
    await mock?.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'mock':
      return mock(rest);
    case 'send':
      return send(rest);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(rest[0] === 'mock' ? MOCK_USAGE : rest[0] === 'send' ? SEND_USAGE : USAGE);
      return 0;
    default:
      throw new UsageError(`unknown command ${command}`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`switchboard: ${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(`switchboard: ${(error as { code?: string }).code === 'EADDRINUSE' ? `a port is in use (${(error as Error).message})` : (error as Error).message}`);
    process.exit(1);
  },
);
