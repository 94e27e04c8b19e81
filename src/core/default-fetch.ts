/**
 * The fetch a client uses when none is given, outside Node (browsers, Deno, Bun, edge runtimes): the runtime's own.
 * Node resolves `#default-fetch` to `src/node/default-fetch.ts` instead (package.json `imports`).
 */
export { globalFetch as defaultFetch } from './transport.ts';
