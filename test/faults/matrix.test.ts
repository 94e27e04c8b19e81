/**
 * The fault matrix: every client's send, batch and read against a misbehaving loopback server. For each fault it
 * checks the error class, the exact number of requests the server saw (a repeated send fails the test), the
 * attempt count and "outcome unknown", and that no secret appears in what is thrown or logged.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmClient } from '../../src/cm/index.ts';
import { ComapiClient } from '../../src/comapi/index.ts';
import {
  ConnectionError,
  MessageRejectedError,
  RateLimitError,
  ServerError,
  SwitchboardError,
  TimeoutError,
  UnexpectedResponseError,
} from '../../src/core/errors/index.ts';
import type { LogEntry } from '../../src/core/http/transport.ts';
import { WebexClient } from '../../src/webex/index.ts';
import { API_SPACE, COMAPI_TOKEN, TOKEN } from '../helpers.ts';
import {
  refusedUrl,
  startFaultServer,
  type Fault,
  type FaultRequest,
  type FaultServer,
} from '../support/fault-server.ts';
import { CM_ALL_REJECTED, cmAcceptedAnswer } from '../support/loopback-server.ts';

const WEBEX_KEY = 'webex-service-key-secret-0001';
const SECRETS = [TOKEN, COMAPI_TOKEN, WEBEX_KEY];
/** Small limits so the matrix runs in seconds: backoff is capped at 5 ms and a stall times out after 300 ms. */
const FAST = { maxRetryDelayMs: 5, timeoutMs: 300 };

/** Canned successes, by path, for whichever client is calling. */
function answer(request: FaultRequest): { status: number; body: unknown } {
  if (request.path === '/v1.0/message') {
    return { status: 200, body: cmAcceptedAnswer(request.body) };
  }
  if (request.path.endsWith('/messages/batch'))
    return { status: 202, body: request.body.map((_: unknown, index: number) => ({ index, messageId: `m-${index}` })) };
  if (request.path.endsWith('/messages') && request.method === 'POST')
    return { status: 201, body: { messageId: 'm-1', status: 'processing' } };
  if (request.path.startsWith('/apispaces/') && request.method === 'GET')
    return { status: 200, body: { messageId: 'm-1', status: 'sent' } };
  if (request.path === '/v1/sms/messages')
    return {
      status: 202,
      body: { acceptedTime: '2024-09-04T06:42:16.520-04:00', messageId: 'w-1', correlationId: '' },
    };
  if (request.path.startsWith('/v1/sms/messages/'))
    return { status: 200, body: { messageId: 'w-1', status: 'DELIVERED' } };
  if (request.path === '/v2/messages')
    return {
      status: 201,
      body: { requestTimestamp: '2024-09-05T00:03:01.708-04:00', messageId: 'v2-1', status: 'queued' },
    };
  return { status: 404, body: { message: 'not found' } };
}

type Kind = 'send' | 'keyed-send' | 'read';

interface Operation {
  name: string;
  kind: Kind;
  run: (baseUrl: string, logger: (entry: LogEntry) => void) => Promise<unknown>;
}

const cm = (url: string, logger: (e: LogEntry) => void) =>
  new CmClient({ productToken: TOKEN, baseUrl: url, logger, ...FAST });
const comapi = (url: string, logger: (e: LogEntry) => void) =>
  new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl: url, logger, ...FAST });
const webex = (url: string, logger: (e: LogEntry) => void) =>
  new WebexClient({ serviceKey: WEBEX_KEY, baseUrl: url, logger, ...FAST });

const operations: Operation[] = [
  {
    name: 'CM messages.send',
    kind: 'send',
    run: (url, log) => cm(url, log).messages.send({ from: 'Acme', to: '+447911123456', body: 'x' }),
  },
  {
    name: 'Comapi messages.send',
    kind: 'send',
    run: (url, log) =>
      comapi(url, log).messages.send({ to: { phoneNumber: '447911123456' }, body: 'x', rules: ['sms'] }),
  },
  { name: 'Comapi messages.get', kind: 'read', run: (url, log) => comapi(url, log).messages.get('m-1') },
  {
    name: 'Webex sms.send (Idempotency-Key)',
    kind: 'keyed-send',
    run: (url, log) => webex(url, log).sms.send({ from: 'Acme', to: '+447911123456', content: 'x' }),
  },
  { name: 'Webex sms.get', kind: 'read', run: (url, log) => webex(url, log).sms.get('w-1') },
];

interface Expectation {
  /** The error class, or undefined for success. */
  error?: new (
    ...args: never[]
  ) => SwitchboardError;
  /** Requests the server must have seen. */
  requests: number;
  outcomeUnknown?: boolean;
}

/** What each fault must lead to, for each kind of request. Retries: 2 (3 attempts). */
const faults: Array<{ name: string; script: Fault[]; expect: Record<Kind, Expectation> }> = [
  {
    name: 'a reset before any response byte, then success',
    script: ['reset', 'ok'],
    expect: {
      send: { error: ConnectionError, requests: 1, outcomeUnknown: true },
      'keyed-send': { requests: 2 },
      read: { requests: 2 },
    },
  },
  {
    name: 'a reset halfway through the body, then success',
    script: ['reset-mid-body', 'ok'],
    expect: {
      send: { error: ConnectionError, requests: 1, outcomeUnknown: true },
      'keyed-send': { requests: 2 },
      read: { requests: 2 },
    },
  },
  {
    name: '429 with Retry-After, then success',
    script: [{ status: 429, retryAfter: '1' }, 'ok'],
    expect: { send: { requests: 2 }, 'keyed-send': { requests: 2 }, read: { requests: 2 } },
  },
  {
    name: '429 every time',
    script: [{ status: 429, retryAfter: '0' }],
    expect: {
      send: { error: RateLimitError, requests: 3, outcomeUnknown: false },
      'keyed-send': { error: RateLimitError, requests: 3, outcomeUnknown: false },
      read: { error: RateLimitError, requests: 3, outcomeUnknown: false },
    },
  },
  {
    name: '500, then success',
    script: [{ status: 500 }, 'ok'],
    expect: {
      send: { error: ServerError, requests: 1, outcomeUnknown: true },
      'keyed-send': { requests: 2 },
      read: { requests: 2 },
    },
  },
  {
    name: '503 with Retry-After, then success',
    script: [{ status: 503, retryAfter: '0' }, 'ok'],
    expect: { send: { requests: 2 }, 'keyed-send': { requests: 2 }, read: { requests: 2 } },
  },
  {
    name: '503 without Retry-After, then success',
    script: [{ status: 503 }, 'ok'],
    expect: {
      send: { error: ServerError, requests: 1, outcomeUnknown: true },
      'keyed-send': { requests: 2 },
      read: { requests: 2 },
    },
  },
  {
    name: 'an HTML page where JSON is declared',
    script: ['non-json'],
    expect: {
      send: { error: UnexpectedResponseError, requests: 1, outcomeUnknown: true },
      'keyed-send': { error: UnexpectedResponseError, requests: 1, outcomeUnknown: true },
      read: { error: UnexpectedResponseError, requests: 1, outcomeUnknown: false },
    },
  },
  {
    name: 'a truncated JSON body',
    script: ['truncated-json'],
    expect: {
      send: { error: UnexpectedResponseError, requests: 1, outcomeUnknown: true },
      'keyed-send': { error: UnexpectedResponseError, requests: 1, outcomeUnknown: true },
      read: { error: UnexpectedResponseError, requests: 1, outcomeUnknown: false },
    },
  },
  {
    // A server (or proxy) that echoes the request's credentials back: in the body, across the 200-character cut of
    // the error message, and in a header. Nothing thrown or logged may contain them.
    name: 'an error answer that echoes the credentials',
    script: [
      {
        respond: (request) => {
          const credentials = [request.headers['x-cm-producttoken'], request.headers.authorization, request.headers.key]
            .filter(Boolean)
            .join(' ');
          return {
            status: 400,
            body: { message: `${'x'.repeat(190)} ${credentials}`, echo: request.headers },
            headers: { 'x-echo': credentials },
          };
        },
      },
    ],
    expect: {
      send: { requests: 1, error: SwitchboardError, outcomeUnknown: false },
      'keyed-send': { requests: 1, error: SwitchboardError, outcomeUnknown: false },
      read: { requests: 1, error: SwitchboardError, outcomeUnknown: false },
    },
  },
  {
    name: 'a stall past the timeout',
    script: ['stall'],
    expect: {
      send: { error: TimeoutError, requests: 1, outcomeUnknown: true },
      // The keyed send may have gone out on some attempt: unknown, but safe to repeat with the same key.
      'keyed-send': { error: TimeoutError, requests: 3, outcomeUnknown: true },
      read: { error: TimeoutError, requests: 3, outcomeUnknown: false },
    },
  },
];

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer(answer);
});
afterAll(async () => {
  await server.close();
});

function assertNoSecrets(thrown: unknown, log: LogEntry[]): void {
  const renderings = [
    String((thrown as Error)?.message),
    String(JSON.stringify(thrown)),
    inspect(thrown, { depth: 10 }),
    JSON.stringify(log),
  ];
  for (const secret of SECRETS) for (const text of renderings) expect(text).not.toContain(secret);
}

describe.each(faults)('fault: $name', ({ script, expect: expected }) => {
  it.each(operations.map((op) => [op.name, op] as const))('%s', async (_name, operation) => {
    server.requests.length = 0;
    server.script(...script);
    const log: LogEntry[] = [];
    const outcome = await operation
      .run(server.url, (entry) => log.push(entry))
      .then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
    const want = expected[operation.kind];

    expect(server.requests).toHaveLength(want.requests);
    if (want.error) {
      expect('error' in outcome && outcome.error).toBeInstanceOf(want.error);
      const error = (outcome as { error: SwitchboardError & { attempts: number; outcomeUnknown: boolean } }).error;
      expect(error.attempts).toBe(want.requests);
      if (want.outcomeUnknown !== undefined) expect(error.outcomeUnknown).toBe(want.outcomeUnknown);
    } else {
      expect(outcome).toHaveProperty('value');
    }
    if (operation.kind === 'keyed-send' && server.requests.length > 1) {
      // Every attempt of one send carries the same key, so Webex can drop the repeats.
      expect(new Set(server.requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
    }
    assertNoSecrets('error' in outcome ? outcome.error : undefined, log);
  });
});

describe('fault: connection refused (nothing listens)', () => {
  it.each(operations.map((op) => [op.name, op] as const))(
    '%s retries, since nothing was sent, then fails with ConnectionError',
    async (_name, operation) => {
      const log: LogEntry[] = [];
      const error = await operation.run(await refusedUrl(), (entry) => log.push(entry)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(error).toMatchObject({ notSent: true, attempts: 3, outcomeUnknown: false });
      expect(log.filter((entry) => entry.event === 'attempt')).toHaveLength(3);
      assertNoSecrets(error, log);
    },
  );
});

describe('policy details', () => {
  it('keeps a keyed send "unknown" when an ambiguous attempt is followed by a refusal', async () => {
    server.requests.length = 0;
    server.script('stall', {
      respond: () => ({ status: 409, body: { code: '7000', message: 'duplicate Idempotency-Key' } }),
    });
    const error = await webex(server.url, () => {})
      .sms.send({ from: 'Acme', to: '+447911123456', content: 'x' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 409, attempts: 2, outcomeUnknown: true });
    expect(server.requests).toHaveLength(2);
  });

  it('aborts during the wait between retries, saying whether an attempt may have been processed', async () => {
    server.requests.length = 0;
    server.script({ status: 503 });
    const controller = new AbortController();
    const slow = new ComapiClient({
      apiSpaceId: API_SPACE,
      token: COMAPI_TOKEN,
      baseUrl: server.url,
      maxRetryDelayMs: 5_000,
    });
    const pending = slow.messages.get('m-1', { signal: controller.signal }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    expect(await pending).toMatchObject({ name: 'AbortError', attempts: 1, outcomeUnknown: false });
    expect(server.requests).toHaveLength(1);
  });

  it('does not let a throwing logger lose a sent batch', async () => {
    server.requests.length = 0;
    server.script('ok');
    const noisy = new CmClient({
      productToken: TOKEN,
      baseUrl: server.url,
      logger: () => {
        throw new Error('log sink down');
      },
    });
    const [result] = await noisy.messages.sendBatch([{ from: 'Acme', to: '+447911123456', body: 'x' }]);
    expect(result).toMatchObject({ ok: true, outcome: 'accepted' });
  });

  it('honours per-call maxRetries and refuses limits that would break the transport', async () => {
    server.requests.length = 0;
    server.script({ status: 503 });
    const error = await comapi(server.url, () => {})
      .messages.get('m-1', { maxRetries: 0 })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 503, attempts: 1 });
    expect(server.requests).toHaveLength(1);
    expect(() => new CmClient({ productToken: TOKEN, timeoutMs: -1 })).toThrow(/timeoutMs/);
    await expect(comapi(server.url, () => {}).messages.get('m-1', { maxRetries: 1.5 })).rejects.toThrow(/maxRetries/);
  });

  it('reports a CM message whose recipients were all rejected as "rejected", not "accepted"', async () => {
    server.requests.length = 0;
    server.script({
      respond: () => ({
        status: 400,
        body: CM_ALL_REJECTED,
      }),
    });
    const [result] = await cm(server.url, () => {}).messages.sendBatch([
      { from: 'Acme', to: '+447911123456', body: 'x' },
    ]);
    // `ok` means accepted, everywhere: a message refused for every recipient is a failure with CM's reason.
    expect(result).toMatchObject({ ok: false, outcome: 'rejected', recipients: [{ messageErrorCode: 402 }] });
    expect(result!.ok || result!.error).toBeInstanceOf(MessageRejectedError);
    expect(result!.ok || result!.error).toMatchObject({ code: 402, message: expect.stringContaining('Blacklisted') });
  });
});

describe('batches under faults: every item in exactly one state', () => {
  it('CM: a 500 on the second request leaves its messages "unknown" and the first request\'s "accepted"', async () => {
    server.requests.length = 0;
    server.script('ok', { status: 500 });
    const messages = Array.from({ length: 1500 }, (_, i) => ({
      from: 'Acme',
      to: `+4479${String(i).padStart(8, '0')}`,
      body: 'x',
    }));
    const results = await cm(server.url, () => {}).messages.sendBatch(messages);
    expect(server.requests).toHaveLength(2);
    expect(results.slice(0, 1000).every((r) => r.outcome === 'accepted')).toBe(true);
    expect(results.slice(1000).every((r) => r.outcome === 'unknown' && !r.ok && r.error instanceof ServerError)).toBe(
      true,
    );
  });

  it('Comapi: an answer that accepts only part of a batch leaves the whole request "unknown", none lost or resent', async () => {
    server.requests.length = 0;
    server.script({
      respond: (request) => ({
        status: 202,
        body: request.body.slice(0, 2).map((_: unknown, index: number) => ({ index, messageId: `m-${index}` })),
      }),
    });
    const results = await comapi(server.url, () => {}).messages.sendBatch(
      Array.from({ length: 5 }, (_, i) => ({ to: { phoneNumber: `44791112345${i}` }, body: 'x', rules: ['sms'] })),
    );
    expect(server.requests).toHaveLength(1);
    expect(results.map((r) => r.outcome)).toEqual(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('Webex: a stall on one v2 request leaves its destinations "unknown", an invalid one "rejected", the rest "accepted"', async () => {
    server.requests.length = 0;
    server.script('ok', 'stall', 'ok');
    const destinations = [
      ...Array.from({ length: 2000 }, (_, i) => `+4479${String(i).padStart(8, '0')}`),
      'not a number',
      '+447911123456',
    ];
    const results = await webex(server.url, () => {}).sms.broadcast(destinations, {
      from: 'Acme',
      content: { type: 'text', text: 'x' },
    });
    expect(server.requests).toHaveLength(3);
    const counts = results.reduce<Record<string, number>>(
      (acc, r) => ((acc[r.outcome] = (acc[r.outcome] ?? 0) + 1), acc),
      {},
    );
    expect(counts).toEqual({ accepted: 1001, unknown: 1000, rejected: 1 });
    expect(results.map((r) => r.index)).toEqual(destinations.map((_, i) => i));
  });
});
