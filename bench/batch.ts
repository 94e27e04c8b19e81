/**
 * One batch measurement in a process of its own, so its peak RSS is its own: `tsx bench/batch.ts <provider>
 * <ours|raw> <baseUrl> <count> [array|generator]` prints `{ ms, steadyMs, peakRssMb, baselineRssMb, heldMb }` as
 * JSON: `ms` for the full batch after a 2,000-item warm-up, `steadyMs` once the same batch has run three more times
 * (arrays). `ours` is the client's sendBatch (built package, default Node transport); `raw` is global fetch building
 * and posting the same request bodies one after another, as a hand-written loop would.
 */
import { entry } from './entry.ts';

const [provider, mode, baseUrl, countArg, inputKind] = process.argv.slice(2) as [
  string,
  'ours' | 'raw',
  string,
  string,
  'array' | 'generator' | undefined,
];
const count = Number(countArg);
/** `generator`: the messages are made one at a time as the batch reads them, so RSS growth is the batch's own. */
const fromGenerator = inputKind === 'generator';
const CM_TOKEN = '00000000-0000-0000-0000-000000000000';
const API_SPACE = '53364198-3f3f-4723-ab8f-70680c1113b1';
/** Shaped like a Comapi access token (a JWT); the loopback server does not check it. */
const COMAPI_TOKEN = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl';
const WEBEX_CONTENT = { type: 'text' as const, text: 'Hello' };

const WARM_UP = Math.min(2000, count);

const number = (i: number) => `+4479${String(i).padStart(8, '0')}`;

async function post(url: string, headers: Record<string, string>, body: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  await response.json();
  if (!response.ok) throw new Error(`raw ${provider} batch: HTTP ${response.status}`);
}

function* generated(): Generator<unknown> {
  for (let i = 0; i < count; i += 1) yield { from: 'Acme', to: number(i), body: 'Hello' };
}

/** The input is built before the clock and the RSS baseline, as a caller would hold it. */
function input(): unknown[] {
  if (provider === 'cm')
    return Array.from({ length: count }, (_, i) => ({ from: 'Acme', to: number(i), body: 'Hello' }));
  if (provider === 'comapi')
    return Array.from({ length: count }, (_, i) => ({
      to: { phoneNumber: number(i).slice(1) },
      body: 'Hello',
      rules: ['sms'],
    }));
  return Array.from({ length: count }, (_, i) => number(i));
}

/** How many messages a batch has: an array's length, or the generator's `count` (the warm-up is an array). */
const countOf = (items: Iterable<unknown>) => (Array.isArray(items) ? items.length : count);

async function ours(items: Iterable<unknown>): Promise<void> {
  if (provider === 'cm' && fromGenerator) {
    // A generator's batch is read with sendEach, which keeps nothing per message once its result is read.
    const { CmClient } = await entry<typeof import('../src/cm/index.ts')>('cm');
    let accepted = 0;
    let read = 0;
    for await (const result of new CmClient({ productToken: CM_TOKEN, baseUrl }).messages.sendEach(items as never)) {
      if (result.ok) accepted += 1;
      read += 1;
      if (read === Math.floor(countOf(items) / 2) || read === countOf(items) - 1) checkpoint();
    }
    if (accepted !== countOf(items)) throw new Error('cm batch: some messages failed');
  } else if (provider === 'cm') {
    const { CmClient } = await entry<typeof import('../src/cm/index.ts')>('cm');
    const results = await new CmClient({ productToken: CM_TOKEN, baseUrl }).messages.sendBatch(items as never);
    if (!results.every((r) => r.ok)) throw new Error('cm batch: some messages failed');
  } else if (provider === 'comapi') {
    const { ComapiClient } = await entry<typeof import('../src/comapi/index.ts')>('comapi');
    const results = await new ComapiClient({ apiSpaceId: API_SPACE, token: COMAPI_TOKEN, baseUrl }).messages.sendBatch(
      items as never,
    );
    if (!results.every((r) => r.ok))
      throw new Error(`comapi batch: some messages failed: ${JSON.stringify(results.find((r) => !r.ok))}`);
  } else {
    const { WebexClient } = await entry<typeof import('../src/webex/index.ts')>('webex');
    const results = await new WebexClient({ serviceKey: 'bench-key', baseUrl }).sms.broadcast(items as never, {
      from: 'Acme',
      content: WEBEX_CONTENT,
    });
    if (!results.every((r) => r.ok))
      throw new Error(`webex batch: some destinations failed: ${JSON.stringify(results.find((r) => !r.ok))}`);
  }
}

/** An iterable in chunks of `size`, read as it goes. */
function* chunks(items: Iterable<unknown>, size: number): Generator<unknown[]> {
  let chunk: unknown[] = [];
  for (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** The same requests by hand: CM 1000 msgs, Comapi 5000 messages, Webex 1000 destinations per request. */
async function raw(items: Iterable<unknown>): Promise<void> {
  const size = provider === 'comapi' ? 5000 : 1000;
  let sent = 0;
  const total = countOf(items);
  for (const chunk of chunks(items, size)) {
    sent += chunk.length;
    if (Math.abs(sent - total / 2) < size / 2 || sent === total) checkpoint();
    if (provider === 'cm') {
      const msg = (chunk as Array<{ from: string; to: string; body: string }>).map((m) => ({
        from: m.from,
        to: [{ number: `00${m.to.slice(1)}` }],
        body: { type: 'auto', content: m.body },
      }));
      await post(`${baseUrl}/v1.0/message`, { 'X-CM-PRODUCTTOKEN': CM_TOKEN }, { messages: { msg } });
    } else if (provider === 'comapi') {
      await post(
        `${baseUrl}/apispaces/${API_SPACE}/messages/batch`,
        { authorization: `Bearer ${COMAPI_TOKEN}` },
        chunk,
      );
    } else {
      const to = (chunk as string[]).map((msisdn) => ({ msisdn: [msisdn] }));
      await post(
        `${baseUrl}/v2/messages`,
        { key: 'bench-key' },
        { channel: 'sms', from: 'Acme', content: WEBEX_CONTENT, to },
      );
    }
  }
}

/**
 * The live heap after a full GC, at the middle and the end of a generator's batch (node --expose-gc): what the
 * batch holds, without the garbage that peak RSS also counts. Not called for arrays, whose input is held anyway.
 */
const collect = (globalThis as { gc?: () => void }).gc;
let liveHeapMb = 0;
/** Set for the measured batch only, not the warm-up. */
let measuring = false;
function checkpoint(): void {
  if (!measuring || !fromGenerator || !collect) return;
  collect();
  liveHeapMb = Math.max(liveHeapMb, process.memoryUsage().heapUsed / 2 ** 20);
}

if (fromGenerator && provider !== 'cm') throw new Error('generator input is for cm');
const items: Iterable<unknown> = fromGenerator ? { [Symbol.iterator]: generated } : input();
// A warm-up batch first, as any benchmark harness does: module loading, the first connection and the JIT's
// first compilations of zod's parsers are paid once per process, not per batch, for either side.
const send = mode === 'ours' ? ours : raw;
const warmUp = fromGenerator ? Array.from(chunks(generated(), WARM_UP).next().value ?? []) : (items as unknown[]);
await send(warmUp.slice(0, WARM_UP));
collect?.();
const baselineHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
const baselineRss = process.memoryUsage().rss;
let peak = baselineRss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 2);
measuring = true;
const started = performance.now();
await send(items);
const ms = performance.now() - started;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);

/**
 * Steady state (arrays only): the same batch again in the same process, two unmeasured, then the median of three.
 * The batch above is a just-started process's: the JIT has seen a 2,000-item warm-up, so much of each side's code
 * still runs unoptimized, and sendBatch has more of it than a raw loop. A service that sends batches all day runs
 * at this second rate; a one-off script at the first.
 */
let steadyMs: number | undefined;
if (!fromGenerator) {
  for (let round = 0; round < 2; round += 1) await send(items);
  const rounds: number[] = [];
  for (let round = 0; round < 3; round += 1) {
    const start = performance.now();
    await send(items);
    rounds.push(performance.now() - start);
  }
  steadyMs = rounds.sort((a, b) => a - b)[1];
}

console.log(
  JSON.stringify({
    ms,
    steadyMs,
    peakRssMb: peak / 2 ** 20,
    baselineRssMb: baselineRss / 2 ** 20,
    // Generator batches only: the most the live heap grew over its baseline.
    heldMb: fromGenerator ? Math.max(0, liveHeapMb - baselineHeapMb) : undefined,
  }),
);
