/**
 * A hostile server against every client, through the Node transport and through a WHATWG fetch: deep and huge
 * bodies, redirects to another origin, a slow trickle, invalid UTF-8, compressed answers nobody asked for, and a
 * compression bomb. Every call ends in a typed error or a typed result, within its timeout; no credential reaches
 * another origin.
 */
import { gzipSync } from 'node:zlib';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmClient } from '../../src/cm/index.ts';
import { ComapiClient } from '../../src/comapi/index.ts';
import { RedirectError, ResponseTooLargeError, SwitchboardError, TimeoutError } from '../../src/core/errors/index.ts';
import { WebexClient } from '../../src/webex/index.ts';
import { API_SPACE, COMAPI_TOKEN, TOKEN } from '../helpers.ts';
import { json, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../support/loopback-server.ts';

let api: LoopbackServer;
let elsewhere: LoopbackServer;
beforeAll(async () => {
  api = await startLoopbackServer();
  elsewhere = await startLoopbackServer();
});
afterAll(async () => {
  await api.close();
  await elsewhere.close();
});

const TRANSPORTS = [
  ['Node transport', {}],
  ['WHATWG fetch', { fetch: globalThis.fetch }],
] as const;

/** One call of each kind (send, read) per client. */
function callsFor(transport: object, limits: object = {}) {
  const base = { baseUrl: api.url, maxRetries: 1, maxRetryDelayMs: 0, timeoutMs: 300, ...transport, ...limits };
  const cm = new CmClient({ productToken: TOKEN, ...base });
  const comapi = new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, ...base });
  const webex = new WebexClient({ serviceKey: 'service-key-1', ...base });
  return [
    ['CM send', () => cm.messages.send({ from: 'Acme', to: '+447911123456', body: 'x' }), true],
    [
      'Comapi send',
      () => comapi.messages.send({ to: { phoneNumber: '447911123456' }, body: 'x', rules: ['sms'] }),
      true,
    ],
    ['Comapi get', () => comapi.messages.get('m-1'), false],
    ['Webex send', () => webex.sms.send({ from: 'Acme', to: '+447911123456', content: 'x' }), true],
    ['Webex get', () => webex.sms.get('w-1'), false],
  ] as const;
}

async function outcomeOf(call: () => Promise<unknown>): Promise<unknown> {
  return call().then(
    (value) => ({ resolved: value }),
    (error: unknown) => error,
  );
}

type Behaviour = (request: RecordedRequest, res: ServerResponse) => void;

const trickle: Behaviour = (_request, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  const timer = setInterval(() => (res.writableEnded ? clearInterval(timer) : res.write(' ')), 50);
  res.on('close', () => clearInterval(timer));
};

const BEHAVIOURS: Array<[string, Behaviour, (outcome: unknown, isSend: boolean) => void]> = [
  [
    'a 30,000-deep JSON body',
    (_request, res) =>
      json(res, 200, `{"messageId":"x","status":"sent","deep":${'['.repeat(30_000)}${']'.repeat(30_000)}}`),
    (outcome) => expect(outcome).toBeInstanceOf(SwitchboardError),
  ],
  [
    'a body over maxResponseBytes',
    (_request, res) => json(res, 200, { messageId: 'x'.repeat(300_000) }),
    (outcome, isSend) => {
      expect(outcome).toBeInstanceOf(ResponseTooLargeError);
      expect(outcome).toMatchObject({ outcomeUnknown: isSend });
    },
  ],
  [
    'a 307 to another origin',
    (_request, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/steal` });
      res.end();
    },
    (outcome, isSend) => {
      expect(outcome).toBeInstanceOf(RedirectError);
      expect(outcome).toMatchObject({ outcomeUnknown: isSend });
    },
  ],
  ['a body that trickles past the timeout', trickle, (outcome) => expect(outcome).toBeInstanceOf(TimeoutError)],
  [
    'invalid UTF-8 in a JSON body',
    (_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        Buffer.concat([
          Buffer.from('{"messageId":"'),
          Buffer.from([0xff, 0xfe, 0xc3]),
          Buffer.from('","status":"sent"}'),
        ]),
      );
    },
    (outcome) =>
      expect(outcome instanceof SwitchboardError || (outcome as { resolved?: unknown }).resolved !== undefined).toBe(
        true,
      ),
  ],
  [
    'a gzip answer nobody asked for',
    (_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify({ messageId: 'm-1', status: 'sent' })));
    },
    (outcome) =>
      expect(outcome instanceof SwitchboardError || (outcome as { resolved?: unknown }).resolved !== undefined).toBe(
        true,
      ),
  ],
  [
    'a compression bomb (64 MB of zeros, gzipped)',
    (_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(BOMB);
    },
    (outcome) => expect(outcome).toBeInstanceOf(SwitchboardError),
  ],
];
const BOMB = gzipSync(Buffer.alloc(64 * 1024 * 1024));

describe.each(TRANSPORTS)('a hostile server, through the %s', (_name, transport) => {
  it.each(BEHAVIOURS)(
    '%s: every call ends typed, and no other origin hears of it',
    async (_behaviour, behave, check) => {
      api.handle(behave);
      elsewhere.requests.length = 0;
      const calls = callsFor(transport, { maxResponseBytes: 100_000 });
      const outcomes = await Promise.all(calls.map(([, call]) => outcomeOf(call)));
      for (const [index, [, , isSend]] of calls.entries()) check(outcomes[index], isSend);
      expect(elsewhere.requests).toHaveLength(0);
    },
  );
});
