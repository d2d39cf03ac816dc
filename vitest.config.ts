import os from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core machine. The validation suite
    // (test/validation, about four minutes of CPU) then runs alone after everything else; two workers halve that.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    reporters: ['default'],
    // The workspace pages are served from their build (dist/agui): built first when their sources changed.
    globalSetup: ['test/support/build-pages.ts'],
  },
});
