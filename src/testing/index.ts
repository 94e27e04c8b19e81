export { baseUrlEnvVar, PROVIDERS, startMockServer, type MockServer, type MockServerOptions, type Provider } from './mock-server.ts';
