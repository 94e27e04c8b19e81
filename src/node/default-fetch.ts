/** The fetch a client uses on Node when none is given: one undici pool per process, shared by every client. */
import { createNodeFetch } from './fetch.ts';

export const defaultFetch = createNodeFetch();
