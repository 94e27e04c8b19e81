/**
 * `sendEach`, on every client: the results of `sendBatch`, yielded as each request is answered, against a loopback
 * server that counts requests. Streaming is shown by results arriving while later requests are not yet made, and
 * by a reader's `break` stopping the sending.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CmClient } from '../../src/cm/index.ts';
import { ComapiClient } from '../../src/comapi/index.ts';
import { ValidationError } from '../../src/core/errors/index.ts';
import { WebexClient } from '../../src/webex/index.ts';
import { API_SPACE, COMAPI_TOKEN, TOKEN } from '../helpers.ts';
import { providerAnswer, startLoopbackServer, type LoopbackServer } from '../support/loopback-server.ts';

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer(providerAnswer);
});
afterAll(() => server.close());
afterEach(() => {
  server.requests.length = 0;
});

const number = (i: number) => `+4479${String(i).padStart(8, '0')}`;

/** Each client's sendEach over `count` messages from a generator, one of them (index 3) invalid. */
const clients = {
  cm: (count: number, options = {}) =>
    new CmClient({ productToken: TOKEN, baseUrl: server.url }).messages.sendEach(
      (function* () {
        for (let i = 0; i < count; i += 1) yield { from: 'Acme', to: i === 3 ? 'nope' : number(i), body: 'Hi' };
      })(),
      options,
    ),
  comapi: (count: number, options = {}) =>
    new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl: server.url }).messages.sendEach(
      (function* () {
        for (let i = 0; i < count; i += 1)
          yield { to: { phoneNumber: number(i) }, body: 'Hi', ...(i === 3 ? {} : { rules: ['sms'] }) };
      })(),
      options,
    ),
  webex: (count: number, options = {}) =>
    new WebexClient({ serviceKey: 'service-key-1', baseUrl: server.url }).sms.sendEach(
      (function* () {
        for (let i = 0; i < count; i += 1) yield { from: 'Acme', to: i === 3 ? '' : number(i), content: 'Hi' };
      })(),
      options,
    ),
};

describe.each(Object.entries(clients))('%s sendEach', (_provider, sendEach) => {
  it('yields one result per message, each with its index, an invalid one failing alone', async () => {
    const results = [];
    for await (const result of sendEach(12)) results.push(result);
    expect(results.map((result) => result.index).sort((a, b) => a - b)).toEqual([...Array(12).keys()]);
    for (const result of results) {
      expect(result).toMatchObject(
        result.index === 3
          ? { ok: false, outcome: 'rejected', error: expect.any(ValidationError) }
          : { ok: true, outcome: 'accepted', requestId: undefined },
      );
    }
  });

  it('a reader that stops early stops the sending', async () => {
    let read = 0;
    for await (const _result of sendEach(100_000, { concurrency: 1 })) {
      read += 1;
      if (read === 5) break;
    }
    const sentAtBreak = server.requests.length;
    // One request at a time and a queue bounded at 1000 results: CM's and Comapi's first request answers the five
    // read, and the request being filled when the reader stopped is not sent; Webex sends each message alone, so
    // about a queue's worth went out. The whole batch needs 100 CM, 20 Comapi or 100,000 Webex requests.
    if (_provider === 'webex') expect(sentAtBreak).toBeLessThan(1100);
    else expect(sentAtBreak).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests.length).toBe(sentAtBreak);
  });

  it('refuses input that is not an iterable, and bad options, at once', () => {
    const client = {
      cm: () => new CmClient({ productToken: TOKEN, baseUrl: server.url }).messages,
      comapi: () => new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl: server.url }).messages,
      webex: () => new WebexClient({ serviceKey: 'service-key-1', baseUrl: server.url }).sms,
    }[_provider]!();
    expect(() => client.sendEach(null as never)).toThrow(ValidationError);
    expect(() => client.sendEach('abc' as never)).toThrow(ValidationError);
    expect(() => client.sendEach([], { concurrency: 0 })).toThrow(ValidationError);
    expect(server.requests).toHaveLength(0);
  });
});
