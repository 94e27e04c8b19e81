/** The built `switchboard` command as a child process, and a slow loopback provider to send to. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import {
  json,
  providerAnswer,
  startLoopbackServer,
  type LoopbackServer,
  type RecordedRequest,
} from '../support/loopback-server.ts';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const cli = path.join(root, 'dist/bundle/node/cli.js');

export const CM_ENV = { CM_PRODUCT_TOKEN: '00000000-0000-0000-0000-000000000000' };
export const WEBEX_ENV = { WEBEX_SERVICE_KEY: 'service-key-1' };

export interface Running {
  child: ChildProcessWithoutNullStreams;
  /** Result lines parsed so far, as they arrived. */
  results: any[];
  stderr(): string;
  /** Resolves at the first result line on stdout. */
  firstResult: Promise<void>;
  exited: Promise<number | null>;
}

/** Runs the CLI, reading stdout as it comes. */
export function start(args: string[], env: Record<string, string>, cliPath = cli): Running {
  const child = spawn(process.execPath, [cliPath, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
  const results: any[] = [];
  let pending = '';
  let errors = '';
  let resolveFirst!: () => void;
  const firstResult = new Promise<void>((resolve) => (resolveFirst = resolve));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) if (line.trim()) results.push(parseLine(line));
    if (results.length > 0) resolveFirst();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, results, stderr: () => errors, firstResult, exited };
}

/** A result line; anything else on stdout (help text) as `{ text }`. */
function parseLine(line: string): any {
  try {
    return JSON.parse(line);
  } catch {
    return { text: line };
  }
}

export async function runToEnd(args: string[], env: Record<string, string>, cliPath = cli) {
  const running = start(args, env, cliPath);
  const code = await running.exited;
  return { code, results: running.results, stderr: running.stderr() };
}

/** A loopback provider that answers like the real one (test/support's providerAnswer) after `delayMs`. */
export async function slowProvider(delayMs: number): Promise<LoopbackServer> {
  return startLoopbackServer(
    (request, res) =>
      new Promise<void>((resolve) => setTimeout(() => (providerAnswer(request, res), resolve()), delayMs)),
  );
}

/** A loopback Webex that answers a v1 send with a message id made of the request's number. */
export async function fakeWebex(): Promise<LoopbackServer> {
  let n = 0;
  return startLoopbackServer((_request, res) => json(res, 202, { messageId: `w-${(n += 1)}` }));
}

/** The CM message bodies a request carried: the tests number them `m<line>`. */
export function cmContents(request: RecordedRequest): string[] {
  return JSON.parse(request.body).messages.msg.map((msg: { body: { content: string } }) => msg.body.content);
}

/** A CM JSON Lines file whose line N says `m<N>`. */
export function cmLines(count: number, bad: Record<number, string> = {}): string {
  return `${Array.from({ length: count }, (_, i) => bad[i + 1] ?? JSON.stringify({ from: 'Acme', to: '+447911123456', body: `m${i + 1}` })).join('\n')}\n`;
}
