export { CmClient, CM_DEFAULT_BASE_URL, type CmClientOptions } from './client.ts';
export {
  CmMessages,
  MAX_ITEMS_PER_REQUEST,
  type CmBatchResult,
  type CmSendResult,
  type MessageResult,
} from './messages.ts';
export { MAX_RECIPIENTS_PER_MSG, normalizePhoneNumber, type CmMessage } from './normalize.ts';
export {
  parseInbound,
  parseIncomingEvent,
  parseStatusReport,
  type InboundMessage,
  type IncomingEvent,
  type StatusReport,
} from './inbound.ts';
export * from '../core/errors/index.ts';
export type { CallOptions, LogEntry, Logger } from '../core/http/transport.ts';
export { CM_DELIVERY_STATUSES, normalizeStatusReport } from './delivery-status.ts';
export type { DeliveryEvent, DeliveryStatus } from '../core/delivery-status.ts';
