/**
 * `switchboard send`: one message from flags, or a batch from a JSON Lines file, through any provider's client.
 * Credentials come from environment variables; the base URL from --base-url, else SWITCHBOARD_<PROVIDER>_BASE_URL,
 * else the embedded mock server is started (with demo credentials when none are set), so it works out of the box.
 */
import { readFile } from 'node:fs/promises';
import { CmClient } from '../cm/index.ts';
import { ComapiClient } from '../comapi/index.ts';
import type { SwitchboardError } from '../core/errors/index.ts';
import { baseUrlEnvVar, startMockServer, type MockServer } from '../testing/index.ts';
import { WebexClient } from '../webex/index.ts';

export const SEND_USAGE = `Usage: switchboard send --provider cm|comapi|webex (--to NUMBER --body TEXT [--from SENDER] | --file FILE.jsonl)
                        [--base-url URL]

Sends one message, or every line of a JSON Lines file (each line one message in the provider's own shape:
CmMessage, ComapiMessage or Webex's SendSmsRequest). Prints one JSON result line per message on stdout and a
progress bar on stderr.

Credentials (environment): CM_PRODUCT_TOKEN; COMAPI_API_SPACE_ID and COMAPI_TOKEN; WEBEX_SERVICE_KEY (or
WEBEX_JWT, or WEBEX_SERVICE_ID and WEBEX_SERVICE_SECRET) and WEBEX_REGION.
Base URL: --base-url, else SWITCHBOARD_<PROVIDER>_BASE_URL, else the embedded mock server (demo credentials).

Exit codes: 0 every message accepted, 1 runtime failure, 2 usage error, 3 some messages not accepted.`;

export type Provider = 'cm' | 'comapi' | 'webex';

/** One message's outcome as printed: the same shape for every provider. */
export interface ResultLine {
  index: number;
  ok: boolean;
  outcome: 'accepted' | 'rejected' | 'unknown';
  id?: string;
  error?: { name: string; message: string; code?: unknown; status?: number };
}

const DEMO = {
  CM_PRODUCT_TOKEN: '00000000-0000-0000-0000-000000000000',
  COMAPI_API_SPACE_ID: '53364198-3f3f-4723-ab8f-70680c1113b1',
  COMAPI_TOKEN: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzd2l0Y2hib2FyZC1jbGkifQ.ZGVtbw',
  WEBEX_SERVICE_KEY: 'demo-service-key',
};

function failedLine(index: number, error: unknown): ResultLine {
  const unknown = (error as { outcomeUnknown?: boolean }).outcomeUnknown === true;
  return { index, ok: false, outcome: unknown ? 'unknown' : 'rejected', error: errorLine(error as Error) };
}

function errorLine(error: SwitchboardError | Error): ResultLine['error'] {
  const { code, status } = error as { code?: unknown; status?: number };
  return { name: error.name, message: error.message, ...(code !== undefined ? { code } : {}), ...(status !== undefined ? { status } : {}) };
}

/** Sends `messages` with one provider, a request's worth at a time, reporting progress after each. */
export async function sendAll(
  provider: Provider,
  messages: unknown[],
  env: Record<string, string | undefined>,
  baseUrl: string | undefined,
  onProgress: (done: number, total: number) => void,
): Promise<ResultLine[]> {
  const results: ResultLine[] = [];
  const report = () => onProgress(results.length, messages.length);
  if (provider === 'cm') {
    const cm = new CmClient({ productToken: env.CM_PRODUCT_TOKEN!, ...(baseUrl ? { baseUrl } : {}) });
    for (let start = 0; start < messages.length; start += 1000) {
      for (const r of await cm.messages.sendBatch(messages.slice(start, start + 1000) as never[])) {
        results.push(r.ok ? { index: start + r.index, ok: true, outcome: 'accepted', id: r.recipients.map((x) => x.to).join(',') } : { index: start + r.index, ok: false, outcome: r.outcome, error: errorLine(r.error) });
      }
      report();
    }
  } else if (provider === 'comapi') {
    const comapi = new ComapiClient({ apiSpaceId: env.COMAPI_API_SPACE_ID!, token: env.COMAPI_TOKEN!, ...(baseUrl ? { baseUrl } : {}) });
    if (messages.length === 1) {
      // One message goes to the single-send endpoint, which answers with the stored message.
      try {
        const message = await comapi.messages.send(messages[0] as never);
        results.push({ index: 0, ok: true, outcome: 'accepted', id: message.messageId });
      } catch (error) {
        results.push(failedLine(0, error));
      }
      report();
      return results;
    }
    for (let start = 0; start < messages.length; start += 5000) {
      for (const r of await comapi.messages.sendBatch(messages.slice(start, start + 5000) as never[])) {
        results.push(r.ok ? { index: start + r.index, ok: true, outcome: 'accepted', id: r.messageId } : { index: start + r.index, ok: false, outcome: r.outcome, error: errorLine(r.error) });
      }
      report();
    }
  } else {
    const credentials = env.WEBEX_JWT
      ? { jwt: env.WEBEX_JWT }
      : env.WEBEX_SERVICE_ID
        ? { serviceId: env.WEBEX_SERVICE_ID, serviceSecret: env.WEBEX_SERVICE_SECRET! }
        : { serviceKey: env.WEBEX_SERVICE_KEY! };
    const location = baseUrl ? { baseUrl } : { region: (env.WEBEX_REGION ?? 'us') as 'us' };
    const webex = new WebexClient({ ...credentials, ...location } as never);
    // Each line is its own v1 send, so each carries its own idempotency key.
    for (const [index, message] of messages.entries()) {
      try {
        const sent = await webex.sms.send(message as never);
        results.push({ index, ok: true, outcome: 'accepted', id: sent.messageId });
      } catch (error) {
        results.push(failedLine(index, error));
      }
      report();
    }
  }
  return results;
}

export function messageFromFlags(provider: Provider, to: string, body: string, from: string | undefined): unknown {
  const sender = from ?? 'Switchboard';
  if (provider === 'cm') return { from: sender, to, body };
  if (provider === 'comapi') return { to: { phoneNumber: to }, body, rules: ['sms'], channelOptions: { sms: { from: sender } } };
  return { from: sender, to, content: body };
}

export async function readJsonLines(file: string): Promise<unknown[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .map((line, number) => [line.trim(), number + 1] as const)
    .filter(([line]) => line !== '')
    .map(([line, number]) => {
      try {
        return JSON.parse(line);
      } catch {
        throw new Error(`${file}:${number} is not valid JSON`);
      }
    });
}

/** Resolves where to send and with which credentials; starts the embedded mock when no base URL is set. */
export async function target(provider: Provider, flagBaseUrl: string | undefined, env: NodeJS.ProcessEnv) {
  const baseUrl = flagBaseUrl ?? env[baseUrlEnvVar(provider)];
  if (baseUrl) return { baseUrl, env: { ...env }, mock: undefined as MockServer | undefined };
  const mock = await startMockServer(provider);
  return { baseUrl: mock.url, env: { ...DEMO, ...env }, mock };
}

export function progressBar(done: number, total: number, width = 30): string {
  const filled = total === 0 ? width : Math.round((done / total) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`;
}

