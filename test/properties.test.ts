/**
 * Property-based: random invalid input to every facade method gives a ValidationError (never a TypeError or a
 * request), and no request leaves. Invalid inputs are made by breaking one field of a valid input, adding an
 * unknown field, or passing arbitrary values where an object is expected.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CmClient } from '../src/cm/index.ts';
import { ComapiClient } from '../src/comapi/index.ts';
import { ValidationError } from '../src/core/errors/index.ts';
import { WebexClient } from '../src/webex/index.ts';
import { API_SPACE, COMAPI_TOKEN, countingFetch, TOKEN } from './helpers.ts';

const RUNS = { numRuns: 150 };
const BASE_URL = 'http://127.0.0.1:9';

/** Values of the wrong type for any string or array field (numbers are among them: keep numeric fields out). */
const wrongType = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.oneof(fc.boolean(), fc.constant(null)), { minLength: 1, maxLength: 3 }),
  fc.record({ __notAField: fc.integer() }),
);

/** A valid input with one field broken: set to a value of the wrong type, or removed when required. */
function breakOne<T extends Record<string, unknown>>(
  valid: T,
  fields: readonly (keyof T & string)[],
  required: readonly (keyof T & string)[],
  /** Optional fields the spec lets be `null` (CM takes `null` as "not set"): for these, `null` is not a wrong type. */
  nullable: readonly (keyof T & string)[] = [],
) {
  return fc.oneof(
    fc
      .record({ field: fc.constantFrom(...fields), value: wrongType })
      .filter(({ field, value }) => !(value === null && nullable.includes(field)))
      .map(({ field, value }) => ({ ...valid, [field]: value })),
    fc.constantFrom(...required).map((field) => {
      const copy: Record<string, unknown> = { ...valid };
      delete copy[field];
      return copy;
    }),
    fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((key) => !(key in valid) && /^[a-zA-Z]+$/.test(key))
      .map((key) => ({ ...valid, [key]: 'x' })),
  );
}

async function expectRefusal(call: (fetch: ReturnType<typeof countingFetch>) => Promise<unknown>) {
  const fetch = countingFetch();
  const outcome = await call(fetch).then(
    () => 'resolved',
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(ValidationError);
  expect(fetch.calls).toBe(0);
}

const cm = (fetch: ReturnType<typeof countingFetch>) =>
  new CmClient({ productToken: TOKEN, baseUrl: BASE_URL, fetch, maxRetries: 0 });
const comapi = (fetch: ReturnType<typeof countingFetch>) =>
  new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl: BASE_URL, fetch, maxRetries: 0 });
const webex = (fetch: ReturnType<typeof countingFetch>) =>
  new WebexClient({ serviceKey: 'k', baseUrl: BASE_URL, fetch, maxRetries: 0 });

const cmMessage = {
  from: 'Acme',
  to: '+447911123456',
  body: 'Hello',
  reference: 'r1',
  allowedChannels: ['SMS' as const],
  dcs: 0,
  validity: '2h',
};
const comapiMessage = {
  to: { phoneNumber: '447911123456' },
  body: 'Hello',
  rules: ['sms'],
  channelOptions: { sms: { from: 'Acme' } },
  expiresOn: '2030-01-01T00:00:00Z',
};
const webexMessage = {
  from: 'Acme',
  to: '+447911123456',
  content: 'Hello',
  callbackData: 'x',
  correlationId: 'c',
  shortenUrls: true,
};

describe('random invalid input is refused before any request', () => {
  it('CM messages.send and sendBatch', async () => {
    await fc.assert(
      fc.asyncProperty(
        breakOne(
          cmMessage,
          ['from', 'to', 'body', 'reference', 'allowedChannels', 'validity'],
          ['from', 'to', 'body'],
          ['reference', 'allowedChannels', 'validity'],
        ),
        async (message) => {
          await expectRefusal((fetch) => cm(fetch).messages.send(message as never));
          const fetch = countingFetch();
          const [result] = await cm(fetch).messages.sendBatch([message as never]);
          expect(result).toMatchObject({ ok: false, outcome: 'rejected', error: expect.any(ValidationError) });
          expect(fetch.calls).toBe(0);
        },
      ),
      RUNS,
    );
  });

  it('CM messages.send with a recipient that is not a phone number', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string().filter((s) => /[a-zA-Z]/.test(s) || s.trim() === ''),
        async (to) => {
          await expectRefusal((fetch) => cm(fetch).messages.send({ ...cmMessage, to }));
        },
      ),
      RUNS,
    );
  });

  it('Comapi messages.send, sendBatch, statuses and inbound', async () => {
    await fc.assert(
      fc.asyncProperty(
        breakOne(comapiMessage, ['to', 'body', 'rules', 'channelOptions', 'expiresOn'], ['to', 'rules']),
        async (message) => {
          await expectRefusal((fetch) => comapi(fetch).messages.send(message as never));
          const fetch = countingFetch();
          const [result] = await comapi(fetch).messages.sendBatch([message as never]);
          expect(result).toMatchObject({ ok: false, outcome: 'rejected' });
          expect(fetch.calls).toBe(0);
        },
      ),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(wrongType, async (value) => {
        await expectRefusal((fetch) =>
          comapi(fetch).messages.statuses.create('m1', 'delivered', { channel: value } as never),
        );
        await expectRefusal((fetch) =>
          comapi(fetch).messages.inbound.create({ channel: value, from: { phoneNumber: '447911123456' } } as never),
        );
        await expectRefusal((fetch) =>
          comapi(fetch).messages.inbound.statuses.create('m1', 'read', { timestamp: value } as never),
        );
        const limit = typeof value === 'number' ? -Math.abs(value) - 1 : value; // a limit must be an integer >= 1
        await expectRefusal((fetch) => comapi(fetch).messages.history('p1', { limit } as never));
      }),
      RUNS,
    );
  });

  it('Comapi ids, profile filters and webhook configurations', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(''), wrongType), async (id) => {
        await expectRefusal((fetch) => comapi(fetch).messages.get(id as never));
        await expectRefusal((fetch) => comapi(fetch).messages.delete(id as never));
        await expectRefusal((fetch) => comapi(fetch).profiles.get(id as never));
        await expectRefusal((fetch) => comapi(fetch).webhooks.delete(id as never));
      }),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.string({ minLength: 1 }).filter((name) => !/^[a-zæøå0-9\-_.]+$/i.test(name)),
        async (field) => {
          await expectRefusal((fetch) => comapi(fetch).profiles.query({ [field]: 'x' }));
        },
      ),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 501 })),
        fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 61 })),
        async (size, timeout) => {
          await expectRefusal((fetch) =>
            comapi(fetch).webhooks.create({ name: 'x', url: 'https://example.com', maxBatchSize: size }),
          );
          await expectRefusal((fetch) =>
            comapi(fetch).webhooks.update('w1', { name: 'x', url: 'https://example.com', batchTimeout: timeout }),
          );
        },
      ),
      RUNS,
    );
  });

  it('Webex sms.send, get and sendBatch', async () => {
    await fc.assert(
      fc.asyncProperty(
        breakOne(webexMessage, ['from', 'to', 'content', 'callbackData', 'correlationId'], ['from', 'to']),
        async (message) => {
          await expectRefusal((fetch) => webex(fetch).sms.send(message as never));
        },
      ),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(
        fc.string().filter((s) => !/^\+?[1-9]\d{1,14}$/.test(s.replace(/[\s\-.()]/g, '').replace(/^00/, '+'))),
        async (to) => {
          const fetch = countingFetch();
          const [result] = await webex(fetch).sms.broadcast([to], {
            from: 'Acme',
            content: { type: 'text', text: 'x' },
          });
          expect(result).toMatchObject({ ok: false, outcome: 'rejected', error: expect.any(ValidationError) });
          expect(fetch.calls).toBe(0);
          await expectRefusal((f) => webex(f).sms.send({ ...webexMessage, to }));
        },
      ),
      RUNS,
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(''), wrongType), async (id) => {
        await expectRefusal((fetch) => webex(fetch).sms.get(id as never));
      }),
      RUNS,
    );
  });
});
