export {
  WebexClient,
  WEBEX_REGIONS,
  type WebexClientOptions,
  type WebexCredentials,
  type WebexRegion,
} from './client.ts';
export {
  WebexSms,
  MAX_ITEMS_PER_REQUEST,
  type SendMessageV2Request,
  type SendSmsRequest,
  type SendSmsResponse,
  type SmsStatus,
  type V2Destination,
  type WebexBatchResult,
  type WebexBroadcastMessage,
  type WebexBroadcastResult,
  type WebexDestination,
  type WebexSendResult,
} from './sms.ts';
export {
  parseCallback,
  verifyCallback,
  type CallbackMessageEvent,
  type DeliveryInfoNotification,
  type WebexCallbackRequest,
  type WebexDeliveryCallback,
} from './inbound.ts';
export { mintServiceJwt, JWT_LIFETIME_SECONDS, JWT_RENEW_MARGIN_SECONDS } from './service-jwt.ts';
export { normalizePhoneNumber } from './normalize.ts';
export { WebhookVerificationError, type WebhookVerificationFailure } from '../core/webhook-signature.ts';
export * from '../core/errors/index.ts';
export type { CallOptions, LogEntry, Logger } from '../core/http/transport.ts';
export { normalizeCallback, WEBEX_CALLBACK_STATUSES, WEBEX_RECEIPT_STATUSES } from './delivery-status.ts';
export type { DeliveryEvent, DeliveryStatus, OtherEvent } from '../core/delivery-status.ts';
