/**
 * Webhook requests as each provider sends them, signed the way it signs them, for testing a handler (the one from
 * `createWebhookHandler`, or your own) without the provider: Comapi's `X-Comapi-Signature` (hex HMAC-SHA1 of the
 * body), Webex's `x-hub-signature` (hex HMAC-SHA256 of the body), CM's JSON body with your optional URL token (CM
 * signs nothing). WebCrypto only, so they work wherever the handler does.
 */
import { ValidationError } from '../core/errors/index.ts';
import { describeType, isPlainObject, readingInput, requireJsonData } from '../core/input.ts';
import { HEADER_VALUE_RULE, isHeaderValue } from '../webhooks/options.ts';

type Secret = string | Uint8Array | ArrayBuffer;

export interface SignedWebhookRequestOptions {
  /** The webhook's secret (Comapi) or Hub Secret (Webex). */
  secret: Secret;
  /** Where the request goes; `http://localhost/webhooks/<provider>` by default. */
  url?: string;
}

export interface WebexWebhookRequestOptions {
  /** The Hub Secret to sign with (`x-hub-signature`). */
  secret?: Secret;
  /** The `Authorization` header value to send (what `callbackUrlAuthId` makes Webex send). */
  authorization?: string;
  /** Where the request goes; `http://localhost/webhooks/webex` by default. */
  url?: string;
}

export interface CmWebhookRequestOptions {
  /** The token your handler expects, added to the URL's query. */
  token?: string;
  /** Its query parameter; `token` by default. */
  tokenParameter?: string;
  /** Where the request goes; `http://localhost/webhooks/cm` by default. */
  url?: string;
}

const utf8 = new TextEncoder();

/** A POST of Comapi events (one event or an array, or the raw body as a string), signed with `secret`. */
export async function comapiWebhookRequest(events: unknown, options: SignedWebhookRequestOptions): Promise<Request> {
  const context = 'Invalid comapiWebhookRequest arguments';
  const { body, secret, url } = readSigned(events, options, context, 'comapi');
  const signature = await hmacHex('SHA-1', secret, body);
  return post(url, body, { 'x-comapi-signature': signature });
}

/**
 * A POST of a Webex delivery receipt or inbound SMS (an object, or the raw body as a string): signed with `secret`
 * (an Outbound Webhook with a Hub Secret), or carrying `authorization` as its `Authorization` header (a per-message
 * `callbackUrl` with `callbackUrlAuthId`), or both.
 */
export async function webexWebhookRequest(payload: unknown, options: WebexWebhookRequestOptions): Promise<Request> {
  const context = 'Invalid webexWebhookRequest arguments';
  const { body, url, secret, authorization } = readingInput(context, () => {
    if (!isPlainObject(options)) {
      throw new ValidationError(
        [{ path: 'options', message: `must be an object, not ${describeType(options)}` }],
        context,
      );
    }
    const { secret, authorization } = options;
    if (authorization !== undefined && !isHeaderValue(authorization)) {
      throw new ValidationError([{ path: 'options.authorization', message: HEADER_VALUE_RULE }], context);
    }
    if (secret === undefined && authorization === undefined) {
      throw new ValidationError([{ path: 'options', message: 'must have a secret or an authorization' }], context);
    }
    return {
      body: bodyText(payload, context),
      url: targetUrl(options.url, 'webex', context),
      secret: secret === undefined ? undefined : secretBytes(secret, context),
      authorization,
    };
  });
  const headers: Record<string, string> = authorization ? { authorization } : {};
  if (secret) headers['x-hub-signature'] = await hmacHex('SHA-256', secret, body);
  return post(url, body, headers);
}

/** A POST of a CM status report, inbound message or incoming event (an object, or the raw body as a string). */
export async function cmWebhookRequest(payload: unknown, options: CmWebhookRequestOptions = {}): Promise<Request> {
  const context = 'Invalid cmWebhookRequest arguments';
  return readingInput(context, () => {
    if (!isPlainObject(options)) {
      throw new ValidationError(
        [{ path: 'options', message: `must be an object, not ${describeType(options)}` }],
        context,
      );
    }
    const { token, tokenParameter = 'token' } = options;
    const url = targetUrl(options.url, 'cm', context);
    if (token !== undefined) {
      if (typeof token !== 'string' || token === '') {
        throw new ValidationError([{ path: 'options.token', message: 'must be a non-empty string' }], context);
      }
      if (typeof tokenParameter !== 'string' || tokenParameter === '') {
        throw new ValidationError([{ path: 'options.tokenParameter', message: 'must be a non-empty string' }], context);
      }
      url.searchParams.set(tokenParameter, token);
    }
    return post(url, bodyText(payload, context), {});
  });
}

function readSigned(payload: unknown, options: unknown, context: string, provider: string) {
  return readingInput(context, () => {
    if (!isPlainObject(options)) {
      throw new ValidationError(
        [{ path: 'options', message: `must be an object, not ${describeType(options)}` }],
        context,
      );
    }
    const secret = secretBytes(options.secret, context);
    return { body: bodyText(payload, context), secret, url: targetUrl(options.url, provider, context) };
  });
}

/** The secret's bytes (a string as UTF-8), copied; a ValidationError for anything else or nothing. */
function secretBytes(secret: unknown, context: string): Uint8Array<ArrayBuffer> {
  const key =
    typeof secret === 'string'
      ? utf8.encode(secret)
      : secret instanceof ArrayBuffer
        ? new Uint8Array(secret.slice(0))
        : secret instanceof Uint8Array
          ? new Uint8Array(secret)
          : undefined;
  if (!key || key.byteLength === 0) {
    throw new ValidationError(
      [{ path: 'options.secret', message: 'must be a non-empty string or bytes (Uint8Array, ArrayBuffer)' }],
      context,
    );
  }
  return key;
}

/** The raw body: a string as given (so a test can sign exact bytes), else the JSON of plain data. */
function bodyText(payload: unknown, context: string): string {
  if (typeof payload === 'string') return payload;
  if (payload === undefined) {
    throw new ValidationError([{ path: 'payload', message: 'must be JSON data or a string' }], context);
  }
  requireJsonData(payload, context, 'payload');
  return JSON.stringify(payload);
}

function targetUrl(value: unknown, provider: string, context: string): URL {
  if (value === undefined) return new URL(`http://localhost/webhooks/${provider}`);
  const url = typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
  // fetch's Request refuses a URL with credentials in it.
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password) return url;
  throw new ValidationError(
    [{ path: 'options.url', message: 'must be an absolute http(s) URL string, without credentials' }],
    context,
  );
}

async function hmacHex(hash: 'SHA-1' | 'SHA-256', secret: Uint8Array<ArrayBuffer>, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8.encode(body)));
  let hex = '';
  for (const byte of mac) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

function post(url: URL, body: string, headers: Record<string, string>): Request {
  return new Request(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}
