/** Bad Webex input fails with a ValidationError naming the field, and no request leaves. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  normalizePhoneNumber,
  ValidationError,
  WEBEX_REGIONS,
  WebexClient,
  type SendSmsRequest,
} from '../../src/webex/index.ts';
import { countingFetch } from '../helpers.ts';

const good: SendSmsRequest = { from: 'Acme', to: '+447911123456', content: 'Hello' };

async function refusal(message: unknown, options?: { idempotencyKey?: string }) {
  const fetch = countingFetch();
  const webex = new WebexClient({ baseUrl: 'http://127.0.0.1:9', serviceKey: 'k', fetch });
  const error = await webex.sms.send(message as SendSmsRequest, options).catch((e: unknown) => e);
  expect(fetch.calls).toBe(0);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('WebexClient input validation', () => {
  it.each([
    ['a missing from', { to: good.to, content: 'x' }, 'from'],
    ['callbackData of 2001 characters', { ...good, callbackData: 'x'.repeat(2001) }, 'callbackData'],
    ['a to without country code', { ...good, to: '07911123456' }, 'to'],
    ['a to with letters', { ...good, to: '+44791112345a' }, 'to'],
    ['content over 4000 characters', { ...good, content: 'x'.repeat(4001) }, 'content'],
    ['a misspelt field', { ...good, callbackURL: 'https://example.com' }, ''],
  ])('refuses %s', async (_name, message, path) => {
    const error = await refusal(message);
    expect(error.issues.map((issue) => issue.path)).toContain(path);
  });

  it('refuses an idempotency key Webex would not take', async () => {
    const error = await refusal(good, { idempotencyKey: 'has spaces and is way too long '.repeat(3) });
    expect(error.issues[0]!.path).toBe('idempotencyKey');
  });

  it.each([
    ['+44 7911 123456', '+447911123456'],
    ['0044 7911-123456', '+447911123456'],
    ['+1 (647) 555-0100', '+16475550100'],
  ])('sends %s as %s', (input, e164) => {
    expect(normalizePhoneNumber(input)).toBe(e164);
  });

  it.each([
    ['no credentials', { region: 'eu' }],
    ['two kinds of credentials', { region: 'eu', serviceKey: 'k', jwt: 'j' }],
    ['a service id without its secret', { region: 'eu', serviceId: 's' }],
    ['no region and no baseUrl', { serviceKey: 'k' }],
    ['an unknown region', { region: 'mars', serviceKey: 'k' }],
    ['a secret that is not base64', { region: 'eu', serviceId: 's', serviceSecret: 'not base64!' }],
  ])('refuses a client with %s', (_name, options) => {
    expect(() => new WebexClient(options as never)).toThrow(ValidationError);
  });

  it('uses the regional host', () => {
    const urls: string[] = [];
    const webex = new WebexClient({
      region: 'uk',
      serviceKey: 'k',
      maxRetries: 0,
      fetch: async (request) => (urls.push(request.url), new Response(null, { status: 500 })),
    });
    return webex.sms.get('m1').catch(() => {
      expect(urls).toEqual(['https://api.uk.webexconnect.io/v1/sms/messages/m1']);
    });
  });
});

describe('WEBEX_REGIONS', () => {
  it("is the region variable of the spec's server", () => {
    const spec = parse(readFileSync(new URL('../../specs/webex.yaml', import.meta.url), 'utf8'));
    const server = spec.servers.find((s: { url: string }) => s.url.includes('{region}'));
    expect([...WEBEX_REGIONS].sort()).toEqual([...server.variables.region.enum].sort());
  });
});

describe('WebexClient region and baseUrl', () => {
  it('takes both, as the other clients take baseUrl: a given baseUrl wins, undefined falls back to the region', async () => {
    const seen: string[] = [];
    const fetch = async (request: Request) => {
      seen.push(new URL(request.url).origin);
      return new Response('{"code":"7006","message":"x"}', {
        status: 500,
        headers: { 'content-type': 'application/json' },
      });
    };
    await new WebexClient({ region: 'eu', baseUrl: 'http://127.0.0.1:9', serviceKey: 'k', fetch, maxRetries: 0 }).sms
      .get('m')
      .catch(() => undefined);
    await new WebexClient({ region: 'eu', baseUrl: undefined, serviceKey: 'k', fetch, maxRetries: 0 }).sms
      .get('m')
      .catch(() => undefined);
    expect(seen).toEqual(['http://127.0.0.1:9', 'https://api.eu.webexconnect.io']);
  });
});
