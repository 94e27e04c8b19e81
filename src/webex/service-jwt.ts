/**
 * Service JWTs for Webex Connect, minted from a service's id and secret: HS256 over
 * `{"alg":"HS256","typ":"JWT"}` and `{"iss": <service id>, "iat": <unix seconds>}`, keyed with the
 * base64-decoded service secret (Webex Connect, "Using JWT for API authentication"). WebCrypto only, so it
 * runs in browsers and edge runtimes too.
 */
import { ValidationError } from '../core/errors/index.ts';
import { readingInput } from '../core/input.ts';

/** Webex Connect rejects a token 60 minutes after its `iat`. */
export const JWT_LIFETIME_SECONDS = 60 * 60;
/** A fresh token is minted this long before the current one runs out, so no request carries a dying token. */
export const JWT_RENEW_MARGIN_SECONDS = 5 * 60;

const utf8 = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The service secret's bytes. Webex shows it base64-encoded; the url-safe alphabet is accepted too. */
export function decodeServiceSecret(secret: string): Uint8Array<ArrayBuffer> {
  if (typeof secret !== 'string') throw new ValidationError([{ path: 'serviceSecret', message: 'must be a string' }]);
  const standard = secret.trim().replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(standard) || standard.replace(/=+$/, '').length % 4 === 1) {
    throw new ValidationError([
      { path: 'serviceSecret', message: 'must be the base64 service secret shown in Webex Connect' },
    ]);
  }
  const binary = atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, '='));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export async function mintServiceJwt(
  serviceId: string,
  secret: Uint8Array<ArrayBuffer>,
  issuedAt: number,
): Promise<string> {
  const context = 'Invalid mintServiceJwt arguments';
  readingInput(context, () => {
    const issues = [];
    if (typeof serviceId !== 'string' || serviceId.length === 0)
      issues.push({ path: 'serviceId', message: 'must be a non-empty string' });
    if (!(secret instanceof Uint8Array) || secret.byteLength === 0)
      issues.push({ path: 'secret', message: 'must be the decoded secret: non-empty bytes (Uint8Array)' });
    if (!Number.isSafeInteger(issuedAt) || issuedAt < 0)
      issues.push({ path: 'issuedAt', message: 'must be a whole number of seconds since 1970' });
    if (issues.length > 0) throw new ValidationError(issues, context);
  });
  const header = base64url(utf8.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' })));
  const payload = base64url(utf8.encode(JSON.stringify({ iss: serviceId, iat: issuedAt })));
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const signature = await crypto.subtle.sign('HMAC', key, utf8.encode(`${header}.${payload}`));
  return `${header}.${payload}.${base64url(new Uint8Array(signature))}`;
}

/** Hands out a service JWT, minting a new one when the current one is within the renewal margin of expiry. */
export class ServiceJwtSource {
  readonly #serviceId: string;
  readonly #secret: Uint8Array<ArrayBuffer>;
  #current: { issuedAt: number; token: Promise<string> } | undefined;
  /** The tokens minted lately (still valid, or just expired), for redaction from errors and logs. */
  readonly minted: string[] = [];

  constructor(serviceId: string, serviceSecret: string) {
    this.#serviceId = serviceId;
    this.#secret = decodeServiceSecret(serviceSecret);
  }

  token(): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    if (!this.#current || now - this.#current.issuedAt >= JWT_LIFETIME_SECONDS - JWT_RENEW_MARGIN_SECONDS) {
      // Concurrent requests share the promise, so one mint serves them all.
      const token = mintServiceJwt(this.#serviceId, this.#secret, now);
      const current = { issuedAt: now, token };
      this.#current = current;
      token.then(
        (value) => {
          this.minted.push(value);
          // Two are enough: the current token and the one it replaced, which a request in flight may carry.
          if (this.minted.length > 2) this.minted.shift();
        },
        // A failed mint is not kept: the next request tries again rather than failing for the token's lifetime.
        () => {
          if (this.#current === current) this.#current = undefined;
        },
      );
    }
    return this.#current.token;
  }
}
