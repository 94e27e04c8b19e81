/**
 * `npm run bench`: Switchboard against the alternatives on the same work, in one run, as ratios. Writes
 * BENCHMARKS.md. The loopback server runs in its own process (bench/server.mjs) so only client CPU is counted.
 * `--smoke` runs every measurement with tiny counts, to check the harness works (not its numbers).
 */
import { cmAcceptingStub, entry } from './entry.ts';
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MessageApiClient, type Message } from '@cmdotcom/text-sdk';
import createClient from 'openapi-fetch';
import { Bench } from 'tinybench';
import type { paths as CmPaths } from '../generated/cm/types.ts';
import { zMsg } from '../generated/cm/zod/zod.gen.ts';
import { zSendMessageRequest } from '../generated/comapi/zod/zod.gen.ts';
import { zSendSmsRequest } from '../generated/webex/zod/zod.gen.ts';
import { routerOverhead } from './router.ts';
import { bundleSizes } from './sizes.ts';
import { webhookCost } from './webhooks.ts';

const root = path.resolve(import.meta.dirname, '..');
// The clients are measured as users run them: the built package (dist/, which `npm run bench` builds first), not
// the TypeScript sources through tsx. The types are the sources'.
const { CmClient } = await entry<typeof import('../src/cm/index.ts')>('cm');

const SMOKE = process.argv.includes('--smoke');
const TOKEN = '00000000-0000-0000-0000-000000000000';
const N = SMOKE ? 50 : 3000;
const ROUNDS = SMOKE ? 1 : 5;
const CONCURRENCY = 16;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function startServer(): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(path.join(root, 'bench/server.mjs'), [], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  const port = await new Promise<string>((resolve) =>
    child.stdout!.once('data', (chunk) => resolve(String(chunk).trim())),
  );
  return { url: `http://127.0.0.1:${port}`, child };
}

/** Client CPU per request (µs) and requests/s, `CONCURRENCY` in flight, over `ROUNDS` rounds of `N`. */
async function cpuPerRequest(send: () => Promise<unknown>): Promise<{ cpuUs: number[]; rps: number[] }> {
  const run = async (count: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) {
          next += 1;
          await send();
        }
      }),
    );
  };
  await run(Math.min(500, N));
  const cpuUs: number[] = [];
  const rps: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    await run(N);
    const elapsed = performance.now() - started;
    const used = process.cpuUsage(cpu);
    cpuUs.push((used.user + used.system) / N);
    rps.push((N / elapsed) * 1000);
  }
  return { cpuUs, rps };
}

function officialSdk(baseUrl: string): MessageApiClient {
  const client = new MessageApiClient(TOKEN);
  const create = client.createMessage.bind(client);
  client.createMessage = (): Message => {
    const message = create();
    // biome-ignore lint/complexity/useLiteralKeys: the SDK keeps its API client private; bracket access reaches it
    message['api'].basePath = baseUrl;
    return message;
  };
  return client;
}

const cmMsg = {
  from: 'Acme',
  to: [{ number: '00447911123456' }],
  body: { type: 'auto', content: 'Hello from the benchmark' },
};

async function loopback(url: string) {
  const cm = new CmClient({ productToken: TOKEN, baseUrl: url });
  const sdk = officialSdk(url);
  const body = JSON.stringify({ messages: { authentication: { productToken: TOKEN }, msg: [cmMsg] } });
  const rawFetch = () =>
    fetch(`${url}/v1.0/message`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) =>
      r.json(),
    );
  return {
    'global fetch, pre-built body': await cpuPerRequest(rawFetch),
    'official @cmdotcom/text-sdk 2.0.0': await cpuPerRequest(() =>
      sdk.sendTextMessage(['00447911123456'], 'Acme', 'Hello from the benchmark'),
    ),
    'Switchboard CmClient.messages.send': await cpuPerRequest(() =>
      cm.messages.send({ from: 'Acme', to: '+447911123456', body: 'Hello from the benchmark' }),
    ),
  };
}

/** Client overhead with the transport stubbed, as openapi-fetch's own benchmark does. */
async function stubbed() {
  const stub = cmAcceptingStub;
  const bare = createClient<CmPaths>({
    baseUrl: 'https://gw.messaging.cm.com',
    fetch: stub,
    headers: { 'X-CM-PRODUCTTOKEN': TOKEN },
  });
  const cm = new CmClient({ productToken: TOKEN, fetch: stub });
  const tasks = {
    'bare openapi-fetch POST': () => bare.POST('/v1.0/message', { body: { messages: { msg: [cmMsg] } } }),
    'CmClient.messages.send (validation, transport, result)': () =>
      cm.messages.send({ from: 'Acme', to: '+447911123456', body: 'Hello from the benchmark' }),
  };
  // Short tinybench runs of the two, alternating: one long run each drifted with the machine (1.37× to 1.86× for
  // the same code); a median over interleaved rounds compares them under the same conditions.
  const means: Record<string, number[]> = {};
  const ratios: number[] = [];
  for (let round = 0; round < (SMOKE ? 1 : 7); round += 1) {
    const bench = new Bench({ time: SMOKE ? 50 : 300, warmupTime: SMOKE ? 10 : 100 });
    for (const [name, task] of Object.entries(tasks)) bench.add(name, async () => void (await task()));
    await bench.run();
    const [bareUs, oursUs] = bench.tasks.map(
      (task) => (task.result as { latency?: { mean: number } }).latency!.mean * 1000,
    ) as [number, number];
    (means['bare openapi-fetch POST'] ??= []).push(bareUs);
    (means['CmClient.messages.send (validation, transport, result)'] ??= []).push(oursUs);
    ratios.push(oursUs / bareUs);
  }
  return {
    rows: Object.entries(means).map(([name, values]) => ({ name, meanUs: median(values) })),
    ratio: median(ratios),
    ratios,
  };
}

async function validation() {
  const bench = new Bench({ time: SMOKE ? 50 : 1000, warmupTime: SMOKE ? 10 : 200 });
  bench
    .add('CM msg (zMsg)', () => void zMsg.safeParse(cmMsg))
    .add(
      'Comapi message (zSendMessageRequest)',
      () => void zSendMessageRequest.safeParse({ to: { phoneNumber: '447911123456' }, body: 'Hello', rules: ['sms'] }),
    )
    .add(
      'Webex SMS (zSendSmsRequest)',
      () => void zSendSmsRequest.safeParse({ from: 'Acme', to: '+447911123456', content: 'Hello' }),
    );
  await bench.run();
  return bench.tasks.map((task) => ({
    name: task.name,
    meanUs: (task.result as { latency?: { mean: number } }).latency!.mean * 1000,
  }));
}

function coldImports() {
  return (SMOKE ? ['cm'] : ['cm', 'comapi', 'webex']).map((entry) => {
    const times: number[] = [];
    for (let i = 0; i < (SMOKE ? 1 : 5); i += 1) {
      // By the package's own name, run from its folder (Node resolves a package's name to itself): what a user's
      // `import('switchboard/cm')` loads, through package.json `exports`.
      const script = `const t = performance.now(); await import('switchboard/${entry}'); console.log(performance.now() - t);`;
      const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        encoding: 'utf8',
        cwd: root,
      });
      times.push(Number(result.stdout.trim()));
    }
    return { entry: `switchboard/${entry}`, ms: median(times) };
  });
}

/** One batch measurement in a fresh process (bench/batch.ts), so each peak RSS is its own. */
function batchRun(
  provider: string,
  mode: 'ours' | 'raw',
  url: string,
  count: number,
  input: 'array' | 'generator' = 'array',
): { ms: number; steadyMs?: number; peakRssMb: number; baselineRssMb: number; heldMb?: number } {
  // node --expose-gc with tsx's loader: the generator rows read the live heap after a full GC.
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', path.join(root, 'bench/batch.ts'), provider, mode, url, String(count), input],
    { encoding: 'utf8', cwd: root },
  );
  if (result.status !== 0) throw new Error(`bench/batch.ts ${provider} ${mode} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1)!);
}

/** sendBatch against raw fetch posting the same bodies, for each provider; the median of `BATCH_ROUNDS` runs each. */
async function batches(url: string) {
  // The smoke run (npm test) checks the harness with one provider: each batch is a fresh tsx process, the dearest
  // part of the smoke run; bench/batch.ts's other providers run in every real `npm run bench`.
  const sizes = SMOKE ? { cm: 2000 } : { cm: 100_000, webex: 25_000, comapi: 20_000 };
  const rounds = SMOKE ? 1 : 3;
  return Object.entries(sizes).map(([provider, count]) => {
    const ours: Array<ReturnType<typeof batchRun>> = [];
    const raw: Array<ReturnType<typeof batchRun>> = [];
    for (let round = 0; round < rounds; round += 1) {
      ours.push(batchRun(provider, 'ours', url, count));
      raw.push(batchRun(provider, 'raw', url, count));
    }
    const perS = (runs: typeof ours) => median(runs.map((r) => (count / r.ms) * 1000));
    const steadyPerS = (runs: typeof ours) => median(runs.map((r) => (count / (r.steadyMs ?? r.ms)) * 1000));
    const growth = (runs: typeof ours) => median(runs.map((r) => r.peakRssMb - r.baselineRssMb));
    return {
      provider,
      count,
      oursPerS: perS(ours),
      rawPerS: perS(raw),
      oursSteadyPerS: steadyPerS(ours),
      rawSteadyPerS: steadyPerS(raw),
      oursPeakMb: median(ours.map((r) => r.peakRssMb)),
      oursGrowthMb: growth(ours),
      rawGrowthMb: growth(raw),
    };
  });
}

/** RSS growth of a CM batch read from a generator, at 100k and 1M messages: flat means the batch holds nothing per message. */
function generatorMemory(url: string) {
  const counts = SMOKE ? [2000] : [100_000, 1_000_000];
  return counts.map((count) => {
    const ours = batchRun('cm', 'ours', url, count, 'generator');
    const raw = batchRun('cm', 'raw', url, count, 'generator');
    return {
      count,
      oursGrowthMb: ours.peakRssMb - ours.baselineRssMb,
      rawGrowthMb: raw.peakRssMb - raw.baselineRssMb,
      oursHeldMb: ours.heldMb ?? 0,
      rawHeldMb: raw.heldMb ?? 0,
      oursPerS: (count / ours.ms) * 1000,
      rawPerS: (count / raw.ms) * 1000,
    };
  });
}

const verdict = (met: boolean) => (met ? 'met' : '**not met**');

async function main(): Promise<void> {
  const { url, child } = await startServer();
  try {
    const loop = await loopback(url);
    const stub = await stubbed();
    const zod = await validation();
    const imports = coldImports();
    const batchResults = await batches(url);
    const generator = generatorMemory(url);
    const sizes = await bundleSizes();
    const router = await routerOverhead({ rounds: SMOKE ? 1 : 7, timeMs: SMOKE ? 50 : 300 });
    const webhook = await webhookCost({ rounds: SMOKE ? 1 : 7, timeMs: SMOKE ? 50 : 300 });

    const official = median(loop['official @cmdotcom/text-sdk 2.0.0'].cpuUs);
    const ours = median(loop['Switchboard CmClient.messages.send'].cpuUs);
    const overhead = stub.ratio;
    const lines = [
      '# Benchmarks',
      '',
      `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${fmt(os.totalmem() / 2 ** 30)} GiB.`,
      'Absolute numbers vary from machine to machine; compare the ratios, which come from one run. On the shared 2-core VM where',
      'this was written, ratios moved between runs by up to ±0.3 (Webex batch 0.48–0.79× before the batches had a warm-up).',
      '',
      '## Goals (issue 18)',
      '',
      '| measure | goal | measured | |',
      '| --- | --- | --- | --- |',
      `| client CPU per CM send, loopback, ${CONCURRENCY} in flight (§1) | ≤ 0.25× official SDK | ${fmt(ours / official, 2)}× | ${verdict(ours / official <= 0.25)} |`,
      `| facade overhead, transport stubbed (§2) | ≤ 1.3× bare openapi-fetch | ${fmt(overhead, 2)}× | ${verdict(overhead <= 1.3)} |`,
      ...batchResults.map(
        (b) =>
          `| sendBatch msgs/s, ${b.provider} ${fmt(b.count)} (§3) | ≥ 1.0× raw global fetch | ${fmt(b.oursSteadyPerS / b.rawSteadyPerS, 2)}× steady (first batch of a new process ${fmt(b.oursPerS / b.rawPerS, 2)}×) | ${verdict(b.oursSteadyPerS / b.rawSteadyPerS >= 1)} |`,
      ),
      ...batchResults
        .filter((b) => b.provider === 'cm')
        .map(
          (b) =>
            `| RSS growth batching ${fmt(b.count)} CM messages (§3) | ≤ 1.5× raw fetch's | ${fmt(b.oursGrowthMb / b.rawGrowthMb, 1)}× | ${verdict(b.oursGrowthMb / b.rawGrowthMb <= 1.5)} |`,
        ),
      ...(() => {
        const [first, last] = [generator[0]!, generator.at(-1)!];
        // Flat: what the batch holds (the live heap after a full GC, mid-batch and at its end) does not grow from
        // the smallest count to the largest (2 MB of slack), and peak RSS growth, garbage included, stays within
        // 1.5× raw fetch's at the largest count.
        const flat = last.oursHeldMb <= first.oursHeldMb + 2 && last.oursGrowthMb <= 1.5 * last.rawGrowthMb;
        return [
          `| RSS growth, CM from a generator, ${generator.map((g) => fmt(g.count)).join(' → ')} (§3) | flat (live heap held), peak ≤ 1.5× raw's | held ${generator.map((g) => `${fmt(g.oursHeldMb, 1)} MB`).join(' → ')}; peak growth ${generator.map((g) => `${fmt(g.oursGrowthMb)} MB`).join(' → ')} (raw ${generator.map((g) => `${fmt(g.rawGrowthMb)} MB`).join(' → ')}) | ${verdict(flat)} |`,
        ];
      })(),
      ...imports.map(
        (i) =>
          `| cold \`import('${i.entry}')\`, median of fresh processes (§4) | ≤ 40 ms | ${fmt(i.ms, 1)} ms | ${verdict(i.ms <= 40)} |`,
      ),
      ...sizes.map(
        (z) =>
          `| ${z.entry} bundle, minified + gzipped (§5) | ≤ 15 KB | ${fmt(z.gzipped / 1000, 1)} KB | ${verdict(z.gzipped <= 15_000)} |`,
      ),
      `| \`Switchboard.send\` over one client, transport stubbed (§6) | ≤ 1.1× the client's send | ${fmt(router.ratio.median, 2)}× | ${verdict(router.ratio.median <= 1.1)} |`,
      `| webhook handler: verify + parse + normalize (§7) | ≤ 2× bare HMAC + JSON.parse | ${fmt(webhook.ratio.median, 2)}× | ${verdict(webhook.ratio.median <= 2)} |`,
      '',
      `## 1. Client CPU per CM send (loopback server in another process, ${CONCURRENCY} in flight, ${fmt(N)} requests × ${ROUNDS} rounds)`,
      '',
      '| client | CPU µs per request (median, min–max) | requests/s (median) |',
      '| --- | --- | --- |',
      ...Object.entries(loop).map(
        ([name, r]) =>
          `| ${name} | ${fmt(median(r.cpuUs))} (${fmt(Math.min(...r.cpuUs))}–${fmt(Math.max(...r.cpuUs))}) | ${fmt(median(r.rps))} |`,
      ),
      '',
      `Measured: **${fmt(ours / official, 2)}×** the official SDK.`,
      '',
      '## 2. Client overhead, transport stubbed (the same stub fetch for both; 7 interleaved tinybench rounds)',
      '',
      '| task | mean µs (median of rounds) |',
      '| --- | --- |',
      ...stub.rows.map((t) => `| ${t.name} | ${fmt(t.meanUs, 1)} |`),
      '',
      `Measured: **${fmt(overhead, 2)}×** bare openapi-fetch (median of the rounds' ratios; rounds ${fmt(Math.min(...stub.ratios), 2)}–${fmt(Math.max(...stub.ratios), 2)}×).`,
      '',
      '## 3. Batches (each side in a fresh process per round; median of 3 rounds)',
      '',
      'Raw fetch builds and posts the same request bodies one after another (CM and Webex 1000 per request, Comapi 5000), with no',
      'validation. sendBatch validates every item, keeps 4 requests in flight over the Node transport, and returns one result',
      'per item. Each process first sends a 2,000-item warm-up batch, then the measured batch ("first batch": what a one-off',
      "script sees, much of either side's code not yet optimized by the JIT), then the same batch twice unmeasured and three",
      'times measured ("steady": the median of those three, what a service sending batches all day sees). The goal is read on',
      'the steady rate. Peak RSS is the process\'s during the first batch; "growth" is that peak minus the RSS after the warm-up.',
      '',
      '| batch | steady: raw fetch msgs/s | steady: sendBatch msgs/s | steady ratio | first batch: raw / sendBatch msgs/s | first-batch ratio | sendBatch peak RSS | RSS growth: sendBatch / raw |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      ...batchResults.map(
        (b) =>
          `| ${b.provider}: ${fmt(b.count)} | ${fmt(b.rawSteadyPerS)} | ${fmt(b.oursSteadyPerS)} | **${fmt(b.oursSteadyPerS / b.rawSteadyPerS, 2)}×** | ${fmt(b.rawPerS)} / ${fmt(b.oursPerS)} | ${fmt(b.oursPerS / b.rawPerS, 2)}× | ${fmt(b.oursPeakMb)} MB | ${fmt(b.oursGrowthMb)} MB / ${fmt(b.rawGrowthMb)} MB |`,
      ),
      '',
      '',
      'From a generator (CM; the messages are made as the batch reads them, so the growth is what the batch itself holds;',
      'ours is `sendEach`, which yields each result as its request is answered and keeps nothing per message):',
      '',
      '| CM messages | raw fetch msgs/s | sendEach msgs/s | peak RSS growth: sendEach / raw | live heap held after a full GC (mid-batch, end): sendEach / raw |',
      '| --- | --- | --- | --- | --- |',
      ...generator.map(
        (g) =>
          `| ${fmt(g.count)} | ${fmt(g.rawPerS)} | ${fmt(g.oursPerS)} | ${fmt(g.oursGrowthMb)} MB / ${fmt(g.rawGrowthMb)} MB | ${fmt(g.oursHeldMb, 1)} MB / ${fmt(g.rawHeldMb, 1)} MB |`,
      ),
      '',
      '## 4. Validation and cold import',
      '',
      '| zod parse of one message | mean µs |',
      '| --- | --- |',
      ...zod.map((t) => `| ${t.name} | ${fmt(t.meanUs, 2)} |`),
      '',
      '| cold import (new process, median of 5) | ms |',
      '| --- | --- |',
      ...imports.map((i) => `| ${i.entry} | ${fmt(i.ms, 1)} |`),
      '',
      '## 5. Bundle size (each client entry bundled for the browser by esbuild, minified, gzipped)',
      '',
      '| entry | minified | gzipped | zod’s share of the minified bundle |',
      '| --- | --- | --- | --- |',
      ...sizes.map(
        (z) =>
          `| ${z.entry} | ${fmt(z.minified / 1000, 1)} KB | ${fmt(z.gzipped / 1000, 1)} KB | ${fmt(z.zodShare * 100)} % |`,
      ),
      '',
      `## 6. Router overhead (transport stubbed; ${SMOKE ? 1 : 7} interleaved tinybench rounds)`,
      '',
      '| task | mean µs (median of rounds) |',
      '| --- | --- |',
      ...Object.entries(router.meanUs).map(([name, us]) => `| ${name} | ${fmt(us, 1)} |`),
      '',
      `Ratio: **${fmt(router.ratio.median, 2)}×** (rounds ${fmt(router.ratio.min, 2)}–${fmt(router.ratio.max, 2)}×).`,
      '',
      `## 7. Webhook handler (a signed Comapi message.delivered event; ${SMOKE ? 1 : 7} interleaved tinybench rounds)`,
      '',
      '| task | mean µs (median of rounds) |',
      '| --- | --- |',
      ...Object.entries(webhook.meanUs).map(([name, us]) => `| ${name} | ${fmt(us, 1)} |`),
      '',
      `Ratio: **${fmt(webhook.ratio.median, 2)}×** (rounds ${fmt(webhook.ratio.min, 2)}–${fmt(webhook.ratio.max, 2)}×).`,
      '',
    ];
    const report = lines.join('\n');
    if (SMOKE) console.log(report);
    else await writeFile(path.join(root, 'BENCHMARKS.md'), report);
    console.log(SMOKE ? 'bench smoke run: ok' : 'BENCHMARKS.md written');
  } finally {
    child.kill();
  }
}

await main();
