/**
 * `switchboard/node`: the Node transport the clients use by default on Node, for anyone who wants to tune its
 * pool (`createNodeFetch({ connections: 64 })`) or use it for their own requests.
 */
export { createNodeFetch, DEFAULT_CONNECTIONS, type NodeFetch, type NodeFetchOptions } from './fetch.ts';
export { toNodeListener, type FetchHandler, type NodeListener, type NodeListenerOptions } from './webhook-listener.ts';
