export { ComapiClient, COMAPI_DEFAULT_BASE_URL, type ComapiClientOptions } from './client.ts';
export {
  ComapiInboundMessages,
  ComapiInboundStatuses,
  ComapiMessageStatuses,
  ComapiMessages,
  MAX_BATCH_BYTES,
  MAX_ITEMS_PER_REQUEST,
  type ComapiBatchResult,
  type InboundMessage,
  type InboundMessageStatusUpdate,
  type InboundStatusName,
  type Message,
  type MessageHistoryEntry,
  type MessageHistoryQuery,
  type MessageStatusUpdate,
  type OutboundStatusName,
} from './messages.ts';
export { normalizePhoneNumber, type ComapiMessage } from './normalize.ts';
export * from '../core/errors/index.ts';
export type { CallOptions, LogEntry, Logger } from '../core/http/transport.ts';
export { buildProfileFilter, type FieldConditions, type ProfileFilter } from './profile-query.ts';
export { verifyEvents, type ComapiEventsRequest } from './inbound.ts';
export { WebhookVerificationError, type WebhookVerificationFailure } from '../core/webhook-signature.ts';
export {
  parseEvents,
  type ComapiEvent,
  type EventEnvelope,
  type ParsedComapiEvent,
  type UnknownComapiEvent,
} from './inbound.ts';
export {
  ComapiProfiles,
  type Profile,
  type ProfileExportOptions,
  type ProfileQueryOptions,
  type ProfileSchemaField,
} from './profiles.ts';
export {
  ComapiWebhooks,
  type AvailableWebhookEvent,
  type WebhookConfiguration,
  type WebhookConfigurationInput,
  type WebhookTemplate,
} from './webhooks.ts';
export {
  /** @deprecated since 0.2: `verifyEvents`. */
  verifyEvents as verifyComapiWebhook,
  /** @deprecated since 0.2: `parseEvents`. */
  parseEvents as parseComapiEvents,
} from './inbound.ts';
export { COMAPI_DELIVERY_STATUSES, COMAPI_MESSAGE_STATUSES, normalizeEvents } from './delivery-status.ts';
export type { DeliveryEvent, DeliveryStatus, WebhookEvent } from '../core/delivery-status.ts';
