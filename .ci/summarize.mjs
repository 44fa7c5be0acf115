// Prints the plain summary line CI reads, from Vitest's JSON report, and exits 1 when anything failed (so
// CI fails on the report itself, whatever exit code the test process ended with).
import fs from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  console.log(`(no test report at ${file}: the test run did not finish)`);
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// A suite that failed to load has no failed tests but must still count as a failure.
const brokenSuites = (report.testResults ?? []).filter(
  (suite) => suite.status === 'failed' && suite.assertionResults?.length === 0,
).length;
const line = `${passed} passed, ${failed + brokenSuites} failed${skipped ? `, ${skipped} skipped` : ''}`;
console.log(line);
process.exitCode = failed + brokenSuites > 0 ? 1 : 0;
