import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local (in memory) for the whole run; each test file gets its own table.
    globalSetup: ['test/support/global-setup.ts'],
    // Most files wait on DynamoDB Local, Chromium or a child process, not on the CPU: more files
    // at once than CPUs (vitest's default is one less than the CPUs: one, on a 2-CPU CI).
    maxWorkers: 3,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
