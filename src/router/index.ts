export {
  Switchboard,
  type RecipientResult,
  type RouteAttempt,
  type RouteBatchResult,
  type RouteResult,
  type SwitchboardOptions,
} from './switchboard.ts';
export type { RoutedMessage } from './messages.ts';
export type { RoutingStrategy } from './strategies.ts';
export type { Recipient } from './phone-numbers.ts';
export type { ProviderEntry, RoutableClient } from './providers.ts';
export { CircuitOpenError } from './errors.ts';
export type { CircuitBreakerOptions, CircuitState } from './circuit-breaker.ts';
export * from '../core/errors/index.ts';
export type { BatchOptions } from '../core/batch.ts';
export type { CallOptions } from '../core/http/transport.ts';
