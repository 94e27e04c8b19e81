export * from './core/errors/index.ts';
export type { BaseClientOptions } from './core/http-client.ts';
export type { CallOptions, FetchLike } from './core/transport.ts';
export * as cm from './cm/index.ts';
export { CmClient } from './cm/index.ts';
export * as comapi from './comapi/index.ts';
export { ComapiClient } from './comapi/index.ts';
export * as webex from './webex/index.ts';
export { WebexClient } from './webex/index.ts';
