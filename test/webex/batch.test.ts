/** broadcast (v2) and sendBatch (v1, one keyed send per message) against a loopback endpoint. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthenticationError, RateLimitError, ValidationError, WebexClient } from '../../src/webex/index.ts';
import { startFakeWebex, type FakeWebex } from './fake-webex.ts';

let fake: FakeWebex;
let webex: WebexClient;
beforeEach(async () => {
  fake = await startFakeWebex();
  webex = new WebexClient({ baseUrl: fake.url, serviceKey: 'service-key-123' });
});
afterEach(async () => {
  await fake.close();
});

const number = (i: number) => `+44791${String(i).padStart(7, '0')}`;
const common = { from: 'Acme', content: { type: 'text' as const, text: 'Hello $(name)' } };

describe('WebexSms.broadcast', () => {
  it('sends 2500 destinations in three requests and returns 2500 results in order', async () => {
    const destinations = Array.from({ length: 2500 }, (_, i) => number(i));
    const results = await webex.sms.broadcast(destinations, common);

    expect(fake.requests.map((r) => r.body.to.length)).toEqual([1000, 1000, 500]);
    expect(fake.requests.every((r) => r.body.channel === 'sms' && r.body.from === 'Acme')).toBe(true);
    expect(fake.requests.flatMap((r) => r.body.to.map((d: any) => d.msisdn[0]))).toEqual(destinations);
    expect(results.map((r) => r.index)).toEqual(destinations.map((_, i) => i));
    expect(results.map((r) => (r.ok ? r.messageId : null))).toEqual([
      ...Array(1000).fill('request-0'),
      ...Array(1000).fill('request-1'),
      ...Array(500).fill('request-2'),
    ]);
    expect(fake.requests[0]!.headers.key).toBe('service-key-123');
  });

  it('keeps per-destination correlation ids and substitutions', async () => {
    await webex.sms.broadcast(
      [{ to: '0044 7911 123456', correlationId: 'c1', substitutions: { name: 'Ann' } }, number(2)],
      common,
    );
    expect(fake.requests[0]!.body.to).toEqual([
      { msisdn: ['+447911123456'], correlationId: 'c1', substitutions: { name: 'Ann' } },
      { msisdn: [number(2)] },
    ]);
  });

  it('fails an invalid destination alone and sends the rest', async () => {
    const results = await webex.sms.broadcast([number(1), '07911123456', number(3)], common);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ ok: false, error: expect.any(ValidationError) });
    expect(fake.requests[0]!.body.to).toHaveLength(2);
  });

  it('fails every destination, sending nothing, when the common part is invalid', async () => {
    const results = await webex.sms.broadcast([number(1), number(2)], {
      from: 'Acme',
      callbackData: 'x'.repeat(2001),
      content: common.content,
    });
    expect(results.every((r) => !r.ok && r.error instanceof ValidationError)).toBe(true);
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ['both content and template', { from: 'Acme', content: common.content, template: { id: 't1' } }, 'template'],
    ['neither content nor template', { from: 'Acme' }, 'content'],
    ['both expireAt and validity', { ...common, expireAt: '2030-01-01T00:00:00Z', validity: '3600' }, 'validity'],
  ])('refuses a common part with %s, sending nothing', async (_name, bad, path) => {
    const results = await webex.sms.broadcast([number(1)], bad as never);
    expect(results[0]).toMatchObject({ ok: false, outcome: 'rejected' });
    expect(!results[0]!.ok && (results[0]!.error as ValidationError).issues.map((i) => i.path)).toContain(path);
    expect(fake.requests).toHaveLength(0);
  });

  it('stops after the credentials are refused (code 7001) and fails every destination', async () => {
    fake.respond = () => ({ status: 403, body: { code: '7001', message: 'Authentication failed.' } });
    const results = await webex.sms.broadcast(
      Array.from({ length: 1500 }, (_, i) => number(i)),
      common,
      { concurrency: 1 },
    );
    expect(fake.requests).toHaveLength(1);
    expect(results.every((r) => !r.ok && r.error instanceof AuthenticationError)).toBe(true);
  });

  it('maps Webex codes, not just statuses: 7020 on a 400 is a RateLimitError', async () => {
    fake.respond = () => ({
      status: 400,
      body: { code: '7020', message: 'You have reached the maximum transaction limit' },
    });
    const noRetry = new WebexClient({ baseUrl: fake.url, serviceKey: 'service-key-123', maxRetries: 0 });
    const [first] = await noRetry.sms.broadcast([number(1)], common);
    expect(!first!.ok && first!.error).toBeInstanceOf(RateLimitError);
    expect(!first!.ok && first!.error).toMatchObject({
      status: 400,
      code: '7020',
      requestId: 'rid-0',
      outcomeUnknown: false,
    });
  });

  it('retries a v2 send refused with 7020 (nothing was accepted), and not one that failed with 500', async () => {
    fake.respond = (_request, index) =>
      index === 0
        ? { status: 400, body: { code: '7020', message: 'limit' } }
        : index === 1
          ? undefined
          : { status: 500, body: { code: '7006', message: 'Internal error' } };
    const fast = new WebexClient({ baseUrl: fake.url, serviceKey: 'service-key-123', maxRetryDelayMs: 0 });
    const results = await fast.sms.broadcast(
      Array.from({ length: 1001 }, (_, i) => number(i)),
      common,
      { concurrency: 1 },
    );
    expect(fake.requests).toHaveLength(3);
    expect(results[0]).toMatchObject({ ok: true, messageId: 'request-1' });
    expect(results[1000]).toMatchObject({ ok: false, error: { status: 500, outcomeUnknown: true, attempts: 1 } });
  });
});

describe('WebexSms.sendBatch', () => {
  it('sends each message as its own keyed v1 send: one result per message, in order, an invalid one alone', async () => {
    fake.requests.length = 0;
    fake.respond = undefined;
    const results = await webex.sms.sendBatch(
      [
        { from: 'Acme', to: number(1), content: 'one' },
        { from: 'Acme', to: 'not a number', content: 'two' },
        { from: 'Acme', to: number(3), content: 'three' },
      ],
      { concurrency: 1 },
    );
    expect(results.map((result) => [result.index, result.ok, result.outcome])).toEqual([
      [0, true, 'accepted'],
      [1, false, 'rejected'],
      [2, true, 'accepted'],
    ]);
    expect(results[1]!.ok || results[1]!.error).toBeInstanceOf(ValidationError);
    expect(fake.requests.map((request) => request.body.content)).toEqual(['one', 'three']);
    const keys = fake.requests.map((request) => request.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(2);
    expect(results.flatMap((result) => (result.ok ? [result.idempotencyKey] : []))).toEqual(keys);
  });
});
