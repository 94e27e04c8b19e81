/**
 * `switchboard/webhooks`: one endpoint for the webhooks of CM.com, Comapi and Webex Connect, with every delivery
 * status in one vocabulary (`DeliveryStatus`). Uses fetch's Request and Response and WebCrypto only. Each provider's
 * mapping and its pure normalize function are in the provider's entry: `normalizeStatusReport` (switchboard/cm),
 * `normalizeEvents` (switchboard/comapi), `normalizeCallback` (switchboard/webex).
 */
export { createWebhookHandler, type WebhookHandler } from './handler.ts';
export { DEFAULT_MAX_BODY_BYTES, type WebhookHandlerOptions } from './options.ts';
export {
  DELIVERY_STATUSES,
  type DeliveryEvent,
  type DeliveryStatus,
  type InboundEvent,
  type OtherEvent,
  type WebhookEvent,
} from '../core/delivery-status.ts';
export * from '../core/errors/index.ts';
export { WebhookVerificationError, type WebhookVerificationFailure } from '../core/webhook-signature.ts';
