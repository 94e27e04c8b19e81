/**
 * One reproduction per defect class found by a hostile trial of the clients (issue 12), against loopback servers
 * that count what reaches them. Each failed on the code before the fix; together they pin the classes, and the
 * property suites beside this file cover the rest of each class.
 */
import { createHmac } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CmClient } from '../../src/cm/index.ts';
import { buildProfileFilter, ComapiClient, verifyEvents, WebhookVerificationError } from '../../src/comapi/index.ts';
import {
  AbortError,
  ConcurrencyError,
  ConflictError,
  ConnectionError,
  MessageRejectedError,
  RedirectError,
  ResponseTooLargeError,
  SwitchboardError,
  TimeoutError,
  UnexpectedResponseError,
  ValidationError,
} from '../../src/core/errors/index.ts';
import { createNodeFetch } from '../../src/node/index.ts';
import { verifyCallback, WebexClient } from '../../src/webex/index.ts';
import { sendAll } from '../../src/cli/send.ts';
import { API_SPACE, COMAPI_TOKEN, TOKEN } from '../helpers.ts';
import {
  CM_ALL_REJECTED,
  json,
  providerAnswer,
  startLoopbackServer,
  type LoopbackServer,
} from '../support/loopback-server.ts';

let api: LoopbackServer;
let elsewhere: LoopbackServer;

beforeAll(async () => {
  api = await startLoopbackServer(providerAnswer);
  elsewhere = await startLoopbackServer();
});
afterAll(async () => {
  await api.close();
  await elsewhere.close();
});
afterEach(() => {
  api.requests.length = 0;
  elsewhere.requests.length = 0;
  api.handle(providerAnswer);
});

const cm = (extra: Record<string, unknown> = {}) =>
  new CmClient({ productToken: TOKEN, baseUrl: api.url, maxRetries: 0, ...extra });
const comapi = (extra: Record<string, unknown> = {}) =>
  new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl: api.url, maxRetries: 0, ...extra });
const webex = (extra: Record<string, unknown> = {}) =>
  new WebexClient({ serviceKey: 'service-key-1', baseUrl: api.url, maxRetries: 0, ...extra } as never);

function deep(levels: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < levels; i += 1) value = { next: value };
  return value;
}

function circular(): Record<string, unknown> {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
}

const cmMessage = (n: number) => ({ from: 'Acme', to: `+4479111234${String(n).padStart(2, '0')}`, body: `m${n}` });
const comapiMessage = (n: number) => ({
  to: { phoneNumber: `4479111234${String(n).padStart(2, '0')}` },
  body: `m${n}`,
  rules: ['sms'],
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'resolved',
    (error: unknown) => error,
  );
}

describe('1. a batch never rejects and never loses results', () => {
  const poisons: Array<[string, unknown]> = [
    ['a cycle', circular()],
    ['a BigInt', { n: 10n }],
    ['a 20,000-deep object', deep(20_000)],
  ];

  it.each(poisons)(
    'CM: %s in richContent fails that message only; the others are sent and answered',
    async (_name, poison) => {
      const results = await cm().messages.sendBatch(
        [
          cmMessage(1),
          { ...cmMessage(2), richContent: { conversation: [{ text: 'hi' }], extra: poison } as never },
          cmMessage(3),
        ],
        { concurrency: 1 },
      );
      expect(results.map((r) => r.ok)).toEqual([true, false, true]);
      expect(results[1]).toMatchObject({ outcome: 'rejected', error: expect.any(ValidationError) });
      expect(api.requests).toHaveLength(1);
      expect(JSON.parse(api.requests[0]!.body).messages.msg).toHaveLength(2);
    },
  );

  it.each(poisons)('Comapi: %s in metadata fails that message only', async (_name, poison) => {
    const results = await comapi().messages.sendBatch([
      comapiMessage(1),
      { ...comapiMessage(2), metadata: poison as never },
      comapiMessage(3),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]!.ok || results[1]!.error).toBeInstanceOf(ValidationError);
    expect(JSON.parse(api.requests[0]!.body)).toHaveLength(2);
  });

  it("Comapi: customBody that is not an object, with channelOptions, is that message's ValidationError", async () => {
    const results = await comapi().messages.sendBatch([
      { ...comapiMessage(1), customBody: 'oops' as never, channelOptions: { sms: {} } as never },
      comapiMessage(2),
    ]);
    expect(results[0]).toMatchObject({ ok: false, error: expect.any(ValidationError) });
    expect(results[1]).toMatchObject({ ok: true });
  });

  it('a getter that throws fails its own item', async () => {
    const hostile = { ...cmMessage(2) };
    Object.defineProperty(hostile, 'body', {
      enumerable: true,
      get: () => {
        throw new Error('secret-ish text');
      },
    });
    const results = await cm().messages.sendBatch([cmMessage(1), hostile]);
    expect(results.map((r) => r.ok)).toEqual([true, false]);
    expect(JSON.stringify(results[1])).not.toContain('secret-ish');
  });

  it('a first argument that is not an array or iterable of items, or bad options, rejects before anything is sent', async () => {
    const client = cm();
    for (const items of [null, 5, {}, 'hello', undefined]) {
      expect(await rejection(client.messages.sendBatch(items as never))).toBeInstanceOf(ValidationError);
    }
    for (const options of [null, 'x', { signal: 'nope' }, { concurrency: 0 }, { timeoutMs: -1 }]) {
      expect(await rejection(client.messages.sendBatch([cmMessage(1)], options as never))).toBeInstanceOf(
        ValidationError,
      );
      expect(await rejection(comapi().messages.sendBatch([comapiMessage(1)], options as never))).toBeInstanceOf(
        ValidationError,
      );
      expect(
        await rejection(webex().sms.broadcast(['+447911123456'], { content: 'x' } as never, options as never)),
      ).toBeInstanceOf(ValidationError);
    }
    expect(api.requests).toHaveLength(0);
  });

  it('an array whose length cannot be read, or an iterable whose iterator throws, rejects typed before sending', async () => {
    const unreadable = new Proxy([cmMessage(1)], {
      get: (target, key) =>
        key === 'length'
          ? (() => {
              throw new Error('no length');
            })()
          : Reflect.get(target, key),
    });
    const brokenIterable = {
      [Symbol.iterator]: () => {
        throw new Error('no iterator');
      },
    };
    for (const items of [unreadable, brokenIterable]) {
      expect(await rejection(cm().messages.sendBatch(items as never))).toBeInstanceOf(ValidationError);
    }
    expect(api.requests).toHaveLength(0);
  });
});

describe('2. holes and null items never reach the wire', () => {
  it('CM: a `to` array with a hole is a ValidationError naming the hole, with no request', async () => {
    // eslint-disable-next-line no-sparse-arrays
    const error = await rejection(
      cm().messages.send({ from: 'Acme', to: ['+447911123456', , '+447911123457'] as never, body: 'x' }),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((issue) => issue.path)).toContain('to[1]');
    expect(api.requests).toHaveLength(0);
  });

  it('Comapi: bulkDelete and bulkUpsert with holes, null or non-object items', async () => {
    const profiles = comapi().profiles;
    // eslint-disable-next-line no-sparse-arrays
    for (const call of [
      () => profiles.bulkDelete(['a', , 'b'] as never),
      () => profiles.bulkDelete(['a', null] as never),
      () => profiles.bulkUpsert([{ id: 'a' }, , null] as never),
      () => profiles.bulkUpsert([{ id: 'a' }, 'b'] as never),
      () => profiles.bulkUpsert(null as never),
    ]) {
      expect(await rejection(call())).toBeInstanceOf(ValidationError);
    }
    expect(api.requests).toHaveLength(0);
  });
});

describe('3. hostile answers: bounded, typed, never a raw RangeError', () => {
  const deepJson = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;

  it('a 15,000-deep JSON answer (HTTP 200) to a send is an UnexpectedResponseError; a batch resolves', async () => {
    api.handle((_request, res) =>
      json(res, 200, `{"messages":[],"errorCode":0,"details":"x","extra":${deepJson(15_000)}}`),
    );
    const error = await rejection(cm().messages.send(cmMessage(1)));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(() => JSON.stringify(error)).not.toThrow();
    const results = await comapi().messages.sendBatch([comapiMessage(1)]);
    expect(results[0]).toMatchObject({ ok: false, outcome: 'unknown' });
  });

  it('a 15,000-deep JSON error answer keeps a bounded body', async () => {
    api.handle((_request, res) => json(res, 400, `{"code":"x","deep":${deepJson(15_000)}}`));
    const error = await rejection(comapi().messages.get('m-1'));
    expect(error).toBeInstanceOf(SwitchboardError);
    expect(JSON.stringify(error).length).toBeLessThan(4_000);
  });

  it('a 100 MB answer is not read past maxResponseBytes, and the error is small', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    api.handle((_request, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      let sent = 0;
      const pump = () => {
        while (sent < 100 && res.write(chunk)) sent += 1;
        if (sent >= 100) res.end();
        else res.once('drain', pump);
      };
      pump();
    });
    for (const client of [webex(), webex({ fetch: globalThis.fetch })]) {
      const error = await rejection(client.sms.send({ from: 'Acme', to: '+447911123456', content: 'x' }));
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ limitBytes: 16 * 1024 * 1024, outcomeUnknown: true });
      expect(JSON.stringify(error).length).toBeLessThan(2_000);
    }
    api.handle((_request, res) => json(res, 200, { messageId: 'x'.repeat(5000) }));
    expect(await rejection(comapi({ maxResponseBytes: 1000 }).messages.get('m-1'))).toMatchObject({
      name: 'ResponseTooLargeError',
      outcomeUnknown: false,
    });
  });

  it('a long error body is kept as a short excerpt', async () => {
    api.handle((_request, res) => json(res, 500, { message: 'x'.repeat(50_000) }));
    const error = (await rejection(comapi().messages.get('m-1'))) as { body: unknown };
    expect(typeof error.body).toBe('string');
    expect((error.body as string).length).toBeLessThan(1_200);
  });
});

describe('4. credentials never follow a redirect', () => {
  const redirectTo = (status: number) => (_request: unknown, res: import('node:http').ServerResponse) => {
    res.writeHead(status, { location: `${elsewhere.url}/stolen` });
    res.end();
  };

  it.each([
    ['the Node transport', {}],
    ['a WHATWG fetch', { fetch: globalThis.fetch }],
  ])(
    'with %s, a 307 to another origin is a RedirectError and the other origin receives nothing',
    async (_name, transport) => {
      api.handle(redirectTo(307));
      const calls = [
        () => cm({ ...transport, tokenIn: 'body' }).messages.send(cmMessage(1)),
        () => cm(transport).messages.send(cmMessage(1)),
        () => webex(transport).sms.send({ from: 'Acme', to: '+447911123456', content: 'x' }),
        () => comapi(transport).messages.get('m-1'),
      ];
      for (const call of calls) expect(await rejection(call())).toBeInstanceOf(RedirectError);
      expect(elsewhere.requests).toHaveLength(0);
      expect(api.requests).toHaveLength(calls.length);
    },
  );
});

describe('5. a redirect answer to a send leaves its outcome unknown', () => {
  it('a 303 to a send is outcomeUnknown: true; to a read, false; neither is retried', async () => {
    api.handle((_request, res) => {
      res.writeHead(303, { location: '/v1.0/message/done' });
      res.end();
    });
    expect(await rejection(cm({ maxRetries: 2 }).messages.send(cmMessage(1)))).toMatchObject({
      name: 'RedirectError',
      status: 303,
      outcomeUnknown: true,
    });
    const [result] = await cm().messages.sendBatch([cmMessage(1)]);
    expect(result).toMatchObject({ ok: false, outcome: 'unknown' });
    expect(await rejection(comapi({ maxRetries: 2 }).messages.get('m-1'))).toMatchObject({
      name: 'RedirectError',
      outcomeUnknown: false,
    });
    expect(api.requests).toHaveLength(3);
  });
});

describe('6. credentials that cannot be a header value are refused at construction', () => {
  it('a Webex serviceKey or jwt with a line break, never quoted back', () => {
    for (const options of [
      { serviceKey: 'key\r\nX-Evil: 1' },
      { jwt: 'a.b.c\nd' },
      { serviceKey: 'key with space' },
      { serviceId: 'id\n', serviceSecret: 'c2VjcmV0' },
    ]) {
      let thrown: unknown;
      try {
        new WebexClient({ ...options, baseUrl: api.url } as never);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      expect(JSON.stringify(thrown) + String((thrown as Error).stack)).not.toMatch(/key\r\n|a\.b\.c\nd|key with space/);
    }
  });

  it('ConnectionError.cause carries no credential, nor does a credential echoed as a JSON key', async () => {
    const leaky = async (request: Request) => {
      throw new TypeError(`failed with key ${request.headers.get('key')}`, {
        cause: new Error(`inner ${request.headers.get('key')}`),
      });
    };
    const error = await rejection(webex({ fetch: leaky }).sms.get('w-1'));
    expect(error).toBeInstanceOf(ConnectionError);
    const seen = JSON.stringify({
      message: (error as Error).message,
      cause: String((error as Error).cause),
      inner: String(((error as Error).cause as Error).cause),
      stack: ((error as Error).cause as Error).stack,
    });
    expect(seen).not.toContain('service-key-1');
    api.handle((request, res) => json(res, 400, { [String(request.headers.key)]: 'echoed', code: '7004' }));
    const echoed = await rejection(webex().sms.get('w-1'));
    expect(JSON.stringify(echoed)).not.toContain('service-key-1');
  });
});

describe('7. ids cannot change the URL', () => {
  it('"." and ".." are refused with no request', async () => {
    const client = comapi();
    for (const call of [
      () => client.profiles.delete('..'),
      () => client.profiles.get('.'),
      () => client.messages.get('..'),
      () => client.webhooks.delete('..'),
      () => webex().sms.get('..'),
      () => client.profiles.relationships.link('p', '..'),
    ]) {
      expect(await rejection(call())).toBeInstanceOf(ValidationError);
    }
    expect(api.requests).toHaveLength(0);
  });

  it('anything else is percent-encoded into its own segment', async () => {
    await comapi()
      .profiles.delete('a/../b?c#d')
      .catch(() => undefined);
    expect(api.requests[0]!.path).toBe(`/apispaces/${API_SPACE}/profiles/a%2F..%2Fb%3Fc%23d`);
  });
});

describe('8. filters and arguments never silently widen a request', () => {
  it.each([
    ['an empty condition', { email: {} }],
    ['an undefined eq', { email: { eq: undefined } }],
    ['an object as eq', { name: { eq: { a: 1 } } }],
    ['startsWith with endsWith', { name: { startsWith: 'a', endsWith: 'b' } }],
    ['eq with in', { name: { eq: 'a', in: ['b'] } }],
    ['a number that is not finite', { age: { gt: Number.NaN } }],
    ['an array with a hole in `in`', { age: { in: [1, , 3] } }],
  ])('%s is refused by export and query', async (_name, filter) => {
    expect(() => buildProfileFilter(filter as never)).toThrow(ValidationError);
    expect(await rejection(comapi().profiles.export({ format: 'csv' } as never, filter as never))).toBeInstanceOf(
      ValidationError,
    );
    expect(await rejection(comapi().profiles.query(filter as never))).toBeInstanceOf(ValidationError);
    expect(api.requests).toHaveLength(0);
  });

  it('arguments of the wrong shape are refused, not sent', async () => {
    const client = comapi();
    const calls = [
      () => client.profiles.optIn('p1', 'sms' as never),
      () => client.profiles.optIn('p1', []),
      () => client.profiles.optIn('p1', null as never),
      () => client.messages.history('p1', 'abc' as never),
      () => client.messages.history('p1', { from: new Date(Number.NaN) }),
      ...[null, 5, 'x', ['a']].flatMap((body) => [
        () => client.profiles.replace('p1', body as never),
        () => client.profiles.patch('p1', body as never),
      ]),
    ];
    for (const call of calls) expect(await rejection(call())).toBeInstanceOf(ValidationError);
    expect(api.requests).toHaveLength(0);
  });

  it("a validation message never repeats the caller's value", () => {
    try {
      buildProfileFilter({ name: { in: ['>secret-value'] } });
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('secret-value');
    }
    expect.assertions(1);
  });
});

describe('9. webhook verification fails closed', () => {
  const body = '{"name":"message.sent"}';
  const forged = createHmac('sha1', '[object Object]').update(body).digest('hex');
  const forged256 = createHmac('sha256', '[object Object]').update(body).digest('hex');

  it('a secret that is not a non-empty string or bytes is refused, not coerced', async () => {
    for (const secret of [{}, [], 5, true]) {
      expect(await rejection(verifyEvents({ body, signature: forged, secret: secret as never }))).toBeInstanceOf(
        ValidationError,
      );
      expect(await rejection(verifyCallback({ body, signature: forged256, secret: secret as never }))).toBeInstanceOf(
        ValidationError,
      );
    }
  });

  it('a signature of the wrong type is a malformed signature; a parsed or null body a ValidationError', async () => {
    for (const signature of [5, ['a'], { a: 1 }]) {
      expect(await rejection(verifyEvents({ body, signature: signature as never, secret: 's' }))).toMatchObject({
        name: 'WebhookVerificationError',
        reason: 'malformed_signature',
      });
    }
    for (const parsed of [JSON.parse(body), null, 5]) {
      expect(await rejection(verifyEvents({ body: parsed, signature: forged, secret: 's' }))).toBeInstanceOf(
        ValidationError,
      );
    }
    for (const request of [null, undefined, 'x']) {
      expect(await rejection(verifyCallback(request as never))).toBeInstanceOf(ValidationError);
    }
    const secret = new TextEncoder().encode('bytes-secret');
    const signature = createHmac('sha1', 'bytes-secret').update(body).digest('hex');
    await expect(verifyEvents({ body, signature, secret })).resolves.toBeUndefined();
    expect(await rejection(verifyEvents({ body, signature, secret: new Uint8Array(0) }))).toBeInstanceOf(
      ValidationError,
    );
    expect(WebhookVerificationError).toBeDefined();
  });
});

describe('10. limits a timer cannot hold are refused', () => {
  it('timeoutMs and maxRetryDelayMs of 2^31 ms or more, at construction and per call', async () => {
    for (const limits of [
      { timeoutMs: 2 ** 31 },
      { maxRetryDelayMs: 2 ** 31 },
      { timeoutMs: Number.POSITIVE_INFINITY },
    ]) {
      expect(() => cm(limits)).toThrow(ValidationError);
    }
    expect(await rejection(comapi().messages.get('m-1', { timeoutMs: 2 ** 31 }))).toBeInstanceOf(ValidationError);
    expect(() => cm({ timeoutMs: 2 ** 31 - 1, maxRetryDelayMs: 2 ** 31 - 1 })).not.toThrow();
  });
});

describe('11. a base URL cannot carry a query string or a fragment', () => {
  it.each(['http://127.0.0.1:9/api?tenant=1', 'http://127.0.0.1:9/api#x', 'http://127.0.0.1:9/api?'])(
    '%s',
    (baseUrl) => {
      expect(() => cm({ baseUrl })).toThrow(ValidationError);
    },
  );
});

describe('12. null where an options object or a payload goes is a ValidationError', () => {
  it('the options argument of methods, and parse functions given null', async () => {
    const client = comapi();
    const calls = [
      () => cm().messages.send(cmMessage(1), null as never),
      () => client.messages.get('m-1', null as never),
      () => client.profiles.get('p1', null as never),
      () => client.webhooks.list(null as never),
      () => webex().sms.get('w-1', null as never),
      () => webex().sms.send({ from: 'Acme', to: '+447911123456', content: 'x' }, null as never),
    ];
    for (const call of calls) expect(await rejection(call())).toBeInstanceOf(ValidationError);
    expect(api.requests).toHaveLength(0);
  });
});

describe('13. smaller ones', () => {
  it('ConcurrencyError keeps attempts, outcomeUnknown and its cause (a 429, then a 409)', async () => {
    let calls = 0;
    api.handle((_request, res) =>
      calls++ === 0 ? json(res, 429, {}, { 'retry-after': '0' }) : json(res, 409, { message: 'conflict' }),
    );
    const error = await rejection(comapi({ maxRetries: 1 }).profiles.patch('p1', { a: 1 }, { etag: '"v1"' }));
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ attempts: 2, outcomeUnknown: false });
    expect((error as Error).cause).toBeInstanceOf(ConflictError);
  });

  it('a failed Webex JWT mint is not kept: the next send mints again', async () => {
    const client = webex({ serviceKey: undefined, serviceId: 'svc', serviceSecret: 'c2VjcmV0LXNlY3JldA==' });
    const sign = vi.spyOn(crypto.subtle, 'sign').mockRejectedValueOnce(new Error('mint failed'));
    expect(await rejection(client.sms.get('w-1'))).toBeInstanceOf(Error);
    sign.mockRestore();
    await client.sms.get('w-1').catch(() => undefined);
    expect(api.requests.at(-1)?.headers.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('a request still waiting for a pooled connection when aborted is reported as never sent', async () => {
    const held: Array<() => void> = [];
    api.handle((request, res) => void held.push(() => providerAnswer(request, res)));
    const fetch = createNodeFetch({ connections: 1 });
    const client = webex({ fetch });
    const first = client.sms.get('w-1');
    await vi.waitFor(() => expect(api.requests).toHaveLength(1));
    const controller = new AbortController();
    const second = client.sms.send({ from: 'Acme', to: '+447911123456', content: 'x' }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();
    expect(await rejection(second)).toMatchObject({ name: 'AbortError', outcomeUnknown: false });
    held.shift()!();
    await first.catch(() => undefined);
    expect(api.requests).toHaveLength(1);
    expect(AbortError).toBeDefined();
  });

  it('a timeout while still queued for a connection is "not sent": retried, then reported as never sent', async () => {
    const held: Array<() => void> = [];
    api.handle((request, res) => void held.push(() => providerAnswer(request, res)));
    const client = cm({ fetch: createNodeFetch({ connections: 1 }), maxRetries: 1, maxRetryDelayMs: 0 });
    const first = client.messages.send(cmMessage(1), { timeoutMs: 5_000 });
    await vi.waitFor(() => expect(api.requests).toHaveLength(1));
    const second = await rejection(client.messages.send(cmMessage(2), { timeoutMs: 100 }));
    expect(second).toBeInstanceOf(TimeoutError);
    expect(second).toMatchObject({ notSent: true, outcomeUnknown: false, attempts: 2 });
    held.shift()!();
    await first;
    expect(api.requests).toHaveLength(1);
  });

  it('1,000 calls sharing one AbortSignal print no MaxListenersExceededWarning', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const controller = new AbortController();
    const client = comapi({
      fetch: async () =>
        new Response('{"messageId":"m","status":"sent"}', {
          status: 200,
          headers: { 'content-type': 'application/json' },
        }),
    });
    await Promise.all(Array.from({ length: 1000 }, () => client.messages.get('m-1', { signal: controller.signal })));
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('warning', onWarning);
    expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('a refused connection as Deno and Bun report it is "not sent" and retried', async () => {
    for (const failure of [
      new TypeError(
        'error sending request for url (http://127.0.0.1:9/v1.0/message): client error (Connect): tcp connect error: Connection refused (os error 111)',
      ),
      Object.assign(new Error('Unable to connect. Is the computer able to access the url?'), {
        code: 'ConnectionRefused',
      }),
    ]) {
      let calls = 0;
      const refusing = async () => {
        calls += 1;
        throw failure;
      };
      const error = await rejection(
        cm({ fetch: refusing, maxRetries: 2, maxRetryDelayMs: 0 }).messages.send(cmMessage(1)),
      );
      expect(error).toMatchObject({ name: 'ConnectionError', notSent: true, outcomeUnknown: false, attempts: 3 });
      expect(calls).toBe(3);
    }
  });
});

describe('14. ok means accepted, in the library and the CLI', () => {
  it('a CM message whose every recipient was rejected is ok: false, outcome "rejected"', async () => {
    api.handle((_request, res) => json(res, 400, CM_ALL_REJECTED));
    const [result] = await cm().messages.sendBatch([cmMessage(1)]);
    expect(result).toMatchObject({ ok: false, outcome: 'rejected' });
    expect(result!.ok || result!.error).toBeInstanceOf(MessageRejectedError);
    const lines = await sendAll('cm', [cmMessage(1)], { CM_PRODUCT_TOKEN: TOKEN }, api.url, () => {});
    expect(lines[0]).toMatchObject({
      ok: false,
      outcome: 'rejected',
      error: { name: 'MessageRejectedError', code: 402 },
    });
  });
});
