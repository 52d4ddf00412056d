import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local (in memory) for the whole run; each test file gets its own table.
    globalSetup: ['test/support/global-setup.ts'],
    // vitest's default number of files at once (one less than the CPUs: one on a 2-CPU CI).
    // Three at once were measured there (13.8 min instead of 18): DynamoDB Local, one JVM for
    // all, then answered some writes after the client's timeout (503s) and npm start took
    // over 90 s; the files wait on it more than on the CPU, so more of them do not help.
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
