/** ComapiClient's profiles and webhooks resources against Prism; any sl-violations fails the test. */
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { ComapiClient, ConcurrencyError, ConflictError, ValidationError } from '../../src/comapi/index.ts';
import { API_SPACE, COMAPI_TOKEN, countingFetch, recordingFetch } from '../helpers.ts';

const baseUrl = inject('mockUrls').comapi!;
const root = `/apispaces/${API_SPACE}`;

let fetch: ReturnType<typeof recordingFetch>;
let comapi: ComapiClient;
beforeEach(() => {
  fetch = recordingFetch();
  comapi = new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl, fetch });
});
afterEach(() => {
  fetch.assertNoViolations();
});

const last = () => {
  const exchange = fetch.exchanges.at(-1)!;
  const url = new URL(exchange.url);
  return { ...exchange, path: url.pathname, search: decodeURIComponent(url.search) };
};

describe('comapi.profiles against the mock', () => {
  it('gets a profile with its etag', async () => {
    const { profile, etag } = await comapi.profiles.get('customer-4711', { includeDeleted: true });
    expect(profile.id).toBeTypeOf('string');
    expect(etag).toBeTypeOf('string');
    expect(last()).toMatchObject({
      method: 'GET',
      path: `${root}/profiles/customer-4711`,
      search: '?includeDeleted=true',
    });
  });

  it('sends no query string when includeDeleted is unset or undefined', async () => {
    await comapi.profiles.get('customer-4711');
    expect(last().search).toBe('');
    await comapi.profiles.get('customer-4711', { includeDeleted: undefined });
    expect(last().search).toBe('');
    await comapi.webhooks.list({ includeDeleted: undefined });
    expect(last().search).toBe('');
    await comapi.webhooks.get('wh-1', { includeDeleted: false });
    expect(last().search).toBe('?includeDeleted=false');
  });

  it('creates, replaces and patches with If-Match, and deletes with forget', async () => {
    await comapi.profiles.create({ id: 'customer-4711', email: 'jane@example.com' });
    expect(last()).toMatchObject({
      method: 'POST',
      status: 201,
      body: { id: 'customer-4711', email: 'jane@example.com' },
    });

    await comapi.profiles.replace('customer-4711', { email: 'jane@example.com' }, { etag: '"2e-abc"' });
    expect(last()).toMatchObject({ method: 'PUT', status: 200 });
    expect(last().headers['if-match']).toBe('"2e-abc"');

    await comapi.profiles.patch(
      'customer-4711',
      { vip: true },
      { etag: '"2e-abc"', deletes: ['nickname', 'oldEmail'], allowCreate: true },
    );
    expect(last()).toMatchObject({
      method: 'PATCH',
      status: 200,
      body: { vip: true },
      search: '?allowcreate=true&deletes=nickname,oldEmail',
    });
    expect(last().headers['if-match']).toBe('"2e-abc"');

    await comapi.profiles.delete('customer-4711', { forget: true });
    expect(last()).toMatchObject({ method: 'DELETE', status: 204, search: '?forget=true' });
  });

  it('queries with a typed filter and the $-options', async () => {
    const profiles = await comapi.profiles.query(
      { email: { endsWith: '@example.com' }, age: { gte: 18 } },
      { fields: ['id', 'email'], limit: 50, skip: 100, includeDeleted: false },
    );
    expect(Array.isArray(profiles)).toBe(true);
    expect(last()).toMatchObject({
      method: 'GET',
      path: `${root}/profiles`,
      search: '?email=$@example\\.com&age=>=18&$fields=id,email&$limit=50&$skip=100&$includeDeleted=false',
    });
  });

  it('reads the profile schema', async () => {
    await comapi.profiles.schema();
    expect(last()).toMatchObject({ method: 'GET', status: 200, search: '?$schemaOnly=true' });
  });

  it('opts in and out of channels', async () => {
    await comapi.profiles.optIn('customer-4711', ['sms', 'email']);
    expect(last()).toMatchObject({
      method: 'PUT',
      path: `${root}/profiles/customer-4711/optin`,
      body: { channels: ['sms', 'email'] },
    });
    await comapi.profiles.optOut('customer-4711', ['sms', 'email']);
    expect(last()).toMatchObject({ method: 'DELETE', search: '?channel=sms,email' });
  });

  it('upserts and deletes in bulk', async () => {
    await comapi.profiles.bulkUpsert([{ id: 'a', vip: true }, { id: 'b' }]);
    expect(last()).toMatchObject({
      method: 'PATCH',
      path: `${root}/profiles/bulk`,
      body: [{ id: 'a', vip: true }, { id: 'b' }],
    });
    await comapi.profiles.bulkDelete(['a', 'b']);
    expect(last()).toMatchObject({ method: 'DELETE', path: `${root}/profiles/bulk`, search: '?id=a&id=b' });
  });

  it('exports the profiles matching a filter', async () => {
    await comapi.profiles.export({ format: 'json', fields: ['id', 'email'] }, { country: 'GB' });
    expect(last()).toMatchObject({
      method: 'POST',
      path: `${root}/profiles/export`,
      search: '?query=country=GB',
      body: { format: 'json', fields: ['id', 'email'] },
    });
  });

  it('manages relationships', async () => {
    await comapi.profiles.relationships.setPrimary('child', 'parent');
    await comapi.profiles.relationships.removePrimary('child', 'parent');
    await comapi.profiles.relationships.link('parent', 'child');
    await comapi.profiles.relationships.unlink('parent', 'child');
    expect(fetch.exchanges.map((e) => `${e.method} ${new URL(e.url).pathname}`)).toEqual([
      `PUT ${root}/profiles/child/rels/primary/parent`,
      `DELETE ${root}/profiles/child/rels/primary/parent`,
      `PUT ${root}/profiles/parent/rels/link/child`,
      `DELETE ${root}/profiles/parent/rels/link/child`,
    ]);
  });
});

describe('comapi.webhooks against the mock', () => {
  const configuration = {
    name: 'crm_system',
    url: 'https://mycrm.example.com/webhooksReceive',
    secret: 'f946b0e7-5fe9-4f57-9d8f-62b3ac0b4a13',
    subscriptions: [
      { type: 'message.sent', filters: [] },
      { type: 'message.delivered', filters: [{ name: 'channel', value: 'sms' }] },
    ],
    batch: true,
    maxBatchSize: 100,
    batchTimeout: 60,
  };

  it('lists, creates, gets, updates and deletes webhook configurations', async () => {
    expect(Array.isArray(await comapi.webhooks.list({ includeDeleted: true }))).toBe(true);
    const created = await comapi.webhooks.create(configuration);
    expect(created.name).toBeTypeOf('string');
    const { etag } = await comapi.webhooks.get('wh-1');
    await comapi.webhooks.update('wh-1', configuration, { etag: etag ?? '"x"' });
    expect(last().headers['if-match']).toBeDefined();
    await comapi.webhooks.delete('wh-1', { etag: '"x"' });
    expect(fetch.exchanges.map((e) => [e.method, new URL(e.url).pathname, e.status])).toEqual([
      ['GET', `${root}/webhooks`, 200],
      ['POST', `${root}/webhooks`, 201],
      ['GET', `${root}/webhooks/wh-1`, 200],
      ['PUT', `${root}/webhooks/wh-1`, 200],
      ['DELETE', `${root}/webhooks/wh-1`, 204],
    ]);
  });

  it('lists the available events and templates', async () => {
    const events = await comapi.webhooks.availableEvents({ includeSchemas: false });
    expect(events.length).toBeGreaterThan(0);
    await comapi.webhooks.templates();
    expect(fetch.exchanges.map((e) => e.status)).toEqual([200, 200]);
  });
});

describe('checks before sending', () => {
  it.each([
    [
      'a webhook batch size over 500',
      (c: ComapiClient) => c.webhooks.create({ name: 'x', url: 'https://example.com', maxBatchSize: 501 }),
    ],
    [
      'a webhook batch timeout of 0',
      (c: ComapiClient) => c.webhooks.create({ name: 'x', url: 'https://example.com', batchTimeout: 0 }),
    ],
    ['a webhook without a url', (c: ComapiClient) => c.webhooks.create({ name: 'x' } as never)],
    ['a bulk delete of no profiles', (c: ComapiClient) => c.profiles.bulkDelete([])],
    ['a profile without an id', (c: ComapiClient) => c.profiles.create({} as never)],
    ['an empty profile id', (c: ComapiClient) => c.profiles.get('')],
    ['a filter the query language cannot say', (c: ComapiClient) => c.profiles.query({ tag: { in: ['!x'] } })],
    ['an export in an unknown format', (c: ComapiClient) => c.profiles.export({ format: 'xml' } as never)],
  ])('refuses %s, sending nothing', async (_name, call) => {
    const counting = countingFetch();
    const client = new ComapiClient({
      apiSpaceId: API_SPACE,
      token: COMAPI_TOKEN,
      baseUrl: 'http://127.0.0.1:9',
      fetch: counting,
    });
    await expect(call(client)).rejects.toThrow(ValidationError);
    expect(counting.calls).toBe(0);
  });

  it('turns a 409 on a write with an etag into ConcurrencyError, and leaves other 409s as ConflictError', async () => {
    const conflict = async () =>
      new Response('{"message":"concurrency issue"}', { status: 409, headers: { 'content-type': 'application/json' } });
    const client = new ComapiClient({
      apiSpaceId: API_SPACE,
      token: COMAPI_TOKEN,
      baseUrl: 'http://127.0.0.1:9',
      fetch: conflict,
    });
    await expect(client.profiles.patch('p1', { a: 1 }, { etag: '"stale"' })).rejects.toBeInstanceOf(ConcurrencyError);
    const other = await client.profiles.create({ id: 'p1' }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ConflictError);
    expect(other).not.toBeInstanceOf(ConcurrencyError);
  });
});
