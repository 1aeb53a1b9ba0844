// Writes the run's counts to .jest-results.json (path overridable with LEADFLOW_TEST_RESULTS), so
// .ci/run can print its `N passed, N failed` line from jest's own numbers.
const { writeFileSync } = require('node:fs');
const path = require('node:path');

class ResultsFileReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.LEADFLOW_TEST_RESULTS || path.resolve(__dirname, '../../.jest-results.json');
    const suitesThatDidNotRun = results.numRuntimeErrorTestSuites;
    writeFileSync(
      file,
      JSON.stringify({
        passed: results.numPassedTests,
        failed: results.numFailedTests + suitesThatDidNotRun,
        skipped: results.numPendingTests + results.numTodoTests,
        failedSuites: results.testResults
          .filter((r) => r.numFailingTests > 0 || r.testExecError)
          .map((r) => r.testFilePath),
        success: results.success,
      }),
    );
  }
}
module.exports = ResultsFileReporter;
