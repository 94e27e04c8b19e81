/**
 * Starts one Prism mock per spec for the whole run and hands their URLs to the tests
 * (`inject('mockUrls').cm`). Prism is CommonJS with fp-ts; loading it once here keeps test files light.
 */
import type { TestProject } from 'vitest/node';
import { startMockServer, type MockServer } from '../src/testing/index.ts';
import { listProviders } from '../scripts/specs.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrls: Record<string, string>;
  }
}

let servers: MockServer[] = [];

export async function setup(project: TestProject): Promise<void> {
  servers = await Promise.all((await listProviders()).map((provider) => startMockServer(provider)));
  project.provide('mockUrls', Object.fromEntries(servers.map((server) => [server.provider, server.url])));
}

export async function teardown(): Promise<void> {
  await Promise.all(servers.map((server) => server.close()));
}
