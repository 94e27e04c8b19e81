import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/comapi/types.ts';
import { zSendMessagePath } from '../../generated/comapi/zod/zod.gen.ts';
import { ValidationError, type ValidationIssue } from '../core/errors/index.ts';
import { readClientOptions } from '../core/http/call-options.ts';
import { isJwt } from '../core/credentials.ts';
import { createApiClient, type BaseClientOptions, type ResourceContext } from '../core/http/call.ts';
import { describeComapiError } from './errors.ts';
import { ComapiMessages } from './messages.ts';
import { ComapiProfiles } from './profiles.ts';
import { ComapiWebhooks } from './webhooks.ts';

/** What Comapi's resources share: the call context, the openapi-fetch client, and the API space every call is made in. */
export interface ComapiContext extends ResourceContext<paths> {
  apiSpaceId: string;
}

export const COMAPI_DEFAULT_BASE_URL = 'https://api.comapi.com';

export interface ComapiClientOptions extends BaseClientOptions {
  /** Your API space's id (a UUID), from the portal. Every call is made in it. */
  apiSpaceId: string;
  /** An access token (JWT) from the portal (Hub > Access Tokens), sent as `Authorization: Bearer …`. */
  token: string;
}

/**
 * A client for Comapi's "One" Enterprise Communications API.
 *
 * ```ts
 * const comapi = new ComapiClient({ apiSpaceId: process.env.COMAPI_API_SPACE_ID!, token: process.env.COMAPI_TOKEN! });
 * const message = await comapi.messages.send({ to: { phoneNumber: '+447123123123' }, body: 'Hello', rules: ['sms'] });
 * ```
 */
export class ComapiClient {
  /** The openapi-fetch client for `specs/comapi.yaml`, authenticated, for anything the facade does not wrap. */
  readonly raw: Client<paths>;
  readonly messages: ComapiMessages;
  readonly profiles: ComapiProfiles;
  /** Webhook configurations. To receive events, see `verifyEvents` and `parseEvents`. */
  readonly webhooks: ComapiWebhooks;

  constructor(clientOptions: ComapiClientOptions) {
    const options = readClientOptions<ComapiClientOptions>(clientOptions, 'Invalid ComapiClient options');
    const issues: ValidationIssue[] = [];
    const { apiSpaceId, token } = options;
    if (typeof apiSpaceId !== 'string' || !zSendMessagePath.shape.apiSpaceId.safeParse(apiSpaceId).success) {
      issues.push({ path: 'apiSpaceId', message: 'must be the API space id from the portal (a UUID)' });
    }
    if (typeof token !== 'string' || token.length === 0) {
      issues.push({ path: 'token', message: 'is required' });
    } else if (!isJwt(token)) {
      issues.push({ path: 'token', message: 'must be an access token (a JWT: three dot-separated base64url parts)' });
    }
    if (issues.length > 0) throw new ValidationError(issues, 'Invalid ComapiClient options');

    const { raw, context } = createApiClient<paths>({
      ...options,
      provider: 'Comapi',
      defaultBaseUrl: COMAPI_DEFAULT_BASE_URL,
      headers: { Authorization: `Bearer ${token}` },
      // No `facts`: Comapi documents no idempotency key (the default rules).
      secrets: () => [token],
      describeError: describeComapiError,
    });
    this.raw = raw;
    const shared = { ...context, raw, apiSpaceId };
    this.messages = new ComapiMessages(shared);
    this.profiles = new ComapiProfiles(shared);
    this.webhooks = new ComapiWebhooks(shared);
  }
}
