/**
 * CM status reports in the shared vocabulary (src/core/delivery-status.ts).
 */
import { type DeliveryEvent, type DeliveryStatus, digestEventId, stringOrUndefined } from '../core/delivery-status.ts';
import { ValidationError } from '../core/errors/index.ts';
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
 * - `4` read: WinteryFox/CMNuntiusBackend (a test platform for CM's messaging API built by Fontys students),
 *   mo/src/main/kotlin/com/cm/nuntius/mo/controller/MoController.kt maps `"4" -> "READ"` beside the same 0–3; CM's
 *   pages mention read receipts on chat channels without numbering them. A third-party source, like the numbers.
 *
 * Any other code is `unknown`.
 */
export const CM_DELIVERY_STATUSES: Readonly<Record<string, DeliveryStatus>> = Object.freeze({
  '0': 'accepted',
  '1': 'rejected',
  '2': 'delivered',
  '3': 'failed',
  '4': 'read',
});

/**
 * A CM status report as a DeliveryEvent: the raw body (JSON, or the XML format CM also offers), or parsed JSON. CM gives a report no id, so `eventId` is a
 * digest of the recipient, reference, status, error code and registration time: a retry of the same report has
 * the same id. Two reports alike in all of these (same recipient, same reference or none, same status in the
 * same second) get the same id; send a `reference` to keep them apart. Throws a ValidationError like
 * `parseStatusReport`.
 */
export function normalizeStatusReport(payload: unknown): DeliveryEvent {
  const report = parseStatusReport(
    typeof payload === 'string' && /^\s*</.test(payload) ? statusReportFromXml(payload) : payload,
  );
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

/**
 * CM's XML status report (the same page's XML template:
 * `<MESSAGES><MSG RECEIVED="…"><TO/><REFERENCE/><STATUS><CODE/><ERRORCODE/><ERRORDESCRIPTION/></STATUS></MSG></MESSAGES>`)
 * as the JSON report's object, for parseStatusReport to check. Element names are matched without regard to case; an
 * element CM leaves out is left out. Exactly one MSG, as in the JSON format.
 */
function statusReportFromXml(xml: string): unknown {
  const msg = /^\s*(?:<\?xml[^>]*\?>\s*)?<MESSAGES\b/i.test(xml) ? onlyElement(xml, 'MSG') : undefined;
  if (!msg) {
    throw new ValidationError(
      [{ path: '', message: 'is not an XML status report with one MSG in MESSAGES' }],
      'Invalid CM status report',
    );
  }
  const received = /\bRECEIVED\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(msg.attributes);
  const status = onlyElement(msg.content, 'STATUS')?.content;
  return {
    messages: {
      msg: {
        received: received ? decodeXml(received[1] ?? received[2]!) : undefined,
        to: elementText(msg.content, 'TO'),
        reference: elementText(msg.content, 'REFERENCE'),
        operator: elementText(msg.content, 'OPERATOR'),
        status:
          status === undefined
            ? undefined
            : {
                code: elementText(status, 'CODE'),
                errorCode: elementText(status, 'ERRORCODE'),
                errorDescription: elementText(status, 'ERRORDESCRIPTION'),
              },
      },
    },
  };
}

/**
 * The attributes and content of the one element `name` in `xml` (not nested in itself); undefined when there is
 * none, more than one, or it is not closed. Searched start tag first, then its end tag after it: one pass each, so
 * a body of a million unclosed tags costs a million steps, not a million squared.
 */
function onlyElement(xml: string, name: string): { attributes: string; content: string } | undefined {
  const starts = xml.match(new RegExp(`<${name}\\b`, 'gi'));
  if (starts?.length !== 1) return undefined;
  const open = new RegExp(`<${name}\\b([^>]*)>`, 'gi');
  const opened = open.exec(xml);
  if (!opened) return undefined;
  const close = new RegExp(`</${name}\\s*>`, 'gi');
  close.lastIndex = open.lastIndex;
  const closed = close.exec(xml);
  if (!closed) return undefined;
  return { attributes: opened[1]!, content: xml.slice(open.lastIndex, closed.index) };
}

function elementText(xml: string, name: string): string | undefined {
  const match = new RegExp(`<${name}\\s*(?:/>|>([^<]*)</${name}\\s*>)`, 'i').exec(xml);
  return match ? decodeXml(match[1] ?? '') : undefined;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decodeXml(text: string): string {
  return text.replace(/&(?:#x([0-9a-f]{1,6})|#(\d{1,7})|(lt|gt|amp|quot|apos));/gi, (entity, hex, decimal, name) => {
    const code = hex ? Number.parseInt(hex, 16) : decimal ? Number(decimal) : undefined;
    if (code === undefined) return ENTITIES[name.toLowerCase()]!;
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/** CM's template sends an empty string for a field with no value. */
function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
