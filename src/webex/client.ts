import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/webex/types.ts';
import { ValidationError, type ValidationIssue } from '../core/errors/index.ts';
import { readClientOptions } from '../core/http/call-options.ts';
import { isHeaderToken, isJwt } from '../core/credentials.ts';
import { createApiClient, type BaseClientOptions } from '../core/http/call.ts';
import { describeWebexError } from './errors.ts';
import { ServiceJwtSource } from './service-jwt.ts';
import { WebexSms } from './sms.ts';

/** Webex Connect's regions: the `region` variable of `https://api.{region}.webexconnect.io` in specs/webex.yaml. */
export const WEBEX_REGIONS = ['us', 'us1', 'eu', 'uk', 'ca', 'au', 'in'] as const;
export type WebexRegion = (typeof WEBEX_REGIONS)[number];

/** One of the three ways Webex Connect authenticates a service. */
export type WebexCredentials =
  /** The service key, sent in the `key` header. */
  | { serviceKey: string; jwt?: never; serviceId?: never; serviceSecret?: never }
  /** A JWT you mint and renew yourself, sent as `Authorization: Bearer`. */
  | { jwt: string; serviceKey?: never; serviceId?: never; serviceSecret?: never }
  /** The service's id and (base64) secret: the client mints the HS256 JWT and renews it before its 60 minutes run out. */
  | { serviceId: string; serviceSecret: string; serviceKey?: never; jwt?: never };

/**
 * `region` picks the API host (`https://api.<region>.webexconnect.io`); `baseUrl`, when given, is used instead (a
 * proxy, a mock), as with the other clients: `baseUrl: undefined` falls back to the region.
 */
export type WebexClientOptions = BaseClientOptions & WebexCredentials & { region?: WebexRegion };

function credentialIssues(
  options: Partial<Record<'serviceKey' | 'jwt' | 'serviceId' | 'serviceSecret', unknown>>,
): ValidationIssue[] {
  const kinds = [
    options.serviceKey !== undefined,
    options.jwt !== undefined,
    options.serviceId !== undefined || options.serviceSecret !== undefined,
  ];
  if (kinds.filter(Boolean).length !== 1) {
    return [{ path: 'serviceKey', message: 'give exactly one of serviceKey, jwt, or serviceId with serviceSecret' }];
  }
  const issues: ValidationIssue[] = [];
  for (const name of ['serviceKey', 'jwt', 'serviceId', 'serviceSecret'] as const) {
    const value = options[name];
    if (value !== undefined && (typeof value !== 'string' || value.length === 0))
      issues.push({ path: name, message: 'must be a non-empty string' });
  }
  // Each goes into a header or a token: no spaces, line breaks or other control characters.
  const { serviceKey, jwt, serviceId } = options;
  if (typeof serviceKey === 'string' && serviceKey !== '' && !isHeaderToken(serviceKey)) {
    issues.push({
      path: 'serviceKey',
      message: 'must be the service key as shown in Webex Connect: printable characters, no spaces or line breaks',
    });
  }
  if (typeof jwt === 'string' && jwt !== '' && !isJwt(jwt)) {
    issues.push({ path: 'jwt', message: 'must be a JWT: three dot-separated base64url parts' });
  }
  if (typeof serviceId === 'string' && serviceId !== '' && !isHeaderToken(serviceId)) {
    issues.push({
      path: 'serviceId',
      message: 'must be the service id as shown in Webex Connect: printable characters, no spaces or line breaks',
    });
  }
  if (kinds[2] && (typeof options.serviceId !== 'string' || typeof options.serviceSecret !== 'string')) {
    issues.push({
      path: options.serviceId === undefined ? 'serviceId' : 'serviceSecret',
      message: 'serviceId and serviceSecret go together',
    });
  }
  return issues;
}

/**
 * A client for Webex Connect's SMS API.
 *
 * ```ts
 * const webex = new WebexClient({ region: 'eu', serviceKey: process.env.WEBEX_SERVICE_KEY! });
 * const sent = await webex.sms.send({ from: 'Acme', to: '+447911123456', content: 'Hello' });
 * ```
 */
export class WebexClient {
  /** The openapi-fetch client for `specs/webex.yaml`, authenticated, for anything the facade does not wrap. */
  readonly raw: Client<paths>;
  readonly sms: WebexSms;

  constructor(options: WebexClientOptions) {
    const opts = readClientOptions<Partial<Record<string, unknown>> & WebexClientOptions>(
      options,
      'Invalid WebexClient options',
    );
    const issues = credentialIssues(opts);
    if (opts.region === undefined && opts.baseUrl === undefined)
      issues.push({
        path: 'region',
        message: `is required (one of ${WEBEX_REGIONS.join(', ')}) unless baseUrl is given`,
      });
    if (opts.region !== undefined && !WEBEX_REGIONS.includes(opts.region as WebexRegion)) {
      issues.push({ path: 'region', message: `must be one of ${WEBEX_REGIONS.join(', ')}` });
    }
    if (issues.length > 0) throw new ValidationError(issues, 'Invalid WebexClient options');

    const minted = opts.serviceId !== undefined ? new ServiceJwtSource(opts.serviceId, opts.serviceSecret!) : undefined;
    const headers: Record<string, string> = {};
    if (opts.serviceKey !== undefined) headers.key = opts.serviceKey;
    if (opts.jwt !== undefined) headers.Authorization = `Bearer ${opts.jwt}`;

    const fixedSecrets = [opts.serviceKey, opts.jwt, opts.serviceSecret].filter(
      (s): s is string => typeof s === 'string',
    );
    const { raw, context } = createApiClient<paths>({
      ...opts,
      provider: 'Webex',
      defaultBaseUrl: `https://api.${opts.region}.webexconnect.io`,
      headers,
      facts: {
        // Webex rejects a repeated Idempotency-Key within an hour, so a v1 send carrying one may be retried (its
        // sandbox API documents the header; production support is unconfirmed). The v2 API takes no key.
        deduplicates: (request) =>
          request.headers.has('Idempotency-Key') && new URL(request.url).pathname.endsWith('/v1/sms/messages'),
        // 7020: the transaction limit was reached and the request refused, so nothing was accepted.
        notAccepted: (_status, bodyText) => describeWebexError(safeJson(bodyText))?.code === '7020',
      },
      // The token minted last is redacted too.
      secrets: () => (minted ? [...fixedSecrets, ...minted.minted] : fixedSecrets),
      describeError: describeWebexError,
    });
    this.raw = raw;
    if (minted) {
      raw.use({
        async onRequest({ request }) {
          request.headers.set('Authorization', `Bearer ${await minted.token()}`);
          return request;
        },
      });
    }
    this.sms = new WebexSms({ ...context, raw });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
