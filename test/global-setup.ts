/**
 * Starts one Prism mock per spec for the whole run and hands their URLs to the tests
 * (`inject('mockUrls').cm`). Prism is CommonJS with fp-ts; loading it once here keeps test files light.
 */
import { readdir } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { specsDir, startMockServer, type MockServer } from '../scripts/mock-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    mockUrls: Record<string, string>;
  }
}

let servers: MockServer[] = [];

export async function setup(project: TestProject): Promise<void> {
  const providers = (await readdir(specsDir)).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
  servers = await Promise.all(providers.map((provider) => startMockServer(provider)));
  project.provide('mockUrls', Object.fromEntries(servers.map((server) => [server.provider, server.url])));
}

export async function teardown(): Promise<void> {
  await Promise.all(servers.map((server) => server.close()));
}
