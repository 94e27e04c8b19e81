import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/cm/types.ts';
import { zProductToken } from '../../generated/cm/zod/zod.gen.ts';
import { ValidationError } from '../core/errors/index.ts';
import { readClientOptions } from '../core/http/call-options.ts';
import { createApiClient, type BaseClientOptions } from '../core/http/call.ts';
import { describeCmError } from './errors.ts';
import { CmMessages } from './messages.ts';
import type { Msg } from './normalize.ts';

/** CM's recommended endpoint (global, via Cloudflare). The alternative is `https://gw.cmtelecom.com`. */
export const CM_DEFAULT_BASE_URL = 'https://gw.messaging.cm.com';

export interface CmClientOptions extends BaseClientOptions {
  /** The product token from CM's Channels app (a GUID with hyphens). */
  productToken: string;
  /**
   * Where the token travels: the `X-CM-PRODUCTTOKEN` header (default; CM's current docs recommend it, an older
   * revision says it works only through `gw.messaging.cm.com` in Europe) or `messages.authentication` in the body.
   */
  tokenIn?: 'header' | 'body';
}

/**
 * A client for CM.com's Business Messaging gateway.
 *
 * ```ts
 * const cm = new CmClient({ productToken: process.env.CM_PRODUCT_TOKEN! });
 * const result = await cm.messages.send({ from: 'Acme', to: '+447911123456', body: 'Hello' });
 * ```
 */
export class CmClient {
  /** The openapi-fetch client for `specs/cm.yaml`, authenticated, for anything the facade does not wrap. */
  readonly raw: Client<paths>;
  readonly messages: CmMessages;

  constructor(clientOptions: CmClientOptions) {
    const options = readClientOptions<CmClientOptions>(clientOptions, 'Invalid CmClient options');
    const token = options.productToken;
    if (typeof token !== 'string' || token.length === 0) {
      throw new ValidationError([{ path: 'productToken', message: 'is required' }], 'Invalid CmClient options');
    }
    if (!zProductToken.safeParse(token).success) {
      throw new ValidationError(
        [{ path: 'productToken', message: 'must be a GUID with hyphens, as shown in the Channels app' }],
        'Invalid CmClient options',
      );
    }
    const tokenIn = options.tokenIn ?? 'header';
    if (tokenIn !== 'header' && tokenIn !== 'body') {
      throw new ValidationError(
        [{ path: 'tokenIn', message: "must be 'header' or 'body'" }],
        'Invalid CmClient options',
      );
    }

    const { raw, context } = createApiClient<paths>({
      ...options,
      provider: 'CM',
      defaultBaseUrl: CM_DEFAULT_BASE_URL,
      headers: tokenIn === 'header' ? { 'X-CM-PRODUCTTOKEN': token } : undefined,
      // No `facts`: CM documents no idempotency key and no "not accepted" answer beyond 429 (the default rules).
      secrets: () => [token],
      describeError: describeCmError,
    });
    this.raw = raw;
    this.messages = new CmMessages({
      ...context,
      raw,
      envelope: (msg: Msg[]) =>
        tokenIn === 'body' ? { messages: { authentication: { productToken: token }, msg } } : { messages: { msg } },
    });
  }
}
