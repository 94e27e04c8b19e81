/**
 * `npm test`: the repository checks, then the vitest suite, and a closing `N passed, N failed` line CI reads.
 *
 * 1. Checks, in parallel (each is a separate process; on two cores they overlap their I/O and start-up): the build
 *    into dist/ (the package, README and CLI tests use it as a consumer would), the type-check of the whole tree,
 *    Redocly's lint, Biome's lint and format check, the generated-code drift check, and the docs site (reused by the
 *    browser and `npm start` tests).
 *    Each counts as one test.
 * 2. vitest, with two workers (extra arguments go to it: `npm test -- test/cm`; with arguments, the checks are
 *    skipped and only the build runs).
 *
 * A failed test, a test file that failed to load, and any error vitest reports outside a test (an unhandled
 * rejection) each count as a failure; the exit code is 1 if anything failed. The time of each phase is printed.
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { summarize, type JsonReport } from './test-summary.ts';

const root = path.resolve(import.meta.dirname, '..');
const resultsFile = path.join(root, '.vitest-results.json');
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_NOTIFICATIONS: 'true', NO_COLOR: '1' };

interface Outcome {
  name: string;
  ok: boolean;
  ms: number;
  output: string;
}

/** Runs a command, capturing its output (printed only when it fails). */
function check(name: string, command: string, args: string[]): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ name, ok: false, ms: performance.now() - started, output: String(error) }));
    child.on('close', (code) => resolve({ name, ok: code === 0, ms: performance.now() - started, output }));
  });
}

/** Runs a command with inherited output; resolves with its exit code and time. */
function run(command: string, args: string[]): Promise<{ code: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), ms: performance.now() - started }));
  });
}

const vitestArgs = process.argv.slice(2);
const whole = vitestArgs.length === 0;

const checksStarted = performance.now();
const checks = await Promise.all([
  check('build (tsc -p tsconfig.build.json)', 'npm', ['run', '-s', 'build']),
  ...(whole
    ? [
        check('type-check of the whole tree (tsc --noEmit)', bin('tsc'), ['-p', '.']),
        check('specs lint clean (redocly lint)', bin('redocly'), ['lint']),
        check('TypeScript lints and is formatted (biome check)', bin('biome'), ['check', '--error-on-warnings', '.']),
        check('generated/ matches specs/ (npm run generate -- --check)', bin('tsx'), [
          '--conditions=switchboard-source',
          'scripts/generate.ts',
          '--check',
        ]),
        check('docs site builds (reused by the browser and start tests)', bin('tsx'), [
          '--conditions=switchboard-source',
          '-e',
          "import('./scripts/docs.ts').then((m) => m.buildDocs({ ifStale: true }))",
        ]),
      ]
    : []),
]);
const checksMs = performance.now() - checksStarted;
for (const outcome of checks) {
  console.log(`${outcome.ok ? '✓' : '✗'} ${outcome.name} (${(outcome.ms / 1000).toFixed(1)} s)`);
  if (!outcome.ok) console.log(outcome.output.trim().split('\n').slice(-40).join('\n'));
}

let report: JsonReport | undefined;
let vitestMs = 0;
const built = checks[0]!.ok;
if (built) {
  await rm(resultsFile, { force: true });
  const vitest = await run(bin('vitest'), [
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${resultsFile}`,
    ...vitestArgs,
  ]);
  vitestMs = vitest.ms;
  try {
    report = JSON.parse(await readFile(resultsFile, 'utf8')) as JsonReport;
  } catch {
    // vitest died before writing its report (a crash in global setup, say): counted below.
  }
  await rm(resultsFile, { force: true });
  if (vitest.code !== 0 && report?.success !== false && (report?.numFailedTests ?? 0) === 0) {
    // Exited non-zero without a failed test in its report: an error outside any test.
    report = report ? { ...report, success: false } : undefined;
  }
}

const { passed, failed, skipped, brokenFiles } = summarize(report, checks, built);
for (const file of brokenFiles)
  console.log(`✗ ${path.relative(root, file.name)} failed outside its tests: ${(file.message ?? '').split('\n')[0]}`);
console.log(
  `\nPhases: checks ${(checksMs / 1000).toFixed(1)} s (in parallel), vitest ${(vitestMs / 1000).toFixed(1)} s, total ${((checksMs + vitestMs) / 1000).toFixed(1)} s`,
);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = failed > 0 ? 1 : 0;
