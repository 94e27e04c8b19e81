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
    // The repository checks (lint, typecheck, generation drift) run whole tools.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
