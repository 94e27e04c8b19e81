/**
 * For any mix of valid and invalid items and any server failure on any request, `sendBatch` resolves with exactly
 * one result per input item, in order; an item is `ok` only if the server accepted it; an invalid item is never
 * sent; and the server never sees an item twice in a request that could have been accepted (none of these batch
 * endpoints takes an idempotency key, so a possibly-accepted item must not be repeated; a 429 or 400 answer
 * refused the request, and a retry after it is safe).
 */
import type { ServerResponse } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmClient } from '../../src/cm/index.ts';
import { ComapiClient } from '../../src/comapi/index.ts';
import { SwitchboardError, ValidationError } from '../../src/core/errors/index.ts';
import { WebexClient } from '../../src/webex/index.ts';
import { API_SPACE, COMAPI_TOKEN, TOKEN } from '../helpers.ts';
import {
  json,
  providerAnswer,
  startLoopbackServer,
  type LoopbackServer,
  type RecordedRequest,
} from '../support/loopback-server.ts';
import { NASTIES } from './nasty-values.ts';

const FAULTS = [
  'ok',
  'ok',
  'status-500',
  'status-400',
  'status-429',
  'redirect-303',
  'reset',
  'not-json',
  'deep-json',
] as const;
type Fault = (typeof FAULTS)[number];
/** Answers that prove the request was refused as a whole: sending its items again is safe. */
const REFUSED: ReadonlySet<Fault> = new Set(['status-400', 'status-429']);

let server: LoopbackServer;
let script: Fault[] = ['ok'];
/** Per item id: how many times it arrived in a request that was not refused. */
let sightings = new Map<number, number>();
let accepted = new Set<number>();
let hostileCalls = 0;

beforeAll(async () => {
  server = await startLoopbackServer((request, res) => answer(request, res));
});
afterAll(async () => {
  await server.close();
  console.log(`batch property suite: ${hostileCalls} batches`);
});

/** The ids of the items a request carried: each valid item's text (or number) names its input index. */
function itemIds(request: RecordedRequest): number[] {
  const body = JSON.parse(request.body);
  if (request.path === '/v1.0/message')
    return body.messages.msg.map((msg: any) => Number(/^m(\d+)$/.exec(msg.body.content)![1]));
  if (request.path.endsWith('/messages/batch'))
    return body.map((message: any) => Number(/^m(\d+)$/.exec(message.body)![1]));
  return body.to.map((destination: any) => Number(destination.msisdn[0].slice(-6)));
}

function answer(request: RecordedRequest, res: ServerResponse): void {
  const fault = script[(server.requests.length - 1) % script.length]!;
  const ids = itemIds(request);
  if (!REFUSED.has(fault)) for (const id of ids) sightings.set(id, (sightings.get(id) ?? 0) + 1);
  if (fault === 'ok') for (const id of ids) accepted.add(id);
  switch (fault) {
    case 'ok':
      return providerAnswer(request, res);
    case 'status-500':
      return json(res, 500, { message: 'injected' });
    case 'status-400':
      return json(res, 400, { details: 'refused', errorCode: 999, messages: [], code: '7004', message: 'refused' });
    case 'status-429':
      return json(res, 429, { message: 'slow down' }, { 'retry-after': '0' });
    case 'redirect-303':
      res.writeHead(303, { location: '/elsewhere' });
      return void res.end();
    case 'reset':
      return void res.socket?.destroy();
    case 'not-json':
      res.writeHead(200, { 'content-type': 'text/html' });
      return void res.end('<html>proxy</html>');
    case 'deep-json':
      return json(res, 200, `${'['.repeat(20_000)}${']'.repeat(20_000)}`);
  }
}

const scenario = (maxItems: number) =>
  fc.record({
    count: fc.integer({ min: 0, max: maxItems }),
    invalid: fc.array(fc.record({ at: fc.nat(), nasty: fc.nat(NASTIES.length - 1), field: fc.boolean() }), {
      maxLength: 8,
    }),
    faults: fc.array(fc.constantFrom(...FAULTS), { minLength: 1, maxLength: 4 }),
    concurrency: fc.integer({ min: 1, max: 4 }),
  });

type Scenario = {
  count: number;
  invalid: Array<{ at: number; nasty: number; field: boolean }>;
  faults: Fault[];
  concurrency: number;
};

async function checkBatch(
  run: Scenario,
  validItem: (index: number) => Record<string, unknown> | string,
  sendBatch: (
    items: unknown[],
    concurrency: number,
  ) => Promise<Array<{ index: number; ok: boolean; outcome: string; error?: unknown }>>,
): Promise<void> {
  hostileCalls += 1;
  script = run.faults;
  sightings = new Map();
  accepted = new Set();
  server.requests.length = 0;
  const items: unknown[] = Array.from({ length: run.count }, (_, index) => validItem(index));
  const invalid = new Set<number>();
  if (run.count > 0) {
    for (const { at, nasty, field } of run.invalid) {
      const index = at % run.count;
      // Made from the valid item, even when an earlier entry already broke this one.
      const item = validItem(index);
      const value = NASTIES[nasty]!();
      // An invalid item: one nasty field of a valid item (an object), or the whole item replaced by a nasty value.
      items[index] = field && typeof item === 'object' ? { ...(item as object), to: value } : value;
      invalid.add(index);
    }
  }
  const results = await sendBatch(items, run.concurrency);

  expect(results).toHaveLength(run.count);
  results.forEach((result, index) => {
    expect(result.index).toBe(index);
    const seen = sightings.get(index) ?? 0;
    expect(seen, `item ${index} was sent ${seen} times in requests that may have been accepted`).toBeLessThanOrEqual(1);
    if (result.ok) {
      expect(accepted.has(index), `item ${index} is ok but the server did not accept it`).toBe(true);
    } else {
      expect(result.error).toBeInstanceOf(SwitchboardError);
      expect(result.outcome).toBe(
        (result.error as { outcomeUnknown?: boolean }).outcomeUnknown === true ? 'unknown' : 'rejected',
      );
      // An item the server may have accepted is never reported as definitely rejected.
      if (seen > 0) expect(result.outcome, `item ${index} may have been accepted`).toBe('unknown');
    }
  });
  // A nasty value may still be a valid item by chance (a valid phone number string); what the client refused was never sent.
  for (const index of invalid) {
    const result = results[index]!;
    if (!result.ok && result.error instanceof ValidationError) expect(sightings.get(index) ?? 0).toBe(0);
  }
}

const number = (index: number) => `+44791${String(index).padStart(6, '0')}`;
const options = { maxRetries: 2, maxRetryDelayMs: 0, timeoutMs: 5_000 };

describe('sendBatch under any mix of bad items and server failures', () => {
  it('CM', async () => {
    const cm = new CmClient({ productToken: TOKEN, baseUrl: server.url, ...options });
    await fc.assert(
      fc.asyncProperty(scenario(2_500), (run) =>
        checkBatch(
          run,
          (index) => ({ from: 'Acme', to: number(index), body: `m${index}` }),
          (items, concurrency) => cm.messages.sendBatch(items as never, { concurrency }),
        ),
      ),
      { numRuns: 25 },
    );
  });

  it('Comapi', async () => {
    const comapi = new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl: server.url, ...options });
    await fc.assert(
      fc.asyncProperty(scenario(6_000), (run) =>
        checkBatch(
          run,
          (index) => ({ to: { phoneNumber: number(index) }, body: `m${index}`, rules: ['sms'] }),
          (items, concurrency) => comapi.messages.sendBatch(items as never, { concurrency }),
        ),
      ),
      { numRuns: 15 },
    );
  });

  it('Webex', async () => {
    const webex = new WebexClient({ serviceKey: 'service-key-1', baseUrl: server.url, ...options });
    const common = { from: 'Acme', content: { type: 'text' as const, text: 'Hello' } };
    await fc.assert(
      fc.asyncProperty(scenario(2_500), (run) =>
        checkBatch(
          run,
          (index) => (index % 2 === 0 ? number(index) : { to: number(index), correlationId: `c${index}` }),
          (items, concurrency) => webex.sms.broadcast(items as never, common, { concurrency }),
        ),
      ),
      { numRuns: 25 },
    );
  });
});
