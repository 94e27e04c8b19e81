/**
 * `switchboard send`: one message from flags, or a JSON Lines file of them, through a provider's client, to the
 * provider's real API unless told otherwise (--base-url, SWITCHBOARD_<PROVIDER>_BASE_URL, or --mock for the embedded
 * Prism mock). Results stream out as JSON Lines as each request settles; Ctrl-C stops sending and lets the requests
 * in flight settle; --resume skips what an earlier run's output reports accepted.
 */
import { createHash } from 'node:crypto';
import { fstatSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { CM_DEFAULT_BASE_URL, CmClient, MAX_ITEMS_PER_REQUEST as CM_MAX_ITEMS_PER_REQUEST } from '../cm/index.ts';
import {
  COMAPI_DEFAULT_BASE_URL,
  ComapiClient,
  MAX_ITEMS_PER_REQUEST as COMAPI_MAX_ITEMS_PER_REQUEST,
} from '../comapi/index.ts';
import { ValidationError } from '../core/errors/index.ts';
import { WEBEX_REGIONS, WebexClient } from '../webex/index.ts';
import {
  baseUrlEnvVar,
  describeFailure,
  EXIT,
  fileErrorText,
  isParseArgsError,
  isProvider,
  PROVIDERS,
  unknownProvider,
  UsageError,
  type Provider,
} from './common.ts';
import { DEMO_CREDENTIALS } from '../testing/demo-credentials.ts';
import { startMock } from './mock.ts';
import { autoProviders, autoStrategy, routerSender, type RecipientLine } from './send-auto.ts';

export const SEND_USAGE = `Usage: switchboard send --provider cm|comapi|webex|auto (--to NUMBER --body TEXT [--from SENDER] | --file FILE.jsonl)
                        [--base-url URL | --mock] [--resume OUT.jsonl [--resend-unknown]]
                        [--batch-size N] [--concurrency N]
                        [--providers LIST] [--strategy failover|round-robin] [--fail PROVIDER]   (auto)

Sends one message, or every line of a JSON Lines file (each line one message in the provider's own shape:
CmMessage, ComapiMessage or Webex's SendSmsRequest), to the provider's real API unless told otherwise.

--provider auto routes through a Switchboard router instead: over every provider whose credentials are set (in
the order cm, comapi, webex), or those --providers names (cm,webex), each through its own base URL variable or
--mock. Each line is then { "from", "to" (one number or several), "text", "reference"? }, and a message goes to
the next provider only when the previous one surely did not accept it (README: "Sending through several
providers"). Each result line lists, per recipient, the provider that took it and every attempt.
  --providers LIST    the providers to route between, in failover order (default: all with credentials)
  --strategy S        failover (default) or round-robin
  --fail PROVIDER     with --mock: that provider's mock answers every request 503 with Retry-After, as in an
                      outage, so the failover can be seen (repeatable)

Where to:
  (default)           the provider's API: ${CM_DEFAULT_BASE_URL}, ${COMAPI_DEFAULT_BASE_URL},
                      Webex's https://api.<WEBEX_REGION>.webexconnect.io
  --base-url URL      another base URL (also SWITCHBOARD_CM_BASE_URL, SWITCHBOARD_COMAPI_BASE_URL,
                      SWITCHBOARD_WEBEX_BASE_URL); plain http only on loopback
  --mock              the embedded Prism mock (needs the optional @stoplight/prism-* packages); demo
                      credentials when none are set

Credentials (environment; never printed):
  cm       CM_PRODUCT_TOKEN
  comapi   COMAPI_API_SPACE_ID and COMAPI_TOKEN
  webex    WEBEX_SERVICE_KEY, or WEBEX_JWT, or WEBEX_SERVICE_ID and WEBEX_SERVICE_SECRET;
           and WEBEX_REGION (${WEBEX_REGIONS.join(', ')}) unless a base URL is given

Output: one JSON line per message on stdout, written as soon as its request settles (in completion order):
  {"line":3,"ok":true,"outcome":"accepted","ids":["..."]}     ("index":0 for --to/--body)
  {"line":4,"ok":false,"outcome":"rejected"|"unknown","error":{"name","message","code","status"}}
"rejected": not accepted (sending it again cannot duplicate it). "unknown": the request may have reached the
provider (a timeout, a 5xx); check before sending it again. A line that is not valid JSON is rejected alone. A summary goes to stderr,
with a progress bar when stderr is a terminal.

Options:
  --file FILE         JSON Lines input; empty lines are skipped, line numbers count from 1
  --resume OUT        skip the lines an earlier run's output OUT reports "accepted" (repeatable: one per run);
                      lines it reports "unknown" are skipped too, unless --resend-unknown
  --resend-unknown    with --resume, send the lines reported "unknown" again (Webex deduplicates them: each line
                      carries an Idempotency-Key made of its line number and content; CM and Comapi do not)
  --batch-size N      messages per CM or Comapi request (default 100; at most 1000 for CM, 5000 for Comapi)
  --concurrency N     requests in flight at once (default 4)
  --help              show this help

Ctrl-C stops sending: requests in flight settle and their results are written (a second Ctrl-C aborts them;
those that may have reached the provider report "unknown"). Then rerun with --resume to send the rest:
  switchboard send --provider cm --file msgs.jsonl > run1.jsonl
  switchboard send --provider cm --file msgs.jsonl --resume run1.jsonl > run2.jsonl

Exit codes: 0 every message accepted, 1 runtime failure, 2 usage error (also missing credentials or file),
3 some messages not accepted, 130 interrupted (Ctrl-C or SIGTERM).`;

/** One message's outcome as printed: the same shape for every provider. */
export interface ResultLine {
  /** The input line (from 1), for --file. */
  line?: number;
  /** The message's index (0), for --to/--body. */
  index?: number;
  ok: boolean;
  outcome: 'accepted' | 'rejected' | 'unknown';
  ids?: string[];
  error?: { name: string; message: string; code?: unknown; status?: number };
  /** --provider auto: where each recipient went. */
  recipients?: RecipientLine[];
}

/** The demo credentials, as environment variables, used with --mock when the provider's own are not set. */
const DEMO: Record<Provider, Record<string, string>> = {
  cm: { CM_PRODUCT_TOKEN: DEMO_CREDENTIALS.cm.productToken },
  comapi: { COMAPI_API_SPACE_ID: DEMO_CREDENTIALS.comapi.apiSpaceId, COMAPI_TOKEN: DEMO_CREDENTIALS.comapi.token },
  webex: { WEBEX_SERVICE_KEY: DEMO_CREDENTIALS.webex.serviceKey },
};

const BATCH_LIMIT: Record<Provider, number> = {
  cm: CM_MAX_ITEMS_PER_REQUEST,
  comapi: COMAPI_MAX_ITEMS_PER_REQUEST,
  webex: 1,
};

/** Where a client option came from, to name it in an error instead of the client's property. */
const OPTION_SOURCES: Record<string, string> = {
  productToken: 'CM_PRODUCT_TOKEN',
  apiSpaceId: 'COMAPI_API_SPACE_ID',
  token: 'COMAPI_TOKEN',
  serviceKey: 'WEBEX_SERVICE_KEY',
  jwt: 'WEBEX_JWT',
  serviceId: 'WEBEX_SERVICE_ID',
  serviceSecret: 'WEBEX_SERVICE_SECRET',
  region: 'WEBEX_REGION',
};

type Env = Record<string, string | undefined>;

/** One message to send: its line (or index), and the parsed message or why it could not be parsed. */
export interface InputItem {
  key: number;
  message?: unknown;
  invalid?: string;
  /** Webex: the Idempotency-Key, from the line's number and content (file input only). */
  idempotencyKey?: string;
}

/** The streams and process hooks `send` uses; the real ones by default, fakes in tests. */
export interface SendIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: Env;
  /** Subscribes to interrupts (SIGINT, SIGTERM); returns the unsubscribe. */
  onInterrupt(handler: () => void): () => void;
}

function processIo(): SendIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}

function usage(message: string): UsageError {
  return new UsageError(message, SEND_USAGE);
}

function positiveInt(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > max)
    throw usage(`${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(value)}`);
  return n;
}

const set = (value: string | undefined): value is string => value !== undefined && value !== '';

/** The provider's credentials from the environment, as client options; a UsageError naming what is missing. */
export function credentialsFrom(provider: Provider, env: Env): Record<string, string> {
  if (provider === 'cm') {
    if (!set(env.CM_PRODUCT_TOKEN))
      throw new UsageError('no CM credentials: set CM_PRODUCT_TOKEN (or give --mock to send to the embedded mock)');
    return { productToken: env.CM_PRODUCT_TOKEN };
  }
  if (provider === 'comapi') {
    const missing = ['COMAPI_API_SPACE_ID', 'COMAPI_TOKEN'].filter((name) => !set(env[name]));
    if (missing.length > 0)
      throw new UsageError(
        `no Comapi credentials: set ${missing.join(' and ')} (or give --mock to send to the embedded mock)`,
      );
    return { apiSpaceId: env.COMAPI_API_SPACE_ID!, token: env.COMAPI_TOKEN! };
  }
  if (set(env.WEBEX_SERVICE_KEY)) return { serviceKey: env.WEBEX_SERVICE_KEY };
  if (set(env.WEBEX_JWT)) return { jwt: env.WEBEX_JWT };
  if (set(env.WEBEX_SERVICE_ID) || set(env.WEBEX_SERVICE_SECRET)) {
    const missing = ['WEBEX_SERVICE_ID', 'WEBEX_SERVICE_SECRET'].filter((name) => !set(env[name]));
    if (missing.length > 0) throw new UsageError(`incomplete Webex credentials: set ${missing.join(' and ')} too`);
    return { serviceId: env.WEBEX_SERVICE_ID!, serviceSecret: env.WEBEX_SERVICE_SECRET! };
  }
  throw new UsageError(
    'no Webex credentials: set WEBEX_SERVICE_KEY, or WEBEX_JWT, or WEBEX_SERVICE_ID and WEBEX_SERVICE_SECRET (or give --mock to send to the embedded mock)',
  );
}

/** Makes the client; a ValidationError in its options (a malformed token, an http URL) is a usage error naming its source. */
function makeClient(
  provider: Provider,
  credentials: Record<string, string>,
  location: { baseUrl?: string; region?: string },
  baseUrlSource: string,
) {
  try {
    if (provider === 'cm')
      return new CmClient({
        ...(credentials as { productToken: string }),
        ...(location.baseUrl ? { baseUrl: location.baseUrl } : {}),
      });
    if (provider === 'comapi')
      return new ComapiClient({
        ...(credentials as { apiSpaceId: string; token: string }),
        ...(location.baseUrl ? { baseUrl: location.baseUrl } : {}),
      });
    return new WebexClient({ ...credentials, ...location } as never); // built from the environment, checked by the client
  } catch (error) {
    if (error instanceof ValidationError) {
      // The issues' messages never contain the values, so a credential cannot leak through them.
      const issues = error.issues.map(
        (issue) =>
          `${issue.path === 'baseUrl' ? baseUrlSource : (OPTION_SOURCES[issue.path] ?? issue.path)} ${issue.message}`,
      );
      throw new UsageError(`invalid ${provider} settings: ${issues.join('; ')}`);
    }
    throw error;
  }
}

async function readInputFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${what}${file}: ${fileErrorText(error)}`);
  }
}

/** Webex's Idempotency-Key for a line: its number and a hash of its text, within Webex's 64 characters of [A-Za-z0-9_=-]. */
export function idempotencyKeyFor(line: number, text: string): string {
  return `sb-${line}-${createHash('sha256').update(text).digest('base64url').slice(0, 40)}`;
}

/** The messages of a JSON Lines text, by line number; a line that is not JSON is an item that fails alone. */
export function parseJsonLines(text: string, withKeys: boolean): InputItem[] {
  const items: InputItem[] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const key = i + 1;
    const item: InputItem = { key, ...(withKeys ? { idempotencyKey: idempotencyKeyFor(key, line) } : {}) };
    try {
      item.message = JSON.parse(line);
    } catch {
      item.invalid = `line ${key} is not valid JSON`;
    }
    items.push(item);
  }
  return items;
}

/** What earlier runs' outputs report: the lines accepted, and those whose outcome is unknown. */
export interface ResumeState {
  accepted: Set<number>;
  unknown: Set<number>;
  ignored: number;
}

export function parseResults(
  text: string,
  into: ResumeState = { accepted: new Set(), unknown: new Set(), ignored: 0 },
): ResumeState {
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    let entry: { line?: unknown; outcome?: unknown };
    try {
      entry = JSON.parse(line);
    } catch {
      into.ignored += 1; // A line cut short when the earlier run was killed, say.
      continue;
    }
    if (!entry || typeof entry !== 'object' || !Number.isSafeInteger(entry.line)) {
      into.ignored += 1;
      continue;
    }
    if (entry.outcome === 'accepted') into.accepted.add(entry.line as number);
    else if (entry.outcome === 'unknown') into.unknown.add(entry.line as number);
  }
  for (const line of into.accepted) into.unknown.delete(line);
  return into;
}

/** Refuses `--resume out.jsonl > out.jsonl`: the shell emptied the file before it could be read. */
function checkNotTruncatedStdout(file: string, text: string): void {
  if (text.length > 0) return;
  try {
    const out = fstatSync(1);
    const resume = statSync(file);
    if (out.isFile() && out.dev === resume.dev && out.ino === resume.ino) {
      throw new UsageError(
        `--resume ${file} is also where stdout goes, and the shell emptied it before it could be read: write the new results to another file (or append with >>)`,
      );
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
  }
}

function errorLine(error: unknown): NonNullable<ResultLine['error']> {
  const e = (error ?? {}) as { name?: unknown; message?: unknown; code?: unknown; status?: unknown };
  return {
    name: typeof e.name === 'string' ? e.name : 'Error',
    message: typeof e.message === 'string' ? e.message : describeFailure(error),
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
  };
}

function failed(error: unknown): Pick<ResultLine, 'ok' | 'outcome' | 'error'> {
  const unknown = (error as { outcomeUnknown?: unknown } | undefined)?.outcomeUnknown === true;
  return { ok: false, outcome: unknown ? 'unknown' : 'rejected', error: errorLine(error) };
}

/** After one of these, every later request would fail the same way: nothing more is sent. */
const FATAL = new Set(['AuthenticationError', 'PermissionDeniedError']);

/** Sends one unit of work (a chunk of lines, or one Webex line); resolves with a result per item, never rejects. */
type SendUnit = (items: InputItem[], signal: AbortSignal) => Promise<Array<Omit<ResultLine, 'line' | 'index'>>>;

function unitSender(client: CmClient | ComapiClient | WebexClient, single: boolean): SendUnit {
  if (client instanceof CmClient) {
    return async (items, signal) =>
      (await client.messages.sendBatch(items.map((item) => item.message) as never[], { signal })).map((r) =>
        r.ok
          ? { ok: true, outcome: 'accepted', ids: r.accepted.map((x) => x.to) }
          : { ok: false, outcome: r.outcome, error: errorLine(r.error) },
      );
  }
  if (client instanceof ComapiClient) {
    return async (items, signal) => {
      if (single && items.length === 1) {
        // One message goes to the single-send endpoint, which answers with the stored message.
        try {
          const message = await client.messages.send(items[0]!.message as never, { signal });
          return [{ ok: true, outcome: 'accepted', ids: [message.messageId] }];
        } catch (error) {
          return [failed(error)];
        }
      }
      return (await client.messages.sendBatch(items.map((item) => item.message) as never[], { signal })).map((r) =>
        r.ok
          ? { ok: true, outcome: 'accepted', ids: [r.messageId] }
          : { ok: false, outcome: r.outcome, error: errorLine(r.error) },
      );
    };
  }
  return async (items, signal) =>
    Promise.all(
      items.map(async (item) => {
        try {
          const sent = await client.sms.send(item.message as never, {
            signal,
            ...(item.idempotencyKey ? { idempotencyKey: item.idempotencyKey } : {}),
          });
          return { ok: true, outcome: 'accepted' as const, ids: [sent.messageId] };
        } catch (error) {
          return failed(error);
        }
      }),
    );
}

/**
 * Sends `messages` with one provider, a chunk at a time, and resolves with one result per message (by `index`): the
 * CLI's sending without its streaming, for programs and tests. Credentials come from `env` as for the CLI; without
 * `baseUrl`, the provider's real API.
 */
export async function sendAll(
  provider: Provider,
  messages: unknown[],
  env: Env,
  baseUrl: string | undefined,
  onProgress: (done: number, total: number) => void,
): Promise<ResultLine[]> {
  const location = baseUrl !== undefined ? { baseUrl } : provider === 'webex' ? { region: env.WEBEX_REGION ?? '' } : {};
  const send = unitSender(
    makeClient(provider, credentialsFrom(provider, env), location, 'baseUrl'),
    messages.length === 1,
  );
  const results: ResultLine[] = [];
  const chunk = provider === 'webex' ? 1 : 100;
  const signal = new AbortController().signal;
  for (let start = 0; start < messages.length; start += chunk) {
    const items = messages.slice(start, start + chunk).map((message, i) => ({ key: start + i, message }));
    const outcomes = await send(items, signal);
    for (const [i, outcome] of outcomes.entries()) results.push({ index: start + i, ...outcome });
    onProgress(results.length, messages.length);
  }
  return results;
}

export function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.min(width, Math.round((done / total) * width));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`;
}

interface Counts {
  accepted: number;
  rejected: number;
  unknown: number;
}

const SEND_OPTIONS = {
  provider: { type: 'string' },
  to: { type: 'string' },
  body: { type: 'string' },
  from: { type: 'string' },
  file: { type: 'string' },
  'base-url': { type: 'string' },
  mock: { type: 'boolean' },
  resume: { type: 'string', multiple: true },
  'resend-unknown': { type: 'boolean' },
  'batch-size': { type: 'string' },
  concurrency: { type: 'string' },
  providers: { type: 'string' },
  strategy: { type: 'string' },
  fail: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Runs `switchboard send`; resolves with the exit code. */
export async function sendCommand(args: string[], io: SendIo = processIo()): Promise<number> {
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof SEND_OPTIONS }>>['values'];
  try {
    ({ values } = parseArgs({ args, options: SEND_OPTIONS }));
  } catch (error) {
    if (isParseArgsError(error)) throw usage(error.message);
    throw error;
  }
  if (values.help) {
    io.stdout.write(`${SEND_USAGE}\n`);
    return EXIT.ok;
  }
  if (values.provider === undefined) throw usage('--provider is required (cm, comapi, webex or auto)');
  if (values.provider === 'auto') return sendRouted(values, io);
  if (!isProvider(values.provider)) throw usage(`${unknownProvider(values.provider)}, or auto`);
  for (const flag of ['providers', 'strategy', 'fail'] as const)
    if (values[flag] !== undefined) throw usage(`--${flag} goes with --provider auto`);
  const provider: Provider = values.provider;
  const fromFile = checkInputFlags(values);
  if (values.mock && values['base-url'] !== undefined) throw usage('give --mock or --base-url, not both');
  if (values['batch-size'] !== undefined && provider === 'webex')
    throw usage('--batch-size is for cm and comapi (Webex sends each line on its own, with its own Idempotency-Key)');
  const batchSize = positiveInt(
    '--batch-size',
    values['batch-size'],
    Math.min(100, BATCH_LIMIT[provider]),
    BATCH_LIMIT[provider],
  );
  const concurrency = positiveInt('--concurrency', values.concurrency, 4, 64);

  // Where to, and with what: checked before anything is read or started.
  const env = io.env;
  const baseUrlVar = baseUrlEnvVar(provider);
  const baseUrl = values.mock
    ? undefined
    : (values['base-url'] ?? (set(env[baseUrlVar]) ? env[baseUrlVar] : undefined));
  const baseUrlSource = values['base-url'] !== undefined ? '--base-url' : baseUrlVar;
  let credentials: Record<string, string>;
  let demo = false;
  if (values.mock) {
    try {
      credentials = credentialsFrom(provider, env);
    } catch {
      credentials = credentialsFrom(provider, DEMO[provider]);
      demo = true;
    }
  } else {
    credentials = credentialsFrom(provider, env);
    if (provider === 'webex' && baseUrl === undefined && !set(env.WEBEX_REGION)) {
      throw new UsageError(
        `no Webex region: set WEBEX_REGION (${WEBEX_REGIONS.join(', ')}), or give --base-url or ${baseUrlVar} (or --mock)`,
      );
    }
  }

  const { items, total, skippedAccepted, skipped } = await readItems(
    values,
    fromFile,
    provider === 'webex',
    () => messageFromFlags(provider, values.to!, values.body!, values.from),
    io,
  );

  // The client, and the embedded mock when asked for.
  let mock: { url: string; close(): Promise<void> } | undefined;
  let client: CmClient | ComapiClient | WebexClient;
  let destination: string;
  if (values.mock) {
    mock = await startMock(provider);
    destination = `the embedded ${provider} mock at ${mock.url}${demo ? ' (demo credentials)' : ''}`;
  } else {
    destination =
      baseUrl ??
      (provider === 'cm'
        ? CM_DEFAULT_BASE_URL
        : provider === 'comapi'
          ? COMAPI_DEFAULT_BASE_URL
          : `https://api.${env.WEBEX_REGION}.webexconnect.io`);
  }
  try {
    const location = mock
      ? { baseUrl: mock.url }
      : baseUrl !== undefined
        ? { baseUrl }
        : provider === 'webex'
          ? { region: env.WEBEX_REGION! }
          : {};
    client = makeClient(provider, credentials, location, baseUrlSource);
    const what = fromFile ? `${items.length} message${items.length === 1 ? '' : 's'}` : 'one message';
    io.stderr.write(`switchboard send: sending ${what} with ${provider} to ${destination}\n`);
    return await run(io, unitSender(client, !fromFile), items, {
      total,
      skipped,
      skippedAccepted,
      fromFile,
      unitSize: provider === 'webex' ? 1 : batchSize,
      concurrency,
    });
  } finally {
    await mock?.close().catch(() => undefined);
  }
}

type SendValues = ReturnType<typeof parseArgs<{ args: string[]; options: typeof SEND_OPTIONS }>>['values'];

/** Checks the flags that choose the input; true when it is a file. */
function checkInputFlags(values: SendValues): boolean {
  const fromFile = values.file !== undefined;
  if (!fromFile && (values.to === undefined || values.body === undefined))
    throw usage('give --to and --body, or --file');
  if (fromFile && (values.to !== undefined || values.body !== undefined || values.from !== undefined))
    throw usage('give --file or --to/--body/--from, not both');
  if (values.resume && !fromFile) throw usage('--resume goes with --file');
  if (values['resend-unknown'] && !values.resume) throw usage('--resend-unknown goes with --resume');
  return fromFile;
}

/** The input (a file's lines, or the one message of the flags), less what earlier runs (--resume) already did. */
async function readItems(
  values: SendValues,
  fromFile: boolean,
  withKeys: boolean,
  fromFlags: () => unknown,
  io: SendIo,
): Promise<{ items: InputItem[]; total: number; skippedAccepted: number; skipped: number }> {
  let items: InputItem[] = fromFile
    ? parseJsonLines(await readInputFile(values.file!, ''), withKeys)
    : [{ key: 0, message: fromFlags() }];
  const total = items.length;
  let skippedAccepted = 0;
  let skippedUnknown = 0;
  if (values.resume) {
    const state: ResumeState = { accepted: new Set(), unknown: new Set(), ignored: 0 };
    for (const file of values.resume) {
      const text = await readInputFile(file, '--resume file ');
      checkNotTruncatedStdout(file, text);
      parseResults(text, state);
    }
    items = items.filter((item) => {
      if (state.accepted.has(item.key)) {
        skippedAccepted += 1;
        return false;
      }
      if (state.unknown.has(item.key) && !values['resend-unknown']) {
        skippedUnknown += 1;
        return false;
      }
      return true;
    });
    const notes = [`skipping ${skippedAccepted} line${skippedAccepted === 1 ? '' : 's'} already accepted`];
    if (skippedUnknown > 0)
      notes.push(
        `and ${skippedUnknown} reported "unknown" (they may have been sent; --resend-unknown sends them again)`,
      );
    if (state.ignored > 0)
      notes.push(
        `(${state.ignored} line${state.ignored === 1 ? '' : 's'} of the --resume output could not be read and were ignored)`,
      );
    io.stderr.write(`switchboard send: --resume: ${notes.join(' ')}\n`);
  }
  return { items, total, skippedAccepted, skipped: skippedAccepted + skippedUnknown };
}

/** `--provider auto`: a router over the providers with credentials (or those named), each at its own base URL or mock. */
async function sendRouted(values: SendValues, io: SendIo): Promise<number> {
  const fromFile = checkInputFlags(values);
  if (values['base-url'] !== undefined)
    throw usage('--base-url names one provider: with --provider auto, set SWITCHBOARD_<PROVIDER>_BASE_URL for each');
  if (values.fail !== undefined && !values.mock) throw usage('--fail goes with --mock');
  const env = io.env;
  const hasCredentials = (provider: Provider) => {
    try {
      credentialsFrom(provider, env);
      return true;
    } catch {
      return false;
    }
  };
  const providers = values.mock
    ? values.providers === undefined
      ? [...PROVIDERS]
      : autoProviders(values.providers, () => true)
    : autoProviders(values.providers, hasCredentials);
  const failing = new Set<Provider>();
  for (const name of values.fail ?? []) {
    if (!isProvider(name)) throw usage(`--fail: ${unknownProvider(name)}`);
    if (!providers.includes(name)) throw usage(`--fail ${name}: ${name} is not among the providers routed to`);
    failing.add(name);
  }
  const strategy = autoStrategy(values.strategy);
  const batchSize = positiveInt('--batch-size', values['batch-size'], 100, 1000);
  const concurrency = positiveInt('--concurrency', values.concurrency, 4, 64);

  // Each provider's credentials and location, checked before anything is read or started.
  const settings = providers.map((provider) => {
    const credentials =
      values.mock && !hasCredentials(provider)
        ? credentialsFrom(provider, DEMO[provider])
        : credentialsFrom(provider, env);
    const baseUrlVar = baseUrlEnvVar(provider);
    const baseUrl = values.mock ? undefined : set(env[baseUrlVar]) ? env[baseUrlVar] : undefined;
    if (!values.mock && provider === 'webex' && baseUrl === undefined && !set(env.WEBEX_REGION))
      throw new UsageError(`no Webex region: set WEBEX_REGION (${WEBEX_REGIONS.join(', ')}) or ${baseUrlVar}`);
    return { provider, credentials, baseUrl, baseUrlVar };
  });

  const { items, total, skippedAccepted, skipped } = await readItems(
    values,
    fromFile,
    false,
    () => ({ from: values.from ?? 'Switchboard', to: values.to!, text: values.body! }),
    io,
  );

  const mocks: Array<{ url: string; close(): Promise<void> }> = [];
  try {
    const clients = [];
    const where: string[] = [];
    for (const { provider, credentials, baseUrl, baseUrlVar } of settings) {
      let location: { baseUrl?: string; region?: string };
      if (values.mock) {
        const mock = await startMock(provider, failing.has(provider) ? { fail: 'unavailable' } : {});
        mocks.push(mock);
        location = { baseUrl: mock.url };
        where.push(`${provider} (mock${failing.has(provider) ? ', failing: 503' : ''})`);
      } else {
        location = baseUrl !== undefined ? { baseUrl } : provider === 'webex' ? { region: env.WEBEX_REGION! } : {};
        where.push(provider);
      }
      clients.push(makeClient(provider, credentials, location, baseUrlVar));
    }
    const what = fromFile ? `${items.length} message${items.length === 1 ? '' : 's'}` : 'one message';
    io.stderr.write(`switchboard send: sending ${what} through ${where.join(', ')} (${String(strategy)})\n`);
    const route = routerSender(clients, strategy);
    return await run(
      io,
      (unit, signal) =>
        route(
          unit.map((item) => item.message),
          signal,
        ),
      items,
      {
        total,
        skipped,
        skippedAccepted,
        fromFile,
        unitSize: batchSize,
        concurrency,
      },
    );
  } finally {
    await Promise.all(mocks.map((mock) => mock.close().catch(() => undefined)));
  }
}

/** Sends the items in units, streaming each unit's results; stops on an interrupt, a closed stdout or refused credentials. */
async function run(
  io: SendIo,
  send: SendUnit,
  items: InputItem[],
  options: {
    total: number;
    skipped: number;
    skippedAccepted: number;
    fromFile: boolean;
    /** Messages per call of `send`. */
    unitSize: number;
    concurrency: number;
  },
): Promise<number> {
  const { fromFile, concurrency, unitSize } = options;
  const units: InputItem[][] = [];
  for (let start = 0; start < items.length; start += unitSize) units.push(items.slice(start, start + unitSize));

  const counts: Counts = { accepted: 0, rejected: 0, unknown: 0 };
  let done = 0;
  let stop: 'interrupted' | 'stdout' | 'credentials' | undefined;
  let fatalMessage: string | undefined;
  const abort = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let inFlightItems = 0;

  const progress = io.stderr.isTTY === true;
  const drawProgress = () => {
    if (progress)
      io.stderr.write(`\r${progressBar(done, items.length)}${stop === 'interrupted' ? ' stopping…' : ''}\x1b[K`);
  };
  const say = (message: string) => io.stderr.write(`${progress ? '\r\x1b[K' : ''}switchboard send: ${message}\n`);

  // Nowhere to write the results (a closed pipe): sending more would lose them.
  let stdoutBroken = false;
  const onStdoutError = () => {
    stdoutBroken = true;
    stop ??= 'stdout';
  };
  io.stdout.on('error', onStdoutError);
  let waitingForDrain: Promise<void> | undefined;
  const write = (result: ResultLine) => {
    if (stdoutBroken) return;
    if (!io.stdout.write(`${JSON.stringify(result)}\n`) && !waitingForDrain) {
      waitingForDrain = new Promise<void>((resolve) => {
        const done = () => {
          io.stdout.off('drain', done);
          io.stdout.off('error', done);
          waitingForDrain = undefined;
          resolve();
        };
        io.stdout.on('drain', done);
        io.stdout.on('error', done);
      });
    }
  };

  // Settle when an interrupt comes, so that waiting (for a request, for stdout to drain) ends with it.
  let onStop!: () => void;
  const stopped = new Promise<void>((resolve) => (onStop = resolve));
  const aborted = new Promise<void>((resolve) =>
    abort.signal.addEventListener('abort', () => resolve(), { once: true }),
  );
  let interrupts = 0;
  const offInterrupt = io.onInterrupt(() => {
    interrupts += 1;
    onStop();
    if (interrupts === 1) {
      stop ??= 'interrupted';
      if (stop !== 'interrupted') return;
      say(
        inFlightItems > 0
          ? `stopping: waiting for the ${inFlightItems} message${inFlightItems === 1 ? '' : 's'} in flight (Ctrl-C again to abort them)`
          : 'stopping',
      );
    } else {
      if (stop === undefined) stop = 'interrupted';
      say('aborting the requests in flight');
      abort.abort();
    }
  });

  const startUnit = (unit: InputItem[]) => {
    // A line that is not JSON fails alone, before its unit is sent.
    const valid = unit.filter((item) => item.invalid === undefined);
    const promise = (async () => {
      let results: Array<Omit<ResultLine, 'line' | 'index'>>;
      try {
        results = valid.length > 0 ? await send(valid, abort.signal) : [];
      } catch (error) {
        // The clients' batch calls never reject; if one did, the messages may have gone out.
        results = valid.map(() => ({ ...failed(error), outcome: 'unknown' as const }));
      }
      const byKey = new Map(valid.map((item, i) => [item.key, results[i]!]));
      for (const item of unit) {
        const result: Omit<ResultLine, 'line' | 'index'> =
          item.invalid !== undefined
            ? { ok: false, outcome: 'rejected', error: { name: 'ValidationError', message: item.invalid } }
            : (byKey.get(item.key) ?? {
                ok: false,
                outcome: 'unknown',
                error: { name: 'UnexpectedError', message: 'no result for this message' },
              });
        write({ ...(fromFile ? { line: item.key } : { index: item.key }), ...result });
        counts[result.outcome] += 1;
        done += 1;
        if (result.error && FATAL.has(result.error.name) && stop !== 'credentials') {
          stop ??= 'credentials';
          fatalMessage ??= result.error.message;
        }
      }
      drawProgress();
    })();
    inFlightItems += unit.length;
    inFlight.add(promise);
    void promise.finally(() => {
      inFlight.delete(promise);
      inFlightItems -= unit.length;
    });
  };

  try {
    drawProgress();
    let next = 0;
    while (next < units.length && stop === undefined) {
      while (inFlight.size < concurrency && next < units.length && stop === undefined && !waitingForDrain)
        startUnit(units[next++]!);
      await Promise.race([...inFlight, ...(waitingForDrain ? [waitingForDrain] : []), stopped]);
    }
    await Promise.all(inFlight);
    // A reader that stopped reading must not hold the command forever: a second Ctrl-C gives up on it.
    if (waitingForDrain) await Promise.race([waitingForDrain, aborted]);
  } finally {
    offInterrupt();
    if (progress) io.stderr.write('\r\x1b[K');
    io.stdout.off('error', onStdoutError);
  }

  const notSent = items.length - done;
  const parts = [`${counts.accepted} accepted`, `${counts.rejected} rejected`, `${counts.unknown} unknown`];
  if (notSent > 0) parts.push(`${notSent} not sent`);
  if (options.skipped > 0) parts.push(`${options.skipped} skipped (--resume)`);
  const of = options.fromFile ? ` of ${options.total} line${options.total === 1 ? '' : 's'}` : '';
  say(`${stop === 'interrupted' ? 'interrupted: ' : ''}${parts.join(', ')}${of}`);
  if (stop === 'credentials')
    say(`stopped: the credentials were refused (${fatalMessage ?? 'authentication failed'}); nothing more was sent`);
  if (stop === 'stdout') {
    say('stopped: stdout was closed, so results could not be written; nothing more was sent');
    return EXIT.failure;
  }
  if (notSent > 0 && options.fromFile && stop === 'interrupted')
    say("to send the rest, run again with --resume <this run's output>");
  if (counts.unknown > 0)
    say(
      `${counts.unknown} message${counts.unknown === 1 ? '' : 's'} may or may not have been sent ("unknown"): check before sending again`,
    );
  if (stop === 'interrupted') return EXIT.interrupted;
  return counts.accepted === done && notSent === 0 ? EXIT.ok : EXIT.notAccepted;
}

export function messageFromFlags(provider: Provider, to: string, body: string, from: string | undefined): unknown {
  const sender = from ?? 'Switchboard';
  if (provider === 'cm') return { from: sender, to, body };
  if (provider === 'comapi')
    return { to: { phoneNumber: to }, body, rules: ['sms'], channelOptions: { sms: { from: sender } } };
  return { from: sender, to, content: body };
}
