import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // The repository checks (lint, typecheck, generation drift) run whole tools.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
