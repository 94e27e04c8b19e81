/**
 * Delivery callbacks POSTed to a message's `callbackUrl`. Webex documents two different bodies for them (its
 * sandbox OpenAPI and Java SDK: `CallbackMessageEvent`; its webhook pages: `deliveryInfoNotification`), so
 * both are accepted, told apart, and given the same few normalised fields.
 */
import type { components } from '../../generated/webex/types.ts';
import { zDeliveryCallback } from '../../generated/webex/zod/zod.gen.ts';
import { ValidationError } from '../core/errors/index.ts';
import { parseJsonPayload, readingInput } from '../core/input.ts';
import { readWebhookRequest, verifyHmacSignature, type RawBody } from '../core/webhook-signature.ts';

export type CallbackMessageEvent = components['schemas']['CallbackMessageEvent'];
export type DeliveryInfoNotification = components['schemas']['DeliveryInfoNotification'];

interface CallbackCommon {
  /** The message's id (`messageId`, or `transid` in the webhook format, which Webex does not state is the same id). */
  messageId: string | undefined;
  /** The status as sent: `DELIVERED`, `FAILED`, … or `Delivered`, `Un-Delivered`, `Clicked`, …. */
  status: string | undefined;
  correlationId: string | undefined;
  callbackData: string | undefined;
}

export type WebexDeliveryCallback =
  | (CallbackCommon & { format: 'messageEvent'; event: CallbackMessageEvent })
  | (CallbackCommon & { format: 'deliveryInfoNotification'; event: DeliveryInfoNotification });

/** Parses a delivery callback body (raw string or parsed JSON) in either documented format. */
export function parseCallback(payload: unknown): WebexDeliveryCallback {
  return readingInput('Invalid Webex callback', () => toCallback(payload));
}

function toCallback(payload: unknown): WebexDeliveryCallback {
  const parsed = zDeliveryCallback.safeParse(parseJsonPayload(payload, 'Invalid Webex callback'));
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, 'Invalid Webex callback');
  const body = parsed.data as CallbackMessageEvent | DeliveryInfoNotification;
  if ('deliveryInfoNotification' in body && body.deliveryInfoNotification) {
    const notification = body.deliveryInfoNotification;
    return {
      format: 'deliveryInfoNotification',
      event: body as DeliveryInfoNotification,
      messageId: notification.transid,
      status: notification.deliveryInfo?.deliveryStatus,
      correlationId: notification.correlationid,
      callbackData: notification.callbackData,
    };
  }
  const event = body as CallbackMessageEvent;
  return {
    format: 'messageEvent',
    event,
    messageId: event.messageId,
    status: event.status,
    correlationId: event.correlationId,
    callbackData: event.callbackData,
  };
}

export interface WebexCallbackRequest {
  /** The raw body exactly as received. */
  body: RawBody;
  /** The `x-hub-signature` header's value. */
  signature: string | null | undefined;
  /** The Hub Secret configured on the outbound webhook: a non-empty string, or its bytes. */
  secret: string | Uint8Array | ArrayBuffer;
}

/**
 * Checks `x-hub-signature`: a hex HMAC of the notification with the Hub Secret, SHA-256 or SHA-512 (told apart
 * by length; a `sha256=`/`sha512=` prefix is tolerated, since Webex does not say whether it sends one).
 * Constant-time; rejects with a WebhookVerificationError.
 */
export async function verifyCallback(request: WebexCallbackRequest): Promise<void> {
  const { body, signature, secret } = readWebhookRequest<WebexCallbackRequest>(
    request,
    'Invalid verifyCallback request',
  );
  return verifyHmacSignature({ body, signature, secret, ...WEBEX_SIGNATURE });
}

/** How Webex signs: what `verifyCallback` checks, for a receiver that verifies with its own key cache. */
export const WEBEX_SIGNATURE = {
  hashes: ['SHA-256', 'SHA-512'],
  header: 'x-hub-signature',
  prefixes: ['sha256=', 'sha512='],
} as const;
