/**
 * One fetch-style endpoint for the three providers' webhooks: `(request: Request) => Promise<Response>`, so it runs
 * as it is in Bun, Deno, Cloudflare Workers and Next/Hono route handlers (WebCrypto and fetch types only), and in
 * Node through `toNodeListener` (switchboard/node).
 *
 * Each request is routed (src/webhooks/routing.ts), authenticated (Comapi's and Webex's HMAC signatures; CM's
 * optional token), parsed and normalized into events, and `onEvent` is called once per event. The answers are
 * what the providers act on: 2xx stops their retries; 401 for a request that is not provably theirs; 400 for a
 * payload that is not theirs or is malformed (Webex does not retry a 400); 500 when `onEvent` throws, so the
 * provider retries.
 */
import { cmIncomingEvent, cmInboundEvent, webexInboundEvent } from './inbound-events.ts';
import { normalizeStatusReport } from '../cm/delivery-status.ts';
import { normalizeEvents } from '../comapi/delivery-status.ts';
import { COMAPI_SIGNATURE } from '../comapi/inbound.ts';
import type { WebhookEvent } from '../core/delivery-status.ts';
import { ValidationError } from '../core/errors/index.ts';
import { describeType } from '../core/input.ts';
import type { Provider } from '../core/providers.ts';
import { verifyHmacSignature, WebhookVerificationError } from '../core/webhook-signature.ts';
import { normalizeCallback } from '../webex/delivery-status.ts';
import { WEBEX_SIGNATURE } from '../webex/inbound.ts';
import { BodyTooLarge, readBodyBytes } from './body.ts';
import { type CheckedOptions, checkOptions, type WebhookHandlerOptions } from './options.ts';
import { providerOfHeaders, providerOfPath, providerOfPayload } from './routing.ts';

export type WebhookHandler = (request: Request) => Promise<Response>;

/**
 * A handler for the webhooks of the providers configured in `options` (at least one). Mount it on one URL and give
 * each provider that URL with its name as the last path segment (`…/webhooks/cm?token=…`, `…/webhooks/comapi`,
 * `…/webhooks/webex`), or on one path for all: requests are then told apart by signature header and payload.
 * Throws a ValidationError for bad options.
 */
export function createWebhookHandler(options: WebhookHandlerOptions): WebhookHandler {
  const config = checkOptions(options);
  return (request: Request) => handle(config, request);
}

/** Why a request was refused: the status and a short text for the answer, never a secret or the body. */
class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: unknown,
  ) {
    super(message);
  }
}

const decoder = new TextDecoder();

async function handle(config: CheckedOptions, request: Request): Promise<Response> {
  if (!isRequest(request)) {
    throw new ValidationError(
      [{ path: 'request', message: `must be a fetch Request, not ${describeType(request)}` }],
      'Invalid webhook request',
    );
  }
  let provider: Provider | undefined;
  try {
    if (request.method === 'HEAD') return answer(200); // Webex saves a UI-configured webhook only after a 200 to HEAD.
    if (request.method !== 'POST') throw new Refusal(405, 'Only POST is accepted');

    const named = providerOfPath(request.url) ?? providerOfHeaders(request.headers);
    if (named) {
      if (!config[named]) throw new Refusal(404, `This endpoint does not receive ${named} webhooks`);
      provider = named;
      if (named === 'cm') checkCmToken(config, request);
    }
    const bytes = await readBodyBytes(request, config.maxBodyBytes);
    if (provider === 'comapi' || provider === 'webex') await verify(config, provider, request, bytes);

    const text = decoder.decode(bytes);
    // Only CM posts XML (its status reports, when the XML format is chosen in the Channels app).
    const xml = /^\s*</.test(text);
    let json: unknown = text;
    if (xml) {
      if (provider && provider !== 'cm') throw new Refusal(400, 'The body is not JSON');
    } else {
      try {
        json = JSON.parse(text);
      } catch {
        throw new Refusal(400, 'The body is not JSON');
      }
    }
    if (!provider) {
      const recognised = xml ? 'cm' : providerOfPayload(json);
      if (!recognised || !config[recognised]) {
        throw new Refusal(400, 'The body is not a webhook payload of a provider this endpoint receives');
      }
      provider = recognised;
      if (provider === 'cm') checkCmToken(config, request);
      else await verify(config, provider, request, bytes);
    }

    let events: WebhookEvent[];
    try {
      events = xml ? [normalizeStatusReport(text)] : normalize(provider, json);
    } catch (error) {
      if (error instanceof ValidationError) throw new Refusal(400, error.message, error);
      throw error;
    }
    for (const event of events) {
      try {
        await config.onEvent(event);
      } catch (error) {
        throw new Refusal(500, 'The event could not be handled; retry later', error);
      }
    }
    return answer(200);
  } catch (error) {
    const refusal =
      error instanceof Refusal
        ? error
        : error instanceof BodyTooLarge
          ? new Refusal(413, error.message, error)
          : new Refusal(500, 'The request could not be handled', error);
    report(config, refusal.reason ?? refusal, provider, refusal.status);
    return answer(refusal.status, refusal.message, refusal.status === 405 ? { allow: 'POST, HEAD' } : undefined);
  }
}

function normalize(provider: Provider, json: unknown): WebhookEvent[] {
  switch (provider) {
    case 'comapi':
      return normalizeEvents(json);
    case 'webex':
      return [isWebexInbound(json) ? webexInboundEvent(json) : normalizeCallback(json)];
    case 'cm':
      return [cmEvent(json)];
  }
}

/** CM posts three kinds of body, possibly to one URL: told apart by their keys (specs/cm.yaml). */
function cmEvent(json: unknown): WebhookEvent {
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    if (Object.hasOwn(json, 'messages')) return normalizeStatusReport(json);
    if (Object.hasOwn(json, 'message')) return cmInboundEvent(json);
    if (Object.hasOwn(json, 'event')) return cmIncomingEvent(json);
  }
  throw new ValidationError(
    [{ path: '', message: 'is neither a status report, an inbound message nor an incoming event' }],
    'Invalid CM webhook body',
  );
}

function isWebexInbound(json: unknown): boolean {
  return json !== null && typeof json === 'object' && Object.hasOwn(json, 'oa') && Object.hasOwn(json, 'da');
}

async function verify(config: CheckedOptions, provider: 'comapi' | 'webex', request: Request, body: Uint8Array) {
  try {
    if (provider === 'comapi') {
      const { secret, keys } = config.comapi!;
      const signature = request.headers.get('x-comapi-signature');
      await verifyHmacSignature({ body, signature, secret, keys, ...COMAPI_SIGNATURE });
      return;
    }
    const { secret, authorization, keys } = config.webex!;
    const signature = request.headers.get('x-hub-signature');
    if (authorization && (signature === null || !secret)) {
      const given = request.headers.get('authorization');
      if (given === null || !sameBytes(utf8.encode(given), authorization)) {
        throw new Refusal(401, 'The request is neither signed nor carries the expected Authorization header');
      }
      return;
    }
    await verifyHmacSignature({ body, signature, secret: secret!, keys, ...WEBEX_SIGNATURE });
  } catch (error) {
    if (error instanceof WebhookVerificationError) throw new Refusal(401, error.message, error);
    throw error;
  }
}

/** CM signs nothing; the optional shared token in the query string is the only proof. Constant-time comparison. */
function checkCmToken(config: CheckedOptions, request: Request) {
  const expected = config.cm!.token;
  if (!expected) return;
  let given: string | null = null;
  try {
    given = new URL(request.url, 'http://localhost').searchParams.get(config.cm!.tokenParameter);
  } catch {
    given = null;
  }
  if (given === null || !sameBytes(utf8.encode(given), expected)) {
    throw new Refusal(401, 'The request does not carry the CM webhook token');
  }
}

const utf8 = new TextEncoder();

/** Compares in time that depends on the expected length only. */
function sameBytes(given: Uint8Array, expected: Uint8Array): boolean {
  let difference = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i += 1) difference |= (given[i] ?? 0) ^ expected[i]!;
  return difference === 0;
}

function isRequest(value: unknown): value is Request {
  return (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as Request).method === 'string' &&
    typeof (value as Request).url === 'string' &&
    typeof (value as Request).headers?.get === 'function'
  );
}

function answer(status: number, message?: string, headers?: Record<string, string>): Response {
  if (message === undefined) return new Response(null, { status, headers });
  return new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers } });
}

function report(config: CheckedOptions, error: unknown, provider: Provider | undefined, status: number) {
  try {
    config.onError?.(error, { provider, status });
  } catch {
    // A logger that throws must not change the answer.
  }
}
