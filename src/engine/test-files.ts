// Test code is not a training configuration: scheduler and optimizer unit tests use learning rates such
// as 10.0 on purpose. Files that pytest would collect, or that sit in a `tests/` folder, are skipped by
// default (`skip-tests` in [tool.adamw-lens], `adamwLens.skipTests` in the editor).

/** pytest's default collection patterns, plus its fixture module. */
const TEST_FILE = /^(test_.*|.*_test|conftest)\.(py|ipynb)$/i;

/** Whether a path names test code: `test_*.py`, `*_test.py`, `conftest.py`, or anything under a `tests/` folder. */
export function isTestFile(file: string): boolean {
  const parts = file.split(/[/\\]/).filter(Boolean);
  const base = parts.pop() ?? '';
  return TEST_FILE.test(base) || parts.includes('tests');
}
