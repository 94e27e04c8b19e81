/**
 * Webex Connect delivery callbacks in the shared vocabulary (src/core/delivery-status.ts).
 */
import { type DeliveryEvent, type DeliveryStatus, digestEventId, type OtherEvent } from '../core/delivery-status.ts';
import { parseCallback } from './inbound.ts';

/**
 * `status` of a callback in the `CallbackMessageEvent` format → DeliveryStatus. Source: the enum `QUEUED, SENT,
 * DELIVERED, FAILED` of Webex's sandbox OpenAPI (https://developers.webexconnect.io/reference/sandbox-post_v1-sms-messages,
 * callbacks "Message Events"), the same as CiscoDevNet/connect-sdk-java `sms/type/SmsStatus.java`; each status is
 * taken at its name.
 */
export const WEBEX_CALLBACK_STATUSES: Readonly<Record<string, DeliveryStatus>> = Object.freeze({
  QUEUED: 'queued',
  SENT: 'sent',
  DELIVERED: 'delivered',
  FAILED: 'failed',
});

/**
 * `deliveryInfo.deliveryStatus` of a receipt in the `deliveryInfoNotification` format → DeliveryStatus. Sources:
 * Webex Connect's "SMS" outbound-webhook page (https://developers.webexconnect.io/reference/sms-outbound-webhooks,
 * samples Submitted 7501, Delivered 7500, Failed 7101/7102/7107, Un-Delivered 7201) and its error-code table
 * (delivery status per code), as quoted in specs/webex.yaml. `Submitted` is `sent`: the v2 SMS page says receipt
 * type `SENT` "behaves the same as 'SUBMITTED'". `Un-Delivered` is `failed` ("Delivery failed at Operator",
 * "Unknown Subscriber address", …), except code 7208 "Message expired", which is `expired`. `Clicked` (code 7528, a
 * shortened link opened) is not a delivery status: it becomes an OtherEvent named `Clicked`. Matched without regard
 * to case; any other status is `unknown`.
 */
export const WEBEX_RECEIPT_STATUSES: Readonly<Record<string, DeliveryStatus>> = Object.freeze({
  submitted: 'sent',
  delivered: 'delivered',
  failed: 'failed',
  'un-delivered': 'failed',
});

/** Codes that say more than the receipt's status (the error-code table: 7208 "Message expired", Un-Delivered). */
const EXPIRED_CODE = '7208';

/** Statuses that carry no error: their `code` is the status's own (7500 Delivered, 7501 Submitted). */
const NO_ERROR: ReadonlySet<DeliveryStatus> = new Set(['queued', 'sent', 'delivered']);

/**
 * A Webex delivery callback (raw body or parsed JSON, either documented format) as a DeliveryEvent, or, for a
 * `Clicked` receipt, an OtherEvent. Webex gives a callback no id, so `eventId` is a digest of the message id,
 * status, code and time: a retry has the same id. Verify the signature first (`verifyCallback`); throws a
 * ValidationError like `parseCallback`.
 */
export function normalizeCallback(payload: unknown): DeliveryEvent | OtherEvent {
  const callback = parseCallback(payload);
  if (callback.format === 'messageEvent') {
    const { event } = callback;
    const status = lookUp(WEBEX_CALLBACK_STATUSES, event.status);
    return {
      type: 'status',
      provider: 'webex',
      eventId: digestEventId('webex', [callback.format, event.messageId, event.status, event.statusTime]),
      status,
      providerStatus: event.status,
      errorCode: event.error?.code,
      errorDescription: event.error?.message,
      messageId: event.messageId,
      reference: emptyToUndefined(event.correlationId),
      recipient: undefined,
      occurredAt: event.statusTime,
      raw: event,
    };
  }
  const notification = callback.event.deliveryInfoNotification;
  const info = notification.deliveryInfo;
  const eventId = digestEventId('webex', [
    callback.format,
    notification.transid,
    info.deliveryStatus,
    info.code,
    info.timeStamp,
    info.Description,
  ]);
  const common = { provider: 'webex' as const, eventId, occurredAt: info.timeStamp, raw: callback.event };
  if (info.deliveryStatus.toLowerCase() === 'clicked') {
    return { ...common, type: 'other', name: info.deliveryStatus, messageId: notification.transid };
  }
  const status =
    info.code === EXPIRED_CODE ? 'expired' : lookUp(WEBEX_RECEIPT_STATUSES, info.deliveryStatus.toLowerCase());
  const isError = !NO_ERROR.has(status);
  return {
    ...common,
    type: 'status',
    status,
    providerStatus: info.deliveryStatus,
    errorCode: isError ? info.code : undefined,
    errorDescription: isError ? emptyToUndefined(info.Description) : undefined,
    messageId: notification.transid,
    reference: emptyToUndefined(notification.correlationid),
    recipient: emptyToUndefined(info.destination),
  };
}

function lookUp(table: Readonly<Record<string, DeliveryStatus>>, key: string): DeliveryStatus {
  return Object.hasOwn(table, key) ? table[key]! : 'unknown';
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
