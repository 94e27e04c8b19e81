/**
 * The closing count of `npm test`, from the checks' outcomes and vitest's JSON report. A failed test, a test file
 * that failed without a failed test (it did not load, a hook threw), an error outside any test (an unhandled
 * rejection: the report says `success: false` with nothing else failed), a missing report when vitest ran, and a
 * failed check each count as one failure.
 */
export interface JsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  success: boolean;
  testResults?: Array<{ name: string; status: string; message?: string; assertionResults?: Array<{ status: string }> }>;
}

export interface CheckOutcome {
  ok: boolean;
}

export function summarize(report: JsonReport | undefined, checks: readonly CheckOutcome[], vitestRan: boolean) {
  const brokenFiles = (report?.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  );
  const unexplained = report && !report.success && report.numFailedTests === 0 && brokenFiles.length === 0 ? 1 : 0;
  const failedChecks = checks.filter((outcome) => !outcome.ok).length;
  const passed = (report?.numPassedTests ?? 0) + checks.length - failedChecks;
  const failed =
    failedChecks + (report?.numFailedTests ?? 0) + brokenFiles.length + unexplained + (vitestRan && !report ? 1 : 0);
  const skipped = (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0);
  return { passed, failed, skipped, brokenFiles };
}
