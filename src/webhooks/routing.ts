/**
 * Which provider a webhook request is from: by the last segment of its path (`…/cm`, `…/comapi`, `…/webex`), else
 * by its signature header, else by the shape of its JSON. Only a guess until verified: a signed provider's request
 * is still checked against its secret, and CM's (which is not signed) against its token, if one is set.
 */
import { PROVIDERS, type Provider } from '../core/providers.ts';

const PROVIDER_NAMES: ReadonlySet<string> = new Set(PROVIDERS);

/** The provider a path's last segment names, `null` for another segment (not an error: route by content then). */
export function providerOfPath(url: string): Provider | null {
  let pathname: string;
  try {
    pathname = new URL(url, 'http://localhost').pathname;
  } catch {
    return null;
  }
  const end = pathname.endsWith('/') ? pathname.length - 1 : pathname.length;
  const segment = pathname.slice(pathname.lastIndexOf('/', end - 1) + 1, end).toLowerCase();
  return PROVIDER_NAMES.has(segment) ? (segment as Provider) : null;
}

/** The signed providers mark their requests with their signature header (Comapi's quickstarts; Webex's webhook pages). */
export function providerOfHeaders(headers: Headers): Provider | null {
  if (headers.has('x-comapi-signature')) return 'comapi';
  if (headers.has('x-hub-signature')) return 'webex';
  return null;
}

/**
 * The provider whose documented payload this is, from the keys that tell them apart (specs/*.yaml): Comapi's event
 * envelope (`eventId`, `name`, `apiSpaceId`) or a batched array of them; Webex's receipts (`deliveryInfoNotification`,
 * or `messageId` with `status`) and inbound SMS (`oa`, `da`, `tid`); CM's status report (`messages`), inbound
 * message (`from`, `to`, `message`) and incoming event (`event`, `timeUtc`).
 */
export function providerOfPayload(json: unknown): Provider | null {
  if (Array.isArray(json)) return 'comapi';
  if (json === null || typeof json !== 'object') return null;
  const has = (key: string) => Object.hasOwn(json, key);
  if (has('eventId') && has('name') && has('apiSpaceId')) return 'comapi';
  if (has('deliveryInfoNotification') || (has('messageId') && has('status')) || (has('oa') && has('da'))) {
    return 'webex';
  }
  if (has('messages') || (has('from') && has('message')) || (has('event') && has('timeUtc'))) return 'cm';
  return null;
}
