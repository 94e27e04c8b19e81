/**
 * Credentials every client accepts against the mock servers (the ones `npm start` and `switchboard send` use with
 * the embedded mocks). The mocks check only their form (a CM product token, a Comapi bearer JWT, a Webex service
 * key); they are no real account's and the real APIs refuse them.
 */
export const DEMO_CREDENTIALS = Object.freeze({
  cm: Object.freeze({ productToken: '00000000-0000-0000-0000-000000000000' }),
  comapi: Object.freeze({
    apiSpaceId: '53364198-3f3f-4723-ab8f-70680c1113b1',
    token: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzd2l0Y2hib2FyZC1kZW1vIn0.ZGVtbw',
  }),
  webex: Object.freeze({ serviceKey: 'demo-service-key' }),
});
