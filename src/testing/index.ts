export { baseUrlEnvVar, MockServerUnavailableError, PRISM_PACKAGES, PROVIDERS, startMockServer, type MockServer, type MockServerOptions, type Provider } from './mock-server.ts';
