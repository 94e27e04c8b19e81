/**
 * `npm test`: runs the whole vitest suite (which includes lint, the generated-code drift check and the
 * typecheck, see test/repo/) and ends with the plain `N passed, N failed` line CI reads; vitest's own
 * summary is not in a format CI understands. Extra arguments go to vitest (`npm test -- test/cm`).
 */
import { spawn } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const resultsFile = path.join(root, '.vitest-results.json');
const vitest = path.join(root, 'node_modules', '.bin', 'vitest');

interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
}

/** Runs a command to completion with inherited output; resolves with its exit code. */
function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// The package tests (README examples, publint, attw) use dist/ as a consumer would: build it first.
const buildCode = await run('npm', ['run', '-s', 'build']);
if (buildCode !== 0) {
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}

await rm(resultsFile, { force: true });
const exitCode = await new Promise<number>((resolve) => {
  const child = spawn(
    vitest,
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)],
    { cwd: root, stdio: 'inherit' },
  );
  child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
});

let report: JsonReport | undefined;
try {
  report = JSON.parse(await readFile(resultsFile, 'utf8')) as JsonReport;
} catch {
  // vitest died before writing its report (a crash in global setup, say): count that as one failure.
}
await rm(resultsFile, { force: true });

const passed = report?.numPassedTests ?? 0;
const failed = (report?.numFailedTests ?? 0) + (report ? 0 : 1);
const skipped = (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exitCode = exitCode !== 0 || failed > 0 ? 1 : 0;
