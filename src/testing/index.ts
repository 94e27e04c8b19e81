export {
  baseUrlEnvVar,
  MockServerListenError,
  MockServerUnavailableError,
  PRISM_PACKAGES,
  PROVIDERS,
  startMockServer,
  type MockServer,
  type MockServerOptions,
  type Provider,
} from './mock-server.ts';

export { DEMO_CREDENTIALS } from './demo-credentials.ts';
export type { MockFailure } from './failing-server.ts';
export {
  cmWebhookRequest,
  comapiWebhookRequest,
  webexWebhookRequest,
  type CmWebhookRequestOptions,
  type SignedWebhookRequestOptions,
  type WebexWebhookRequestOptions,
} from './webhook-requests.ts';
