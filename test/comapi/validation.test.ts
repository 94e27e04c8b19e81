/** Bad Comapi input fails with a ValidationError naming the field, and no request leaves. */
import { describe, expect, it } from 'vitest';
import { ComapiClient, normalizePhoneNumber, ValidationError, type ComapiMessage } from '../../src/comapi/index.ts';
import { API_SPACE, COMAPI_TOKEN, countingFetch } from '../helpers.ts';

const good: ComapiMessage = { to: { phoneNumber: '447123123123' }, body: 'Hello', rules: ['sms'] };

async function refusal(message: unknown) {
  const fetch = countingFetch();
  const comapi = new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl: 'http://127.0.0.1:9', fetch });
  const error = await comapi.messages.send(message as ComapiMessage).catch((e: unknown) => e);
  expect(fetch.calls).toBe(0);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('ComapiClient input validation', () => {
  it.each([
    ['no rules and no ruleSet', { to: good.to, body: 'x' }, 'rules'],
    ['both rules and ruleSet', { ...good, ruleSet: 'Facebook-First' }, 'ruleSet'],
    ['both body and templateId', { ...good, templateId: 'welcome' }, 'templateId'],
    ['both body and messageParts', { ...good, messageParts: [{ type: 'text/plain', data: 'x' }] }, 'messageParts'],
    ['an SMS from of 2 characters', { ...good, channelOptions: { sms: { from: 'AB' } } }, 'channelOptions.sms.from'],
    ['a non-numeric phone number', { ...good, to: { phoneNumber: 'call me' } }, 'to.phoneNumber'],
    ['no recipient', { ...good, to: undefined }, 'to'],
    ['a misspelt field', { ...good, rule: ['sms'] }, ''],
    [
      'a customBody and channelOptions for one channel',
      { ...good, customBody: { sms: { body: 'x' } }, channelOptions: { sms: { from: 'Acme' } } },
      'channelOptions.sms',
    ],
    ['an expiry that is not a date-time', { ...good, expiresOn: 'tomorrow' }, 'expiresOn'],
  ])('refuses %s', async (_name, message, path) => {
    const error = await refusal(message);
    expect(error.issues.map((issue) => issue.path)).toContain(path);
    expect(error.message).toMatch(/^Invalid Comapi message: /);
  });

  it.each([
    ['+44 7123 123123', '447123123123'],
    ['0044 7123-123123', '447123123123'],
    ['447123123123', '447123123123'],
  ])('sends %s as %s', (input, wire) => {
    expect(normalizePhoneNumber(input)).toBe(wire);
  });

  it.each([
    ['no apiSpaceId', { token: COMAPI_TOKEN }, 'apiSpaceId'],
    ['an apiSpaceId that is not a UUID', { apiSpaceId: 'my-space', token: COMAPI_TOKEN }, 'apiSpaceId'],
    ['no token', { apiSpaceId: API_SPACE }, 'token'],
    ['a token that is not a JWT', { apiSpaceId: API_SPACE, token: 'secret-api-key-123' }, 'token'],
  ])('refuses a client with %s, without echoing the token', (_name, options, path) => {
    let error: unknown;
    try {
      new ComapiClient(options as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual([path]);
    expect(JSON.stringify(error)).not.toContain('secret-api-key-123');
  });

  it('refuses an empty message id before sending', async () => {
    const fetch = countingFetch();
    const comapi = new ComapiClient({
      apiSpaceId: API_SPACE,
      token: COMAPI_TOKEN,
      baseUrl: 'http://127.0.0.1:9',
      fetch,
    });
    await expect(comapi.messages.get('')).rejects.toThrow(ValidationError);
    await expect(comapi.messages.statuses.create('m1', 'delivered', {} as never)).rejects.toThrow(/channel/);
    expect(fetch.calls).toBe(0);
  });
});

describe('API parameters and call options are separate arguments', () => {
  it('refuses a call option in the parameters position, naming where it goes, and takes it last', async () => {
    const fetch = countingFetch();
    const comapi = new ComapiClient({
      apiSpaceId: API_SPACE,
      token: COMAPI_TOKEN,
      baseUrl: 'http://127.0.0.1:9',
      fetch,
      maxRetries: 0,
    });
    await expect(comapi.profiles.get('p1', { timeoutMs: 1000 } as never)).rejects.toThrow(
      /call options go in the next argument/,
    );
    await expect(
      comapi.webhooks.update('w1', { name: 'x', url: 'https://example.com' }, { maxRetries: 0 } as never),
    ).rejects.toThrow(ValidationError);
    expect(fetch.calls).toBe(0);
    // The countingFetch answers 500: what matters is that both arguments were taken and the request went out.
    await comapi.profiles.get('p1', { includeDeleted: true }, { timeoutMs: 1000 }).catch(() => undefined);
    await comapi.profiles
      .patch('p1', { a: 1 }, { etag: '"1"', deletes: ['b'] }, { maxRetries: 0 })
      .catch(() => undefined);
    expect(fetch.calls).toBe(2);
  });
});
