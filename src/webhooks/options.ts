/**
 * The options of `createWebhookHandler`, checked once at creation: a wrong option is a ValidationError then, not a
 * 500 on the first webhook. Messages name the option, never its value (it may be a secret).
 */
import type { WebhookEvent } from '../core/delivery-status.ts';
import { ValidationError, type ValidationIssue } from '../core/errors/index.ts';
import { describeType, isPlainObject, readingInput } from '../core/input.ts';
import type { Provider } from '../core/providers.ts';
import type { HmacKeyCache } from '../core/webhook-signature.ts';

type Secret = string | Uint8Array | ArrayBuffer;

export interface WebhookHandlerOptions {
  /**
   * Receive CM's status reports, inbound messages and incoming events. CM signs nothing: set `token` and add it to
   * the URL you configure in CM's Channels app (`https://you.example/webhooks/cm?token=…`); a request without it is
   * refused with 401. Without a token, anyone who knows the URL can post events.
   */
  cm?: {
    /** A shared secret CM must send in the query string; compared in constant time. */
    token?: string;
    /** The query parameter that carries it; `token` by default. */
    tokenParameter?: string;
  };
  /** Receive Comapi's webhook events, verified with the webhook's secret (`X-Comapi-Signature`). */
  comapi?: { secret: Secret };
  /**
   * Receive Webex Connect's delivery receipts and inbound SMS. Webex signs only what an Outbound Webhook configured in
   * its UI sends (with a Hub Secret: `x-hub-signature`); the receipts sent to a message's own `callbackUrl` or
   * `notifyUrl` carry instead the `Authorization` header of the authorization named by `callbackUrlAuthId`. Give
   * the one you use, or both: a request is accepted when its signature verifies, or, unsigned, when its
   * `Authorization` header is `authorization` exactly (compared in constant time).
   */
  webex?: { secret?: Secret; authorization?: string };
  /**
   * Called once per event, in order, before the provider is answered: a throw (or a rejection) answers 500, so the
   * provider retries the whole request, events already handled included; deduplicate on `event.eventId`. Keep it
   * fast (Webex expects an answer within 10 seconds): store or enqueue, and work later.
   */
  onEvent: (event: WebhookEvent) => void | Promise<void>;
  /**
   * Called with every refused request's reason (bad signature, malformed payload, a throw in `onEvent`), for
   * logging. Errors never carry a secret. A throw here is ignored.
   */
  onError?: (error: unknown, context: { provider: Provider | undefined; status: number }) => void;
  /** The largest body read, in bytes; a larger one is answered 413. 1 MiB by default. */
  maxBodyBytes?: number;
}

export interface CheckedOptions {
  cm: { token: Uint8Array | undefined; tokenParameter: string } | undefined;
  comapi: { secret: Secret; keys: HmacKeyCache } | undefined;
  webex: { secret: Secret | undefined; authorization: Uint8Array | undefined; keys: HmacKeyCache } | undefined;
  onEvent: WebhookHandlerOptions['onEvent'];
  onError: WebhookHandlerOptions['onError'];
  maxBodyBytes: number;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const CONTEXT = 'Invalid webhook handler options';
const utf8 = new TextEncoder();

export function checkOptions(options: unknown): CheckedOptions {
  return readingInput(CONTEXT, () => {
    if (!isPlainObject(options)) {
      throw new ValidationError([{ path: '', message: `must be an object, not ${describeType(options)}` }], CONTEXT);
    }
    const { cm, comapi, webex, onEvent, onError, maxBodyBytes } = options;
    const issues: ValidationIssue[] = [];
    const checked: CheckedOptions = {
      cm: undefined,
      comapi: signedProvider('comapi', comapi, issues),
      webex: webexOptions(webex, issues),
      onEvent: onEvent as CheckedOptions['onEvent'],
      onError: onError as CheckedOptions['onError'],
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
    };
    if (cm !== undefined) checked.cm = cmOptions(cm, issues);
    if (cm === undefined && comapi === undefined && webex === undefined) {
      issues.push({ path: '', message: 'must configure at least one provider: cm, comapi or webex' });
    }
    if (typeof onEvent !== 'function') issues.push({ path: 'onEvent', message: 'must be a function' });
    if (onError !== undefined && typeof onError !== 'function') {
      issues.push({ path: 'onError', message: 'must be a function' });
    }
    if (maxBodyBytes !== undefined) {
      if (typeof maxBodyBytes !== 'number' || !Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) {
        issues.push({ path: 'maxBodyBytes', message: 'must be a positive whole number of bytes' });
      } else {
        checked.maxBodyBytes = maxBodyBytes;
      }
    }
    if (issues.length > 0) throw new ValidationError(issues, CONTEXT);
    return checked;
  });
}

function signedProvider(name: Provider, value: unknown, issues: ValidationIssue[]): CheckedOptions['comapi'] {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    issues.push({ path: name, message: `must be an object { secret }, not ${describeType(value)}` });
    return undefined;
  }
  const secret = copySecret(value.secret);
  if (!secret) {
    issues.push({ path: `${name}.secret`, message: 'must be a non-empty string or bytes (Uint8Array, ArrayBuffer)' });
    return undefined;
  }
  return { secret, keys: new Map() };
}

/** A copy, so a caller changing their buffer later cannot change the key; undefined when empty or not a secret. */
function copySecret(value: unknown): Secret | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (value instanceof ArrayBuffer) return value.byteLength === 0 ? undefined : value.slice(0);
  if (value instanceof Uint8Array) return value.byteLength === 0 ? undefined : value.slice();
  return undefined;
}

function webexOptions(value: unknown, issues: ValidationIssue[]): CheckedOptions['webex'] {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) {
    issues.push({
      path: 'webex',
      message: `must be an object { secret } or { authorization }, not ${describeType(value)}`,
    });
    return undefined;
  }
  const { secret, authorization } = value;
  const key = secret === undefined ? undefined : copySecret(secret);
  if (secret !== undefined && !key) {
    issues.push({ path: 'webex.secret', message: 'must be a non-empty string or bytes (Uint8Array, ArrayBuffer)' });
  }
  if (authorization !== undefined && !isHeaderValue(authorization)) {
    issues.push({ path: 'webex.authorization', message: HEADER_VALUE_RULE });
  }
  if (secret === undefined && authorization === undefined) {
    issues.push({ path: 'webex', message: 'must have a secret (the Hub Secret) or an authorization (a header value)' });
  }
  return {
    secret: key,
    authorization: isHeaderValue(authorization) ? utf8.encode(authorization) : undefined,
    keys: new Map(),
  };
}

export const HEADER_VALUE_RULE =
  'must be a non-empty header value: printable characters, no line breaks, no spaces at either end';

/** A value a `Headers` keeps as it is: Latin-1, no control characters, nothing it would trim. */
export function isHeaderValue(value: unknown): value is string {
  return (
    typeof value === 'string' && /^[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?$/.test(value)
  );
}

function cmOptions(value: unknown, issues: ValidationIssue[]): CheckedOptions['cm'] {
  if (!isPlainObject(value)) {
    issues.push({ path: 'cm', message: `must be an object ({} or { token }), not ${describeType(value)}` });
    return undefined;
  }
  const { token, tokenParameter } = value;
  if (token !== undefined && (typeof token !== 'string' || token === '')) {
    issues.push({ path: 'cm.token', message: 'must be a non-empty string' });
  }
  if (tokenParameter !== undefined && (typeof tokenParameter !== 'string' || tokenParameter === '')) {
    issues.push({ path: 'cm.tokenParameter', message: 'must be a non-empty string' });
  }
  return {
    token: typeof token === 'string' && token !== '' ? utf8.encode(token) : undefined,
    tokenParameter: typeof tokenParameter === 'string' && tokenParameter !== '' ? tokenParameter : 'token',
  };
}
