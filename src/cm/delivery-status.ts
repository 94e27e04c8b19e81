/**
 * CM status reports in the shared vocabulary (src/core/delivery-status.ts).
 */
import { type DeliveryEvent, type DeliveryStatus, digestEventId, stringOrUndefined } from '../core/delivery-status.ts';
import { parseStatusReport } from './inbound.ts';

/**
 * CM's `messages.msg.status.code` (`[STATUS]` in CM's template) → DeliveryStatus.
 *
 * - The numbers: specs/cm.yaml `StatusReportMsg.status.code` ("`0` accepted by the operator, `1` rejected by CM or
 *   the operator, `2` delivered, `3` failed", from a third-party parser of CM's reports; CM's own page
 *   https://developers.cm.com/messaging/docs/incoming-status-report shows only the `[STATUS]` placeholder).
 * - The meanings: CM's Knowledge Center, "What does the status of my message mean?"
 *   (https://knowledgecenter.cm.com/knowledge-center/communications-platform/sms/delivery-and-status/what-does-the-status-of-my-message-mean):
 *   Accepted "The message was received by the operator, but not yet confirmed that it has been delivered";
 *   Rejected "The operator has refused to deliver the message because of a problem with the message or recipient";
 *   Delivered "The operator confirmed the message has been delivered to the mobile device"; Failed "The operator
 *   tried but could not deliver the message".
 *
 * Any other code (read receipts on chat channels may exist; no source numbers them) is `unknown`.
 */
export const CM_DELIVERY_STATUSES: Readonly<Record<string, DeliveryStatus>> = Object.freeze({
  '0': 'accepted',
  '1': 'rejected',
  '2': 'delivered',
  '3': 'failed',
});

/**
 * A CM status report (raw body or parsed JSON) as a DeliveryEvent. CM gives a report no id, so `eventId` is a
 * digest of the recipient, reference, status, error code and registration time: a retry of the same report has
 * the same id. Two reports alike in all of these (same recipient, same reference or none, same status in the
 * same second) get the same id; send a `reference` to keep them apart. Throws a ValidationError like
 * `parseStatusReport`.
 */
export function normalizeStatusReport(payload: unknown): DeliveryEvent {
  const report = parseStatusReport(payload);
  const msg = report.messages.msg;
  const providerStatus = String(msg.status.code).trim();
  const errorCode = emptyToUndefined(stringOrUndefined(msg.status.errorCode));
  return {
    type: 'status',
    provider: 'cm',
    eventId: digestEventId('cm', [msg.to, msg.reference, providerStatus, errorCode, msg.received]),
    status: Object.hasOwn(CM_DELIVERY_STATUSES, providerStatus) ? CM_DELIVERY_STATUSES[providerStatus]! : 'unknown',
    providerStatus,
    errorCode,
    errorDescription: emptyToUndefined(msg.status.errorDescription),
    messageId: undefined,
    reference: emptyToUndefined(msg.reference),
    recipient: msg.to,
    occurredAt: emptyToUndefined(msg.received),
    raw: report,
  };
}

/** CM's template sends an empty string for a field with no value. */
function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
