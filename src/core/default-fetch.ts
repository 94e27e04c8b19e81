/**
 * The fetch a client uses when none is given, outside Node (browsers, Deno, Bun, edge runtimes): the runtime's own.
 * Node resolves `#default-fetch` to `src/node/default-fetch.ts` instead (package.json `imports`).
 */
import type { FetchLike } from './http/transport.ts';

/** Calls the global `fetch` at request time, so a runtime or test that replaces it later is honoured. */
export const defaultFetch: FetchLike = (input, init) => globalThis.fetch(input, init);
