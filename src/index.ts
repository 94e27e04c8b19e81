export * from './core/errors/index.ts';
export type { BaseClientOptions } from './core/http/call.ts';
export type { CallOptions, FetchLike, LogEntry, Logger } from './core/http/transport.ts';
export { countSegments, type SegmentCount, type SmsEncoding } from './core/segments.ts';
export { WebhookVerificationError, type WebhookVerificationFailure } from './core/webhook-signature.ts';
export * as cm from './cm/index.ts';
export { CmClient } from './cm/index.ts';
export * as comapi from './comapi/index.ts';
export { ComapiClient } from './comapi/index.ts';
export * as webex from './webex/index.ts';
export { WebexClient } from './webex/index.ts';
export {
  CircuitOpenError,
  Switchboard,
  type CircuitBreakerOptions,
  type CircuitState,
  type ProviderEntry,
  type RecipientResult,
  type RoutableClient,
  type RouteAttempt,
  type RouteBatchResult,
  type RoutedMessage,
  type RouteResult,
  type RoutingStrategy,
  type SwitchboardOptions,
} from './router/index.ts';
export {
  createWebhookHandler,
  DELIVERY_STATUSES,
  type DeliveryEvent,
  type DeliveryStatus,
  type InboundEvent,
  type OtherEvent,
  type WebhookEvent,
  type WebhookHandler,
  type WebhookHandlerOptions,
} from './webhooks/index.ts';
