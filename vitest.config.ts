import { defineConfig } from 'vitest/config';

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
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
