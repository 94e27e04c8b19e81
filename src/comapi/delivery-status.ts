/**
 * Comapi webhook events in the shared vocabulary (src/core/delivery-status.ts).
 */
import type { components } from '../../generated/comapi/types.ts';
import {
  type DeliveryStatus,
  type InboundEvent,
  stringOrUndefined,
  type WebhookEvent,
} from '../core/delivery-status.ts';
import { type ParsedComapiEvent, parseEvents } from './inbound.ts';

type MessageEventPayload = components['schemas']['MessageEventPayload'];
type InboundMessage = components['schemas']['InboundMessage'];

/**
 * Comapi's message event names → DeliveryStatus. Source: dotdigital's "Message events" reference
 * (https://docs.cpaas.dotdigital.com/reference/one-api-messages, mirror
 * https://developer.dotdigital.com/reference/message-events), as quoted in specs/comapi/events.yaml: a message gets
 * `message.sent` ("the message was handed to a channel"), then exactly one final event: `message.delivered` (the
 * channel reported delivery), `message.read` (the channel reported the message read), `message.expired` (the
 * message expired before delivery) or `message.failed` (no channel could deliver the message).
 * `message.inbound` is an InboundEvent; every other event (`interaction.click`, `profile.*`, names the spec does
 * not know) an OtherEvent.
 */
export const COMAPI_DELIVERY_STATUSES: Readonly<Record<string, DeliveryStatus>> = Object.freeze({
  'message.sent': 'sent',
  'message.delivered': 'delivered',
  'message.read': 'read',
  'message.expired': 'expired',
  'message.failed': 'failed',
});

/**
 * Comapi's `Message.status` (what `messages.get` returns, and `channelStatus.<channel>.status` in an event) →
 * DeliveryStatus. Sources (specs/comapi/messages.yaml `MessageStatus`): the enum is dotdigital's OpenAPI;
 * `processing` is the status of the `201` answer to a send, before any channel has the message (the send
 * response page); `sent`, `delivered`, `read`, `expired`, `failed` as their events above. `retrying` and
 * `filtered` are in the enum with no documented meaning: `unknown`.
 */
export const COMAPI_MESSAGE_STATUSES: Readonly<Record<string, DeliveryStatus>> = Object.freeze({
  processing: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  expired: 'expired',
  failed: 'failed',
  retrying: 'unknown',
  filtered: 'unknown',
});

/**
 * A Comapi webhook body (raw string or parsed JSON; one event or a batched array) as events: message status
 * events as DeliveryEvents, `message.inbound` as an InboundEvent, anything else as an OtherEvent. `eventId` is
 * Comapi's own. Verify the signature first (`verifyEvents`); throws a ValidationError like `parseEvents`.
 */
export function normalizeEvents(body: unknown): WebhookEvent[] {
  return parseEvents(body).map(toWebhookEvent);
}

function toWebhookEvent(event: ParsedComapiEvent): WebhookEvent {
  const common = { provider: 'comapi' as const, eventId: event.eventId, occurredAt: event.timestamp, raw: event };
  const status =
    !event.unknown && Object.hasOwn(COMAPI_DELIVERY_STATUSES, event.name)
      ? COMAPI_DELIVERY_STATUSES[event.name]
      : undefined;
  if (status) {
    const payload = event.payload as MessageEventPayload;
    return {
      ...common,
      type: 'status',
      status,
      providerStatus: event.name,
      // Where a failure's reason appears is not documented (specs/comapi/events.yaml, MessageFailedEvent).
      errorCode: undefined,
      errorDescription: undefined,
      messageId: stringOrUndefined(payload.id),
      reference: undefined,
      recipient: stringOrUndefined(payload.details?.additionalInfo?.to),
    };
  }
  if (!event.unknown && event.name === 'message.inbound') return inboundEvent(common, event.payload as InboundMessage);
  const payload = event.payload as Record<string, unknown>;
  return { ...common, type: 'other', name: event.name, messageId: stringOrUndefined(payload.messageId) };
}

function inboundEvent(
  common: Pick<InboundEvent, 'provider' | 'eventId' | 'occurredAt' | 'raw'>,
  message: InboundMessage,
) {
  return {
    ...common,
    type: 'inbound',
    messageId: message.messageId,
    from: stringOrUndefined(message.from.phoneNumber ?? message.from.fbMessengerId),
    to: stringOrUndefined(message.to?.phoneNumber),
    text: message.body,
    channel: message.channel,
  } satisfies InboundEvent;
}
