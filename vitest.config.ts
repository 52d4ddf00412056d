import { relative, sep } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The order files start in. With every file's duration from an earlier run (vitest's cache),
// vitest's own: the longest first. On a fresh clone (CI) it knows none and starts the largest
// files first, and the slowest kinds are not the largest: `npm start` around a scenario
// (test/local, 20 to 60 s each) and the browser tests (test/e2e, 10 to 120 s) started
// anywhere, the accessibility walk among the last, one worker running a long file alone at
// the end while the other had nothing left. Here: those kinds first, a local one beside a
// browser one (each local file runs its own DynamoDB Local and server: two at once crowd the
// 2 CPUs), the files measured slowest first in their kind, then the rest, largest first.

/**
 * Seconds each took in a full run (CI on a fresh clone of e7e552a, 7 December 2026, 9 min 22 s,
 * 152 files), the files of 15 s or more; kill-during-replace's as it runs since it kills at the
 * hours' first rise (25–38 s alone; that run's 106 s was its failure's wait). Only an order, the
 * cache wins. Among the other files too, the slow ones start before the small ones, which then
 * fill the end of the run on both workers.
 */
const MEASURED: Record<string, number> = {
  'test/e2e/accessibility.test.ts': 80,
  'test/infra/bundles.test.ts': 67,
  'test/e2e/pages.test.ts': 61,
  'test/e2e/page-refresh.test.ts': 46,
  'test/local/kill-during-replace.test.ts': 40,
  'test/api/statement-import.test.ts': 32,
  'test/local/npm-run-report.test.ts': 27,
  'test/api/concurrency.test.ts': 26,
  'test/e2e/contracts.test.ts': 24,
  'test/e2e/administration.test.ts': 24,
  'test/api/seed-2014.test.ts': 23,
  'test/local/npm-start.test.ts': 20,
  'test/local/kill-during-validate.test.ts': 19,
  'test/e2e/awardees.test.ts': 18,
  'test/e2e/duplicates.test.ts': 17,
  'test/e2e/contract-list-past-year.test.ts': 17,
  'test/lambda/monthly-report-handler.test.ts': 17,
  'test/lambda/buyer-bilan-handler.test.ts': 17,
  'test/e2e/bilan.test.ts': 16,
  'test/e2e/expected-hours.test.ts': 16,
};

/** The file's path from the project's root, with `/`: `test/e2e/pages.test.ts`. */
const pathOf = (spec: TestSpecification) =>
  relative(spec.project.config.root, spec.moduleId).split(sep).join('/');

const kindOf = (spec: TestSpecification): 'local' | 'e2e' | 'other' => {
  const path = pathOf(spec);
  if (path.startsWith('test/local/')) return 'local';
  if (path.startsWith('test/e2e/')) return 'e2e';
  return 'other';
};

class SlowKindsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const cache = this.ctx.cache;
    const known = (spec: TestSpecification) => cache.getTestSpecificationResult(spec) !== undefined;
    if (files.every(known)) return super.sort(files);
    // Largest first (vitest's own order for files it knows nothing of), the measured ones
    // before them; files with a duration after (a cache from running a few files alone).
    const bySize = await super.sort(files.filter((spec) => !known(spec)));
    const measured = (spec: TestSpecification) => MEASURED[pathOf(spec)] ?? 0;
    const all = [
      ...bySize.sort((a, b) => measured(b) - measured(a)),
      ...(await super.sort(files.filter(known))),
    ];
    const local = all.filter((spec) => kindOf(spec) === 'local');
    const e2e = all.filter((spec) => kindOf(spec) === 'e2e');
    const slowKinds = Array.from({ length: Math.max(local.length, e2e.length) }, (_, i) => [
      local[i],
      e2e[i],
    ])
      .flat()
      .filter((spec) => spec !== undefined);
    return [...slowKinds, ...all.filter((spec) => kindOf(spec) === 'other')];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local (in memory) for the whole run; each test file gets its own table.
    globalSetup: ['test/support/global-setup.ts'],
    // Two files at once, whatever the machine (vitest's default is one less than the CPUs: one
    // on a 2-CPU CI). The files wait on DynamoDB Local, Chromium and child processes more than on
    // the CPU: on this 2-CPU machine, quiet, 137 files took 10 min 39 s two at a time where one
    // at a time took over 15 min; all passed. Three at once were measured before (13.8 min
    // instead of 18): DynamoDB Local, one JVM for all, then answered some writes after the
    // client's timeout (503s) and npm start took over 90 s.
    maxWorkers: 2,
    // On a fresh clone, the slow kinds of files first (SlowKindsFirst above).
    sequence: { sequencer: SlowKindsFirst },
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
