/**
 * The router's failover rule against loopback servers that count requests: a message moves to the next provider
 * exactly when the previous one surely did not accept it, and never otherwise; no provider sees a message twice.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CmClient } from '../../src/cm/index.ts';
import { ComapiClient } from '../../src/comapi/index.ts';
import { WebexClient } from '../../src/webex/index.ts';
import { Switchboard, ValidationError } from '../../src/index.ts';
import { API_SPACE, COMAPI_TOKEN, TOKEN } from '../helpers.ts';
import { refusedUrl, startFaultServer, type Fault, type FaultServer } from '../support/fault-server.ts';
import { CM_ALL_REJECTED, cmAcceptedAnswer } from '../support/loopback-server.ts';

const FAST = { maxRetryDelayMs: 5, timeoutMs: 300 };
const MESSAGE = { from: 'Acme', to: '+447911123456', text: 'Your order has shipped', reference: 'order-4711' };

let cmServer: FaultServer;
let webexServer: FaultServer;
let comapiServer: FaultServer;

beforeAll(async () => {
  cmServer = await startFaultServer((request) => ({ status: 200, body: cmAcceptedAnswer(request.body) }));
  webexServer = await startFaultServer((request) => ({
    status: 202,
    body: {
      acceptedTime: '2024-09-04T06:42:16.520-04:00',
      messageId: `w-${webexServer.requests.length}`,
      correlationId: request.body.correlationId,
    },
  }));
  comapiServer = await startFaultServer((request) => ({
    status: 202,
    body: request.body.map((_: unknown, index: number) => ({ index, messageId: `c-${index}` })),
  }));
});
afterAll(async () => {
  await Promise.all([cmServer.close(), webexServer.close(), comapiServer.close()]);
});
afterEach(() => {
  for (const server of [cmServer, webexServer, comapiServer]) {
    server.requests.length = 0;
    server.script('ok');
  }
});

function clients(cmUrl = cmServer.url) {
  return {
    cm: new CmClient({ productToken: TOKEN, baseUrl: cmUrl, ...FAST }),
    webex: new WebexClient({ serviceKey: 'service-key-1', baseUrl: webexServer.url, ...FAST }),
    comapi: new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl: comapiServer.url, ...FAST }),
  };
}

function cmThenWebex(cmUrl?: string) {
  const { cm, webex } = clients(cmUrl);
  return new Switchboard({ providers: [cm, webex], circuitBreaker: false });
}

describe('fails over when the first provider surely did not accept the message', () => {
  const cases: Array<[string, Fault, string]> = [
    ['429', { status: 429 }, 'RateLimitError'],
    ['503 with Retry-After', { status: 503, retryAfter: '1' }, 'ServerError'],
    [
      '401 (credentials refused)',
      { respond: () => ({ status: 401, body: { message: 'bad token' } }) },
      'AuthenticationError',
    ],
    [
      'CM refusing every recipient',
      { respond: () => ({ status: 200, body: CM_ALL_REJECTED }) },
      'MessageRejectedError',
    ],
    [
      '400 (the request refused)',
      {
        respond: () => ({
          status: 400,
          body: { details: 'No account found for the given authentication', errorCode: 999, messages: [] },
        }),
      },
      'BadRequestError',
    ],
  ];
  it.each(cases)('%s', async (_name, fault, errorName) => {
    cmServer.script(fault);
    const result = await cmThenWebex().send(MESSAGE);
    expect(cmServer.requests).toHaveLength(1);
    expect(webexServer.requests).toHaveLength(1);
    expect(webexServer.requests[0]!.body).toMatchObject({
      to: '+447911123456',
      from: 'Acme',
      correlationId: 'order-4711',
    });
    expect(result.ok).toBe(true);
    const [recipient] = result.recipients;
    expect(recipient).toMatchObject({
      to: '+447911123456',
      ok: true,
      outcome: 'accepted',
      provider: 'webex',
      messageId: 'w-1',
    });
    expect(recipient!.attempts.map((attempt) => [attempt.provider, attempt.outcome, attempt.error?.name])).toEqual([
      ['cm', 'rejected', errorName],
      ['webex', 'accepted', undefined],
    ]);
  });

  it('connection refused', async () => {
    const result = await cmThenWebex(await refusedUrl()).send(MESSAGE);
    expect(webexServer.requests).toHaveLength(1);
    expect(result.recipients[0]).toMatchObject({ ok: true, provider: 'webex' });
    expect(result.recipients[0]!.attempts[0]).toMatchObject({ provider: 'cm', outcome: 'rejected' });
    expect(result.recipients[0]!.attempts[0]!.error!.name).toBe('ConnectionError');
  });

  it('the message is invalid for the first provider (refused before sending)', async () => {
    // 12 letters: too long for CM's SMS sender, which Webex takes.
    const result = await cmThenWebex().send({ ...MESSAGE, from: 'AcmeShipping' });
    expect(cmServer.requests).toHaveLength(0);
    expect(webexServer.requests).toHaveLength(1);
    expect(result.recipients[0]!.attempts[0]!.error).toBeInstanceOf(ValidationError);
    expect(result.recipients[0]).toMatchObject({ ok: true, provider: 'webex' });
  });

  it('every provider refusing ends rejected, with every attempt and the last error', async () => {
    cmServer.script({ status: 429 });
    webexServer.script({ status: 429 });
    const result = await cmThenWebex().send(MESSAGE);
    expect([cmServer.requests.length, webexServer.requests.length]).toEqual([1, 1]);
    expect(result).toMatchObject({ ok: false, outcome: 'rejected' });
    expect(result.recipients[0]).toMatchObject({ ok: false, outcome: 'rejected', provider: 'webex' });
    expect(result.recipients[0]!.attempts.map((attempt) => attempt.outcome)).toEqual(['rejected', 'rejected']);
  });
});

describe('never fails over after an outcome that may mean accepted', () => {
  const cases: Array<[string, Fault, string]> = [
    ['a reset after the body was sent', 'reset', 'ConnectionError'],
    ['a reset in the middle of the answer', 'reset-mid-body', 'ConnectionError'],
    ['500', { status: 500 }, 'ServerError'],
    ['503 without Retry-After', { status: 503 }, 'ServerError'],
    ['a timeout after the body was sent', 'stall', 'TimeoutError'],
    ['a 2xx that is not the answer the spec describes', 'non-json', 'UnexpectedResponseError'],
    [
      'a 3xx',
      { respond: () => ({ status: 303, body: {}, headers: { location: 'http://127.0.0.1:9/elsewhere' } }) },
      'RedirectError',
    ],
  ];
  it.each(cases)('%s', async (_name, fault, errorName) => {
    cmServer.script(fault);
    const result = await cmThenWebex().send(MESSAGE);
    expect(cmServer.requests).toHaveLength(1);
    expect(webexServer.requests).toHaveLength(0);
    expect(result).toMatchObject({ ok: false, outcome: 'unknown' });
    const [recipient] = result.recipients;
    expect(recipient).toMatchObject({ ok: false, outcome: 'unknown', provider: 'cm' });
    expect(recipient!.attempts).toEqual([{ provider: 'cm', outcome: 'unknown', error: expect.anything() }]);
    if (!recipient!.ok) expect(recipient!.error.name).toBe(errorName);
  });

  it("the caller's abort stops the routing", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await cmThenWebex().send(MESSAGE, { signal: controller.signal });
    expect(webexServer.requests).toHaveLength(0);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.name).toBe('AbortError');
  });
});

describe('each recipient and each message is routed on its own, in as few requests as the providers allow', () => {
  it('a batch goes to CM in one request; the messages CM refuses fail over to Webex, one request each', async () => {
    cmServer.script({
      // CM accepts the first recipient of the request and refuses the others.
      respond: (request) => {
        const answer = cmAcceptedAnswer(request.body) as { messages: Array<Record<string, unknown>> };
        answer.messages.forEach((entry, index) => {
          if (index > 0) Object.assign(entry, { status: 'Rejected', messageErrorCode: 303, messageDetails: 'refused' });
        });
        return { status: 200, body: answer };
      },
    });
    const results = await cmThenWebex().sendBatch([
      MESSAGE,
      { ...MESSAGE, to: ['+31612345678', '+4915112345678'] },
      { ...MESSAGE, to: '12' },
    ]);
    expect(cmServer.requests).toHaveLength(1);
    expect(cmServer.requests[0]!.body.messages.msg).toHaveLength(3);
    expect(webexServer.requests.map((request) => request.body.to).sort()).toEqual(['+31612345678', '+4915112345678']);
    expect(results.map((result) => [result.index, result.ok, result.outcome])).toEqual([
      [0, true, 'accepted'],
      [1, true, 'accepted'],
      [2, false, 'rejected'],
    ]);
    expect(results[1]!.recipients.map((recipient) => recipient.ok && recipient.provider)).toEqual(['webex', 'webex']);
    expect(!results[2]!.ok && results[2]!.error).toBeInstanceOf(ValidationError);
  });

  it('numbers are checked once: one that cannot exist is refused before anything is sent', async () => {
    const router = cmThenWebex();
    for (const to of ['12', '+4479111234', 'not a number', '+44 7911 123456 ext']) {
      await expect(router.send({ ...MESSAGE, to })).rejects.toBeInstanceOf(ValidationError);
    }
    expect(cmServer.requests.length + webexServer.requests.length).toBe(0);
  });

  it('each provider gets the number in its own form', async () => {
    const { cm, webex, comapi } = clients();
    for (const client of [cm, webex, comapi]) {
      const router = new Switchboard({ providers: [client] });
      expect((await router.send({ ...MESSAGE, to: '0044 (7911) 123-456' })).ok).toBe(true);
    }
    expect(cmServer.requests[0]!.body.messages.msg[0].to).toEqual([{ number: '00447911123456' }]);
    expect(webexServer.requests[0]!.body.to).toBe('+447911123456');
    expect(comapiServer.requests[0]!.body[0]).toMatchObject({
      to: { phoneNumber: '447911123456' },
      body: MESSAGE.text,
      channelOptions: { sms: { from: 'Acme' } },
      metadata: { reference: 'order-4711' },
    });
  });
});
