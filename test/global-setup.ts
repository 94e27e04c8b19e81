/**
 * Starts one Prism mock per spec for the whole run and hands their URLs to the tests
 * (`inject('mockUrls').cm`). Prism is CommonJS with fp-ts; loading it once here keeps test files light.
 *
 * Also brings the docs site up to date once, before any test file runs (`npm test` has built it already; a bare
 * `vitest run` after a change in src/ has not): the browser test and `npm start`'s test each rebuild a stale site
 * themselves, and two rebuilds at once would have one test read the other's half-written docs/api.
 */
import type { TestProject } from 'vitest/node';
import { startMockServer, type MockServer } from '../src/testing/index.ts';
import { buildDocs } from '../scripts/docs.ts';
import { listProviders } from '../scripts/specs.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrls: Record<string, string>;
  }
}

let servers: MockServer[] = [];

export async function setup(project: TestProject): Promise<void> {
  const docs = buildDocs({ ifStale: true });
  servers = await Promise.all((await listProviders()).map((provider) => startMockServer(provider)));
  await docs;
  project.provide('mockUrls', Object.fromEntries(servers.map((server) => [server.provider, server.url])));
}

export async function teardown(): Promise<void> {
  await Promise.all(servers.map((server) => server.close()));
}
