/**
 * One vocabulary for what the three providers report about a message, and the event shapes their webhooks are
 * turned into. Each provider's table (src/<provider>/delivery-status.ts) maps its own codes onto `DeliveryStatus`
 * and cites where each meaning comes from; a code no source explains is `unknown`, never a guess.
 */
import { sha256Hex } from './digest.ts';
import type { Provider } from './providers.ts';

/**
 * - `accepted`: taken on by the operator (or the provider's upstream), not yet known to be delivered.
 * - `queued`: waiting at the provider to be sent on.
 * - `sent`: handed on to the operator or channel.
 * - `delivered`: the operator or channel confirmed delivery to the device or app.
 * - `read`: the channel reported the message read.
 * - `failed`: the message was not, and will not be, delivered.
 * - `expired`: its validity ran out before it could be delivered.
 * - `rejected`: refused before any attempt to deliver it (by the provider or the operator).
 * - `unknown`: a status no source explains; `providerStatus` has it as sent.
 */
export const DELIVERY_STATUSES = [
  'accepted',
  'queued',
  'sent',
  'delivered',
  'read',
  'failed',
  'expired',
  'rejected',
  'unknown',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

interface EventCommon {
  provider: Provider;
  /**
   * Stable: the same event delivered twice has the same id (CM retries a report for up to 7 days, Comapi for 24
   * hours, Webex three times), so a receiver can deduplicate on it. The provider's own event id where it has one
   * (Comapi), else a digest of the fields that identify the event.
   */
  eventId: string;
  /** When the provider says it happened, as sent (formats differ by provider); undefined when it does not say. */
  occurredAt: string | undefined;
  /** The parsed payload of this event, as validated. */
  raw: unknown;
}

/** A change in the status of a message you sent. */
export interface DeliveryEvent extends EventCommon {
  type: 'status';
  status: DeliveryStatus;
  /** The provider's own status, as sent: CM's code (`'2'`), Comapi's event name, Webex's status. */
  providerStatus: string;
  errorCode: string | undefined;
  errorDescription: string | undefined;
  /** The provider's id for the message (Comapi, Webex); CM has none: use `reference`. */
  messageId: string | undefined;
  /** Your own correlation value, echoed: CM's `reference`, Webex's `correlationId`. */
  reference: string | undefined;
  /** The recipient's number (or channel id), as the provider writes it. */
  recipient: string | undefined;
}

/** A message someone sent to you (mobile-originated). */
export interface InboundEvent extends EventCommon {
  type: 'inbound';
  /** The provider's id for the inbound message, where it has one. */
  messageId: string | undefined;
  /** The sender's number or channel id, as the provider writes it. */
  from: string | undefined;
  /** Your number or channel account it was sent to. */
  to: string | undefined;
  /** The text, when the message has one. */
  text: string | undefined;
  /** The channel it came in on (`SMS`, `WhatsApp`, `sms`, …), as the provider writes it. */
  channel: string | undefined;
}

/** Anything else a provider POSTs: a link click, a profile change, a channel event. `name` says which. */
export interface OtherEvent extends EventCommon {
  type: 'other';
  /** The provider's name for the event: Comapi's `name`, Webex's `Clicked`, CM's incoming `event`. */
  name: string;
  /** The message it is about, where the provider says. */
  messageId: string | undefined;
}

/** What `createWebhookHandler` gives `onEvent`: tell the kinds apart by `type`. */
export type WebhookEvent = DeliveryEvent | InboundEvent | OtherEvent;

/**
 * An id for an event that carries none: a digest of the fields that identify it, so a retry of the same report
 * gets the same id and a different report (another status, another message) a different one. 128 bits of
 * SHA-256, hex.
 */
export function digestEventId(provider: Provider, fields: ReadonlyArray<string | number | undefined>): string {
  return sha256Hex(JSON.stringify([provider, ...fields])).slice(0, 32);
}

/** A string field of a parsed payload, or undefined (for a number, `String` of it). */
export function stringOrUndefined(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}
