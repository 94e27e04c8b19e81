/** The minted service JWT against a vector computed here with node:crypto, and its renewal before expiry. */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  JWT_LIFETIME_SECONDS,
  JWT_RENEW_MARGIN_SECONDS,
  mintServiceJwt,
  ValidationError,
  WebexClient,
} from '../../src/webex/index.ts';
import { ServiceJwtSource, decodeServiceSecret } from '../../src/webex/service-jwt.ts';

const serviceId = 'a1b2c3d4-e5f6-7a8b-9c0d-e1f2a3b4c5d6';
const secretBytes = Buffer.from('a service secret of 32 bytes....', 'utf8');
const serviceSecret = secretBytes.toString('base64');

/** The same token built independently: JSON, base64url and HMAC-SHA256 from node:crypto. */
function expectedToken(iat: number): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ iss: serviceId, iat })}`;
  return `${signingInput}.${createHmac('sha256', secretBytes).update(signingInput).digest('base64url')}`;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('service JWTs', () => {
  it('match a token computed independently with node:crypto', async () => {
    expect(await mintServiceJwt(serviceId, decodeServiceSecret(serviceSecret), 1_700_000_000)).toBe(
      expectedToken(1_700_000_000),
    );
  });

  it('decode the secret from standard or url-safe base64, with or without padding', () => {
    const urlSafe = secretBytes.toString('base64url');
    expect(decodeServiceSecret(urlSafe)).toEqual(new Uint8Array(secretBytes));
    expect(decodeServiceSecret(serviceSecret.replace(/=+$/, ''))).toEqual(new Uint8Array(secretBytes));
  });

  it('refuse a secret that is not base64, without echoing it', () => {
    const error = (() => {
      try {
        decodeServiceSecret('not base64 at all!');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ValidationError);
    expect(JSON.stringify(error)).not.toContain('not base64 at all!');
  });

  it('are reused, and renewed before their 60 minutes run out', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_000);
    const source = new ServiceJwtSource(serviceId, serviceSecret);
    const first = await source.token();
    expect(first).toBe(expectedToken(1_700_000_000));

    vi.setSystemTime((1_700_000_000 + JWT_LIFETIME_SECONDS - JWT_RENEW_MARGIN_SECONDS - 1) * 1000);
    expect(await source.token()).toBe(first);

    vi.setSystemTime((1_700_000_000 + JWT_LIFETIME_SECONDS - JWT_RENEW_MARGIN_SECONDS) * 1000);
    const renewed = await source.token();
    expect(renewed).toBe(expectedToken(1_700_000_000 + JWT_LIFETIME_SECONDS - JWT_RENEW_MARGIN_SECONDS));
  });

  it('are sent by a client built from serviceId and serviceSecret', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_700_000_000_000);
    const seen: Array<string | null> = [];
    const fetch = async (request: Request) => {
      seen.push(request.headers.get('authorization'));
      return new Response(JSON.stringify({ messageId: 'm1' }), {
        status: 202,
        headers: { 'content-type': 'application/json' },
      });
    };
    const webex = new WebexClient({ baseUrl: 'http://127.0.0.1:9', serviceId, serviceSecret, fetch });
    await webex.sms.send({ from: 'Acme', to: '+447911123456', content: 'hi' });
    expect(seen).toEqual([`Bearer ${expectedToken(1_700_000_000)}`]);
  });
});
