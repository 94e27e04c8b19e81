#!/usr/bin/env node
/**
 * The `switchboard` command. Exit codes: 0 success, 1 runtime failure (a port in use, Prism not installed), 2 usage
 * error (unknown command, provider or option; missing credentials or file), 3 (send) some messages not accepted,
 * 130 (send) interrupted. Only `mock` and `send --mock` load Prism, when they run.
 */
import { CliFailure, describeFailure, EXIT, isParseArgsError, packageVersion, UsageError } from './common.ts';
import { MOCK_USAGE, mockCommand } from './mock.ts';
import { SEGMENTS_USAGE, segmentsCommand } from './segments.ts';
import { SEND_USAGE, sendCommand } from './send.ts';

const USAGE = `Usage: switchboard <command> [options]

Commands:
  mock [cm|comapi|webex ...]   Start the Prism mock server of each named provider (all by default)
  send --provider P ...        Send a message, or a JSON Lines file of them, to the provider's API
                               (or to the embedded mock with --mock)
  segments <text>              Count the SMS segments and the encoding of a text
  help [command]               Show this help, or a command's

Options:
  --help, -h                   Show this help
  --version, -v                Print the version

Exit codes: 0 success (send: every message accepted), 1 runtime failure, 2 usage error,
3 (send) some messages not accepted, 130 (send) interrupted with Ctrl-C.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'mock':
      return mockCommand(rest);
    case 'send':
      return sendCommand(rest);
    case 'segments':
      return segmentsCommand(rest);
    case '--version':
    case '-v':
    case 'version':
      console.log(packageVersion());
      return EXIT.ok;
    case undefined:
    case 'help':
    case '--help':
    case '-h': {
      const topic = rest[0];
      const usages: Record<string, string> = { mock: MOCK_USAGE, send: SEND_USAGE, segments: SEGMENTS_USAGE };
      if (topic !== undefined && !Object.hasOwn(usages, topic))
        throw new UsageError(`no help for ${JSON.stringify(topic)}: commands are mock, send, segments`, USAGE);
      console.log(topic === undefined ? USAGE : usages[topic]);
      return EXIT.ok;
    }
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`, USAGE);
  }
}

/** Writes what is buffered for stdout and stderr (pipes may be asynchronous), then exits. */
function exit(code: number): void {
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || !stream.writable) done();
    else stream.write('', () => done());
  }
  // A stream that never drains (a reader that stopped reading) must not keep the process alive.
  setTimeout(() => process.exit(code), 2000).unref();
}

// A closed stdout (`| head`) must not crash the command; `send` notices it and stops sending.
process.stdout.on('error', () => undefined);

main(process.argv.slice(2)).then(exit, (error: unknown) => {
  if (error instanceof UsageError || isParseArgsError(error)) {
    const usage = error instanceof UsageError ? error.usage : USAGE;
    console.error(`switchboard: ${error.message}${usage ? `\n\n${usage}` : ''}`);
    exit(EXIT.usage);
    return;
  }
  console.error(`switchboard: ${error instanceof CliFailure ? error.message : describeFailure(error)}`);
  exit(EXIT.failure);
});
