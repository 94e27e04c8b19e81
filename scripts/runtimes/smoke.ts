/**
 * The runtime smoke test: one script for every runtime `npm run test:runtimes` proves (Node, Bun, Deno, workerd,
 * edge-runtime). It uses only web APIs (fetch, WebCrypto, TextEncoder, timers) and gets the package's entries from
 * its caller, which imports them by their public names from the installed tarball (scripts/runtimes/entry-*.mjs),
 * so the same code runs as a plain module or inside a bundle. Every check calls `emit` once with a JSON-able result.
 *
 * Types come from src/ (type-only imports, erased when bundled): the installed package ships the same declarations.
 */
import type * as RootModule from '../../src/index.ts';
import type * as CmModule from '../../src/cm/index.ts';
import type * as ComapiModule from '../../src/comapi/index.ts';
import type * as WebexModule from '../../src/webex/index.ts';
import type * as RouterModule from '../../src/router/index.ts';
import type * as WebhooksModule from '../../src/webhooks/index.ts';

export interface SmokeModules {
  root: typeof RootModule;
  cm: typeof CmModule;
  comapi: typeof ComapiModule;
  webex: typeof WebexModule;
  router: typeof RouterModule;
  webhooks: typeof WebhooksModule;
}

export interface SmokeConfig {
  /** Base URLs of the three Prism mocks, on 127.0.0.1. */
  cmUrl: string;
  comapiUrl: string;
  webexUrl: string;
  /** A loopback base URL on which nothing listens. */
  refusedUrl: string;
  /** A loopback base URL whose server accepts connections and never answers. */
  silentUrl: string;
  /**
   * What the README's "Nothing was sent" table promises for this runtime's refused connection: true (recognized,
   * `notSent`), false (not recognized, `outcomeUnknown`), or null (no promise: record what happens).
   */
  expectNotSent: boolean | null;
}

export interface CheckResult {
  check: string;
  ok: boolean;
  details: Record<string, unknown>;
}

export const CHECKS = [
  'import',
  'cm.send',
  'comapi.send',
  'webex.send (key)',
  'webex.send (jwt)',
  'comapi webhook',
  'webex webhook',
  'webhook handler',
  'router failover',
  'refused',
  'timeout',
] as const;

const DEMO = {
  cmToken: '00000000-0000-0000-0000-000000000000',
  comapiSpace: '53364198-3f3f-4723-ab8f-70680c1113b1',
  comapiToken: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzd2l0Y2hib2FyZC1kZW1vIn0.ZGVtbw',
  webexKey: 'demo-service-key',
};

const utf8 = new TextEncoder();

async function hmacHex(hash: 'SHA-1' | 'SHA-256', secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', utf8.encode(secret), { name: 'HMAC', hash }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, utf8.encode(body)));
  return Array.from(mac, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The parts of an error worth recording: its class, code and message, and those of its causes. */
function shape(error: unknown, depth = 0): Record<string, unknown> | string {
  if (error === null || typeof error !== 'object') return String(error);
  const e = error as {
    name?: unknown;
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    constructor?: { name?: string };
  };
  const out: Record<string, unknown> = { name: e.name ?? e.constructor?.name };
  if (e.code !== undefined) out.code = e.code;
  if (typeof e.message === 'string') out.message = e.message.slice(0, 200);
  if (e.cause !== undefined && depth < 3) out.cause = shape(e.cause, depth + 1);
  return out;
}

async function check(
  name: string,
  emit: (result: CheckResult) => void,
  body: () => Promise<Record<string, unknown> & { ok: boolean }>,
): Promise<void> {
  const started = Date.now();
  try {
    const { ok, ...details } = await body();
    emit({ check: name, ok, details: { ...details, ms: Date.now() - started } });
  } catch (error) {
    emit({ check: name, ok: false, details: { error: shape(error), ms: Date.now() - started } });
  }
}

export async function runSmoke(
  mods: SmokeModules,
  config: SmokeConfig,
  emit: (result: CheckResult) => void,
): Promise<void> {
  const { root, cm, comapi, webex, router, webhooks } = mods;

  await check('import', emit, async () => {
    const classes = {
      CmClient: typeof cm.CmClient === 'function' && root.CmClient === cm.CmClient && root.cm.CmClient === cm.CmClient,
      ComapiClient: typeof comapi.ComapiClient === 'function' && root.ComapiClient === comapi.ComapiClient,
      WebexClient: typeof webex.WebexClient === 'function' && root.WebexClient === webex.WebexClient,
      Switchboard: typeof router.Switchboard === 'function' && root.Switchboard === router.Switchboard,
      createWebhookHandler:
        typeof webhooks.createWebhookHandler === 'function' &&
        root.createWebhookHandler === webhooks.createWebhookHandler,
      sharedErrors:
        root.ConnectionError === cm.ConnectionError &&
        cm.ConnectionError === webex.ConnectionError &&
        router.ValidationError === cm.ValidationError &&
        webhooks.ValidationError === comapi.ValidationError,
    };
    return { ok: Object.values(classes).every(Boolean), classes };
  });

  await check('cm.send', emit, async () => {
    const client = new cm.CmClient({ productToken: DEMO.cmToken, baseUrl: config.cmUrl });
    const result = await client.messages.send({
      from: 'Acme',
      to: ['+447911123456', '+447911123457'],
      body: 'runtime smoke',
      reference: 'smoke',
    });
    return { ok: result.accepted.length === 2 && result.rejected.length === 0, accepted: result.accepted.length };
  });

  await check('comapi.send', emit, async () => {
    const client = new comapi.ComapiClient({
      apiSpaceId: DEMO.comapiSpace,
      token: DEMO.comapiToken,
      baseUrl: config.comapiUrl,
    });
    const message = await client.messages.send({
      to: { phoneNumber: '+447123123123' },
      body: 'runtime smoke',
      rules: ['sms'],
    });
    return { ok: typeof message.messageId === 'string' && message.messageId.length > 0, messageId: message.messageId };
  });

  await check('webex.send (key)', emit, async () => {
    const client = new webex.WebexClient({ serviceKey: DEMO.webexKey, baseUrl: config.webexUrl });
    const sent = await client.sms.send({
      from: 'Acme',
      to: '+447911123456',
      content: 'runtime smoke',
      correlationId: 'smoke-key',
    });
    return { ok: typeof sent.messageId === 'string' && sent.idempotencyKey.length > 0, messageId: sent.messageId };
  });

  await check('webex.send (jwt)', emit, async () => {
    const rawSecret = 'switchboard-runtime-smoke-secret';
    const serviceSecret = btoa(rawSecret);
    // The minting the client does, checked by WebCrypto: an HS256 JWT signed with the base64-decoded secret.
    const jwt = await webex.mintServiceJwt(
      'smoke-service',
      utf8.encode(rawSecret) as Uint8Array<ArrayBuffer>,
      Math.floor(Date.now() / 1000),
    );
    const [header, payload, mac] = jwt.split('.') as [string, string, string];
    const fromB64url = (part: string): Uint8Array<ArrayBuffer> =>
      Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const key = await crypto.subtle.importKey('raw', utf8.encode(rawSecret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'verify',
    ]);
    const signed = await crypto.subtle.verify('HMAC', key, fromB64url(mac), utf8.encode(`${header}.${payload}`));
    const claims = JSON.parse(new TextDecoder().decode(fromB64url(payload))) as { iss?: unknown };
    const client = new webex.WebexClient({ serviceId: 'smoke-service', serviceSecret, baseUrl: config.webexUrl });
    const sent = await client.sms.send({
      from: 'Acme',
      to: '+447911123456',
      content: 'runtime smoke',
      correlationId: 'smoke-jwt',
    });
    const ok = typeof sent.messageId === 'string' && signed && claims.iss === 'smoke-service';
    return { ok, messageId: sent.messageId, jwtVerified: signed };
  });

  await check('comapi webhook', emit, async () => {
    const secret = 'comapi-smoke-secret';
    const body = '{"eventId":"e1","name":"message.sent","payload":{"id":"m1"}}';
    const signature = await hmacHex('SHA-1', secret, body);
    await comapi.verifyEvents({ body, signature, secret });
    const tampered = await comapi.verifyEvents({ body: body.replace('m1', 'm2'), signature, secret }).then(
      () => 'accepted',
      (error: unknown) => (error instanceof comapi.WebhookVerificationError ? error.reason : `threw ${String(error)}`),
    );
    return { ok: tampered === 'signature_mismatch', valid: 'verified', tampered };
  });

  await check('webex webhook', emit, async () => {
    const secret = 'webex-hub-secret';
    const body = '{"messageId":"m1","status":"DELIVERED","statusTime":"2021-07-29T13:45:33.404Z"}';
    const signature = await hmacHex('SHA-256', secret, body);
    await webex.verifyCallback({ body, signature, secret });
    const tampered = await webex
      .verifyCallback({ body, signature: signature.replace(/^./, (c) => (c === '0' ? '1' : '0')), secret })
      .then(
        () => 'accepted',
        (error: unknown) => (error instanceof webex.WebhookVerificationError ? error.reason : `threw ${String(error)}`),
      );
    return { ok: tampered === 'signature_mismatch', valid: 'verified', tampered };
  });

  await check('webhook handler', emit, async () => {
    const secret = 'comapi-handler-secret';
    const event = {
      eventId: '0dceaf0d-93ea-4314-a6f8-b0cffe69799a',
      accountId: 1234,
      apiSpaceId: DEMO.comapiSpace,
      name: 'message.delivered',
      payload: { messageId: 'm1', channel: 'sms' },
      revision: 2,
      etag: '"2-abc"',
      timestamp: '2026-11-27T10:31:02.604Z',
    };
    const body = JSON.stringify(event);
    const post = async (signature: string) =>
      new Request('http://localhost/webhooks/comapi', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-comapi-signature': signature },
        body,
      });
    const seen: string[] = [];
    const handler = webhooks.createWebhookHandler({
      comapi: { secret },
      onEvent: (received) => void seen.push(received.type === 'status' ? received.status : received.type),
    });
    const valid = await handler(await post(await hmacHex('SHA-1', secret, body)));
    const forged = await handler(await post(await hmacHex('SHA-1', 'not-the-secret', body)));
    const ok = valid.status === 200 && forged.status === 401 && seen.join() === 'delivered';
    return { ok, valid: valid.status, forged: forged.status, events: seen };
  });

  await check('router failover', emit, async () => {
    // CM answers 503 with Retry-After (nothing accepted), so the router moves on to the Webex mock.
    const unavailable = new cm.CmClient({
      productToken: DEMO.cmToken,
      fetch: async () => new Response('{"message":"busy"}', { status: 503, headers: { 'retry-after': '30' } }),
    });
    const webexClient = new webex.WebexClient({ serviceKey: DEMO.webexKey, baseUrl: config.webexUrl });
    const switchboard = new router.Switchboard({ providers: [unavailable, webexClient] });
    const result = await switchboard.send({ from: 'Acme', to: '+44 7911 123456', text: 'runtime smoke' });
    const [recipient] = result.recipients;
    const attempts = recipient?.attempts.map((attempt) => `${attempt.provider}:${attempt.outcome}`) ?? [];
    const invalid = await switchboard.send({ from: 'Acme', to: '12', text: 'runtime smoke' }).then(
      () => 'sent',
      (error: unknown) => (error instanceof root.ValidationError ? 'ValidationError' : String(error)),
    );
    const ok =
      result.ok &&
      recipient?.provider === 'webex' &&
      attempts.join() === 'cm:rejected,webex:accepted' &&
      invalid === 'ValidationError';
    return { ok, to: recipient?.to, attempts, invalid };
  });

  await check('refused', emit, async () => {
    // The runtime's own error for a refused connection, as the transport sees it.
    const raw = await fetch(`${config.refusedUrl}/`).then(
      (response) => `answered ${response.status}`,
      (error: unknown) => shape(error),
    );
    const client = new cm.CmClient({ productToken: DEMO.cmToken, baseUrl: config.refusedUrl, maxRetries: 1 });
    const error = await client.messages.send({ from: 'Acme', to: '+447911123456', body: 'never delivered' }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    if (!(error instanceof cm.ConnectionError) || error instanceof cm.TimeoutError)
      return { ok: false, error: shape(error), raw };
    const { notSent, outcomeUnknown, attempts } = error;
    // Recognized: retried (once), never "unknown". Not recognized: a send is not repeated and its outcome is unknown.
    const consistent = notSent ? attempts === 2 && !outcomeUnknown : attempts === 1 && outcomeUnknown;
    const promised = config.expectNotSent === null || config.expectNotSent === notSent;
    return { ok: consistent && promised, notSent, outcomeUnknown, attempts, expectNotSent: config.expectNotSent, raw };
  });

  await check('timeout', emit, async () => {
    const client = new cm.CmClient({
      productToken: DEMO.cmToken,
      baseUrl: config.silentUrl,
      timeoutMs: 200,
      maxRetries: 0,
    });
    const started = Date.now();
    const error = await client.messages.send({ from: 'Acme', to: '+447911123456', body: 'never answered' }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    const elapsedMs = Date.now() - started;
    if (!(error instanceof cm.TimeoutError)) return { ok: false, error: shape(error), elapsedMs };
    return {
      ok: error.timeoutMs === 200,
      timeoutMs: error.timeoutMs,
      notSent: error.notSent,
      outcomeUnknown: error.outcomeUnknown,
      attempts: error.attempts,
      elapsedMs,
    };
  });
}
