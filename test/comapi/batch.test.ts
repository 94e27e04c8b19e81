/** sendBatch against a loopback Comapi that answers every item by index. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RequestPacker, type BatchLimits, type BatchUnit } from '../../src/core/batch.ts';
import {
  AuthenticationError,
  ComapiClient,
  MAX_BATCH_BYTES,
  ServerError,
  UnexpectedResponseError,
  ValidationError,
  type ComapiMessage,
} from '../../src/comapi/index.ts';
import { API_SPACE, COMAPI_TOKEN } from '../helpers.ts';
import { startFakeComapi, type FakeComapi } from './fake-comapi.ts';

let fake: FakeComapi;
let comapi: ComapiClient;
beforeEach(async () => {
  fake = await startFakeComapi();
  comapi = new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl: fake.url });
});
afterEach(async () => {
  await fake.close();
});

const message = (i: number, body = `Message ${i}`): ComapiMessage => ({
  to: { phoneNumber: `4471231${String(i).padStart(5, '0')}` },
  body,
  rules: ['sms'],
});

describe('ComapiMessages.sendBatch', () => {
  it('splits 5001 messages into 5000 + 1 and gives each its own id, in input order', async () => {
    const messages = Array.from({ length: 5001 }, (_, i) => message(i));
    // One at a time, so the requests arrive in the order they were packed.
    const results = await comapi.messages.sendBatch(messages, { concurrency: 1 });

    expect(fake.requests.map((r) => r.body.length)).toEqual([5000, 1]);
    expect(results.map((r) => r.index)).toEqual(messages.map((_, i) => i));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(new Set(results.map((r) => (r.ok ? r.messageId : ''))).size).toBe(5001);
    expect(fake.requests.flatMap((r) => r.body.map((m: any) => m.body))).toEqual(messages.map((m) => m.body));
  });

  it('keeps every request under 10 MB of JSON', async () => {
    const big = 'x'.repeat(1_000_000);
    const messages = Array.from({ length: 25 }, (_, i) => message(i, big));
    const results = await comapi.messages.sendBatch(messages, { concurrency: 1 });

    expect(fake.requests.length).toBe(3);
    for (const request of fake.requests) expect(request.bytes).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(fake.requests.map((r) => r.body.length)).toEqual([9, 9, 7]);
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('measures the limit in UTF-8 bytes, not characters', async () => {
    // 400,000 characters each, 1.2 MB of UTF-8 ('€' is 3 bytes, '😀' 4): by characters 25 would fit in one request.
    const text = `${'€'.repeat(399_998)}😀`;
    const results = await comapi.messages.sendBatch(
      Array.from({ length: 25 }, (_, i) => message(i, text)),
      { concurrency: 1 },
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.requests.length).toBe(4);
    for (const request of fake.requests) expect(request.bytes).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(fake.requests.map((r) => r.body.length)).toEqual([8, 8, 8, 1]);
  });

  it('fails a message that alone exceeds 10 MB, and sends the rest', async () => {
    const results = await comapi.messages.sendBatch([message(0), message(1, 'x'.repeat(MAX_BATCH_BYTES)), message(2)]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(results[1]).toMatchObject({ ok: false, error: expect.any(ValidationError) });
    expect(fake.requests).toHaveLength(1);
  });

  it('fails an invalid message alone, with its reason, and sends the others', async () => {
    const results = await comapi.messages.sendBatch([message(0), { ...message(1), rules: undefined }, message(2)]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const failed = results[1]!;
    expect(!failed.ok && failed.error instanceof ValidationError && failed.error.issues[0]!.path).toBe('rules');
    expect(fake.requests[0]!.body).toHaveLength(2);
  });

  it('maps ids by index even when the answer lists them in another order', async () => {
    fake.respond = (request) => ({
      status: 202,
      body: request.body.map((_, index) => ({ index, messageId: `id-${index}` })).reverse(),
    });
    const results = await comapi.messages.sendBatch([message(0), message(1), message(2)]);
    expect(results.map((r) => (r.ok ? r.messageId : null))).toEqual(['id-0', 'id-1', 'id-2']);
  });

  it('reports an answer that leaves a message out as UnexpectedResponseError: it may have been sent', async () => {
    fake.respond = () => ({ status: 202, body: [{ index: 0, messageId: 'id-0' }] });
    const results = await comapi.messages.sendBatch([message(0), message(1)]);
    expect(results.every((r) => !r.ok && r.error instanceof UnexpectedResponseError)).toBe(true);
    expect(results.every((r) => r.outcome === 'unknown')).toBe(true);
    expect(!results[0]!.ok && results[0]!.error.message).toMatch(/may have been processed/);
  });

  it('stops after the token is refused, failing every message with AuthenticationError', async () => {
    fake.respond = () => ({ status: 401, body: { message: 'Unauthorized' } });
    const results = await comapi.messages.sendBatch(
      Array.from({ length: 6000 }, (_, i) => message(i)),
      { concurrency: 1 },
    );
    expect(fake.requests).toHaveLength(1);
    expect(results).toHaveLength(6000);
    expect(results.every((r) => !r.ok && r.error instanceof AuthenticationError)).toBe(true);
  });

  it('fails only the messages of a failed request and goes on', async () => {
    // The first request (5000 messages) fails, whichever arrives first: the two are sent at once.
    fake.respond = (request) => (request.body.length === 5000 ? { status: 500, body: { message: 'boom' } } : undefined);
    const results = await comapi.messages.sendBatch(Array.from({ length: 5002 }, (_, i) => message(i)));
    expect(results.slice(0, 5000).every((r) => !r.ok && r.error instanceof ServerError)).toBe(true);
    expect(results.slice(5000).every((r) => r.ok)).toBe(true);
  });
});

/** Every request the packer closes, for units given in order. */
function packUnits<Payload>(units: BatchUnit<Payload>[], limits: BatchLimits): BatchUnit<Payload>[][] {
  const packer = new RequestPacker<Payload>(limits);
  const requests = units.map((unit) => packer.add(unit)).filter((request) => request !== undefined);
  const last = packer.flush();
  return last ? [...requests, last] : requests;
}

describe('RequestPacker', () => {
  it('closes a request at the unit limit and at the byte limit, whichever comes first', () => {
    const units = [5, 5, 5, 5, 5].map((bytes, index) => ({ index, part: 0, payload: index, bytes }));
    expect(packUnits(units, { maxUnits: 2 }).map((r) => r.map((u) => u.index))).toEqual([[0, 1], [2, 3], [4]]);
    expect(packUnits(units, { maxUnits: 10, maxBytes: 12 }).map((r) => r.map((u) => u.index))).toEqual([
      [0, 1],
      [2, 3],
      [4],
    ]);
    expect(packUnits(units, { maxUnits: 10, maxBytes: 15 }).map((r) => r.length)).toEqual([3, 2]);
  });

  it('gives a unit over the byte limit a request of its own', () => {
    const units = [1, 50, 1].map((bytes, index) => ({ index, part: 0, payload: index, bytes }));
    expect(packUnits(units, { maxUnits: 10, maxBytes: 10 }).map((r) => r.map((u) => u.index))).toEqual([[0], [1], [2]]);
  });
});
