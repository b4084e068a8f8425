// Prints one closing line for the whole test run, from the JSON reports of
// vitest and Playwright: "tests: N passed, N failed, N skipped", preceded by
// the reason of each skipped Playwright suite (once per reason).
import fs from 'node:fs';

const read = (file) => (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null);
const unit = read('reports/vitest.json');
const e2e = read('reports/playwright.json');
let passed = 0;
let failed = 0;
let skipped = 0;
if (unit) {
  passed += unit.numPassedTests;
  failed += unit.numFailedTests;
  skipped += unit.numPendingTests + unit.numTodoTests;
}
/** Every spec under a Playwright suite, however deeply nested. */
const specsOf = (suite) => [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(specsOf)];
if (e2e) {
  const reasons = new Set(
    e2e.suites
      .flatMap(specsOf)
      .flatMap((spec) =>
        spec.tests.flatMap((t) =>
          t.annotations.filter((a) => a.type === 'skip').map((a) => `${spec.file}: ${a.description}`),
        ),
      ),
  );
  for (const reason of reasons) process.stdout.write(`skipped ${reason}\n`);
  passed += e2e.stats.expected + e2e.stats.flaky;
  failed += e2e.stats.unexpected;
  skipped += e2e.stats.skipped;
}
process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exitCode = failed > 0 ? 1 : 0;
