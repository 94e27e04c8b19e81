import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Runs src/ as it is: `#platform` and other package `imports` resolve to the TypeScript sources.
  resolve: { conditions: ['switchboard-source'] },
  ssr: { resolve: { conditions: ['switchboard-source'] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Both cores: many files wait on child processes, servers and timers, so two at a time finish sooner.
    maxWorkers: 2,
    // One module graph per worker, not per file: most files are small, and re-importing src/, zod and the generated
    // schemas for each of them cost a third of the run. No test patches globals it does not restore.
    isolate: false,
    // The repository checks (lint, typecheck, generation drift) run whole tools.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
