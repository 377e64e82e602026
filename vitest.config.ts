import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['parsers/**/*.test.ts', 'core/**/*.test.ts', 'samples/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/src/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
